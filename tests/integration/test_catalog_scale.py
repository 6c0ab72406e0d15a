"""The catalog at scale and with its neighbours: statements per product-list page do not
grow with the number of products; inventory's events update catalog's stock copy;
switching inventory on announces every variant again (a job, in batches)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from modules.catalog.models import Image, Product, ProductText, Variant
from modules.catalog.services.announce import announce_all_variants
from modules.tenancy.models import Vendor
from tests.conftest import main_id
from wizamart.events import Event, _signals
from wizamart.extensions import db

LIST = "/vendor/bakery/catalog/products"


def vendor_id(code: str) -> int:
    return db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == code))


def add_products(app, count: int, vendor: str = "bakery", start: int = 0) -> None:
    """`count` products with one variant and one image each, written in bulk."""
    with app.app_context():
        vid = vendor_id(vendor)
        now = datetime.now(UTC)
        products = [
            {
                "vendor_id": vid,
                "status": "active",
                "vat_class": "standard",
                "title": f"Product {n:05d}",
                "price": Decimal("1.50") + n,
                "created_at": now,
                "updated_at": now - timedelta(seconds=n),
            }
            for n in range(start, start + count)
        ]
        db.session.execute(sa.insert(Product), products)
        ids = db.session.scalars(
            sa.select(Product.id).where(Product.vendor_id == vid).order_by(Product.id)
        ).all()[-count:]
        db.session.execute(
            sa.insert(ProductText),
            [
                {"vendor_id": vid, "product_id": pid, "language": "en", "title": f"P{pid}",
                 "slug": f"p-{pid}", "description": "", "seo_title": "", "seo_description": ""}
                for pid in ids
            ],
        )  # fmt: skip
        db.session.execute(
            sa.insert(Variant),
            [
                {"vendor_id": vid, "product_id": pid, "sku": f"SKU-{pid}", "price": Decimal("2"),
                 "options": {}, "position": 0, "created_at": now, "updated_at": now}
                for pid in ids
            ],
        )  # fmt: skip
        db.session.execute(
            sa.insert(Image),
            [
                {"vendor_id": vid, "product_id": pid, "storage_key": f"x/{pid}/original.webp",
                 "renditions": {"thumb": f"x/{pid}/thumb.webp"}, "alt_text": "", "position": 1,
                 "width": 10, "height": 10, "created_at": now}
                for pid in ids
            ],
        )  # fmt: skip
        db.session.commit()


@contextmanager
def counting(app):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def statements_for(app, client, url: str) -> int:
    client.get(url)  # warm caches (module state, translations)
    with counting(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(statements)


def next_page(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")


def test_product_list_statements_do_not_grow_with_products(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    add_products(demo, 60)
    urls = [LIST, f"{LIST}?sort=price", f"{LIST}?q=Product&status=active", f"{LIST}?sort=-title"]
    urls.append(next_page(client, f"{LIST}?sort=price"))  # a second page (keyset cursor)
    small = [statements_for(demo, client, url) for url in urls]
    add_products(demo, 950, start=60)
    large = [statements_for(demo, client, url) for url in urls]
    assert small == large
    html = client.get(f"{LIST}?per_page=100").get_data(as_text=True)
    assert html.count('data-product="') == 100


def test_keyset_pages_walk_the_whole_list_once(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    add_products(demo, 60)

    seen: list[str] = []
    url = f"{LIST}?sort=price&per_page=25"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r'data-product="(\d+)"', html)
        match = re.search(r'rel="next" href="([^"]+)"', html)
        url = match.group(1).replace("&amp;", "&") if match else None
    assert len(seen) == len(set(seen)) == 60 + 5  # the demo's five bakery products


@contextmanager
def recorded(name):
    seen = []

    def receiver(event):
        seen.append(event)

    _signals.signal(name).connect(receiver)
    try:
        yield seen
    finally:
        _signals.signal(name).disconnect(receiver)


def stock_event(app, vendor, product_id, variant_id, available):
    return Event(
        "inventory.stock_changed",
        _payload(product_id, variant_id, available),
        main_id(app),
        vendor,
    )


def _payload(product_id, variant_id, available):
    from pydantic import BaseModel

    class StockChanged(BaseModel):  # inventory's payload, as its handler would receive it
        product_id: int
        variant_id: int
        on_hand: int
        reserved: int
        available: int

    return StockChanged(
        product_id=product_id, variant_id=variant_id, on_hand=available, reserved=0,
        available=available,
    )  # fmt: skip


def test_inventory_stock_changed_updates_the_read_model(demo):
    from modules.catalog.subscribers import stock_changed

    with demo.test_request_context():
        bakery = vendor_id("bakery")
        product = db.session.scalar(sa.select(Product).where(Product.title == "Croissant"))
        small, large = product.variants
        stock_changed(stock_event(demo, bakery, product.id, small.id, 12))
        stock_changed(stock_event(demo, bakery, product.id, large.id, 3))
        db.session.expire_all()
        assert db.session.get(Product, product.id).stock_available == 15
        assert db.session.get(Variant, small.id).stock_available == 12
        # Another vendor's event naming this variant changes nothing.
        stock_changed(stock_event(demo, vendor_id("bikes"), product.id, small.id, 99))
        db.session.expire_all()
        assert db.session.get(Variant, small.id).stock_available == 12


def test_announcing_every_variant_of_the_platform_in_batches(demo):
    with demo.app_context(), recorded("catalog.variant_changed") as seen:
        count = announce_all_variants(main_id(demo), batch=3)
        expected = db.session.scalar(sa.select(sa.func.count()).select_from(Variant))
    assert count == expected == len(seen)
    croissant = [e.payload.title for e in seen if e.payload.sku.startswith("BAK-CRO")]
    assert croissant == ["Croissant – Small", "Croissant – Large"]
    assert all(e.platform_id == main_id(demo) for e in seen)


@pytest.mark.parametrize("code", ["inventory", "cart"])
def test_module_enabled_handler_only_reacts_to_inventory(demo, code):
    from modules.catalog.subscribers import announce_variants_to_inventory
    from wizamart.events import declaration_of

    schema = declaration_of("modules.module_enabled").schema
    with demo.app_context(), recorded("catalog.variant_changed") as seen:
        announce_variants_to_inventory(
            Event("modules.module_enabled", schema(code=code), main_id(demo), None)
        )
    assert bool(seen) == (code == "inventory")


def test_inventory_switched_on_announces_variants_in_an_rq_job(demo, make_app, redis_url,
                                                               redis_prefix):  # fmt: skip
    """With Redis the announcement is a job: queued at the event, run by a worker."""
    from rq import Queue

    from tests.conftest import run_worker
    from wizamart.events import publish
    from wizamart.jobs.queue import queue_name

    app = make_app(redis_url=redis_url, redis_prefix=redis_prefix)
    with app.app_context(), recorded("catalog.variant_changed") as seen:
        publish("modules.module_enabled", platform_id=main_id(app), code="inventory")
        db.session.commit()
        queue = Queue(queue_name("low"), connection=app.extensions["wizamart.redis"])
        [job] = queue.jobs
        assert job.meta["module"] == "catalog"
        assert seen == []  # queued, not run
        run_worker(app)
        expected = db.session.scalar(sa.select(sa.func.count()).select_from(Variant))
        assert job.get_status(refresh=True) == "finished"
    assert len(seen) == expected > 0
