"""The demo's shopper: shopper@example.test / demo-shopper of bakery (idempotent)."""

from __future__ import annotations

import sqlalchemy as sa

from modules.customers.models import Address, Customer, utcnow
from modules.tenancy.models import Platform, Vendor
from modules.tenancy.services.passwords import hash_password
from wizamart.extensions import db

SHOPPER = ("shopper@example.test", "demo-shopper", "bakery")


def seed() -> list[str]:
    email, password, code = SHOPPER
    vendor = db.session.scalar(
        sa.select(Vendor)
        .join(Platform, Platform.id == Vendor.platform_id)
        .where(Platform.code == "main", Vendor.vendor_code == code)
    )
    if vendor is None:
        return []
    exists = db.session.scalar(
        sa.select(Customer.id).where(Customer.vendor_id == vendor.id, Customer.email == email)
    )
    if exists is None:
        customer = Customer(
            vendor_id=vendor.id,
            email=email,
            password_hash=hash_password(password),
            first_name="Anna",
            last_name="Muller",
            language="en",
            confirmed_at=utcnow(),
        )
        customer.addresses.append(
            Address(
                vendor_id=vendor.id,
                name="Anna Muller",
                street="12, rue de la Gare",
                postcode="L-1611",
                city="Luxembourg",
                country="LU",
                phone="+352 621 000 000",
                is_default=True,
            )
        )
        db.session.add(customer)
        db.session.flush()
    return [f"Demo shopper of {code}: {email} / {password} (/storefront/{code}/account/login)"]
