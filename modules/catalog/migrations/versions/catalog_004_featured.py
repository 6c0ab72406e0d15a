"""Catalog: products the vendor features on the shop's home page.

`catalog_product.featured` (not null, false for every existing row through its server
default) and the index the home page's query reads: a vendor's featured active products,
newest first (vendor_id, featured, status, created_at, id).

Revision ID: catalog_004
Revises: catalog_003
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "catalog_004"
down_revision = "catalog_003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("catalog_product", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("featured", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(
            "ix_catalog_product_vendor_featured",
            ["vendor_id", "featured", "status", "created_at", "id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("catalog_product", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_product_vendor_featured")
        batch_op.drop_column("featured")
