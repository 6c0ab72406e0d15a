"""Inventory's lists at scale: statements per page do not grow with the number of items
(or of adjustments in an item's history), and keyset pages walk a list once."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from modules.inventory.models import Adjustment, Item, Level, Location
from modules.inventory.services import items as item_service
from modules.tenancy.models import Vendor
from tests.integration.test_catalog_scale import counting
from wizamart.extensions import db

BASE = "/vendor/bakery/inventory"


def add_items(app, count: int, start: int = 0) -> int:
    """`count` bakery items stocked at two locations, with one adjustment each, in bulk;
    the id of the first item."""
    with app.app_context():
        vendor = db.session.scalars(sa.select(Vendor).where(Vendor.vendor_code == "bakery")).one()
        main = item_service.default_location(vendor.id)
        depot = db.session.scalar(sa.select(Location).where(Location.code == "depot"))
        if depot is None:
            depot = item_service.add_location(vendor.id, "Depot", "depot")
        now = datetime.now(UTC)
        db.session.execute(
            sa.insert(Item),
            [
                {"platform_id": vendor.platform_id, "vendor_id": vendor.id,
                 "variant_id": 100_000 + n, "product_id": 100_000 + n, "sku": f"S-{n:05d}",
                 "title": f"Item {n:05d}", "status": "active",
                 "low_stock_threshold": 5 if n % 3 == 0 else None, "created_at": now}
                for n in range(start, start + count)
            ],
        )  # fmt: skip
        ids = db.session.scalars(
            sa.select(Item.id).where(Item.variant_id >= 100_000 + start).order_by(Item.id)
        ).all()[:count]
        for location, on_hand in ((main, 4), (depot, 3)):
            db.session.execute(
                sa.insert(Level),
                [{"vendor_id": vendor.id, "item_id": i, "location_id": location.id,
                  "on_hand": on_hand, "reserved": 1} for i in ids],
            )  # fmt: skip
        db.session.execute(
            sa.insert(Adjustment),
            [{"vendor_id": vendor.id, "item_id": i, "location_id": main.id, "delta": 4,
              "on_hand_after": 4, "reason": "received", "note": "", "created_at": now}
             for i in ids],
        )  # fmt: skip
        db.session.commit()
        return ids[0]


def add_history(app, item_id: int, count: int) -> None:
    with app.app_context():
        item = db.session.get(Item, item_id)
        main = item_service.default_location(item.vendor_id)
        now = datetime.now(UTC)
        db.session.execute(
            sa.insert(Adjustment),
            [{"vendor_id": item.vendor_id, "item_id": item_id, "location_id": main.id,
              "delta": 1, "on_hand_after": n, "reason": "correction", "note": f"n{n}",
              "created_at": now} for n in range(count)],
        )  # fmt: skip
        db.session.commit()


def statements_for(app, client, url: str) -> int:
    client.get(url)  # warm caches (module state, translations)
    with counting(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(statements)


def next_url(html: str) -> str | None:
    match = re.search(r'rel="next" href="([^"]+)"', html)
    return match.group(1).replace("&amp;", "&") if match else None


def test_stock_pages_cost_the_same_for_10_and_1000_items(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    first = add_items(demo, 10)
    with demo.app_context():
        depot = db.session.scalar(sa.select(Location.id).where(Location.code == "depot"))
    urls = [
        f"{BASE}/",
        f"{BASE}/?stock=low",
        f"{BASE}/?q=Item&location={depot}",
        f"{BASE}/?sort=-available",
        f"{BASE}/low-stock",
        f"{BASE}/items/{first}",
    ]
    small = [statements_for(demo, client, url) for url in urls]
    add_items(demo, 990, start=10)
    add_history(demo, first, 990)
    large = [statements_for(demo, client, url) for url in urls]
    assert small == large
    html = client.get(f"{BASE}/?per_page=100").get_data(as_text=True)
    assert html.count('data-item="') == 100
    assert 'data-col="on_hand">7<' in html and 'data-col="reserved">2<' in html
    html = client.get(f"{BASE}/items/{first}").get_data(as_text=True)
    assert html.count('data-adjustment="') == 25 and next_url(html)


def test_keyset_pages_walk_the_stock_list_once(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    add_items(demo, 60)
    seen: list[str] = []
    url = f"{BASE}/?sort=-available&per_page=25"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r'data-item="(\d+)"', html)
        url = next_url(html)
    with demo.app_context():
        total = db.session.scalar(sa.select(sa.func.count(Item.id)).where(Item.vendor_id == 1))
    assert len(seen) == len(set(seen)) == total
