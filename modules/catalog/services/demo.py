"""Demo catalog: bakery and bikes on platform main, books on oms, texts in en, de and fr,
categories, frame-size variants for bikes, and generated images (Pillow: a coloured
square with a shape and the product's initials; no pictures of anyone's).

Idempotent: a product whose SKU the vendor has is left as it is, a category that
exists is reused, so running `flask demo seed` twice changes nothing. The catalog and
inventory modules are switched on for main and oms (a fresh install has them on; an
admin may have switched them off since the last seed).
"""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from modules.catalog.config import setting
from modules.catalog.models import Category, Product, Variant
from modules.catalog.services.categories import save_category
from modules.catalog.services.images import add_image
from modules.catalog.services.products import (
    OptionInput,
    ProductInput,
    TextInput,
    VariantInput,
    create_product,
)
from modules.tenancy.models import Platform, Vendor
from wizamart.extensions import db
from wizamart.modules.service import module_service

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


#: Starter products featured on their shop's home page.
FEATURED_STARTER = {"BAK-SOUR", "BAK-CRO", "BIK-CITY"}


def seed_starter() -> list[str]:
    """A handful of products per shop (bakery, bikes), without images: what the tests
    rely on. A shop that has products already is left alone."""
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
                    featured=sku in FEATURED_STARTER,
                    options=options,
                    variants=variants,
                ),
            )
        lines.append(f"Catalog: {len(catalog['products'])} demo products for {code}")
    db.session.flush()
    return lines


DEMO_PLATFORMS = ("main", "oms")
DEMO_MODULES = ("catalog", "inventory")

# (en, de, fr) names; each category: a colour and its products (en, de, fr, price).
BAKERY = {
    ("Bread", "Brot", "Pain"): (
        "#c8873a",
        [
            ("Sourdough loaf", "Sauerteigbrot", "Pain au levain", "4.80"),
            ("Rye bread", "Roggenbrot", "Pain de seigle", "4.20"),
            ("Baguette", "Baguette", "Baguette", "1.60"),
            ("Wholemeal bread", "Vollkornbrot", "Pain complet", "3.90"),
            ("Spelt bread", "Dinkelbrot", "Pain d'épeautre", "4.60"),
            ("Walnut bread", "Walnussbrot", "Pain aux noix", "5.20"),
            ("Olive ciabatta", "Oliven-Ciabatta", "Ciabatta aux olives", "3.40"),
            ("Brioche loaf", "Brioche-Laib", "Brioche tressée", "5.90"),
            ("Seeded rolls (6)", "Körnerbrötchen (6)", "Petits pains aux graines (6)", "3.60"),
        ],
    ),
    ("Pastries", "Gebäck", "Viennoiseries"): (
        "#e0a458",
        [
            ("Butter croissant", "Buttercroissant", "Croissant au beurre", "1.40"),
            ("Pain au chocolat", "Schokoladencroissant", "Pain au chocolat", "1.60"),
            ("Almond croissant", "Mandelcroissant", "Croissant aux amandes", "2.20"),
            ("Apple turnover", "Apfeltasche", "Chausson aux pommes", "2.10"),
            ("Cinnamon roll", "Zimtschnecke", "Roulé à la cannelle", "2.40"),
            ("Raisin swirl", "Rosinenschnecke", "Pain aux raisins", "1.90"),
            ("Cream puff", "Windbeutel", "Chou à la crème", "2.30"),
            ("Pretzel", "Brezel", "Bretzel", "1.20"),
            ("Danish pastry", "Plunderteilchen", "Feuilleté danois", "2.00"),
        ],
    ),
    ("Cakes", "Kuchen", "Gâteaux"): (
        "#d9667b",
        [
            ("Black Forest cake", "Schwarzwälder Kirschtorte", "Forêt-Noire", "24.00"),
            ("Cheesecake", "Käsekuchen", "Gâteau au fromage", "19.50"),
            ("Lemon tart", "Zitronentarte", "Tarte au citron", "16.00"),
            ("Apple pie", "Apfelkuchen", "Tarte aux pommes", "15.50"),
            ("Chocolate cake", "Schokoladenkuchen", "Gâteau au chocolat", "21.00"),
            ("Strawberry tart", "Erdbeertorte", "Tarte aux fraises", "18.00"),
            ("Carrot cake", "Rüblikuchen", "Gâteau aux carottes", "17.50"),
            ("Plum cake", "Quetschekuch", "Tarte aux quetsches", "14.00"),
            ("Opera cake", "Opéra-Torte", "Opéra", "26.00"),
        ],
    ),
    ("Cookies", "Kekse", "Biscuits"): (
        "#8c5e3c",
        [
            ("Chocolate chip cookies (6)", "Schoko-Cookies (6)", "Cookies aux pépites (6)", "4.50"),
            ("Macarons (6)", "Macarons (6)", "Macarons (6)", "9.00"),
            ("Butter biscuits", "Butterkekse", "Sablés au beurre", "3.80"),
            ("Hazelnut biscotti", "Haselnuss-Cantuccini", "Biscotti aux noisettes", "4.20"),
            ("Madeleines (8)", "Madeleines (8)", "Madeleines (8)", "4.90"),
            ("Gingerbread", "Lebkuchen", "Pain d'épices", "5.50"),
            ("Meringues", "Baisers", "Meringues", "3.20"),
            ("Shortbread", "Mürbegebäck", "Biscuits sablés", "3.60"),
            ("Florentines", "Florentiner", "Florentins", "5.20"),
        ],
    ),
    ("Savoury", "Herzhaftes", "Salé"): (
        "#5b8c5a",
        [
            ("Quiche lorraine", "Quiche Lorraine", "Quiche lorraine", "6.50"),
            ("Ham sandwich", "Schinkenbrötchen", "Sandwich au jambon", "4.20"),
            ("Cheese twist", "Käsestange", "Torsade au fromage", "1.80"),
            ("Spinach pie", "Spinatkuchen", "Tourte aux épinards", "5.80"),
            ("Sausage roll", "Würstchen im Teig", "Friand à la saucisse", "2.60"),
            ("Bouchée à la reine", "Königinpastetchen", "Bouchée à la reine", "7.50"),
            ("Onion tart", "Zwiebelkuchen", "Tarte à l'oignon", "5.40"),
            ("Focaccia", "Focaccia", "Focaccia", "3.80"),
            ("Pizza slice", "Pizzastück", "Part de pizza", "3.20"),
        ],
    ),
}

