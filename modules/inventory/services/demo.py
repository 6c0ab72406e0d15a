"""Demo stock: two locations per demo shop (the shop's main location and a warehouse)
and a count at each for every item the catalog announced. Runs after the catalog's demo
(`flask demo seed` commits each module's demo, so catalog's events have made the items).

Idempotent: an item that has any adjustment is left as it is.
"""

from __future__ import annotations

import sqlalchemy as sa

from modules.inventory.models import Adjustment, Item, Location
from modules.inventory.services.items import add_location, default_location
from modules.inventory.services.stock import set_count
from modules.tenancy.models import Vendor
from wizamart.extensions import db

DEMO_SHOPS = ("bakery", "bikes", "books")
WAREHOUSE = "warehouse"


def seed() -> list[str]:
    counted = 0
    for vendor in db.session.scalars(sa.select(Vendor).where(Vendor.vendor_code.in_(DEMO_SHOPS))):
        items = db.session.scalars(
            sa.select(Item)
            .where(
                Item.vendor_id == vendor.id,
                Item.gone_at.is_(None),
                ~sa.exists().where(Adjustment.item_id == Item.id),
            )
            .order_by(Item.id)
        ).all()
        if not items:
            continue
        shop = default_location(vendor.id)
        warehouse = db.session.scalar(
            sa.select(Location).where(Location.vendor_id == vendor.id, Location.code == WAREHOUSE)
        ) or add_location(vendor.id, "Warehouse", WAREHOUSE)
        for n, item in enumerate(items):
            set_count(item, shop, (n * 7) % 23, note="Demo")  # some at 0: out of stock
            set_count(item, warehouse, (n * 13) % 61, note="Demo")
            counted += 1
    return (
        [f"Inventory: stock counted for {counted} demo items in two locations."] if counted else []
    )
