"""Demo products: a handful per demo shop (bakery, bikes), with categories and variants.
Idempotent: a shop that has products already is left alone."""

from __future__ import annotations

import sqlalchemy as sa

from modules.catalog.models import Product
from modules.catalog.services.categories import save_category
from modules.catalog.services.products import (
    OptionInput,
    ProductInput,
    TextInput,
    VariantInput,
    create_product,
)
from modules.tenancy.models import Vendor
from wizamart.extensions import db

CATALOGS = {
    "bakery": {
        "categories": [
            ("Bread", "Brot", "Pain", "Brout"),
            ("Pastries", "Gebäck", "Viennoiseries", "Pâtisserien"),
        ],
        "products": [
            ("Sourdough loaf", "Sauerteigbrot", "Bread", "BAK-SOUR", "4.50", "", "active", None),
            ("Rye bread", "Roggenbrot", "Bread", "BAK-RYE", "3.90", "", "active", None),
            ("Baguette", "Baguette", "Bread", "BAK-BAG", "1.60", "", "draft", None),
            (
                "Croissant",
                "Croissant",
                "Pastries",
                "BAK-CRO",
                "1.40",
                "",
                "active",
                ("Size", ["Small", "Large"]),
            ),
            (
                "Pain au chocolat",
                "Schokocroissant",
                "Pastries",
                "BAK-PAC",
                "1.70",
                "1.90",
                "active",
                None,
            ),
        ],
    },
    "bikes": {
        "categories": [
            ("Bikes", "Fahrräder", "Vélos", "Velocen"),
            ("Parts", "Teile", "Pièces", "Deeler"),
        ],
        "products": [
            (
                "City bike",
                "Stadtrad",
                "Bikes",
                "BIK-CITY",
                "649.00",
                "749.00",
                "active",
                ("Frame", ["S", "M", "L"]),
            ),
            ("Inner tube", "Schlauch", "Parts", "BIK-TUBE", "6.90", "", "active", None),
            ("Bell", "Klingel", "Parts", "BIK-BELL", "9.50", "", "archived", None),
        ],
    },
}


def seed() -> list[str]:
    lines = []
    for code, catalog in CATALOGS.items():
        vendor = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == code))
        if vendor is None:
            continue
        has_products = db.session.scalar(
            sa.select(sa.func.count()).select_from(Product).where(Product.vendor_id == vendor.id)
        )
        if has_products:
            continue
        categories = {}
        for en, de, fr, lb in catalog["categories"]:
            names = {"en": en, "de": de, "fr": fr, "lb": lb}
            categories[en] = save_category(vendor.id, names)
        for title, title_de, category, sku, price, compare, status, option in catalog["products"]:
            texts = {"en": TextInput(title=title), "de": TextInput(title=title_de)}
            if option is None:
                options, variants = [], [VariantInput(sku, price, compare)]
            else:
                name, values = option
                options = [OptionInput(name, values)]
                variants = [
                    VariantInput(f"{sku}-{value.upper()}", price, compare, {name: value})
                    for value in values
                ]
            create_product(
                vendor.id,
                ProductInput(
                    texts=texts,
                    status=status,
                    vat_class="super_reduced" if code == "bakery" else "standard",
                    category_ids=[categories[category].id],
                    options=options,
                    variants=variants,
                ),
            )
        lines.append(f"Catalog: {len(catalog['products'])} demo products for {code}")
    db.session.flush()
    return lines