BIKE_KINDS = {
    ("Road bikes", "Rennräder", "Vélos de route"): (
        "#2f6db5",
        ("Road bike", "Rennrad", "Vélo de route"),
        ["Aero", "Sprint", "Gran Fondo", "Climber", "Endurance", "Strada"],
        Decimal("1290"),
    ),
    ("Mountain bikes", "Mountainbikes", "VTT"): (
        "#3c8d4f",
        ("Mountain bike", "Mountainbike", "VTT"),
        ["Trail", "Enduro", "Ridge", "Summit", "Rock", "Canyon"],
        Decimal("1490"),
    ),
    ("City bikes", "Stadträder", "Vélos de ville"): (
        "#b5892f",
        ("City bike", "Stadtrad", "Vélo de ville"),
        ["Urban", "Boulevard", "Classic", "Commuter", "Glacis", "Kirchberg"],
        Decimal("690"),
    ),
    ("E-bikes", "E-Bikes", "Vélos électriques"): (
        "#7a4bb5",
        ("E-bike", "E-Bike", "Vélo électrique"),
        ["Volt", "Boost", "Charge", "Current", "Spark", "Watt"],
        Decimal("2490"),
    ),
}
FRAME_SIZES = ("S", "M", "L", "XL")
ACCESSORIES = (
    ("Parts", "Teile", "Pièces"),
    "#6c757d",
    [
        ("Helmet", "Helm", "Casque", "59.00"),
        ("Bike lock", "Fahrradschloss", "Antivol", "34.90"),
        ("LED light set", "LED-Lichtset", "Kit d'éclairage LED", "29.90"),
        ("Water bottle", "Trinkflasche", "Bidon", "8.50"),
        ("Bottle cage", "Flaschenhalter", "Porte-bidon", "12.00"),
        ("Floor pump", "Standpumpe", "Pompe à pied", "39.00"),
        ("Saddle bag", "Satteltasche", "Sacoche de selle", "24.50"),
        ("Cycling gloves", "Radhandschuhe", "Gants de vélo", "22.00"),
        ("Inner tube", "Schlauch", "Chambre à air", "7.90"),
        ("Repair kit", "Flickzeug", "Kit de réparation", "9.90"),
        ("Mudguards", "Schutzbleche", "Garde-boue", "27.00"),
        ("Bell", "Klingel", "Sonnette", "6.50"),
        ("Kickstand", "Ständer", "Béquille", "16.90"),
        ("Pannier bag", "Packtasche", "Sacoche de porte-bagages", "49.00"),
        ("Rain jacket", "Regenjacke", "Veste de pluie", "79.00"),
        ("Multi-tool", "Multitool", "Outil multifonction", "19.90"),
        ("Chain oil", "Kettenöl", "Huile de chaîne", "8.90"),
        ("Phone mount", "Handyhalterung", "Support de téléphone", "21.00"),
    ],
)

