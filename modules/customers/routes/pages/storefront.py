"""The shopper's pages on a shop: /storefront/<vendor_code>/account/...

Sign-up (with an e-mail confirmation link), sign-in (throttled like the back office's),
sign-out, forgotten password, profile, password, address book, data export, deletion.
Shoppers are kept in the session under their own key, per shop
(modules/customers/services/session.py), never as Flask-Login users. Every form carries
a CSRF token; every bad input answers 422 with the input kept.
"""

from __future__ import annotations

import json
from functools import wraps

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from modules.customers.exceptions import TokenError, ValidationFailed
from modules.customers.models import Address
from modules.customers.schemas.forms import (
    AddressForm,
    EmptyForm,
    ForgotForm,
    LoginForm,
    PasswordCheckForm,
    PasswordForm,
    ProfileForm,
    RegisterForm,
    ResetForm,
)
from modules.customers.services import accounts
from modules.customers.services import addresses as address_service
from modules.customers.services.countries import country_name
from modules.customers.services.export import export
from modules.customers.services.session import current_shopper, forget, sign_in
from modules.tenancy.services.users import normalise_email
from wizamart.extensions import db
from wizamart.htmx import render
from wizamart.ratelimit import throttle
from wizamart.redirects import safe_next
from wizamart.scoping import get_for_vendor_or_404

router = Blueprint("customers_storefront", __name__)

#: Reset mails per address and hour, whatever the sender asks (no mail bombing).
RESET_MAIL_LIMIT = "3 per hour"


def shopper_required(view):
    """The signed-in shopper of this shop, or the sign-in page (and back here after)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        customer = current_shopper()
        if customer is None:
            return redirect(url_for(".login", next=request.full_path.rstrip("?")))
        return view(customer, *args, **kwargs)

    return wrapper


def page(template: str, title: str, status: int = 200, **context):
    return render(
        f"customers/storefront/{template}",
        page_title=title,
        status=status,
        country_name=country_name,
        **context,
    )


def answer(form, template: str, title: str, **context):
    """The form's page: 200 for a GET, 422 with the messages and the input for a POST."""
    status = 422 if request.method == "POST" else 200
    return page(template, title, status, form=form, **context)


# -- sign-up and confirmation ----------------------------------------------------------------
@router.route("/account/register", methods=["GET", "POST"])
def register():
    if current_shopper() is not None:
        return redirect(url_for(".profile"))
    form = RegisterForm().set_choices(str(get_locale() or "en"))
    if form.validate_on_submit():
        data = accounts.ProfileInput(
            form.first_name.data or "",
            form.last_name.data or "",
            form.email.data or "",
            form.language.data or "",
        )
        try:
            accounts.register(g.vendor, data, form.password.data or "")
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        else:
            return redirect(url_for(".registered", email=normalise_email(data.email)))
    return answer(form, "register.html", _("Create your account"))


@router.route("/account/registered")
def registered():
    """After sign-up: "check your mail" (the same page whether the address was known)."""
    email = (request.args.get("email") or "")[:255]
    return page("registered.html", _("Check your e-mail"), email=email)


