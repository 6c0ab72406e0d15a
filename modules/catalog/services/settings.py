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
