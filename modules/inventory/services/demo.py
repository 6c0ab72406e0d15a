"""Demo stock: a second location (a warehouse) per shop and a count at both locations for
every item the catalog's demo announced. Runs after the catalog's demo (`flask demo seed`
commits each module's demo, so catalog's events have made the items by then).

Only shops without any stock history are touched (a shop with an adjustment is real, or
seeded already), so running it again changes nothing.
"""

from __future__ import annotations

import sqlalchemy as sa

from modules.inventory.models import Adjustment, Item, Location
from modules.inventory.services.items import add_location, default_location
from modules.inventory.services.stock import set_count
from wizamart.extensions import db

WAREHOUSE = "warehouse"


def seed() -> list[str]:
    vendor_ids = db.session.scalars(
        sa.select(Item.vendor_id)
        .where(~sa.exists().where(Adjustment.vendor_id == Item.vendor_id))
        .distinct()
        .order_by(Item.vendor_id)
    ).all()
    counted = 0
    for vendor_id in vendor_ids:
        items = db.session.scalars(
            sa.select(Item)
            .where(Item.vendor_id == vendor_id, Item.gone_at.is_(None))
            .order_by(Item.id)
        ).all()
        shop = default_location(vendor_id)
        warehouse = db.session.scalar(
            sa.select(Location).where(Location.vendor_id == vendor_id, Location.code == WAREHOUSE)
        ) or add_location(vendor_id, "Warehouse", WAREHOUSE)
        for n, item in enumerate(items):
            set_count(item, shop, (n * 7) % 23, note="Demo")  # some at 0: out of stock
            set_count(item, warehouse, (n * 13) % 61, note="Demo")
            counted += 1
    return (
        [f"Inventory: stock counted for {counted} demo items in two locations."] if counted else []
    )
