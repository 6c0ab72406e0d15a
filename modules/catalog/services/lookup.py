"""What other modules may know of a vendor's variants, asked through the hook question
`catalog.variants` (the cart, and checkout after it, do not import the catalog).

`variants(vendor_id, variant_ids, locale)` reads the variants, their products, their
texts (in the shop's languages) and each product's first image in ONE statement,
whatever the number of ids, plus the shop's settings (cached for the request).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask import has_request_context, url_for

from modules.catalog.models import VAT_RATES, Image, Product, ProductText, Variant
from modules.catalog.services.settings import shop_settings
from modules.catalog.services.storefront import inventory_enabled, pick_text, reading_languages
from wizamart.extensions import db

#: At most this many ids are looked up at once (a cart holds fewer lines).
MAX_IDS = 500


@dataclass(frozen=True)
class VariantInfo:
    """One variant as a shopper sees it. `price` is VAT-inclusive in `currency`;
    `stock` None means not tracked (inventory off or no figure yet): no limit."""

    variant_id: int
    product_id: int
    title: str  # "Croissant – Large" (the option label after the product's title)
    slug: str
    sku: str
    price: Decimal
    currency: str
    vat_class: str
    vat_rate: Decimal  # percent, "17"
    status: str  # active | draft | archived
    stock: int | None
    image_key: str | None  # the media key of a small rendition, or None
    url: str  # the product page ("" when it has no words to show)

    @property
    def is_active(self) -> bool:
        return self.status == "active"


def _product_url(slug: str) -> str:
    if not has_request_context():
        return ""
    return url_for("catalog_storefront.product", slug=slug)


def variants(vendor_id: int, variant_ids, locale: str) -> list[VariantInfo]:
    """The vendor's variants among `variant_ids` (ids of other vendors or gone are
    simply missing from the answer)."""
    ids = sorted({int(i) for i in variant_ids})[:MAX_IDS]
    if not ids:
        return []
    settings = shop_settings(vendor_id)
    languages = reading_languages(settings, locale)
    first_image = (
        sa.select(Image.id)
        .where(Image.product_id == Product.id)
        .order_by(Image.position, Image.id)
        .limit(1)
        .correlate(Product)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(
            Variant.id,
            Variant.product_id,
            Variant.sku,
            Variant.price,
            Variant.options,
            Variant.stock_available,
            Product.status,
            Product.vat_class,
            ProductText.language,
            ProductText.title,
            ProductText.slug,
            Image.storage_key,
            Image.renditions,
        )
        .join(Product, Product.id == Variant.product_id)
        .outerjoin(
            ProductText,
            sa.and_(ProductText.product_id == Product.id, ProductText.language.in_(languages)),
        )
        .outerjoin(Image, Image.id == first_image)
        .where(Variant.vendor_id == vendor_id, Variant.id.in_(ids))
    ).all()
    shows_stock = inventory_enabled(settings.platform_id)
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.id, []).append(row)
    found = []
    for variant_id, group in grouped.items():
        row = group[0]
        text = pick_text([r for r in group if r.language], languages)
        label = " / ".join(str(v) for v in (row.options or {}).values())
        title = text.title if text else row.sku
        key = None
        if row.storage_key:
            key = (row.renditions or {}).get("thumb") or row.storage_key
        found.append(
            VariantInfo(
                variant_id=variant_id,
                product_id=row.product_id,
                title=f"{title} – {label}" if label else title,
                slug=text.slug if text else "",
                sku=row.sku,
                price=row.price,
                currency=settings.currency,
                vat_class=row.vat_class,
                vat_rate=VAT_RATES.get(row.vat_class, Decimal(0)),
                status=row.status,
                stock=row.stock_available if shows_stock else None,
                image_key=key,
                url=_product_url(text.slug) if text else "",
            )
        )
    return found