@router.route("/account/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    """The link of the confirmation mail: a button that confirms (mail scanners that
    open links do not use it up)."""
    try:
        accounts.check_token_shape(token)
        found = accounts.find_confirmation(g.vendor.id, token)
    except TokenError as exc:
        return page("link_error.html", _("Confirm your e-mail address"), 410, message=str(exc))
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            customer = accounts.confirm(found)
        except TokenError as exc:
            db.session.rollback()
            return page("link_error.html", _("Confirm your e-mail address"), 410, message=str(exc))
        db.session.commit()
        flash(_("Your e-mail address is confirmed. Please sign in."), "success")
        return redirect(url_for(".login", email=customer.email))
    return answer(
        form, "confirm.html", _("Confirm your e-mail address"), email=found.customer.email
    )


# -- sign-in and sign-out --------------------------------------------------------------------
def throttle_keys(email: str) -> list[tuple[str, str, str]]:
    """(limit, scope, identifier): failed sign-ins per account of this shop and per
    address, counted with the back office's (wizamart/ratelimit.py)."""
    return [
        (
            current_app.config["LOGIN_RATE_LIMIT"],
            "shopper-login-account",
            f"{g.vendor.id}:{normalise_email(email)}",
        ),
        (current_app.config["LOGIN_IP_RATE_LIMIT"], "login-ip", request.remote_addr or "-"),
    ]


@router.route("/account/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.args.get("next"))
    if current_shopper() is not None and request.method == "GET":
        return redirect(target or url_for(".profile"))
    form = LoginForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"][:255]
    if request.method == "POST":
        keys = throttle_keys(form.email.data or "")
        if any(throttle().is_blocked(*key) for key in keys):
            abort(429)
        if form.validate_on_submit():
            try:
                customer = accounts.authenticate(
                    g.vendor, form.email.data or "", form.password.data or ""
                )
            except accounts.NotConfirmed as exc:
                accounts.send_confirmation(g.vendor, exc.customer)
                form.form_errors.append(
                    _("Please confirm your e-mail address first: we have sent you a new link.")
                )
            else:
                if customer is not None:
                    db.session.commit()
                    sign_in(customer)
                    flash(_("Welcome back, %(name)s.", name=customer.first_name), "success")
                    return redirect(target or url_for(".profile"))
                for key in keys:
                    throttle().hit(*key)
                form.password.errors.append(_("E-mail or password is not correct."))
    return answer(form, "login.html", _("Sign in"))


@router.route("/account/logout", methods=["POST"])
def logout():
    """Sign out: every copy of this session ends too (the session version moves on)."""
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    customer = current_shopper()
    if customer is not None:
        accounts.end_every_session(customer)
        db.session.commit()
    forget(g.vendor.id)
    flash(_("You are signed out."), "success")
    return redirect(url_for("core_storefront.home"))


# -- forgotten password ------------------------------------------------------------------
@router.route("/account/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotForm()
    if form.validate_on_submit():
        email = normalise_email(form.email.data or "")[:255]
        key = ("shopper-reset-mail", f"{g.vendor.id}:{email}")
        if email and not throttle().is_blocked(RESET_MAIL_LIMIT, *key):
            throttle().hit(RESET_MAIL_LIMIT, *key)
            accounts.request_reset(g.vendor, email)
        flash(
            _(
                "If %(email)s has an account with us, a link to choose a new password is on "
                "its way.",
                email=email,
            ),
            "info",
        )
        return redirect(url_for(".login"))
    return answer(form, "forgot.html", _("Forgot your password?"))


@router.route("/account/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    title = _("Choose a new password")
    try:
        accounts.check_token_shape(token)
        found = accounts.find_reset(g.vendor.id, token)
    except TokenError as exc:
        return page("link_error.html", title, 410, message=str(exc), forgot=True)
    form = ResetForm()
    if form.validate_on_submit():
        try:
            customer = accounts.reset_password(found, form.password.data or "")
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        except TokenError as exc:
            db.session.rollback()
            return page("link_error.html", title, 410, message=str(exc), forgot=True)
        else:
            db.session.commit()
            forget(g.vendor.id)
            flash(_("Your new password is set. Please sign in."), "success")
            return redirect(url_for(".login", email=customer.email))
    return answer(form, "reset.html", title, email=found.customer.email)


# -- the account's own pages ------------------------------------------------------------------
@router.route("/account/", methods=["GET", "POST"])
@shopper_required
def profile(customer):
    form = ProfileForm(obj=customer if request.method == "GET" else None).set_choices()
    if form.validate_on_submit():
        data = accounts.ProfileInput(
            form.first_name.data or "",
            form.last_name.data or "",
            form.email.data or "",
            form.language.data or "",
        )
        try:
            accounts.update_profile(customer, data, form.password.data or "")
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        else:
            db.session.commit()
            sign_in(customer)  # the session's language follows the profile's
            flash(_("Your profile is saved."), "success")
            return redirect(url_for(".profile"))
    return answer(form, "profile.html", _("My account"), customer=customer, active="profile")


@router.route("/account/password", methods=["GET", "POST"])
@shopper_required
def change_password(customer):
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                customer, form.current_password.data or "", form.new_password.data or ""
            )
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        else:
            db.session.commit()
            sign_in(customer)  # this session carries the new version; the others end
            flash(_("Your password is changed. Other sessions are signed out."), "success")
            return redirect(url_for(".profile"))
    return answer(
        form,
        "password.html",
        _("Change password"),
        customer=customer,
        active="password",
        breadcrumbs=[(_("My account"), url_for(".profile"))],
    )


# -- the address book ----------------------------------------------------------------------
def address_page(customer, form, address=None, status=None, **context):
    return page(
        "addresses.html",
        _("My addresses"),
        status if status is not None else (422 if request.method == "POST" else 200),
        customer=customer,
        form=form,
        editing=address,
        active="addresses",
        breadcrumbs=[(_("My account"), url_for(".profile"))],
        **context,
    )


def save_address(customer, address: Address | None):
    form = AddressForm().set_choices()
    if form.validate_on_submit():
        try:
            saved = address_service.save(
                customer, address, address_service.AddressInput.from_form(request.form)
            )
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        else:
            db.session.commit()
            flash(_("The address is saved."), "success")
            return redirect(url_for(".addresses", _anchor=f"address-{saved.id}"))
    return address_page(customer, form, address)


def own_address(customer, address_id: int) -> Address:
    """The shopper's own address, else 404 (another shop's: scoped; another shopper's:
    not theirs)."""
    address = get_for_vendor_or_404(Address, address_id)
    if address.customer_id != customer.id:
        abort(404)
    return address


@router.route("/account/addresses", methods=["GET", "POST"])
@shopper_required
def addresses(customer):
    """The address book, with the form for a new address under it."""
    if request.method == "POST":
        return save_address(customer, None)
    form = AddressForm().set_choices()
    if not customer.addresses:
        form.name.data = customer.name
    return address_page(customer, form)


@router.route("/account/addresses/<int:address_id>", methods=["GET", "POST"])
@shopper_required
def edit_address(customer, address_id):
    address = own_address(customer, address_id)
    if request.method == "POST":
        return save_address(customer, address)
    form = AddressForm(obj=address).set_choices()
    return address_page(customer, form, address)


@router.route("/account/addresses/<int:address_id>/default", methods=["POST"])
@shopper_required
def default_address(customer, address_id):
    address = own_address(customer, address_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    address_service.make_default(customer, address)
    db.session.commit()
    flash(_("This is now your default address."), "success")
    return redirect(url_for(".addresses", _anchor=f"address-{address.id}"))


@router.route("/account/addresses/<int:address_id>/delete", methods=["GET", "POST"])
@shopper_required
def delete_address(customer, address_id):
    address = own_address(customer, address_id)
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        address_service.delete(customer, address)
        db.session.commit()
        flash(_("The address is deleted."), "success")
        return redirect(url_for(".addresses"))
    confirm = {
        "title": _("Delete this address?"),
        "message": ", ".join(
            p for p in (address.name, address.street, f"{address.postcode} {address.city}") if p
        ),
        "action": url_for(".delete_address", address_id=address.id),
        "confirm_label": _("Yes, delete"),
        "cancel_url": url_for(".addresses"),
        "icon": "trash",
    }
    return address_page(customer, AddressForm().set_choices(), None, 200, confirm=confirm)


# -- my data -----------------------------------------------------------------------------
@router.route("/account/data")
@shopper_required
def download_data(customer):
    """Everything the shop keeps about the shopper, as a JSON file."""
    body = json.dumps(export(customer, g.vendor.name), ensure_ascii=False, indent=2)
    name = f"{g.vendor.code}-my-data.json"
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.route("/account/delete", methods=["GET", "POST"])
@shopper_required
def delete_account(customer):
    form = PasswordCheckForm()
    if form.validate_on_submit():
        try:
            accounts.delete_account(g.vendor, customer, form.password.data or "")
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        else:
            db.session.commit()
            forget(g.vendor.id)
            flash(_("Your account is deleted. Goodbye!"), "success")
            return redirect(url_for("core_storefront.home"))
    return answer(
        form,
        "delete.html",
        _("Delete my account"),
        customer=customer,
        active="delete",
        breadcrumbs=[(_("My account"), url_for(".profile"))],
    )
