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
    """Switch a module on or off on the vendor's platform; switching the catalog on
    also empties it (the demo seed's products are not what the tests count on)."""
    pid = platform_id(vendor_code)
    if module_service.is_module_enabled(pid, module) != on:
        (module_service.enable_module if on else module_service.disable_module)(pid, module)
    db.session.commit()
    module_service.clear_cache()
    if module == "catalog" and on:
        clear_catalog()


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


# -- a shop that looks like one (browser tests, screenshots) ---------------------------
def picture(hue: int, shape: str = "circle", size=(900, 900)) -> bytes:
    """A product photo stand-in: a soft background and a coloured shape (PNG bytes)."""
    import colorsys
    import io

    from PIL import Image, ImageDraw

    def rgb(h, s, v):
        return tuple(int(c * 255) for c in colorsys.hsv_to_rgb(h / 360, s, v))

    image = Image.new("RGB", size, rgb(hue, 0.08, 0.97))
    draw = ImageDraw.Draw(image)
    w, h = size
    box = (w * 0.22, h * 0.25, w * 0.78, h * 0.8)
    if shape == "circle":
        draw.ellipse(box, fill=rgb(hue, 0.55, 0.8))
        draw.ellipse((w * 0.3, h * 0.33, w * 0.7, h * 0.72), fill=rgb(hue, 0.4, 0.9))
    elif shape == "loaf":
        draw.rounded_rectangle(
            (w * 0.15, h * 0.38, w * 0.85, h * 0.72), 160, fill=rgb(hue, 0.6, 0.7)
        )
        for x in (0.3, 0.45, 0.6):
            draw.line(
                (w * x, h * 0.45, w * (x + 0.08), h * 0.62), fill=rgb(hue, 0.3, 0.95), width=14
            )
    else:
        draw.rectangle((w * 0.3, h * 0.35, w * 0.7, h * 0.78), fill=rgb(hue, 0.5, 0.8))
        draw.polygon(
            [(w * 0.25, h * 0.35), (w * 0.5, h * 0.18), (w * 0.75, h * 0.35)],
            fill=rgb(hue, 0.6, 0.65),
        )
    draw.ellipse((w * 0.18, h * 0.8, w * 0.82, h * 0.86), fill=rgb(hue, 0.1, 0.88))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


SHOWCASE = [
    # en title, de title, de description, price, category, hue, shape
    (
        "Sourdough loaf",
        "Sauerteigbrot",
        "Langsam gereift, mit wilder Hefe und Roggenmehl.",
        "4.50",
        "bread",
        30,
        "loaf",
    ),
    ("Rye bread", "Roggenbrot", "Kräftig, dunkel, mit Kümmel.", "3.90", "bread", 20, "loaf"),
    ("Baguette", "Baguette", "Knusprige Kruste, luftige Krume.", "1.80", "bread", 40, "loaf"),
    (
        "Spelt rolls (6)",
        "Dinkelbrötchen (6)",
        "Sechs Brötchen aus Dinkelmehl.",
        "3.60",
        "bread",
        35,
        "circle",
    ),
    ("Apple pie", "Apfelkuchen", "Mit Zimt und Streuseln.", "16.00", "cakes", 10, "circle"),
    ("Cheesecake", "Käsekuchen", "Cremig, mit Zitrone.", "18.50", "cakes", 50, "circle"),
    ("Croissant", "Croissant", "Mit Butter aus Luxemburg.", "1.40", "pastries", 45, "circle"),
    (
        "Pain au chocolat",
        "Schokobrötchen",
        "Blätterteig mit Schokolade.",
        "1.60",
        "pastries",
        25,
        "box",
    ),
]


def showcase(vendor: str = "bakery") -> dict:
    """Categories, products with pictures and German words, and a layer cake with sizes."""
    from modules.catalog.services.images import add_image

    bread = category(vendor, "Bread", "Brot")
    cakes = category(vendor, "Cakes", "Kuchen")
    pastries = category(vendor, "Pastries", "Gebäck")
    where = {"bread": bread.id, "cakes": cakes.id, "pastries": pastries.id}
    made = {}
    for n, (en, de, text, price, group, hue, shape) in enumerate(SHOWCASE):
        row = product(
            vendor,
            en,
            sku=f"SHOW-{n}",
            price=price,
            description=f"<p>{en}, baked this morning.</p>",
            texts={"de": (de, f"<p>{text}</p>")},
            categories=[where[group]],
        )
        add_image(row, picture(hue, shape), alt_text=en)
        db.session.commit()
        made[en] = row
    cake = product(
        vendor,
        "Layer cake",
        sku="CAKE-S",
        texts={"de": ("Schichttorte", "<p>Biskuit, Sahne und Früchte, in zwei Größen.</p>")},
        categories=[cakes.id],
        options=[("Size", ["Small", "Large"])],
        variants=[
            VariantInput(sku="CAKE-S", price="18.00", options={"Size": "Small"}),
            VariantInput(
                sku="CAKE-L", price="32.00", compare_at_price="36.00", options={"Size": "Large"}
            ),
        ],
    )
    add_image(cake, picture(330, "circle"), alt_text="Layer cake")
    add_image(cake, picture(300, "box"), alt_text="Layer cake, cut")
    db.session.commit()
    made["Layer cake"] = cake
    return made


def clear_catalog() -> None:
    """No products or categories: the demo's are not what a storefront test counts on.
    Every catalog table but the settings, children first (SQLite may not cascade)."""
    for table in reversed(db.metadata.sorted_tables):
        if table.name.startswith("catalog_") and table.name != "catalog_settings":
            db.session.execute(sa.delete(table))
    db.session.commit()
    db.session.expunge_all()  # ids come back after a DELETE: no stale rows in the session