BOOKS = {
    ("Novels", "Romane", "Romans"): (
        "#4a5a8c",
        [
            ("The Quiet Harbour", "Der stille Hafen", "Le Port tranquille", "19.90"),
            ("Winter in Vianden", "Winter in Vianden", "L'Hiver à Vianden", "18.50"),
            ("The Last Tram", "Die letzte Straßenbahn", "Le Dernier Tram", "21.00"),
            (
                "A House by the Moselle",
                "Ein Haus an der Mosel",
                "Une maison sur la Moselle",
                "20.00",
            ),
            ("Letters from Esch", "Briefe aus Esch", "Lettres d'Esch", "17.90"),
            ("The Clockmaker", "Der Uhrmacher", "L'Horloger", "22.50"),
        ],
    ),
    ("Cooking", "Kochen", "Cuisine"): (
        "#c0553a",
        [
            ("Baking at Home", "Backen zu Hause", "Pâtisserie maison", "29.00"),
            ("Soups for Every Season", "Suppen für jede Jahreszeit", "Soupes de saison", "24.00"),
            (
                "The Vegetable Garden Kitchen",
                "Die Gemüsegartenküche",
                "La Cuisine du potager",
                "27.50",
            ),
            ("Sweet Tarts", "Süße Tartes", "Tartes sucrées", "23.00"),
            ("One Pot Dinners", "Eintopfgerichte", "Dîners en une casserole", "21.90"),
        ],
    ),
    ("Children", "Kinder", "Enfants"): (
        "#e0a030",
        [
            (
                "The Brave Little Fox",
                "Der mutige kleine Fuchs",
                "Le Petit Renard courageux",
                "12.90",
            ),
            ("Counting Stars", "Sterne zählen", "Compter les étoiles", "11.50"),
            (
                "The Dragon Who Sneezed",
                "Der Drache, der niesen musste",
                "Le Dragon qui éternuait",
                "13.90",
            ),
            ("A Day at the Farm", "Ein Tag auf dem Bauernhof", "Une journée à la ferme", "10.90"),
            ("Bedtime Moon", "Gute-Nacht-Mond", "La Lune du soir", "9.90"),
        ],
    ),
    ("Travel", "Reisen", "Voyages"): (
        "#2d8c8c",
        [
            (
                "Walking the Mullerthal",
                "Wandern im Müllerthal",
                "Randonnées au Mullerthal",
                "24.90",
            ),
            ("Castles of the Ardennes", "Burgen der Ardennen", "Châteaux des Ardennes", "32.00"),
            (
                "Cycling the Three Borders",
                "Radfahren im Dreiländereck",
                "À vélo aux trois frontières",
                "26.00",
            ),
            (
                "Luxembourg in a Weekend",
                "Luxemburg an einem Wochenende",
                "Luxembourg en un week-end",
                "16.90",
            ),
        ],
    ),
}

DESCRIPTIONS = {
    "en": "<p>{title}: made for {shop} customers. Ask us for advice.</p>",
    "de": "<p>{title}: für die Kundschaft von {shop}. Fragen Sie uns gern um Rat.</p>",
    "fr": "<p>{title} : pour la clientèle de {shop}. Demandez-nous conseil.</p>",
}
LANGUAGES = ("en", "de", "fr")


def seed() -> list[str]:
    """Switch catalog and inventory on for the demo platforms and fill the demo shops
    (unless the app's CATALOG_DEMO_PRODUCTS is false, as in most tests)."""
    enable_demo_modules()
    lines = seed_starter()
    if not setting("demo_products"):
        return lines
    vendors = {
        v.vendor_code: v
        for v in db.session.scalars(
            sa.select(Vendor).where(Vendor.vendor_code.in_(("bakery", "bikes", "books")))
        )
    }
    created = 0
    if "bakery" in vendors:
        created += seed_simple_shop(vendors["bakery"], "BAK", BAKERY)
    if "bikes" in vendors:
        created += seed_bikes(vendors["bikes"])
    if "books" in vendors:
        created += seed_simple_shop(vendors["books"], "BOOK", BOOKS)
    return lines + ([f"Catalog: {created} more demo products with images."] if created else [])


def enable_demo_modules() -> None:
    registry = current_app.extensions["wizamart.registry"]
    for platform_id in db.session.scalars(
        sa.select(Platform.id).where(Platform.code.in_(DEMO_PLATFORMS))
    ):
        for code in DEMO_MODULES:
            if code in registry and not module_service.is_module_enabled(platform_id, code):
                module_service.enable_module(platform_id, code)


def existing_skus(vendor_id: int) -> set[str]:
    """SKUs and lower-case titles the shop has (the starter products included)."""
    skus = set(db.session.scalars(sa.select(Variant.sku).where(Variant.vendor_id == vendor_id)))
    titles = db.session.scalars(sa.select(Product.title).where(Product.vendor_id == vendor_id))
    return skus | {title.lower() for title in titles}


