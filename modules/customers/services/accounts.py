"""Shopper accounts: sign-up, confirmation, sign-in, password reset, profile, deletion.

Every function works on the rows of one shop (`vendor_id`); views call them inside the
shop's request, so the rows are scoped to it twice (here and by wizamart.scoping).
Answers that could tell a stranger whether an address has an account — sign-up of a
known address, "forgot password" — are the same whatever the address; what differs
goes into the mail, which only the address's owner reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from modules.customers.config import setting
from modules.customers.exceptions import Problems, TokenError
from modules.customers.models import EMAIL_MAX, NAME_MAX, Customer, CustomerToken, utcnow
from modules.customers.services import tokens
from modules.customers.services.session import end_every_session
from modules.tenancy.services.accounts import EMAIL_RE
from modules.tenancy.services.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from modules.tenancy.services.users import normalise_email
from wizamart.events import publish
from wizamart.extensions import db
from wizamart.mail import send_mail
from wizamart.tenancy import VendorRef

MAX_PASSWORD_LENGTH = 200


@dataclass
class ProfileInput:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    language: str = "en"


def clean(text: str | None) -> str:
    """One line of text: blanks trimmed, inner runs of white space made one space."""
    return " ".join((text or "").split())


def check_name(problems: Problems, field: str, value: str, required: bool = True) -> None:
    if required and not value:
        problems.add(field, _l("Please fill this in."))
    elif len(value) > NAME_MAX:
        problems.add(field, _l("At most %(num)d characters, please.", num=NAME_MAX))


def check_email(problems: Problems, email: str) -> None:
    if not email:
        problems.add("email", _l("Please enter your e-mail address."))
    elif len(email) > EMAIL_MAX or not EMAIL_RE.match(email) or "." not in email.split("@")[-1]:
        problems.add("email", _l("Please enter a valid e-mail address, like anna@example.com."))


def check_password(problems: Problems, field: str, password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems.add(field, _l("At least %(num)d characters, please.", num=MIN_PASSWORD_LENGTH))
    elif len(password) > MAX_PASSWORD_LENGTH:
        problems.add(field, _l("At most %(num)d characters, please.", num=MAX_PASSWORD_LENGTH))


def check_language(problems: Problems, language: str) -> None:
    if language not in current_app.config["LANGUAGES"]:
        problems.add("language", _l("Please pick one of the languages offered."))


def by_email(vendor_id: int, email: str) -> Customer | None:
    return db.session.scalar(
        sa.select(Customer).where(
            Customer.vendor_id == vendor_id, Customer.email == normalise_email(email)
        )
    )


# -- sign-up and confirmation --------------------------------------------------------------
def register(vendor: VendorRef, data: ProfileInput, password: str) -> Customer | None:
    """Sign a shopper up (unconfirmed) and mail them the confirmation link.

    A known address gets no second account: its owner is mailed instead (a new
    confirmation link if it was never confirmed, else a note that they have an account),
    and the caller answers exactly as for a new one. Returns the new customer, or None.
    """
    data = ProfileInput(
        clean(data.first_name), clean(data.last_name), normalise_email(data.email), data.language
    )
    problems = Problems()
    check_name(problems, "first_name", data.first_name)
    check_name(problems, "last_name", data.last_name)
    check_email(problems, data.email)
    check_password(problems, "password", password)
    check_language(problems, data.language)
    problems.raise_if_any()
    known = by_email(vendor.id, data.email)
    if known is not None:
        if known.is_confirmed:
            send_known_address_mail(vendor, known)
        else:
            send_confirmation(vendor, known)
        return None
    customer = Customer(
        vendor_id=vendor.id,
        email=data.email,
        first_name=data.first_name,
        last_name=data.last_name,
        language=data.language,
        password_hash=hash_password(password),
    )
    db.session.add(customer)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # the same address, signed up a moment ago
        db.session.rollback()
        return None
    send_confirmation(vendor, customer)
    return customer


def send_confirmation(vendor: VendorRef, customer: Customer) -> None:
    """A new confirmation link (committed), mailed to the customer."""
    token, signed = tokens.issue(customer, tokens.CONFIRM, confirm_lifetime())
    db.session.commit()
    _mail(
        vendor,
        customer,
        "confirm",
        token,
        {"confirm": url_for("customers_storefront.confirm", token=signed)},
    )


def send_known_address_mail(vendor: VendorRef, customer: Customer) -> None:
    key = f"customers.known:{customer.id}:{utcnow():%Y%m%d%H%M}"
    send_mail(
        key,
        to=customer.email,
        template="customers/mail/known_address",
        language=customer.language,
        platform_id=vendor.platform_id,
        vendor_id=vendor.id,
        module="customers",
        context={"shop": vendor.name, "name": customer.first_name},
        links={
            "login": url_for("customers_storefront.login"),
            "forgot": url_for("customers_storefront.forgot_password"),
        },
    )


def _mail(vendor, customer, kind: str, token: CustomerToken, links: dict) -> None:
    lifetime = confirm_lifetime() if kind == "confirm" else reset_lifetime()
    send_mail(
        f"customers.{kind}:{customer.id}:{token.id}",
        to=customer.email,
        template=f"customers/mail/{kind}",
        language=customer.language,
        platform_id=vendor.platform_id,
        vendor_id=vendor.id,
        module="customers",
        context={"shop": vendor.name, "name": customer.first_name, "lifetime": lifetime},
        links=links,
    )


def confirm_lifetime() -> timedelta:
    return timedelta(hours=int(setting("confirm_hours")))


def reset_lifetime() -> timedelta:
    return timedelta(minutes=int(setting("reset_minutes")))


def find_confirmation(vendor_id: int, signed: str) -> CustomerToken:
    return tokens.find(vendor_id, tokens.CONFIRM, signed, confirm_lifetime())


def confirm(token: CustomerToken) -> Customer:
    """Use the confirmation link: the address is confirmed (the caller commits)."""
    tokens.use(token)
    customer = token.customer
    if customer.confirmed_at is None:
        customer.confirmed_at = utcnow()
    return customer


# -- sign-in ---------------------------------------------------------------------------------
class NotConfirmed(Exception):
    """The password is right, but the address was never confirmed."""

    def __init__(self, customer: Customer):
        self.customer = customer


def authenticate(vendor: VendorRef, email: str, password: str) -> Customer | None:
    """The shop's customer with this address and password, or None (as slow for an
    unknown address as for a wrong password). NotConfirmed when the password is right
    but the address was never confirmed. A success announces `customers.signed_in`
    (delivered when the caller commits)."""
    customer = by_email(vendor.id, email) if len(password or "") <= MAX_PASSWORD_LENGTH else None
    usable = customer is not None and not customer.is_deleted
    hashed = customer.password_hash if usable else None
    if not verify_password(hashed, password or ""):
        return None
    if not customer.is_confirmed:
        raise NotConfirmed(customer)
    if needs_rehash(customer.password_hash):
        customer.password_hash = hash_password(password)
    customer.last_login_at = utcnow()
    publish(
        "customers.signed_in",
        platform_id=vendor.platform_id,
        vendor_id=vendor.id,
        customer_id=customer.id,
    )
    return customer


# -- forgotten password ------------------------------------------------------------------
def request_reset(vendor: VendorRef, email: str) -> None:
    """Mail a reset link when the address has an account here; nothing otherwise (the
    caller answers the same either way)."""
    customer = by_email(vendor.id, email)
    if customer is None or customer.is_deleted:
        return
    token, signed = tokens.issue(customer, tokens.RESET, reset_lifetime())
    db.session.commit()
    _mail(
        vendor,
        customer,
        "reset",
        token,
        {"reset": url_for("customers_storefront.reset_password", token=signed)},
    )


def find_reset(vendor_id: int, signed: str) -> CustomerToken:
    return tokens.find(vendor_id, tokens.RESET, signed, reset_lifetime())


def reset_password(token: CustomerToken, password: str) -> Customer:
    """Use the reset link: the new password holds, every session ends, and the address
    counts as confirmed (the link reached it). The caller commits."""
    problems = Problems()
    check_password(problems, "password", password)
    problems.raise_if_any()
    tokens.use(token)
    customer = token.customer
    customer.password_hash = hash_password(password)
    customer.confirmed_at = customer.confirmed_at or utcnow()
    end_every_session(customer)
    return customer


# -- the signed-in shopper's own pages ------------------------------------------------------
def update_profile(customer: Customer, data: ProfileInput, password: str = "") -> bool:
    """Save name, language and e-mail; a new e-mail needs the current password (whoever
    sits at an open session must not take the account over). True when the e-mail
    changed."""
    data = ProfileInput(
        clean(data.first_name), clean(data.last_name), normalise_email(data.email), data.language
    )
    problems = Problems()
    check_name(problems, "first_name", data.first_name)
    check_name(problems, "last_name", data.last_name)
    check_email(problems, data.email)
    check_language(problems, data.language)
    email_changes = data.email != customer.email
    if email_changes and "email" not in problems:
        if not verify_password(customer.password_hash, password or ""):
            problems.add("password", _l("Please enter your current password to change e-mail."))
        elif by_email(customer.vendor_id, data.email) is not None:
            problems.add("email", _l("Another account of this shop uses this address."))
    problems.raise_if_any()
    customer.first_name, customer.last_name = data.first_name, data.last_name
    customer.email, customer.language = data.email, data.language
    return email_changes


def change_password(customer: Customer, current: str, new: str) -> None:
    problems = Problems()
    if not verify_password(customer.password_hash, current or ""):
        problems.add("current_password", _l("This is not your current password."))
    check_password(problems, "new_password", new)
    problems.raise_if_any()
    customer.password_hash = hash_password(new)
    end_every_session(customer)


def delete_account(vendor: VendorRef, customer: Customer, password: str) -> None:
    """Anonymise the account: name, e-mail, password, addresses and links are gone;
    the row stays (with its order figures) so other modules' records of it (orders)
    keep pointing somewhere. `customers.customer_deleted` tells them. The caller
    commits."""
    if not verify_password(customer.password_hash, password or ""):
        problems = Problems()
        problems.add("password", _l("This is not your password."))
        problems.raise_if_any()
    customer.email = f"deleted-{customer.id}@deleted.invalid"
    customer.first_name = customer.last_name = ""
    customer.password_hash = None
    customer.deleted_at = utcnow()
    customer.addresses.clear()
    db.session.execute(sa.delete(CustomerToken).where(CustomerToken.customer_id == customer.id))
    end_every_session(customer)
    publish(
        "customers.customer_deleted",
        platform_id=vendor.platform_id,
        vendor_id=vendor.id,
        customer_id=customer.id,
    )


def check_token_shape(signed: str) -> None:
    """A link's token is short text; anything else is not one of ours."""
    if not signed or len(signed) > 300:
        raise TokenError(str(tokens.UNKNOWN))
