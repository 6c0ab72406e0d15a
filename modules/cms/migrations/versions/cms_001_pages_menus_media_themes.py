"""cms: pages with versions and per-language texts, default-page templates, menu items,
media and themes (for vendors, and with vendor_id NULL for the platform itself).

Revision ID: cms_001
Revises:
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "cms_001"
down_revision = None
branch_labels = ("cms",)
depends_on = ("tenancy",)  # rows belong to tenancy_platform / tenancy_vendor / tenancy_user


def upgrade():
    op.create_table(
        "cms_page_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["tenancy_platform.id"],
            name=op.f("fk_cms_page_template_platform_id_tenancy_platform"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cms_page_template")),
        sa.UniqueConstraint(
            "platform_id", "role", "language", name=op.f("uq_cms_page_template_platform_id")
        ),
    )
    with op.batch_alter_table("cms_page_template", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cms_page_template_platform_id"), ["platform_id"], unique=False
        )

    op.create_table(
        "cms_media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("alt_text", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["tenancy_platform.id"],
            name=op.f("fk_cms_media_platform_id_tenancy_platform"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["tenancy_user.id"],
            name=op.f("fk_cms_media_uploaded_by_tenancy_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_cms_media_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cms_media")),
        sa.UniqueConstraint("key", name=op.f("uq_cms_media_key")),
    )
    with op.batch_alter_table("cms_media", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cms_media_owner_created",
            ["platform_id", "vendor_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_cms_media_platform_id"), ["platform_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cms_media_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "cms_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("on_home", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["tenancy_platform.id"],
            name=op.f("fk_cms_page_platform_id_tenancy_platform"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_cms_page_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cms_page")),
    )
    with op.batch_alter_table("cms_page", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cms_page_platform_id"), ["platform_id"], unique=False)
        batch_op.create_index(
            "ix_cms_page_platform_vendor_updated",
            ["platform_id", "vendor_id", "updated_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_cms_page_vendor_id"), ["vendor_id"], unique=False)
        batch_op.create_index(
            "uq_cms_page_platform_role",
            ["platform_id", "role"],
            unique=True,
            sqlite_where=sa.text("vendor_id IS NULL"),
            postgresql_where=sa.text("vendor_id IS NULL"),
        )
        batch_op.create_index(
            "uq_cms_page_platform_slug",
            ["platform_id", "slug"],
            unique=True,
            sqlite_where=sa.text("vendor_id IS NULL"),
            postgresql_where=sa.text("vendor_id IS NULL"),
        )
        batch_op.create_index(
            "uq_cms_page_vendor_role",
            ["vendor_id", "role"],
            unique=True,
            sqlite_where=sa.text("vendor_id IS NOT NULL"),
            postgresql_where=sa.text("vendor_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_cms_page_vendor_slug",
            ["vendor_id", "slug"],
            unique=True,
            sqlite_where=sa.text("vendor_id IS NOT NULL"),
            postgresql_where=sa.text("vendor_id IS NOT NULL"),
        )

    op.create_table(
        "cms_menu_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=True),
        sa.Column("module_code", sa.String(length=64), nullable=True),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["cms_page.id"],
            name=op.f("fk_cms_menu_item_page_id_cms_page"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["tenancy_platform.id"],
            name=op.f("fk_cms_menu_item_platform_id_tenancy_platform"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_cms_menu_item_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cms_menu_item")),
    )
    with op.batch_alter_table("cms_menu_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cms_menu_item_owner_location",
            ["platform_id", "vendor_id", "location", "position"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_cms_menu_item_page_id"), ["page_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cms_menu_item_platform_id"), ["platform_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cms_menu_item_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "cms_page_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("seo_title", sa.String(length=200), nullable=False),
        sa.Column("seo_description", sa.String(length=400), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["tenancy_user.id"],
            name=op.f("fk_cms_page_version_author_id_tenancy_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["cms_page.id"],
            name=op.f("fk_cms_page_version_page_id_cms_page"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_cms_page_version_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cms_page_version")),
        sa.UniqueConstraint(
            "page_id", "language", "number", name=op.f("uq_cms_page_version_page_id")
        ),
    )
    with op.batch_alter_table("cms_page_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cms_page_version_page_id"), ["page_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cms_page_version_vendor_id"), ["vendor_id"], unique=False
        )

    op.create_table(
        "cms_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("logo_media_id", sa.Integer(), nullable=True),
        sa.Column("favicon_media_id", sa.Integer(), nullable=True),
        sa.Column("primary_color", sa.String(length=7), nullable=False),
        sa.Column("accent_color", sa.String(length=7), nullable=False),
        sa.Column("font_pair", sa.String(length=20), nullable=False),
        sa.Column("header_layout", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["favicon_media_id"],
            ["cms_media.id"],
            name=op.f("fk_cms_theme_favicon_media_id_cms_media"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["logo_media_id"],
            ["cms_media.id"],
            name=op.f("fk_cms_theme_logo_media_id_cms_media"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["tenancy_platform.id"],
            name=op.f("fk_cms_theme_platform_id_tenancy_platform"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_cms_theme_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cms_theme")),
    )
    with op.batch_alter_table("cms_theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cms_theme_platform_id"), ["platform_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cms_theme_vendor_id"), ["vendor_id"], unique=False)
        batch_op.create_index(
            "uq_cms_theme_platform",
            ["platform_id"],
            unique=True,
            sqlite_where=sa.text("vendor_id IS NULL"),
            postgresql_where=sa.text("vendor_id IS NULL"),
        )
        batch_op.create_index(
            "uq_cms_theme_vendor",
            ["vendor_id"],
            unique=True,
            sqlite_where=sa.text("vendor_id IS NOT NULL"),
            postgresql_where=sa.text("vendor_id IS NOT NULL"),
        )

    op.create_table(
        "cms_page_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("current_version_id", sa.Integer(), nullable=False),
        sa.Column("published_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["current_version_id"],
            ["cms_page_version.id"],
            name=op.f("fk_cms_page_text_current_version_id_cms_page_version"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["cms_page.id"],
            name=op.f("fk_cms_page_text_page_id_cms_page"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_version_id"],
            ["cms_page_version.id"],
            name=op.f("fk_cms_page_text_published_version_id_cms_page_version"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_cms_page_text_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cms_page_text")),
        sa.UniqueConstraint("page_id", "language", name=op.f("uq_cms_page_text_page_id")),
    )
    with op.batch_alter_table("cms_page_text", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cms_page_text_vendor_id"), ["vendor_id"], unique=False)


def downgrade():
    with op.batch_alter_table("cms_page_text", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cms_page_text_vendor_id"))

    op.drop_table("cms_page_text")
    with op.batch_alter_table("cms_theme", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_cms_theme_vendor",
            sqlite_where=sa.text("vendor_id IS NOT NULL"),
            postgresql_where=sa.text("vendor_id IS NOT NULL"),
        )
        batch_op.drop_index(
            "uq_cms_theme_platform",
            sqlite_where=sa.text("vendor_id IS NULL"),
            postgresql_where=sa.text("vendor_id IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_cms_theme_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_cms_theme_platform_id"))

    op.drop_table("cms_theme")
    with op.batch_alter_table("cms_page_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cms_page_version_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_cms_page_version_page_id"))

    op.drop_table("cms_page_version")
    with op.batch_alter_table("cms_menu_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cms_menu_item_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_cms_menu_item_platform_id"))
        batch_op.drop_index(batch_op.f("ix_cms_menu_item_page_id"))
        batch_op.drop_index("ix_cms_menu_item_owner_location")

    op.drop_table("cms_menu_item")
    with op.batch_alter_table("cms_page", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_cms_page_vendor_slug",
            sqlite_where=sa.text("vendor_id IS NOT NULL"),
            postgresql_where=sa.text("vendor_id IS NOT NULL"),
        )
        batch_op.drop_index(
            "uq_cms_page_vendor_role",
            sqlite_where=sa.text("vendor_id IS NOT NULL"),
            postgresql_where=sa.text("vendor_id IS NOT NULL"),
        )
        batch_op.drop_index(
            "uq_cms_page_platform_slug",
            sqlite_where=sa.text("vendor_id IS NULL"),
            postgresql_where=sa.text("vendor_id IS NULL"),
        )
        batch_op.drop_index(
            "uq_cms_page_platform_role",
            sqlite_where=sa.text("vendor_id IS NULL"),
            postgresql_where=sa.text("vendor_id IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_cms_page_vendor_id"))
        batch_op.drop_index("ix_cms_page_platform_vendor_updated")
        batch_op.drop_index(batch_op.f("ix_cms_page_platform_id"))

    op.drop_table("cms_page")
    with op.batch_alter_table("cms_media", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cms_media_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_cms_media_platform_id"))
        batch_op.drop_index("ix_cms_media_owner_created")

    op.drop_table("cms_media")
    with op.batch_alter_table("cms_page_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cms_page_template_platform_id"))

    op.drop_table("cms_page_template")
