"""cart tables: one cart per shopper per shop, and its lines.

A cart belongs to one vendor (`VendorOwned`) and either to a signed-in shopper
(`customer_id`, unique per shop) or to a guest, found through a signed cookie whose
random token the database keeps only as a SHA-256 (`token_hash`). A line names a
catalog variant by its id only (no foreign key: the cart does not require the catalog)
and remembers the price it was added at, so a change is shown before checkout.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.extensions import db
from wizamart.money import money_column
from wizamart.scoping import VendorOwned


def utcnow() -> datetime:
    return datetime.now(UTC)


def vendor_fk() -> Mapped[int]:
    return mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), index=True, nullable=False
    )


class Cart(VendorOwned, db.Model):
    __tablename__ = "cart_cart"
    __table_args__ = (
        sa.UniqueConstraint("vendor_id", "customer_id"),
        sa.UniqueConstraint("token_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    customer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("customers_customer.id", ondelete="CASCADE"), nullable=True
    )
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)

    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartLine.id"
    )


class CartLine(VendorOwned, db.Model):
    __tablename__ = "cart_line"
    __table_args__ = (
        sa.UniqueConstraint("cart_id", "variant_id"),
        sa.CheckConstraint("quantity >= 1", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    cart_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cart_cart.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[int] = mapped_column(sa.Integer)  # catalog_variant.id, no FK
    product_id: Mapped[int] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(sa.String(300), default="")  # as it was when added
    quantity: Mapped[int] = mapped_column(sa.Integer)
    unit_price_at_add: Mapped[Decimal] = mapped_column(money_column())
    currency: Mapped[str] = mapped_column(sa.String(3))
    added_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    cart: Mapped[Cart] = relationship(back_populates="lines")
