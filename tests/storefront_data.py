"""Products, categories and stock for the storefront tests, made through the catalog's
services (or, for thousands of rows, with plain INSERTs of the same columns)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from modules.catalog.models import Product, ProductText, Variant
from modules.catalog.services import categories as category_service
from modules.catalog.services import products as product_service
from modules.catalog.services.products import OptionInput, ProductInput, TextInput, VariantInput
from modules.tenancy.models import Vendor
from wizamart.extensions import db
from wizamart.modules.service import module_service


def vendor_id(code: str) -> int:
    return db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == code))


def platform_id(code: str) -> int:
    return db.session.scalar(sa.select(Vendor.platform_id).where(Vendor.vendor_code == code))


def set_module(vendor_code: str, module: str, on: bool) -> None:
    pid = platform_id(vendor_code)
    if module_service.is_module_enabled(pid, module) != on:
        (module_service.enable_module if on else module_service.disable_module)(pid, module)
    db.session.commit()
    module_service.clear_cache()


def product(
    vendor: str,
    title: str,
    *,
    sku: str,
    price: str = "4.50",
    status: str = "active",
    description: str = "",
    texts: dict | None = None,
    categories=(),
    options=None,
    variants=None,
) -> Product:
    """A product of `vendor` (code) with an English title, more languages in `texts`
    ({"de": ("Titel", "Beschreibung")}), one variant unless `variants` are given."""
    words = {"en": TextInput(title=title, description=description)}
    for language, (other_title, other_description) in (texts or {}).items():
        words[language] = TextInput(title=other_title, description=other_description)
    data = ProductInput(
        texts=words,
        status=status,
        category_ids=[str(c) for c in categories],
        options=[OptionInput(name, values) for name, values in (options or [])],
        variants=variants or [VariantInput(sku=sku, price=price)],
    )
    made = product_service.create_product(vendor_id(vendor), data)
    db.session.commit()
    return made


def category(vendor: str, en: str, de: str | None = None, parent=None):
    names = {"en": en}
    if de:
        names["de"] = de
    made = category_service.save_category(vendor_id(vendor), names, parent)
    db.session.commit()
    return made


def many_products(vendor: str, count: int, prefix: str = "Bulk") -> None:
    """`count` active products with one variant each, in three INSERTs."""
    vid = vendor_id(vendor)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    first = (db.session.scalar(sa.select(sa.func.max(Product.id))) or 0) + 1
    products, texts, variants = [], [], []
    for n in range(count):
        pid = first + n
        price = Decimal(n % 97 + 1) + Decimal("0.99")
        when = start + timedelta(minutes=n)
        title = f"{prefix} product {n:05d}"
        products.append(
            {
                "id": pid,
                "vendor_id": vid,
                "status": "active",
                "vat_class": "standard",
                "title": title,
                "price": price,
                "created_at": when,
                "updated_at": when,
            }
        )
        texts.append(
            {
                "vendor_id": vid,
                "product_id": pid,
                "language": "en",
                "title": title,
                "slug": f"{prefix.lower()}-product-{n:05d}",
                "description": "",
                "seo_title": "",
                "seo_description": "",
            }
        )
        variants.append(
            {
                "vendor_id": vid,
                "product_id": pid,
                "sku": f"{prefix.upper()}-{n:05d}",
                "price": price,
                "options": {},
                "position": 0,
                "created_at": when,
                "updated_at": when,
            }
        )
    db.session.execute(sa.insert(Product), products)
    db.session.execute(sa.insert(ProductText), texts)
    db.session.execute(sa.insert(Variant), variants)
    db.session.commit()


def stock_changed(product_row: Product, variant: Variant, available: int) -> None:
    """Publish inventory's event for a variant (needs a module declaring it)."""
    from wizamart.events import publish

    publish(
        "inventory.stock_changed",
        platform_id=platform_id_of(product_row.vendor_id),
        vendor_id=product_row.vendor_id,
        product_id=product_row.id,
        variant_id=variant.id,
        on_hand=available,
        reserved=0,
        available=available,
    )
    db.session.commit()


def platform_id_of(vendor: int) -> int:
    return db.session.scalar(sa.select(Vendor.platform_id).where(Vendor.id == vendor))
