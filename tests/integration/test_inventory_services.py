"""Inventory's services against a real database: stock never negative, reserved never
above on hand, every change an adjustment, reservations replayable and expiring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from modules.inventory.exceptions import InvalidInput, NotEnoughStock
from modules.inventory.models import Adjustment, Item, Level, Reservation
from modules.inventory.services import items as item_service
from modules.inventory.services import reservations, stock
from modules.inventory.services.stock import Actor
from wizamart.events import _signals
from wizamart.extensions import db

USER = Actor(7, "owner@bakery.test")


def vendor_ids(app) -> dict[str, tuple[int, int]]:
    """vendor code -> (platform id, vendor id) of the demo vendors."""
    rows = db.session.execute(sa.text("SELECT vendor_code, platform_id, id FROM tenancy_vendor"))
    return {code: (platform_id, vendor_id) for code, platform_id, vendor_id in rows}


def make_item(vendor: tuple[int, int], variant_id: int, sku: str = "", threshold=None) -> Item:
    platform_id, vendor_id = vendor
    item = item_service.record_variant(
        platform_id=platform_id,
        vendor_id=vendor_id,
        product_id=variant_id * 10,
        variant_id=variant_id,
        sku=sku or f"SKU-{variant_id}",
        title=f"Product {variant_id}",
        status="active",
    )
    item.low_stock_threshold = threshold
    db.session.commit()
    return item


@pytest.fixture
def ctx(demo):
    with demo.app_context():
        yield vendor_ids(demo)


@pytest.fixture
def events():
    """Events delivered (after commit) on inventory's two names, in order."""
    seen = []

    def record(event):
        seen.append((event.name, event.payload.model_dump()))

    signals = [_signals.signal(n) for n in ("inventory.stock_changed", "inventory.stock_low")]
    for signal in signals:
        signal.connect(record)
    yield seen
    for signal in signals:
        signal.disconnect(record)


def level(item: Item, location) -> tuple[int, int]:
    return db.session.execute(
        sa.select(Level.on_hand, Level.reserved).where(
            Level.item_id == item.id, Level.location_id == location.id
        )
    ).one()


def test_an_adjustment_changes_on_hand_and_is_recorded_with_reason_and_user(ctx, events):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 12, "received", USER, note="Delivery 42")
    stock.adjust(item, main, -2, "damaged", USER)
    db.session.commit()
    assert level(item, main) == (10, 0)
    history = db.session.scalars(sa.select(Adjustment).order_by(Adjustment.id)).all()
    assert [(a.delta, a.on_hand_after, a.reason, a.user_email) for a in history] == [
        (12, 12, "received", "owner@bakery.test"),
        (-2, 10, "damaged", "owner@bakery.test"),
    ]
    assert history[0].note == "Delivery 42"
    assert events[-1] == (
        "inventory.stock_changed",
        {"product_id": 10, "variant_id": 1, "on_hand": 10, "reserved": 0, "available": 10},
    )


def test_stock_never_goes_below_zero_and_a_refusal_writes_nothing(ctx, events):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 3, "received", USER)
    db.session.commit()
    events.clear()
    with pytest.raises(NotEnoughStock, match="3 on hand"):
        stock.adjust(item, main, -4, "lost", USER)
    db.session.rollback()
    assert level(item, main) == (3, 0)
    assert db.session.scalar(sa.select(sa.func.count(Adjustment.id))) == 1
    assert events == []


def test_the_database_refuses_negative_stock_and_reserved_above_on_hand(ctx):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 2, "received", USER)
    db.session.commit()
    for values in ({"on_hand": -1}, {"reserved": 3}, {"reserved": -1}):
        with pytest.raises(IntegrityError):
            db.session.execute(sa.update(Level).where(Level.item_id == item.id).values(**values))
        db.session.rollback()


def test_on_hand_cannot_drop_below_what_is_reserved(ctx):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 5, "received", USER)
    reservations.reserve(item.vendor_id, {item.id: 4}, "cart-1", timedelta(minutes=15))
    db.session.commit()
    with pytest.raises(NotEnoughStock, match="4 of them reserved"):
        stock.adjust(item, main, -2, "lost", USER)
    db.session.rollback()
    with pytest.raises(NotEnoughStock):
        stock.set_count(item, main, 3, USER)
    db.session.rollback()
    assert level(item, main) == (5, 4)
    assert stock.availability(item.id) == 1


def test_a_count_is_an_adjustment_by_the_difference(ctx):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 8, "received", USER)
    counted = stock.set_count(item, main, 5, USER)
    confirmed = stock.set_count(item, main, 5, USER)
    db.session.commit()
    assert (counted.delta, counted.on_hand_after, counted.reason) == (-3, 5, "count")
    assert (confirmed.delta, confirmed.on_hand_after) == (0, 5)


def test_a_transfer_moves_stock_between_locations_and_keeps_the_total(ctx, events):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    shop = item_service.add_location(item.vendor_id, "Shop window", "window")
    stock.adjust(item, main, 10, "received", USER)
    out, into = stock.transfer(item, main, shop, 4, USER)
    db.session.commit()
    assert level(item, main) == (6, 0) and level(item, shop) == (4, 0)
    assert (out.reason, out.delta, into.reason, into.delta) == (
        "transfer_out",
        -4,
        "transfer_in",
        4,
    )
    assert events[-1][1]["on_hand"] == 10
    with pytest.raises(NotEnoughStock):
        stock.transfer(item, shop, main, 5, USER)
    db.session.rollback()
    with pytest.raises(InvalidInput):
        stock.transfer(item, shop, shop, 1, USER)


