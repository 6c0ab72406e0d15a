"""Catalog tables: catalog_product (+ _text, _category), catalog_variant, catalog_option,
catalog_category (+ _text), catalog_image, catalog_slug_history, catalog_settings.

Every row carries `vendor_id` (VendorOwned): vendor-side queries are filtered to the
request's vendor by one Session hook. Prices are VAT-inclusive amounts in Numeric columns;
the currency is the vendor's (catalog_settings.currency).

Denormalised for lists at 100k products, kept by the services:
- `catalog_product.title`: the title in the vendor's default language (search, sort);
- `catalog_product.price`: the lowest variant price (sort, "from" price);
- `catalog_product.stock_available`: the sum of its variants' `stock_available`
  (NULL while inventory has not reported any of them).
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
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


class ProductStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


STATUS_LABELS = {
    ProductStatus.DRAFT: _l("Draft"),
    ProductStatus.ACTIVE: _l("Active"),
    ProductStatus.ARCHIVED: _l("Archived"),
}


class VatClass(enum.StrEnum):
    """Luxembourg's VAT rates; prices include VAT."""

    STANDARD = "standard"
    INTERMEDIATE = "intermediate"
    REDUCED = "reduced"
    SUPER_REDUCED = "super_reduced"


VAT_RATES = {
    VatClass.STANDARD: Decimal("17"),
    VatClass.INTERMEDIATE: Decimal("14"),
    VatClass.REDUCED: Decimal("8"),
    VatClass.SUPER_REDUCED: Decimal("3"),
}

VAT_LABELS = {
    VatClass.STANDARD: _l("Standard 17 %"),
    VatClass.INTERMEDIATE: _l("Intermediate 14 %"),
    VatClass.REDUCED: _l("Reduced 8 %"),
    VatClass.SUPER_REDUCED: _l("Super-reduced 3 %"),
}


class CatalogSettings(VendorOwned, db.Model):
    """A vendor's catalog settings: currency (EUR by default) and default language
    (NULL: the platform's default language)."""

    __tablename__ = "catalog_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")
    default_language: Mapped[str | None] = mapped_column(sa.String(8), nullable=True)


