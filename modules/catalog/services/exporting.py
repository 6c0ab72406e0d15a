"""CSV export of a vendor's products: streamed in keyset batches, safe for spreadsheets.

One row per variant, with the columns the import reads back (services/importing.py):
handle, sku, price, compare_at_price, status, vat_class, categories, option names and
values, then title and description per language. Memory stays constant: products are
read `BATCH` at a time by id (keyset), each batch with its texts, variants, options and
categories in one statement each, and every row is yielded as soon as it is written.

Cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
CR) get a leading `'` (OWASP's advice); the import takes it off again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import sqlalchemy as sa

from modules.catalog.models import Product
from modules.catalog.services.categories import category_names
from modules.catalog.services.importing import BOM, OPTION_COUNT
from modules.catalog.services.settings import ShopSettings, shop_settings
from wizamart.extensions import db

BATCH = 500
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell a spreadsheet shows as text, never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export_headers(settings: ShopSettings) -> list[str]:
    headers = ["handle", "sku", "price", "compare_at_price", "status", "vat_class", "categories"]
    for number in range(1, OPTION_COUNT + 1):
        headers += [f"option{number}_name", f"option{number}_value"]
    for language in settings.languages:
        headers += [f"title_{language}", f"description_{language}"]
    return headers


def product_rows(product: Product, settings: ShopSettings, categories: dict[int, str]):
    """The CSV rows of one product: one per variant (product columns on the first)."""
    handle = (product.text(settings.default_language) or product.texts[0]).slug
    option_names = [o.name for o in product.options][:OPTION_COUNT]
    for index, variant in enumerate(product.variants):
        first = index == 0
        row = [
            handle,
            variant.sku,
            settings.money(variant.price).amount,
            ""
            if variant.compare_at_price is None
            else settings.money(variant.compare_at_price).amount,
            product.status if first else "",
            product.vat_class if first else "",
            " | ".join(categories.get(c.id, c.name) for c in product.categories) if first else "",
        ]
        for number in range(OPTION_COUNT):
            name = option_names[number] if number < len(option_names) else ""
            row += [name if first else "", (variant.options or {}).get(name, "") if name else ""]
        for language in settings.languages:
            text = product.text(language) if first else None
            row += [text.title, text.description] if text else ["", ""]
        yield row


def export_csv(vendor_id: int, delimiter: str = ",", bom: bool = False) -> Iterator[bytes]:
    """The vendor's products as CSV bytes, chunk by chunk (one chunk per batch)."""
    settings = shop_settings(vendor_id)
    categories = category_names(vendor_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(export_headers(settings))
    yield (BOM if bom else b"") + buffer.getvalue().encode()
    last_id = 0
    while True:
        products = db.session.scalars(
            sa.select(Product)
            .where(Product.vendor_id == vendor_id, Product.id > last_id)
            .order_by(Product.id)
            .limit(BATCH)
            .options(
                sa.orm.selectinload(Product.texts),
                sa.orm.selectinload(Product.variants),
                sa.orm.selectinload(Product.options),
                sa.orm.selectinload(Product.categories),
            )
        ).all()
        if not products:
            break
        buffer.seek(0)
        buffer.truncate()
        for product in products:
            if not product.texts or not product.variants:
                continue
            for row in product_rows(product, settings, categories):
                writer.writerow([neutralise(cell) for cell in row])
        last_id = products[-1].id
        for product in products:  # constant memory: the batch is written (cascades to
            db.session.expunge(product)  # its texts, variants, options)
        yield buffer.getvalue().encode()
