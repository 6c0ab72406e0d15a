"""What the catalog does when other modules speak (by event name, importing nothing)."""

from __future__ import annotations

from wizamart.events import subscribe
from wizamart.extensions import db


@subscribe("inventory.stock_changed")
def stock_changed(event):
    """Inventory's figure for a variant: keep catalog's copy (variant and product sum)."""
    from modules.catalog.services.products import apply_stock_changed

    payload = event.payload
    if event.vendor_id is None:
        return
    apply_stock_changed(event.vendor_id, payload.product_id, payload.variant_id, payload.available)
    db.session.commit()


@subscribe("modules.module_enabled", run="job", priority="low")
def announce_variants_to_inventory(event):
    """Inventory was switched on: announce every variant of the platform again, in
    batches, so it can fill its read model."""
    if event.payload.code != "inventory":
        return
    from modules.catalog.services.announce import announce_all_variants

    announce_all_variants(event.platform_id)
