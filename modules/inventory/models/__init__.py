"""Inventory tables: inventory_location, inventory_item, inventory_level,
inventory_adjustment, inventory_reservation.

The invariants that matter live in the database: a level's on hand and reserved are
never negative and reserved never exceeds on hand (CHECK constraints), a vendor has at
most one default location and an item once per variant (unique indexes), and a
reservation's reference is unique per item (a replay is a no-op).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.extensions import db
from wizamart.scoping import VendorOwned


def utcnow() -> datetime:
    return datetime.now(UTC)


def vendor_fk() -> sa.ForeignKey:
    return sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE")


class Location(VendorOwned, db.Model):
    """A place stock is kept. Every vendor has one default location, made on first use."""

    __tablename__ = "inventory_location"
    __table_args__ = (
        sa.UniqueConstraint("vendor_id", "code"),
        sa.Index(
            "uq_inventory_location_one_default",
            "vendor_id",
            unique=True,
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(vendor_fk(), index=True)
    code: Mapped[str] = mapped_column(sa.String(32))
    name: Mapped[str] = mapped_column(sa.String(120))
    is_default: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Item(VendorOwned, db.Model):
    """Inventory's read model of a catalog variant (filled from catalog's events)."""

    __tablename__ = "inventory_item"
    __table_args__ = (
        sa.UniqueConstraint("vendor_id", "variant_id"),
        sa.CheckConstraint(
            "low_stock_threshold IS NULL OR low_stock_threshold >= 0", name="threshold"
        ),
        # the stock list's keyset orders (title or SKU, then id) within one vendor
        sa.Index("ix_inventory_item_vendor_title", "vendor_id", "title", "id"),
        sa.Index("ix_inventory_item_vendor_sku", "vendor_id", "sku", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(sa.Integer, index=True)
    vendor_id: Mapped[int] = mapped_column(vendor_fk(), index=True)
    variant_id: Mapped[int] = mapped_column(sa.Integer)
    product_id: Mapped[int] = mapped_column(sa.Integer, index=True)
    sku: Mapped[str] = mapped_column(sa.String(64), default="")
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    low_stock_threshold: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    gone_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    levels: Mapped[list[Level]] = relationship(back_populates="item", lazy="raise")


class Level(VendorOwned, db.Model):
    """How many of an item are at one location: on hand, and of those reserved."""

    __tablename__ = "inventory_level"
    __table_args__ = (
        sa.UniqueConstraint("item_id", "location_id"),
        sa.CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        sa.CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        sa.CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(vendor_fk(), index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("inventory_item.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inventory_location.id", ondelete="CASCADE"), index=True
    )
    on_hand: Mapped[int] = mapped_column(sa.Integer, default=0)
    reserved: Mapped[int] = mapped_column(sa.Integer, default=0)

    item: Mapped[Item] = relationship(back_populates="levels")
    location: Mapped[Location] = relationship()


class Adjustment(VendorOwned, db.Model):
    """One change of on hand at one location, never edited: the history."""

    __tablename__ = "inventory_adjustment"
    __table_args__ = (sa.Index("ix_inventory_adjustment_item_history", "item_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(vendor_fk(), index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("inventory_item.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inventory_location.id", ondelete="CASCADE"), index=True
    )
    delta: Mapped[int] = mapped_column(sa.Integer)
    on_hand_after: Mapped[int] = mapped_column(sa.Integer)
    reason: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.String(255), default="")
    user_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    user_email: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    reference: Mapped[str | None] = mapped_column(sa.String(120), nullable=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    location: Mapped[Location] = relationship(lazy="raise")


class Reservation(VendorOwned, db.Model):
    """Stock held for a cart or order until it is committed, released or expires."""

    __tablename__ = "inventory_reservation"
    __table_args__ = (
        sa.UniqueConstraint("item_id", "reference"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.Index("ix_inventory_reservation_state_expires", "state", "expires_at"),
        sa.Index("ix_inventory_reservation_vendor_reference", "vendor_id", "reference"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(vendor_fk(), index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("inventory_item.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inventory_location.id", ondelete="CASCADE"), index=True
    )
    quantity: Mapped[int] = mapped_column(sa.Integer)
    reference: Mapped[str] = mapped_column(sa.String(120))
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    state: Mapped[str] = mapped_column(sa.String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
