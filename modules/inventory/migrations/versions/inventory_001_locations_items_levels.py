"""Inventory: locations, items (the read model of catalog variants), levels,
adjustments and reservations.

Revision ID: inventory_001
Revises:
Create Date: 2026-12-01

The tables refer to tenancy_vendor, hence depends_on the tenancy branch.
"""

import sqlalchemy as sa
from alembic import op

revision = "inventory_001"
down_revision = None
branch_labels = ("inventory",)
depends_on = ("tenancy",)


def upgrade():
    op.create_table(
        "inventory_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("low_stock_threshold", sa.Integer(), nullable=True),
        sa.Column("gone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "low_stock_threshold IS NULL OR low_stock_threshold >= 0",
            name=op.f("ck_inventory_item_threshold"),
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_inventory_item_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_item")),
        sa.UniqueConstraint("vendor_id", "variant_id", name=op.f("uq_inventory_item_vendor_id")),
    )
    with op.batch_alter_table("inventory_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inventory_item_platform_id"), ["platform_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inventory_item_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inventory_item_vendor_id"), ["vendor_id"], unique=False
        )
        batch_op.create_index(
            "ix_inventory_item_vendor_title", ["vendor_id", "title", "id"], unique=False
        )
        batch_op.create_index(
            "ix_inventory_item_vendor_sku", ["vendor_id", "sku", "id"], unique=False
        )

    op.create_table(
        "inventory_location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_inventory_location_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_location")),
        sa.UniqueConstraint("vendor_id", "code", name=op.f("uq_inventory_location_vendor_id")),
    )
    with op.batch_alter_table("inventory_location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inventory_location_vendor_id"), ["vendor_id"], unique=False
        )
        batch_op.create_index(
            "uq_inventory_location_one_default",
            ["vendor_id"],
            unique=True,
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )

    op.create_table(
        "inventory_adjustment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("on_hand_after", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_email", sa.String(length=255), nullable=True),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inventory_item.id"],
            name=op.f("fk_inventory_adjustment_item_id_inventory_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["inventory_location.id"],
            name=op.f("fk_inventory_adjustment_location_id_inventory_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_inventory_adjustment_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_adjustment")),
    )
    with op.batch_alter_table("inventory_adjustment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inventory_adjustment_item_history", ["item_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inventory_adjustment_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inventory_adjustment_vendor_id"), ["vendor_id"], unique=False
        )

    op.create_table(
        "inventory_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_inventory_level_on_hand_not_negative")),
        sa.CheckConstraint(
            "reserved <= on_hand", name=op.f("ck_inventory_level_reserved_within_on_hand")
        ),
        sa.CheckConstraint("reserved >= 0", name=op.f("ck_inventory_level_reserved_not_negative")),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inventory_item.id"],
            name=op.f("fk_inventory_level_item_id_inventory_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["inventory_location.id"],
            name=op.f("fk_inventory_level_location_id_inventory_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_inventory_level_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_level")),
        sa.UniqueConstraint("item_id", "location_id", name=op.f("uq_inventory_level_item_id")),
    )
    with op.batch_alter_table("inventory_level", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inventory_level_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inventory_level_vendor_id"), ["vendor_id"], unique=False
        )

    op.create_table(
        "inventory_reservation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_inventory_reservation_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inventory_item.id"],
            name=op.f("fk_inventory_reservation_item_id_inventory_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["inventory_location.id"],
            name=op.f("fk_inventory_reservation_location_id_inventory_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_inventory_reservation_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_reservation")),
        sa.UniqueConstraint("item_id", "reference", name=op.f("uq_inventory_reservation_item_id")),
    )
    with op.batch_alter_table("inventory_reservation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inventory_reservation_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            "ix_inventory_reservation_state_expires", ["state", "expires_at"], unique=False
        )
        batch_op.create_index(
            "ix_inventory_reservation_vendor_reference", ["vendor_id", "reference"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inventory_reservation_vendor_id"), ["vendor_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("inventory_reservation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inventory_reservation_vendor_id"))
        batch_op.drop_index("ix_inventory_reservation_state_expires")
        batch_op.drop_index(batch_op.f("ix_inventory_reservation_location_id"))

    op.drop_table("inventory_reservation")
    with op.batch_alter_table("inventory_level", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inventory_level_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_inventory_level_location_id"))

    op.drop_table("inventory_level")
    with op.batch_alter_table("inventory_adjustment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inventory_adjustment_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_inventory_adjustment_location_id"))
        batch_op.drop_index("ix_inventory_adjustment_item_history")

    op.drop_table("inventory_adjustment")
    with op.batch_alter_table("inventory_location", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_inventory_location_one_default",
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )
        batch_op.drop_index(batch_op.f("ix_inventory_location_vendor_id"))

    op.drop_table("inventory_location")
    with op.batch_alter_table("inventory_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inventory_item_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_inventory_item_product_id"))
        batch_op.drop_index(batch_op.f("ix_inventory_item_platform_id"))

    op.drop_table("inventory_item")
