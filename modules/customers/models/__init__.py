"""customers tables: the shoppers of each shop, their addresses, their one-time links,
and the shop's customer settings.

A shopper belongs to one vendor (`VendorOwned`): `anna@example.com` of bakery and of
bikes are two customers, with two passwords, and neither is a back-office user
(tenancy_user). Inside a vendor's request every query sees that vendor's rows only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.extensions import db
from wizamart.money import money_column
from wizamart.scoping import VendorOwned

NAME_MAX = 100
EMAIL_MAX = 255


def utcnow() -> datetime:
    return datetime.now(UTC)


def vendor_fk() -> Mapped[int]:
    return mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), index=True, nullable=False
    )


class Customer(VendorOwned, db.Model):
    """A shopper's account with one shop. `email` is unique per shop (stored lower case).

    `session_version` is in every session the shopper signs in with; signing out,
    changing or resetting the password bumps it, which ends every copy of the session.
    `order_count`, `total_spent` and `last_order_at` are kept by the orders module
    (docs/customers.md); `deleted_at` marks an account whose personal data is anonymised.
    """

    __tablename__ = "customers_customer"
    __table_args__ = (sa.UniqueConstraint("vendor_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    first_name: Mapped[str] = mapped_column(sa.String(NAME_MAX), default="")
    last_name: Mapped[str] = mapped_column(sa.String(NAME_MAX), default="")
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    session_version: Mapped[int] = mapped_column(sa.Integer, default=1)
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, index=True
    )
    last_login_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True), nullable=True
    )
    deleted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    order_count: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    total_spent: Mapped[Decimal] = mapped_column(
        money_column(), default=Decimal(0), server_default="0"
    )
    last_order_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True), nullable=True, index=True
    )

    addresses: Mapped[list[Address]] = relationship(
        back_populates="customer",
        cascade="all, delete-orphan",
        order_by="(Address.is_default.desc(), Address.id)",
    )

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Address(VendorOwned, db.Model):
    """One address of a shopper's address book; at most one is their default."""

    __tablename__ = "customers_address"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    customer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("customers_customer.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    company: Mapped[str] = mapped_column(sa.String(200), default="")
    street: Mapped[str] = mapped_column(sa.String(200))
    street2: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(16))
    city: Mapped[str] = mapped_column(sa.String(100))
    country: Mapped[str] = mapped_column(sa.String(2))
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    is_default: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="addresses")


class CustomerToken(VendorOwned, db.Model):
    """A one-time link: e-mail confirmation or password reset. Only the SHA-256 of its
    secret is stored; it works until `expires_at`, once (`used_at`)."""

    __tablename__ = "customers_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    customer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("customers_customer.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(sa.String(16))  # confirm | reset
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)

    customer: Mapped[Customer] = relationship()


class CustomerSettings(VendorOwned, db.Model):
    """A shop's own customer settings (no row: the defaults of config.py)."""

    __tablename__ = "customers_settings"

    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), primary_key=True
    )
    vip_threshold: Mapped[Decimal | None] = mapped_column(money_column(), nullable=True)
