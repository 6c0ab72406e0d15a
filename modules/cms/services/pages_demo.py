"""Demo pages: each demo shop's about page and its imprint, terms and privacy pages
(bakery's in English, German and French), all published, and an about block on the
platform Main's home page. Idempotent: a page that exists is left alone, and a page is
published only if it never was."""

from __future__ import annotations

import sqlalchemy as sa

from modules.cms.models import Page, PageRole
from modules.cms.services.owners import Owner
from modules.cms.services.pages import PageInput, TextInput, publish, save_page
from modules.cms.services.pages_templates import create_default_pages
from modules.tenancy.models import Platform, Vendor
from wizamart.extensions import db

ABOUT = {
    ("main", "bakery"): {
        "en": (
            "About us",
            "<p>Boulangerie Bakery has baked bread in the heart of the city since 1952: "
            "sourdough loaves, croissants in the morning and cakes for every feast.</p>"
            "<h2>Our flour</h2><p>We buy it from two mills of the region, stone-ground.</p>"
            "<ul><li>Sourdough fed every day</li><li>No additives</li>"
            "<li>Baked before sunrise</li></ul>",
        ),
        "de": (
            "Über uns",
            "<p>Die Boulangerie Bakery backt seit 1952 Brot im Herzen der Stadt: "
            "Sauerteiglaibe, Croissants am Morgen und Kuchen für jedes Fest.</p>"
            "<h2>Unser Mehl</h2><p>Wir kaufen es bei zwei Mühlen der Region, steingemahlen.</p>"
            "<ul><li>Täglich gefütterter Sauerteig</li><li>Keine Zusatzstoffe</li>"
            "<li>Gebacken vor Sonnenaufgang</li></ul>",
        ),
        "fr": (
            "À propos",
            "<p>La Boulangerie Bakery fait du pain au cœur de la ville depuis 1952 : pains au "
            "levain, croissants le matin et gâteaux pour toutes les fêtes.</p>"
            "<h2>Notre farine</h2><p>Elle vient de deux moulins de la région, moulue à la "
            "meule de pierre.</p>"
            "<ul><li>Levain nourri chaque jour</li><li>Sans additifs</li>"
            "<li>Cuit avant le lever du soleil</li></ul>",
        ),
    },
    ("main", "bikes"): {
        "en": (
            "About us",
            "<p>Bikes &amp; Co sells and repairs bicycles for the city and the hills: "
            "commuter bikes, e-bikes and everything to keep them rolling.</p>"
            "<h2>Workshop</h2><p>Bring your bike in any weekday; most repairs are done the "
            "same day.</p>",
        ),
    },
    ("oms", "books"): {
        "fr": (
            "À propos",
            "<p>Books Corner est une petite librairie indépendante : romans, bandes dessinées "
            "et livres pour enfants, choisis un par un.</p>",
        ),
        "en": (
            "About us",
            "<p>Books Corner is a small independent bookshop: novels, comics and children's "
            "books, picked one by one.</p>",
        ),
    },
}

PLATFORM_ABOUT = {
    "main": {
        "en": (
            "Welcome to Wizamart Main",
            "<p>Local shops under one roof: bread from the bakery, bikes from the workshop. "
            "Pick a shop below and start browsing.</p>",
        ),
        "de": (
            "Willkommen bei Wizamart Main",
            "<p>Lokale Geschäfte unter einem Dach: Brot aus der Bäckerei, Fahrräder aus der "
            "Werkstatt. Wählen Sie unten einen Shop.</p>",
        ),
        "fr": (
            "Bienvenue sur Wizamart Main",
            "<p>Des commerces locaux sous un même toit : le pain de la boulangerie, les vélos "
            "de l'atelier. Choisissez une boutique ci-dessous.</p>",
        ),
    },
}

DEMO_ROLES = (PageRole.ABOUT, PageRole.IMPRINT, PageRole.TERMS, PageRole.PRIVACY)


def texts_of(given: dict) -> dict[str, TextInput]:
    return {lang: TextInput(title=title, body=body) for lang, (title, body) in given.items()}


def role_page(owner: Owner, role: PageRole) -> Page | None:
    return db.session.scalar(sa.select(Page).where(owner.where(Page), Page.role == role.value))


def publish_if_never(page: Page | None) -> None:
    if page is not None and page.published_at is None:
        publish(page)


def seed() -> list[str]:
    for (platform_code, code), texts in ABOUT.items():
        vendor = db.session.scalar(
            sa.select(Vendor)
            .join(Platform, Platform.id == Vendor.platform_id)
            .where(Platform.code == platform_code, Vendor.vendor_code == code)
        )
        if vendor is None:
            continue
        owner = Owner.of_vendor(vendor)
        create_default_pages(vendor.id)  # the legal drafts, when the event has not made them
        if role_page(owner, PageRole.ABOUT) is None:
            save_page(owner, None, PageInput(texts=texts_of(texts), role=PageRole.ABOUT.value))
        for role in DEMO_ROLES:
            publish_if_never(role_page(owner, role))
    for platform_code, texts in PLATFORM_ABOUT.items():
        code_is = Platform.code == platform_code
        platform_id = db.session.scalar(sa.select(Platform.id).where(code_is))
        if platform_id is None:
            continue
        owner = Owner(platform_id)
        if role_page(owner, PageRole.ABOUT) is None:
            data = PageInput(
                texts=texts_of(texts), role=PageRole.ABOUT.value, on_home=True, position=1
            )
            save_page(owner, None, data)
        publish_if_never(role_page(owner, PageRole.ABOUT))
    db.session.flush()
    return []