product_category = sa.Table(
    "catalog_product_category",
    db.metadata,
    sa.Column(
        "product_id",
        sa.ForeignKey("catalog_product.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "category_id",
        sa.ForeignKey("catalog_category.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Product(VendorOwned, db.Model):
    __tablename__ = "catalog_product"
    __table_args__ = (
        sa.Index("ix_catalog_product_vendor_status_updated", "vendor_id", "status", "updated_at"),
        sa.Index("ix_catalog_product_vendor_updated", "vendor_id", "updated_at", "id"),
        sa.Index("ix_catalog_product_vendor_title", "vendor_id", "title", "id"),
        sa.Index("ix_catalog_product_vendor_price", "vendor_id", "price", "id"),
        sa.Index("ix_catalog_product_vendor_stock", "vendor_id", "stock_available", "id"),
        # the shop's home: its featured active products, newest first
        sa.Index(
            "ix_catalog_product_vendor_featured",
            "vendor_id",
            "featured",
            "status",
            "created_at",
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), nullable=False
    )
    status: Mapped[str] = mapped_column(sa.String(10), default=ProductStatus.DRAFT.value)
    vat_class: Mapped[str] = mapped_column(sa.String(16), default=VatClass.STANDARD.value)
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    price: Mapped[Decimal] = mapped_column(money_column(), default=Decimal(0))
    stock_available: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    # shown in the "Featured" section of the shop's home page (while active)
    featured: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false(), nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    texts: Mapped[list[ProductText]] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )
    variants: Mapped[list[Variant]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        order_by="Variant.position, Variant.id",
    )
    options: Mapped[list[Option]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        order_by="Option.position, Option.id",
    )
    images: Mapped[list[Image]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        order_by="Image.position, Image.id",
    )
    categories: Mapped[list[Category]] = relationship(
        secondary=product_category, order_by="Category.position, Category.id"
    )

    def text(self, language: str) -> ProductText | None:
        return next((t for t in self.texts if t.language == language), None)

    @property
    def is_simple(self) -> bool:
        """One default variant without options."""
        return len(self.variants) == 1 and not self.variants[0].options


class ProductText(VendorOwned, db.Model):
    """A product's words in one language; the slug is unique per vendor and language."""

    __tablename__ = "catalog_product_text"
    __table_args__ = (
        sa.UniqueConstraint("product_id", "language"),
        sa.UniqueConstraint("vendor_id", "language", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), nullable=False
    )
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("catalog_product.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # cleaned HTML
    seo_title: Mapped[str] = mapped_column(sa.String(200), default="")
    seo_description: Mapped[str] = mapped_column(sa.String(400), default="")

    product: Mapped[Product] = relationship(back_populates="texts")


class SlugHistory(VendorOwned, db.Model):
    """A slug a product had: its old URL answers 301 to the current one."""

    __tablename__ = "catalog_slug_history"
    __table_args__ = (sa.UniqueConstraint("vendor_id", "language", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), nullable=False
    )
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("catalog_product.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(sa.String(8))
    slug: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Option(VendorOwned, db.Model):
    """An option of a product (Size, Colour) and its values, in order."""

    __tablename__ = "catalog_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("catalog_product.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(60))
    values: Mapped[list] = mapped_column(sa.JSON, default=list)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    product: Mapped[Product] = relationship(back_populates="options")


class Variant(VendorOwned, db.Model):
    """What is sold: SKU (unique per vendor), VAT-inclusive price, optional compare-at
    price, option values ({"Size": "M"}; {} for a simple product's default variant) and
    `stock_available`, catalog's copy of inventory's figure (NULL: not reported)."""

    __tablename__ = "catalog_variant"
    __table_args__ = (sa.UniqueConstraint("vendor_id", "sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), nullable=False
    )
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("catalog_product.id", ondelete="CASCADE"), index=True
    )
    sku: Mapped[str] = mapped_column(sa.String(64))
    price: Mapped[Decimal] = mapped_column(money_column())
    compare_at_price: Mapped[Decimal | None] = mapped_column(money_column(), nullable=True)
    options: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    stock_available: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    product: Mapped[Product] = relationship(back_populates="variants")

    @property
    def option_label(self) -> str:
        """ "M / Blue" (empty for a default variant)."""
        return " / ".join(str(v) for v in (self.options or {}).values())


class Category(VendorOwned, db.Model):
    """A node of the vendor's category tree (parent_id NULL: top level)."""

    __tablename__ = "catalog_category"
    __table_args__ = (sa.Index("ix_catalog_category_vendor_parent", "vendor_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), nullable=False
    )
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("catalog_category.id", ondelete="SET NULL"), nullable=True
    )
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    name: Mapped[str] = mapped_column(sa.String(120), default="")  # default language

    texts: Mapped[list[CategoryText]] = relationship(
        back_populates="category", cascade="all, delete-orphan"
    )

    def text(self, language: str) -> CategoryText | None:
        return next((t for t in self.texts if t.language == language), None)


class CategoryText(VendorOwned, db.Model):
    __tablename__ = "catalog_category_text"
    __table_args__ = (
        sa.UniqueConstraint("category_id", "language"),
        sa.UniqueConstraint("vendor_id", "language", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), nullable=False
    )
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("catalog_category.id", ondelete="CASCADE")
    )
    language: Mapped[str] = mapped_column(sa.String(8))
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(140))

    category: Mapped[Category] = relationship(back_populates="texts")


class Image(VendorOwned, db.Model):
    """A product image (optionally of one variant). `storage_key` is the original's key
    in media storage; `renditions` maps a size name to its key ({"thumb": ..., ...})."""

    __tablename__ = "catalog_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("catalog_product.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("catalog_variant.id", ondelete="SET NULL"), nullable=True
    )
    storage_key: Mapped[str] = mapped_column(sa.String(255))
    renditions: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    alt_text: Mapped[str] = mapped_column(sa.String(255), default="")
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    width: Mapped[int] = mapped_column(sa.Integer)
    height: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    product: Mapped[Product] = relationship(back_populates="images")
