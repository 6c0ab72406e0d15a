"""cms tables: pages (+ their versions and per-language texts), default-page templates,
menu items, media and themes.

Every table serves two kinds of owner: a vendor (a shop's about page, its footer menu,
its logo) and a platform (the public site's pages, menus and look). `platform_id` is
always set; `vendor_id` is set for a shop's rows and NULL for the platform's own. The
models mix in `VendorOwned`, so inside a vendor's request every query sees that
vendor's rows only (and never the platform's); admin pages name the platform themselves.

Pages keep every save: `cms_page_version` rows are immutable snapshots (title, body,
SEO fields) numbered per page and language. `cms_page_text` points, per language, at
the version being edited (`current_version_id`) and the version shoppers see
(`published_version_id`, NULL until published). Publishing a page publishes the current
version of each language; saving after that leaves shoppers on the published version
until the next publish ("unpublished changes").
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.extensions import db
from wizamart.scoping import VendorOwned


def utcnow() -> datetime:
    return datetime.now(UTC)


def platform_fk() -> Mapped[int]:
    return mapped_column(
        sa.ForeignKey("tenancy_platform.id", ondelete="CASCADE"), index=True, nullable=False
    )


def owner_vendor_fk() -> Mapped[int | None]:
    """NULL: the platform's own row."""
    return mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), index=True, nullable=True
    )


def per_owner_unique(name: str, table: str, *columns: str) -> tuple[sa.Index, sa.Index]:
    """`columns` unique per vendor, and per platform among the platform's own rows
    (two partial indexes: NULL vendor ids never collide in a plain unique index)."""
    return (
        sa.Index(
            f"uq_{table}_vendor_{name}",
            "vendor_id",
            *columns,
            unique=True,
            sqlite_where=sa.text("vendor_id IS NOT NULL"),
            postgresql_where=sa.text("vendor_id IS NOT NULL"),
        ),
        sa.Index(
            f"uq_{table}_platform_{name}",
            "platform_id",
            *columns,
            unique=True,
            sqlite_where=sa.text("vendor_id IS NULL"),
            postgresql_where=sa.text("vendor_id IS NULL"),
        ),
    )


class PageStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


STATUS_LABELS = {PageStatus.DRAFT: _l("Draft"), PageStatus.PUBLISHED: _l("Published")}


class PageRole(enum.StrEnum):
    """What a page is for, so other modules can ask for it without knowing its slug
    (checkout links the shop's terms: `page_for_role("terms")`)."""

    ABOUT = "about"
    CONTACT = "contact"
    SHIPPING = "shipping"
    IMPRINT = "imprint"
    TERMS = "terms"
    PRIVACY = "privacy"


ROLE_LABELS = {
    PageRole.ABOUT: _l("About us"),
    PageRole.CONTACT: _l("Contact"),
    PageRole.SHIPPING: _l("Shipping and returns"),
    PageRole.IMPRINT: _l("Imprint"),
    PageRole.TERMS: _l("Terms and conditions"),
    PageRole.PRIVACY: _l("Privacy notice"),
}

#: The pages a new shop starts with, as drafts from the platform's templates.
DEFAULT_ROLES = (PageRole.IMPRINT, PageRole.TERMS, PageRole.PRIVACY)