def category(vendor_id: int, names: tuple[str, str, str]) -> Category:
    found = db.session.scalar(
        sa.select(Category).where(Category.vendor_id == vendor_id, Category.name.in_(names))
    )  # named in the shop's default language
    return found or save_category(vendor_id, dict(zip(LANGUAGES, names, strict=True)))


def texts(names: tuple[str, str, str], shop: str) -> dict[str, TextInput]:
    return {
        language: TextInput(
            title=title, description=DESCRIPTIONS[language].format(title=title, shop=shop)
        )
        for language, title in zip(LANGUAGES, names, strict=True)
    }


def add_product(vendor: Vendor, data: ProductInput, colour: str, label: str, shape: int):
    product = create_product(vendor.id, data)
    db.session.flush()
    add_image(product, demo_image(label, colour, shape), alt_text=label)
    return product


def seed_simple_shop(vendor: Vendor, prefix: str, catalog: dict) -> int:
    """One simple product per entry (one variant, no options); each category's first
    is featured on the shop's home page."""
    skus = existing_skus(vendor.id)
    created = 0
    for c_index, (cat_names, (colour, products)) in enumerate(catalog.items()):
        cat = category(vendor.id, cat_names)
        for p_index, (en, de, fr, price) in enumerate(products, 1):
            sku = f"{prefix}-{c_index + 1}{p_index:02d}"
            if sku in skus or en.lower() in skus:
                continue
            data = ProductInput(
                texts=texts((en, de, fr), vendor.name),
                status="active",
                vat_class="super_reduced" if prefix == "BOOK" else "reduced",
                category_ids=[cat.id],
                featured=p_index == 1,
                variants=[VariantInput(sku=sku, price=price)],
            )
            add_product(vendor, data, colour, en, c_index + p_index)
            created += 1
    return created


def seed_bikes(vendor: Vendor) -> int:
    """Bikes with one variant per frame size (each kind's first model featured on the
    shop's home page), and simple accessories."""
    skus = existing_skus(vendor.id)
    created = 0
    for c_index, (cat_names, (colour, kind, models, base)) in enumerate(BIKE_KINDS.items()):
        cat = category(vendor.id, cat_names)
        for m_index, model in enumerate(models):
            code = f"BK-{c_index + 1}{m_index + 1:02d}"
            if f"{code}-S" in skus:
                continue
            number = 100 * (m_index + 3)
            names = tuple(f"{word} {model} {number}" for word in kind)
            price = base + 100 * m_index
            data = ProductInput(
                texts=texts(names, vendor.name),
                status="active",
                category_ids=[cat.id],
                featured=m_index == 0,
                options=[OptionInput("Frame size", list(FRAME_SIZES))],
                variants=[
                    VariantInput(
                        sku=f"{code}-{size}",
                        price=str(price + (50 if size == "XL" else 0)),
                        compare_at_price=str(price + 200) if m_index % 3 == 0 else "",
                        options={"Frame size": size},
                    )
                    for size in FRAME_SIZES
                ],
            )
            add_product(vendor, data, colour, names[0], m_index)
            created += 1
    cat_names, colour, accessories = ACCESSORIES
    cat = category(vendor.id, cat_names)
    for index, (en, de, fr, price) in enumerate(accessories, 1):
        sku = f"ACC-{index:03d}"
        if sku in skus or en.lower() in skus:
            continue
        data = ProductInput(
            texts=texts((en, de, fr), vendor.name),
            status="active",
            category_ids=[cat.id],
            variants=[VariantInput(sku=sku, price=price)],
        )
        add_product(vendor, data, colour, en, index)
        created += 1
    return created


def demo_image(label: str, colour: str, shape: int, size: int = 400) -> bytes:
    """A PNG: a coloured background, a light shape, the label's initials in the middle."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    light = (255, 255, 255, 90)
    overlay = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    margin = size // 6
    box = (margin, margin, size - margin, size - margin)
    kind = shape % 3
    if kind == 0:
        shapes.ellipse(box, fill=light)
    elif kind == 1:
        shapes.rounded_rectangle(box, radius=size // 10, fill=light)
    else:
        shapes.polygon(
            [(size // 2, margin), (size - margin, size - margin), (margin, size - margin)],
            fill=light,
        )
    image.paste(overlay, (0, 0), overlay)
    # Pillow's built-in font has ASCII only: "Bouchée à la reine" is drawn as "BA".
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    initials = "".join(word[0] for word in plain.split() if word[:1].isalnum())[:2].upper()
    font = ImageFont.load_default(size=size // 4)
    draw.text((size // 2, size // 2), initials or "?", fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
