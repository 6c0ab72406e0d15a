"""Catalog: products, texts, slugs, options, variants, categories, images, settings.

Revision ID: catalog_001
Revises:
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "catalog_001"
down_revision = None
branch_labels = ("catalog",)
depends_on = ("tenancy",)  # rows belong to tenancy_vendor


def upgrade():
    op.create_table(
        "catalog_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["catalog_category.id"],
            name=op.f("fk_catalog_category_parent_id_catalog_category"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_catalog_category_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_category")),
    )
    with op.batch_alter_table("catalog_category", schema=None) as batch_op:
        batch_op.create_index(
            "ix_catalog_category_vendor_parent", ["vendor_id", "parent_id"], unique=False
        )

    op.create_table(
        "catalog_product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("vat_class", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("price", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("stock_available", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_catalog_product_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_product")),
    )
    with op.batch_alter_table("catalog_product", schema=None) as batch_op:
        batch_op.create_index(
            "ix_catalog_product_vendor_price", ["vendor_id", "price", "id"], unique=False
        )
        batch_op.create_index(
            "ix_catalog_product_vendor_status_updated",
            ["vendor_id", "status", "updated_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_catalog_product_vendor_stock", ["vendor_id", "stock_available", "id"], unique=False
        )
        batch_op.create_index(
            "ix_catalog_product_vendor_title", ["vendor_id", "title", "id"], unique=False
        )
        batch_op.create_index(
            "ix_catalog_product_vendor_updated", ["vendor_id", "updated_at", "id"], unique=False
        )

    op.create_table(
        "catalog_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("default_language", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_catalog_settings_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_settings")),
        sa.UniqueConstraint("vendor_id", name=op.f("uq_catalog_settings_vendor_id")),
    )
    op.create_table(
        "catalog_category_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("slug", sa.String(length=140), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["catalog_category.id"],
            name=op.f("fk_catalog_category_text_category_id_catalog_category"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_catalog_category_text_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_category_text")),
        sa.UniqueConstraint(
            "category_id", "language", name=op.f("uq_catalog_category_text_category_id")
        ),
        sa.UniqueConstraint(
            "vendor_id", "language", "slug", name=op.f("uq_catalog_category_text_vendor_id")
        ),
    )
    op.create_table(
        "catalog_option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["catalog_product.id"],
            name=op.f("fk_catalog_option_product_id_catalog_product"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_catalog_option_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_option")),
    )
    with op.batch_alter_table("catalog_option", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalog_option_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_catalog_option_vendor_id"), ["vendor_id"], unique=False
        )

    op.create_table(
        "catalog_product_category",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["catalog_category.id"],
            name=op.f("fk_catalog_product_category_category_id_catalog_category"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["catalog_product.id"],
            name=op.f("fk_catalog_product_category_product_id_catalog_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "product_id", "category_id", name=op.f("pk_catalog_product_category")
        ),
    )
    with op.batch_alter_table("catalog_product_category", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalog_product_category_category_id"), ["category_id"], unique=False
        )

    op.create_table(
        "catalog_product_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("seo_title", sa.String(length=200), nullable=False),
        sa.Column("seo_description", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["catalog_product.id"],
            name=op.f("fk_catalog_product_text_product_id_catalog_product"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_catalog_product_text_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_product_text")),
        sa.UniqueConstraint(
            "product_id", "language", name=op.f("uq_catalog_product_text_product_id")
        ),
        sa.UniqueConstraint(
            "vendor_id", "language", "slug", name=op.f("uq_catalog_product_text_vendor_id")
        ),
    )
    op.create_table(
        "catalog_slug_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["catalog_product.id"],
            name=op.f("fk_catalog_slug_history_product_id_catalog_product"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_catalog_slug_history_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_slug_history")),
        sa.UniqueConstraint(
            "vendor_id", "language", "slug", name=op.f("uq_catalog_slug_history_vendor_id")
        ),
    )
    with op.batch_alter_table("catalog_slug_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalog_slug_history_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "catalog_variant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("price", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("compare_at_price", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("stock_available", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["catalog_product.id"],
            name=op.f("fk_catalog_variant_product_id_catalog_product"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_catalog_variant_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_variant")),
        sa.UniqueConstraint("vendor_id", "sku", name=op.f("uq_catalog_variant_vendor_id")),
    )
    with op.batch_alter_table("catalog_variant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalog_variant_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "catalog_image",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=True),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("renditions", sa.JSON(), nullable=False),
        sa.Column("alt_text", sa.String(length=255), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["catalog_product.id"],
            name=op.f("fk_catalog_image_product_id_catalog_product"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"],
            ["catalog_variant.id"],
            name=op.f("fk_catalog_image_variant_id_catalog_variant"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_catalog_image_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_image")),
    )
    with op.batch_alter_table("catalog_image", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalog_image_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_catalog_image_vendor_id"), ["vendor_id"], unique=False)


def downgrade():
    with op.batch_alter_table("catalog_image", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_image_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_catalog_image_product_id"))

    op.drop_table("catalog_image")
    with op.batch_alter_table("catalog_variant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_variant_product_id"))

    op.drop_table("catalog_variant")
    with op.batch_alter_table("catalog_slug_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_slug_history_product_id"))

    op.drop_table("catalog_slug_history")
    op.drop_table("catalog_product_text")
    with op.batch_alter_table("catalog_product_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_product_category_category_id"))

    op.drop_table("catalog_product_category")
    with op.batch_alter_table("catalog_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_option_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_catalog_option_product_id"))

    op.drop_table("catalog_option")
    op.drop_table("catalog_category_text")
    op.drop_table("catalog_settings")
    with op.batch_alter_table("catalog_product", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_product_vendor_updated")
        batch_op.drop_index("ix_catalog_product_vendor_title")
        batch_op.drop_index("ix_catalog_product_vendor_stock")
        batch_op.drop_index("ix_catalog_product_vendor_status_updated")
        batch_op.drop_index("ix_catalog_product_vendor_price")

    op.drop_table("catalog_product")
    with op.batch_alter_table("catalog_category", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_category_vendor_parent")

    op.drop_table("catalog_category")
