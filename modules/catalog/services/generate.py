"""Bulk products for benchmarks: `flask --app wsgi demo seed --products N --vendor CODE`.

Core INSERTs in batches (executemany), ids assigned here so a batch's texts, variants,
options and category links go in with it; titles in en, de and fr from word lists, ten
categories, one product in four with three size variants, no images. 100,000 products
take well under two minutes on SQLite (figure printed; docs/performance.md).

Events are not published (100,000 at once would be a job of their own): a module that
keeps a read model of the catalog fills it when it is switched on (catalog announces
every variant again on `modules.module_enabled`), and the storefront's search index is
rebuilt by its own command. Texts get the slug `<words>-<product id>`, unique by
construction.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from modules.catalog.models import (
    Category,
    Option,
    Product,
    ProductText,
    Variant,
    product_category,
)
from modules.catalog.services.categories import save_category
from modules.catalog.services.planner import analyze
from modules.tenancy.models import Vendor
from wizamart.extensions import db

BATCH = 2000
SIZES = ("S", "M", "L")

ADJECTIVES = [
    ("Classic", "Klassischer", "Classique"),
    ("Fresh", "Frischer", "Frais"),
    ("Golden", "Goldener", "Doré"),
    ("Rustic", "Rustikaler", "Rustique"),
    ("Light", "Leichter", "Léger"),
    ("Organic", "Bio-", "Bio"),
    ("Sweet", "Süßer", "Doux"),
    ("Dark", "Dunkler", "Sombre"),
    ("Royal", "Königlicher", "Royal"),
    ("Alpine", "Alpiner", "Alpin"),
    ("Country", "Ländlicher", "Campagnard"),
    ("Spiced", "Würziger", "Épicé"),
]
NOUNS = [
    ("bread", "Laib", "pain"),
    ("cake", "Kuchen", "gâteau"),
    ("helmet", "Helm", "casque"),
    ("jacket", "Mantel", "manteau"),
    ("lamp", "Leuchter", "luminaire"),
    ("basket", "Korb", "panier"),
    ("teapot", "Teekessel", "théière"),
    ("notebook", "Block", "carnet"),
    ("scarf", "Schal", "foulard"),
    ("chair", "Stuhl", "fauteuil"),
    ("bottle", "Krug", "flacon"),
    ("wheel", "Reifen", "pneu"),
]
CATEGORIES = [
    ("Kitchen", "Küche", "Cuisine"),
    ("Garden", "Garten", "Jardin"),
    ("Sports", "Sport", "Sport"),
    ("Fashion", "Mode", "Mode"),
    ("Home", "Wohnen", "Maison"),
    ("Food", "Lebensmittel", "Alimentation"),
    ("Toys", "Spielzeug", "Jouets"),
    ("Books", "Bücher", "Livres"),
    ("Office", "Büro", "Bureau"),
    ("Outdoor", "Draußen", "Plein air"),
]
LANGUAGES = ("en", "de", "fr")


def generate_products(vendor_code: str, count: int, seed: int = 1) -> list[str]:
    """Add `count` active products to the vendor; returns what to print."""
    vendor = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == vendor_code))
    if vendor is None:
        raise ValueError(f"No vendor with the code {vendor_code!r}.")
    if count < 1:
        raise ValueError("Give a number of products from 1.")
    started = time.perf_counter()
    categories = ensure_categories(vendor.id)
    db.session.commit()
    rng = random.Random(seed)
    next_product = next_id(Product)
    next_variant = next_id(Variant)
    next_text = next_id(ProductText)
    next_option = next_id(Option)
    run = next_product  # SKUs unique across runs: GEN<first id>-<n>
    now = datetime.now(UTC)
    variants_total = 0
    connection = db.session.connection()
    for start in range(0, count, BATCH):
        products, texts, variants, options, links = [], [], [], [], []
        for n in range(start, min(start + BATCH, count)):
            pid = next_product + n
            adjective, noun = rng.choice(ADJECTIVES), rng.choice(NOUNS)
            titles = [f"{adjective[i]} {noun[i]} {n + 1}" for i in range(3)]
            titles[1] = (
                f"{adjective[1]}{'' if adjective[1].endswith('-') else ' '}{noun[1]} {n + 1}"
            )
            price = Decimal(rng.randrange(150, 50000)) / 100
            has_sizes = n % 4 == 0
            stamp = now - timedelta(seconds=count - n)
            products.append(
                {
                    "id": pid,
                    "vendor_id": vendor.id,
                    "status": "active",
                    "vat_class": "standard",
                    "title": titles[0],
                    "price": price,
                    "stock_available": None,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            for language, title in zip(LANGUAGES, titles, strict=True):
                texts.append(
                    {
                        "id": next_text,
                        "vendor_id": vendor.id,
                        "product_id": pid,
                        "language": language,
                        "title": title,
                        "slug": f"{slug_words(title)}-{pid}",
                        "description": f"<p>{title}.</p>",
                        "seo_title": "",
                        "seo_description": "",
                    }
                )
                next_text += 1
            sizes = SIZES if has_sizes else ("",)
            for position, size in enumerate(sizes):
                variants.append(
                    {
                        "id": next_variant,
                        "vendor_id": vendor.id,
                        "product_id": pid,
                        "sku": f"GEN{run}-{n + 1}{'-' + size if size else ''}",
                        "price": price + position,
                        "compare_at_price": None,
                        "options": {"Size": size} if size else {},
                        "position": position,
                        "stock_available": None,
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                )
                next_variant += 1
            if has_sizes:
                options.append(
                    {
                        "id": next_option,
                        "vendor_id": vendor.id,
                        "product_id": pid,
                        "name": "Size",
                        "values": list(SIZES),
                        "position": 0,
                    }
                )
                next_option += 1
            links.append({"product_id": pid, "category_id": categories[n % len(categories)]})
        connection.execute(sa.insert(Product.__table__), products)
        connection.execute(sa.insert(ProductText.__table__), texts)
        connection.execute(sa.insert(Variant.__table__), variants)
        if options:
            connection.execute(sa.insert(Option.__table__), options)
        connection.execute(sa.insert(product_category), links)
        variants_total += len(variants)
    fix_sequences()
    db.session.commit()
    analyze()  # planner statistics for the new rows
    seconds = time.perf_counter() - started
    return [
        f"Catalog: {count} products ({variants_total} variants) generated for "
        f"{vendor_code} in {seconds:.1f} s ({count / seconds:,.0f} products/s)."
    ]


def slug_words(title: str) -> str:
    from wizamart.slugs import slugify

    return slugify(title)[:80].rstrip("-")


def next_id(model) -> int:
    return (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1


def fix_sequences() -> None:
    """PostgreSQL: move the id sequences past the ids given here."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in (Product, ProductText, Variant, Option):
        table = model.__tablename__
        db.session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


def ensure_categories(vendor_id: int) -> list[int]:
    ids = []
    for names in CATEGORIES:
        found = db.session.scalar(
            sa.select(Category.id).where(Category.vendor_id == vendor_id, Category.name.in_(names))
        )
        if found is None:
            found = save_category(vendor_id, dict(zip(LANGUAGES, names, strict=True))).id
        ids.append(found)
    return ids
