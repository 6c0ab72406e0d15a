"""Catalog's events, by name (inventory does not require catalog): they fill the item
read model, and a stock count typed in catalog's product list becomes an adjustment."""

from __future__ import annotations

import logging

from flask_babel import gettext as _

from modules.inventory.exceptions import InventoryError
from modules.inventory.services import items as item_service
from modules.inventory.services import stock
from wizamart.events import subscribe
from wizamart.extensions import db

log = logging.getLogger(__name__)


@subscribe("catalog.variant_changed")
def variant_changed(event):
    """A variant was created or changed: create or update its item."""
    p = event.payload
    item_service.record_variant(
        platform_id=event.platform_id,
        vendor_id=event.vendor_id,
        product_id=p.product_id,
        variant_id=p.variant_id,
        sku=p.sku,
        title=p.title,
        status=p.status,
    )
    db.session.commit()


@subscribe("catalog.variant_deleted")
def variant_deleted(event):
    """A variant was deleted: its item is marked gone; its history stays."""
    item_service.mark_variant_gone(event.vendor_id, event.payload.variant_id)
    db.session.commit()


@subscribe("catalog.stock_counted")
def stock_counted(event):
    """A vendor typed a stock count in catalog's product list: on hand at the default
    location becomes that number (a "count" adjustment by the user who typed it)."""
    p = event.payload
    item = item_service.item_for_variant(event.vendor_id, p.variant_id)
    if item is None:  # the count came before the variant's own event: sku and title follow
        item = item_service.record_variant(
            platform_id=event.platform_id,
            vendor_id=event.vendor_id,
            product_id=p.product_id,
            variant_id=p.variant_id,
            sku="",
            title="",
            status="active",
        )
    location = item_service.default_location(event.vendor_id)
    try:
        stock.set_count(
            item, location, p.on_hand, stock.Actor(p.user_id, p.user_email), note=_("Stock count")
        )
    except InventoryError as exc:
        # e.g. below what carts hold: nothing changes, no stock_changed goes back, and
        # catalog's cell says the count did not arrive
        db.session.rollback()
        log.warning("stock count of variant %s refused: %s", p.variant_id, exc)
        return
    db.session.commit()
