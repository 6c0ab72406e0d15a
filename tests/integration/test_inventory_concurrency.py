"""20 requests adjusting the same stock at once, each on its own connection: no lost
update, never negative, and the first adjustments of an item (no level row yet) do not
trip over each other."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from modules.inventory.exceptions import NotEnoughStock
from modules.inventory.models import Adjustment, Level
from modules.inventory.services import items as item_service
from modules.inventory.services import stock
from modules.inventory.services.stock import Actor
from tests.conftest import POSTGRES_URL
from tests.integration.test_inventory_services import make_item, vendor_ids
from wizamart.extensions import db

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="row locks under concurrency: PostgreSQL"),
]
WORKERS = 20


def run_at_once(app, item_id: int, location_id: int, deltas: list[int]) -> list[str]:
    """Each delta in its own thread, app context, session and connection, all released
    together; what each got ("ok" or "refused")."""
    barrier = threading.Barrier(len(deltas))
    outcome: list[str] = [""] * len(deltas)

    def work(n: int, delta: int) -> None:
        barrier.wait()  # before any connection is taken: the pool holds 15 (5 + 10 overflow)
        with app.app_context():
            try:
                item = db.session.get(stock.Item, item_id)
                location = db.session.get(stock.Location, location_id)
                stock.adjust(item, location, delta, "correction", Actor(n, f"u{n}@x.test"))
                db.session.commit()
                outcome[n] = "ok"
            except NotEnoughStock:
                db.session.rollback()
                outcome[n] = "refused"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(n, d)) for n, d in enumerate(deltas)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


@pytest.fixture
def item_and_location(demo):
    with demo.app_context():
        item = make_item(vendor_ids(demo)["bakery"], 1)
        location = item_service.default_location(item.vendor_id)
        db.session.commit()
        yield item.id, location.id


def on_hand_and_history(app, item_id):
    with app.app_context():
        on_hand = db.session.scalar(sa.select(Level.on_hand).where(Level.item_id == item_id))
        afters = db.session.scalars(
            sa.select(Adjustment.on_hand_after).where(Adjustment.item_id == item_id)
        ).all()
        return on_hand, sorted(afters)


def test_twenty_first_receipts_at_once_are_all_counted(demo, item_and_location):
    item_id, location_id = item_and_location
    outcome = run_at_once(demo, item_id, location_id, [1] * WORKERS)
    assert outcome == ["ok"] * WORKERS
    on_hand, afters = on_hand_and_history(demo, item_id)
    assert on_hand == WORKERS
    assert afters == list(range(1, WORKERS + 1))  # each saw the one before it: no lost update


def test_twenty_takes_at_once_never_go_below_zero(demo, item_and_location):
    item_id, location_id = item_and_location
    run_at_once(demo, item_id, location_id, [7])
    outcome = run_at_once(demo, item_id, location_id, [-1] * WORKERS)
    assert outcome.count("ok") == 7 and outcome.count("refused") == WORKERS - 7
    on_hand, afters = on_hand_and_history(demo, item_id)
    assert on_hand == 0
    assert afters == list(range(0, 8))


def test_twenty_mixed_adjustments_at_once_add_up(demo, item_and_location):
    item_id, location_id = item_and_location
    run_at_once(demo, item_id, location_id, [5])
    deltas = [3, -2] * (WORKERS // 2)  # +10 in all; a take may find too little and be refused
    outcome = run_at_once(demo, item_id, location_id, deltas)
    applied = sum(d for d, o in zip(deltas, outcome, strict=True) if o == "ok")
    on_hand, afters = on_hand_and_history(demo, item_id)
    assert on_hand == 5 + applied >= 0
    assert min(afters) >= 0 and len(afters) == 1 + outcome.count("ok")


def at_once(count: int, work) -> list[str]:
    """`work(n)` in `count` threads released together; each returns its outcome."""
    barrier = threading.Barrier(count)
    outcome: list[str] = [""] * count

    def run(n: int) -> None:
        barrier.wait()
        outcome[n] = work(n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def test_twenty_carts_reserving_at_once_never_hold_more_than_there_is(demo, item_and_location):
    from datetime import timedelta

    from modules.inventory.models import Reservation
    from modules.inventory.services import reservations

    item_id, location_id = item_and_location
    run_at_once(demo, item_id, location_id, [7])

    def reserve(n: int) -> str:
        with demo.app_context():
            try:
                item = db.session.get(stock.Item, item_id)
                reservations.reserve(item.vendor_id, {item_id: 1}, f"cart-{n}", timedelta(hours=1))
                db.session.commit()
                return "ok"
            except NotEnoughStock:
                db.session.rollback()
                return "refused"
            finally:
                db.session.remove()

    outcome = at_once(WORKERS, reserve)
    assert outcome.count("ok") == 7
    with demo.app_context():
        level = db.session.execute(sa.select(Level.on_hand, Level.reserved)).one()
        assert tuple(level) == (7, 7)
        assert db.session.scalar(sa.select(sa.func.count(Reservation.id))) == 7


def test_twenty_first_uses_at_once_make_one_default_location(demo):
    from modules.inventory.models import Location

    with demo.app_context():
        vendor_id = vendor_ids(demo)["bikes"][1]

    def first_use(n: int) -> str:
        with demo.app_context():
            try:
                location_id = item_service.default_location(vendor_id).id
                db.session.commit()
                return str(location_id)
            finally:
                db.session.remove()

    outcome = at_once(WORKERS, first_use)
    assert len(set(outcome)) == 1
    with demo.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Location.id)).where(Location.vendor_id == vendor_id)
            )
            == 1
        )
