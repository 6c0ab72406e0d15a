"""A shopper's address book: add, edit, delete, pick the default."""

from __future__ import annotations

from dataclasses import dataclass, fields

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.customers.exceptions import Problems
from modules.customers.models import Address, Customer
from modules.customers.services.accounts import clean
from modules.customers.services.countries import (
    COUNTRIES,
    normalise_postcode,
    postcode_example,
)
from wizamart.extensions import db

MAX_ADDRESSES = 20
LIMITS = {"name": 200, "company": 200, "street": 200, "street2": 200, "city": 100, "phone": 40}
REQUIRED = ("name", "street", "postcode", "city", "country")


@dataclass
class AddressInput:
    name: str = ""
    company: str = ""
    street: str = ""
    street2: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "LU"
    phone: str = ""
    is_default: bool = False

    @classmethod
    def from_form(cls, form) -> AddressInput:
        values = {
            f.name: clean(form.get(f.name, "")) for f in fields(cls) if f.name != "is_default"
        }
        return cls(**values, is_default=form.get("is_default") in ("1", "on", "y", "true"))

    @classmethod
    def from_address(cls, address: Address) -> AddressInput:
        return cls(**{f.name: getattr(address, f.name) for f in fields(cls)})


def check(data: AddressInput) -> AddressInput:
    """The input as it will be stored (postcode written as the country writes it), or
    ValidationFailed listing every problem."""
    problems = Problems()
    for name in REQUIRED:
        if not getattr(data, name):
            problems.add(name, _l("Please fill this in."))
    for name, limit in LIMITS.items():
        if len(getattr(data, name)) > limit:
            problems.add(name, _l("At most %(num)d characters, please.", num=limit))
    postcode = data.postcode
    if data.country not in COUNTRIES:
        problems.add("country", _l("Please pick a country from the list."))
    elif data.postcode and "postcode" not in problems:
        postcode = normalise_postcode(data.country, data.postcode)
        if postcode is None:
            example = postcode_example(data.country)
            message = (
                _l(
                    "This is not a postcode of this country (for example %(example)s).",
                    example=example,
                )
                if example
                else _l("This is not a postcode.")
            )
            problems.add("postcode", message)
    problems.raise_if_any()
    return AddressInput(**{**data.__dict__, "postcode": postcode})


def save(customer: Customer, address: Address | None, data: AddressInput) -> Address:
    """Add (`address` None) or change an address; the caller commits."""
    data = check(data)
    if address is None:
        if len(customer.addresses) >= MAX_ADDRESSES:
            problems = Problems()
            problems.add("", _l("An address book holds %(num)d addresses.", num=MAX_ADDRESSES))
            problems.raise_if_any()
        address = Address(vendor_id=customer.vendor_id, customer=customer)
        db.session.add(address)
    for name, value in data.__dict__.items():
        if name != "is_default":
            setattr(address, name, value)
    if data.is_default or not any(a.is_default for a in customer.addresses if a is not address):
        make_default(customer, address)
    return address


def make_default(customer: Customer, address: Address) -> None:
    for other in customer.addresses:
        other.is_default = other is address


def delete(customer: Customer, address: Address) -> None:
    """Remove an address; the next one becomes the default if it was."""
    was_default = address.is_default
    customer.addresses.remove(address)
    if was_default and customer.addresses:
        customer.addresses[0].is_default = True


def owned(customer: Customer, address_id: int) -> Address | None:
    """The customer's address `address_id`, or None (another shopper's: None)."""
    return db.session.scalar(
        sa.select(Address).where(Address.id == address_id, Address.customer_id == customer.id)
    )