class Page(VendorOwned, db.Model):
    __tablename__ = "cms_page"
    __table_args__ = (
        *per_owner_unique("slug", "cms_page", "slug"),
        *per_owner_unique("role", "cms_page", "role"),
        sa.Index("ix_cms_page_platform_vendor_updated", "platform_id", "vendor_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = platform_fk()
    vendor_id: Mapped[int | None] = owner_vendor_fk()
    slug: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)
    status: Mapped[str] = mapped_column(sa.String(10), default=PageStatus.DRAFT.value)
    # a block of the platform's home page (platform pages only), ordered by position
    on_home: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    position: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    texts: Mapped[list[PageText]] = relationship(
        back_populates="page", cascade="all, delete-orphan", passive_deletes=True
    )


class PageVersion(VendorOwned, db.Model):
    """One saved state of a page in one language; never changed once written."""

    __tablename__ = "cms_page_version"
    __table_args__ = (sa.UniqueConstraint("page_id", "language", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cms_page.id", ondelete="CASCADE"), index=True
    )
    vendor_id: Mapped[int | None] = owner_vendor_fk()
    language: Mapped[str] = mapped_column(sa.String(8))
    number: Mapped[int] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")  # cleaned HTML (nh3)
    seo_title: Mapped[str] = mapped_column(sa.String(200), default="")
    seo_description: Mapped[str] = mapped_column(sa.String(400), default="")
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tenancy_user.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class PageText(VendorOwned, db.Model):
    """A page in one language: the version being edited and the one shoppers see."""

    __tablename__ = "cms_page_text"
    __table_args__ = (sa.UniqueConstraint("page_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(sa.ForeignKey("cms_page.id", ondelete="CASCADE"))
    vendor_id: Mapped[int | None] = owner_vendor_fk()
    language: Mapped[str] = mapped_column(sa.String(8))
    current_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cms_page_version.id", ondelete="RESTRICT")
    )
    published_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cms_page_version.id", ondelete="SET NULL"), nullable=True
    )

    page: Mapped[Page] = relationship(back_populates="texts")
    current: Mapped[PageVersion] = relationship(foreign_keys=[current_version_id])
    published: Mapped[PageVersion | None] = relationship(foreign_keys=[published_version_id])


class PageTemplate(db.Model):
    """The platform admin's text a new shop's default page starts from, per role and
    language. Placeholders such as {company_name} and {vat_number} are filled in."""

    __tablename__ = "cms_page_template"
    __table_args__ = (sa.UniqueConstraint("platform_id", "role", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = platform_fk()
    role: Mapped[str] = mapped_column(sa.String(20))
    language: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class MenuLocation(enum.StrEnum):
    HEADER = "header"
    FOOTER = "footer"


class MenuItemKind(enum.StrEnum):
    PAGE = "page"  # a content page (page_id)
    MODULE = "module"  # a page of a module (module_code + target, a path)
    URL = "url"  # an outside link (target)


class MenuItem(VendorOwned, db.Model):
    """An entry of a shop's (or the platform's) header or footer menu."""

    __tablename__ = "cms_menu_item"
    __table_args__ = (
        sa.Index(
            "ix_cms_menu_item_owner_location", "platform_id", "vendor_id", "location", "position"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = platform_fk()
    vendor_id: Mapped[int | None] = owner_vendor_fk()
    location: Mapped[str] = mapped_column(sa.String(10))
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    kind: Mapped[str] = mapped_column(sa.String(10))
    page_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cms_page.id", ondelete="CASCADE"), nullable=True, index=True
    )
    module_code: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    target: Mapped[str] = mapped_column(sa.String(500), default="")
    # {"en": "About", "de": "Über uns"}; empty: the page's title / the target's label
    labels: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class MediaKind(enum.StrEnum):
    IMAGE = "image"
    PDF = "pdf"


class Media(VendorOwned, db.Model):
    """A file in a shop's (or the platform's) media library. `key` is the storage key of
    the original (images: re-encoded without EXIF); renditions sit beside it."""

    __tablename__ = "cms_media"
    __table_args__ = (
        sa.Index("ix_cms_media_owner_created", "platform_id", "vendor_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = platform_fk()
    vendor_id: Mapped[int | None] = owner_vendor_fk()
    kind: Mapped[str] = mapped_column(sa.String(8))
    key: Mapped[str] = mapped_column(sa.String(255), unique=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.Integer)
    width: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    alt_text: Mapped[str] = mapped_column(sa.String(300), default="")
    uploaded_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tenancy_user.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Theme(VendorOwned, db.Model):
    """The look of a shop (or, with vendor_id NULL, of the platform's public site and
    sign-in page): applied through CSS custom properties, no per-shop CSS files."""

    __tablename__ = "cms_theme"
    __table_args__ = (
        sa.Index(
            "uq_cms_theme_vendor",
            "vendor_id",
            unique=True,
            sqlite_where=sa.text("vendor_id IS NOT NULL"),
            postgresql_where=sa.text("vendor_id IS NOT NULL"),
        ),
        sa.Index(
            "uq_cms_theme_platform",
            "platform_id",
            unique=True,
            sqlite_where=sa.text("vendor_id IS NULL"),
            postgresql_where=sa.text("vendor_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = platform_fk()
    vendor_id: Mapped[int | None] = owner_vendor_fk()
    logo_media_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cms_media.id", ondelete="SET NULL"), nullable=True
    )
    favicon_media_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cms_media.id", ondelete="SET NULL"), nullable=True
    )
    primary_color: Mapped[str] = mapped_column(sa.String(7), default="#0d6efd")
    accent_color: Mapped[str] = mapped_column(sa.String(7), default="#6c757d")
    font_pair: Mapped[str] = mapped_column(sa.String(20), default="system")
    header_layout: Mapped[str] = mapped_column(sa.String(20), default="classic")
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
