"""A vendor's catalog settings: currency and default language, and its platform."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, g, has_app_context

from modules.catalog.models import CatalogSettings
from modules.tenancy.models import Platform, Vendor
from wizamart.extensions import db
from wizamart.money import Money

DEFAULT_CURRENCY = "EUR"


@dataclass(frozen=True)
class ShopSettings:
    vendor_id: int
    platform_id: int
    currency: str
    default_language: str
    languages: tuple[str, ...]  # default language first

    def money(self, amount) -> Money | None:
        """`amount` (a column value) as Money in the shop's currency; None stays None."""
        return None if amount is None else Money(amount, self.currency)


def shop_settings(vendor_id: int) -> ShopSettings:
    """The vendor's currency (EUR unless set) and default language (its own setting,
    else the platform's default language), in one statement; cached for the request."""
    cache = g.setdefault("catalog_settings", {}) if has_app_context() else {}
    if vendor_id in cache:
        return cache[vendor_id]
    row = db.session.execute(
        sa.select(
            Vendor.platform_id,
            Platform.default_language,
            CatalogSettings.currency,
            CatalogSettings.default_language,
        )
        .join(Platform, Platform.id == Vendor.platform_id)
        .outerjoin(CatalogSettings, CatalogSettings.vendor_id == Vendor.id)
        .where(Vendor.id == vendor_id)
        .execution_options(all_vendors=True)
    ).one()
    platform_id, platform_language, currency, own_language = row
    languages = list(current_app.config["LANGUAGES"])
    default = own_language or platform_language
    if default not in languages:
        default = languages[0]
    ordered = (default, *[code for code in languages if code != default])
    settings = ShopSettings(vendor_id, platform_id, currency or DEFAULT_CURRENCY, default, ordered)
    cache[vendor_id] = settings
    return settings


def forget_settings() -> None:
    if has_app_context():
        g.pop("catalog_settings", None)


#: The currencies a shop may sell in.
CURRENCIES = ("EUR", "CHF", "GBP", "USD", "DKK", "SEK", "NOK", "PLN", "CZK", "HUF")


def save_settings(vendor_id: int, currency: str, default_language: str | None) -> bool:
    """The vendor's currency and default language ("" or None: the platform's); True
    when the default language changed (then `retitle` and announce the variants again).

    Prices are kept as they are: changing the currency relabels them, it converts nothing.
    A default language is refused while a product or category has no title in it.
    """
    from flask_babel import lazy_gettext as _l

    from modules.catalog.exceptions import Problems

    problems = Problems()
    currency = (currency or "").strip().upper()
    if currency not in CURRENCIES:
        problems.add("currency", _l("Pick a currency from the list."))
    language = (default_language or "").strip() or None
    if language is not None and language not in current_app.config["LANGUAGES"]:
        problems.add("default_language", _l("Pick a language from the list."))
    problems.raise_if_any()
    before = shop_settings(vendor_id)
    new_default = language or platform_language(vendor_id)
    if new_default != before.default_language:
        missing = untitled(vendor_id, new_default)
        if missing:
            problems.add(
                "default_language",
                _l(
                    "Products or categories without a title in this language: %(count)d.",
                    count=missing,
                ),
            )
            problems.raise_if_any()
    row = db.session.scalar(
        sa.select(CatalogSettings).where(CatalogSettings.vendor_id == vendor_id)
    )
    if row is None:
        row = CatalogSettings(vendor_id=vendor_id)
        db.session.add(row)
    row.currency = currency
    row.default_language = language
    db.session.flush()
    forget_settings()
    return new_default != before.default_language


def platform_language(vendor_id: int) -> str:
    return db.session.scalar(
        sa.select(Platform.default_language)
        .join(Vendor, Vendor.platform_id == Platform.id)
        .where(Vendor.id == vendor_id)
    )


def untitled(vendor_id: int, language: str) -> int:
    """How many of the vendor's products and categories have no text in `language`."""
    from modules.catalog.models import Category, CategoryText, Product, ProductText

    products = sa.select(sa.func.count(Product.id)).where(
        Product.vendor_id == vendor_id,
        ~sa.select(ProductText.id)
        .where(ProductText.product_id == Product.id, ProductText.language == language)
        .exists(),
    )
    categories = sa.select(sa.func.count(Category.id)).where(
        Category.vendor_id == vendor_id,
        ~sa.select(CategoryText.id)
        .where(CategoryText.category_id == Category.id, CategoryText.language == language)
        .exists(),
    )
    return db.session.scalar(products) + db.session.scalar(categories)


def retitle(vendor_id: int) -> None:
    """Products' and categories' list titles in the (new) default language: 2 statements."""
    from modules.catalog.models import Category, CategoryText, Product, ProductText

    language = shop_settings(vendor_id).default_language
    db.session.execute(
        sa.update(Product)
        .where(Product.vendor_id == vendor_id)
        .values(
            title=sa.select(ProductText.title)
            .where(ProductText.product_id == Product.id, ProductText.language == language)
            .scalar_subquery()
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        sa.update(Category)
        .where(Category.vendor_id == vendor_id)
        .values(
            name=sa.select(CategoryText.name)
            .where(CategoryText.category_id == Category.id, CategoryText.language == language)
            .scalar_subquery()
        )
        .execution_options(synchronize_session=False)
    )
