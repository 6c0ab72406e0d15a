"""cart: one cart per shopper per shop, and its lines.

Revision ID: cart_001
Revises:
Create Date: 2026-12-10

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "cart_001"
down_revision = None
branch_labels = ("cart",)
depends_on = ("tenancy", "customers")  # rows belong to tenancy_vendor, customers_customer


def upgrade():
    op.create_table(
        "cart_cart",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers_customer.id"],
            name=op.f("fk_cart_cart_customer_id_customers_customer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_cart_cart_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cart_cart")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_cart_cart_token_hash")),
        sa.UniqueConstraint("vendor_id", "customer_id", name=op.f("uq_cart_cart_vendor_id")),
    )
    with op.batch_alter_table("cart_cart", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cart_cart_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_cart_cart_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "cart_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("cart_id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_at_add", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_cart_line_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["cart_id"],
            ["cart_cart.id"],
            name=op.f("fk_cart_line_cart_id_cart_cart"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_cart_line_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cart_line")),
        sa.UniqueConstraint("cart_id", "variant_id", name=op.f("uq_cart_line_cart_id")),
    )
    with op.batch_alter_table("cart_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cart_line_cart_id"), ["cart_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cart_line_vendor_id"), ["vendor_id"], unique=False)


def downgrade():
    op.drop_table("cart_line")
    op.drop_table("cart_cart")
