"""Jobs of the catalog module."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from wizamart.jobs import report_progress


def import_products(token: str, vendor_id: int, done_url: str, language: str) -> dict:
    """Import a checked CSV upload (all rows or none), reporting progress; the result is
    the link the progress widget shows when it is done."""
    from modules.catalog.services.importing import run_import

    with force_locale(language):
        message = _("rows imported")
    report = run_import(token, vendor_id, lambda done, total: report_progress(done, total, message))
    with force_locale(language):
        label = _(
            "Products created: %(created)d, updated: %(updated)d. See the products.",
            created=report.creates,
            updated=report.updates,
        )
    return {"url": done_url, "label": label}


def announce_vendor_variants(platform_id: int, vendor_id: int) -> int:
    """catalog.variant_changed for every variant of one vendor (its titles changed: a new
    default language), in batches."""
    from modules.catalog.services.announce import announce_all_variants

    return announce_all_variants(platform_id, vendor_id=vendor_id)