def test_another_vendors_location_is_refused(ctx):
    item = make_item(ctx["bakery"], 1)
    bikes_main = item_service.default_location(ctx["bikes"][1])
    with pytest.raises(InvalidInput):
        stock.adjust(item, bikes_main, 1, "received", USER)


@pytest.mark.parametrize("delta", [0, 10**9 + 1, -(10**23), True, "3", 2.5])
def test_bad_quantities_are_refused_with_a_message(ctx, delta):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    with pytest.raises(InvalidInput) as refused:
        stock.adjust(item, main, delta, "received", USER)
    assert refused.value.errors["delta"]


def test_stock_low_is_published_when_available_falls_to_the_threshold(ctx, events):
    item = make_item(ctx["bakery"], 1, threshold=3)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 10, "received", USER)
    db.session.commit()
    stock.adjust(item, main, -6, "correction", USER)  # 4: above
    db.session.commit()
    assert [n for n, _ in events] == ["inventory.stock_changed"] * 2
    stock.adjust(item, main, -1, "correction", USER)  # 3: at the threshold
    db.session.commit()
    stock.adjust(item, main, -1, "correction", USER)  # 2: already low, not again
    db.session.commit()
    low = [p for n, p in events if n == "inventory.stock_low"]
    assert low == [{"product_id": 10, "variant_id": 1, "available": 3, "threshold": 3}]


def test_a_reservation_is_all_or_nothing(ctx):
    a = make_item(ctx["bakery"], 1)
    b = make_item(ctx["bakery"], 2)
    main = item_service.default_location(a.vendor_id)
    stock.adjust(a, main, 5, "received", USER)
    stock.adjust(b, main, 1, "received", USER)
    db.session.commit()
    with pytest.raises(NotEnoughStock, match="SKU-2"):
        reservations.reserve(a.vendor_id, {a.id: 2, b.id: 2}, "cart-9", timedelta(minutes=5))
    db.session.commit()
    assert level(a, main) == (5, 0) and level(b, main) == (1, 0)
    assert db.session.scalar(sa.select(sa.func.count(Reservation.id))) == 0


def test_replaying_a_reservation_is_a_no_op(ctx, events):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 5, "received", USER)
    first = reservations.reserve(item.vendor_id, {item.id: 2}, "order-1", timedelta(minutes=5))
    db.session.commit()
    events.clear()
    again = reservations.reserve(item.vendor_id, {item.id: 2}, "order-1", timedelta(minutes=5))
    db.session.commit()
    assert [r.id for r in again] == [r.id for r in first]
    assert level(item, main) == (5, 2)
    assert events == []


def test_a_reservation_takes_a_location_that_has_enough(ctx):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    store = item_service.add_location(item.vendor_id, "Store", "store")
    stock.adjust(item, main, 1, "received", USER)
    stock.adjust(item, store, 3, "received", USER)
    (held,) = reservations.reserve(item.vendor_id, {item.id: 2}, "c", timedelta(minutes=5))
    db.session.commit()
    assert held.location_id == store.id
    assert level(item, store) == (3, 2)


def test_release_and_commit_happen_once(ctx):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 5, "received", USER)
    reservations.reserve(item.vendor_id, {item.id: 2}, "cart", timedelta(minutes=5))
    reservations.reserve(item.vendor_id, {item.id: 1}, "order", timedelta(minutes=5))
    db.session.commit()
    assert reservations.release(item.vendor_id, "cart") == 1
    assert reservations.release(item.vendor_id, "cart") == 0
    assert level(item, main) == (5, 1)
    assert reservations.commit(item.vendor_id, "order", USER) == 1
    assert reservations.commit(item.vendor_id, "order", USER) == 0
    db.session.commit()
    assert level(item, main) == (4, 0)
    shipped = db.session.scalars(sa.select(Adjustment).where(Adjustment.reason == "shipped")).one()
    assert (shipped.delta, shipped.on_hand_after, shipped.reference) == (-1, 4, "order")


def test_expiry_releases_only_reservations_past_their_time(ctx):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 5, "received", USER)
    now = datetime.now(UTC)
    reservations.reserve(item.vendor_id, {item.id: 2}, "old", timedelta(minutes=5), now=now)
    reservations.reserve(item.vendor_id, {item.id: 1}, "new", timedelta(hours=1), now=now)
    db.session.commit()
    assert reservations.expire(now=now + timedelta(minutes=10)) == 1
    assert reservations.expire(now=now + timedelta(minutes=10)) == 0
    assert level(item, main) == (5, 1)
    states = dict(db.session.execute(sa.select(Reservation.reference, Reservation.state)).all())
    assert states == {"old": "expired", "new": "active"}


def test_one_default_location_per_vendor_made_on_first_use(ctx):
    vendor_id = ctx["bakery"][1]
    first = item_service.default_location(vendor_id)
    assert item_service.default_location(vendor_id).id == first.id
    other = item_service.add_location(vendor_id, "Depot", "depot")
    item_service.set_default(other)
    db.session.commit()
    defaults = [loc.code for loc in item_service.locations(vendor_id) if loc.is_default]
    assert defaults == ["depot"]
    with pytest.raises(IntegrityError):
        db.session.execute(sa.text("UPDATE inventory_location SET is_default = true"))
    db.session.rollback()


def test_a_deleted_variant_is_marked_gone_and_keeps_its_history(ctx):
    item = make_item(ctx["bakery"], 1)
    main = item_service.default_location(item.vendor_id)
    stock.adjust(item, main, 5, "received", USER)
    item_service.mark_variant_gone(item.vendor_id, 1)
    db.session.commit()
    db.session.refresh(item)
    assert item.gone_at is not None
    assert db.session.scalar(sa.select(sa.func.count(Adjustment.id))) == 1
