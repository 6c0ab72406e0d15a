"""Reservations: stock held for a cart or an order until it ships, is released or expires.

A reservation is recorded under its reference first (unique per item), so a replayed
`reserve` for the same reference is a no-op; stock is then taken by one conditional
`UPDATE inventory_level SET reserved = reserved + :q WHERE on_hand - reserved >= :q`.
Items are handled in id order, so concurrent reservations lock rows in the same order.
Every state change of a reservation is a conditional UPDATE on its state
(`WHERE state = 'active'`): a second release, commit or expiry of the same
reservation changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from modules.inventory.exceptions import InvalidInput, NotEnoughStock
from modules.inventory.models import Adjustment, Item, Level, Location, Reservation
from modules.inventory.services import stock
from modules.inventory.services.sql import insert_if_missing
from wizamart.extensions import db

ACTIVE, RELEASED, COMMITTED, EXPIRED = "active", "released", "committed", "expired"
EXPIRY_BATCH = 500


def reserve(
    vendor_id: int, lines: dict[int, int], reference: str, ttl: timedelta, now=None
) -> list[Reservation]:
    """Hold `quantity` of each item (`{item_id: quantity}`) for `reference`, all or
    nothing: NotEnoughStock for the first item that cannot be held, and nothing is
    kept (the work runs in a savepoint). Each item is held at the first location, the
    default first, that has enough available. Replaying the same reference returns the
    reservations made the first time and changes nothing.
    """
    reference = (reference or "").strip()
    if not reference or len(reference) > 120:
        raise InvalidInput({"reference": [_("A reference of 1 to 120 characters is needed.")]})
    if not lines:
        raise InvalidInput({"": [_("Nothing to reserve.")]})
    for quantity in lines.values():
        stock._check_quantity(quantity)
    now = now or datetime.now(UTC)
    items = list(
        db.session.scalars(
            sa.select(Item)
            .where(Item.vendor_id == vendor_id, Item.id.in_(list(lines)))
            .order_by(Item.id)
        )
    )
    if len(items) != len(lines):
        raise InvalidInput({"": [_("Some of these items do not exist.")]})
    before = {item.id: stock.availability(item.id) for item in items}
    changed = []
    with db.session.begin_nested():
        for item in items:
            if _hold(item, lines[item.id], reference, now + ttl, now):
                changed.append(item)
    for item in changed:
        stock.announce(item, before[item.id])
    return list(
        db.session.scalars(
            sa.select(Reservation)
            .where(Reservation.item_id.in_(list(lines)), Reservation.reference == reference)
            .order_by(Reservation.item_id)
        )
    )


def _hold(item: Item, quantity: int, reference: str, expires_at, now) -> bool:
    """Hold stock for one item; False when `reference` already holds it (a replay)."""
    candidates = db.session.execute(
        sa.select(Level.id, Level.location_id)
        .join(Location, Location.id == Level.location_id)
        .where(Level.item_id == item.id, Level.on_hand - Level.reserved >= quantity)
        .order_by(Location.is_default.desc(), Location.id)
    ).all()
    for level_id, location_id in candidates:
        if not insert_if_missing(
            Reservation,
            vendor_id=item.vendor_id,
            item_id=item.id,
            location_id=location_id,
            quantity=quantity,
            reference=reference,
            expires_at=expires_at,
            state=ACTIVE,
            created_at=now,
        ):
            return False  # recorded before: a replay
        taken = db.session.execute(
            sa.update(Level)
            .where(Level.id == level_id, Level.on_hand - Level.reserved >= quantity)
            .values(reserved=Level.reserved + quantity)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken == 1:
            return True
        # Taken by someone else since the SELECT: forget this row, try the next level.
        db.session.execute(
            sa.delete(Reservation)
            .where(Reservation.item_id == item.id, Reservation.reference == reference)
            .execution_options(synchronize_session=False)
        )
    if db.session.scalar(
        sa.select(Reservation.id).where(
            Reservation.item_id == item.id, Reservation.reference == reference
        )
    ):
        return False
    raise NotEnoughStock(
        _(
            "Not enough stock of %(sku)s: %(available)d available, %(quantity)d wanted.",
            sku=item.sku or item.title,
            available=max(0, stock.availability(item.id)),
            quantity=quantity,
        )
    )


def _end(reservation_id: int, state: str) -> Reservation | None:
    """Move an active reservation to `state` (one conditional UPDATE); None when it was
    no longer active (ended before: nothing to do)."""
    ended = db.session.execute(
        sa.update(Reservation)
        .where(Reservation.id == reservation_id, Reservation.state == ACTIVE)
        .values(state=state)
        .execution_options(synchronize_session=False)
    ).rowcount
    if ended != 1:
        return None
    return db.session.scalars(
        sa.select(Reservation)
        .where(Reservation.id == reservation_id)
        .execution_options(populate_existing=True)
    ).one()


def _give_back(reservation: Reservation) -> None:
    db.session.execute(
        sa.update(Level)
        .where(
            Level.item_id == reservation.item_id,
            Level.location_id == reservation.location_id,
            Level.reserved >= reservation.quantity,
        )
        .values(reserved=Level.reserved - reservation.quantity)
        .execution_options(synchronize_session=False)
    )


def release(vendor_id: int, reference: str, state: str = RELEASED) -> int:
    """Give back what `reference` holds (a cart emptied, an order cancelled); how many
    reservations ended. Releasing twice is a no-op."""
    ids = db.session.scalars(
        sa.select(Reservation.id)
        .where(
            Reservation.vendor_id == vendor_id,
            Reservation.reference == reference,
            Reservation.state == ACTIVE,
        )
        .order_by(Reservation.item_id)
    ).all()
    return sum(_release_one(rid, state) for rid in ids)


def release_one(reservation: Reservation) -> bool:
    """Release one active reservation by hand (back office); False when it had ended."""
    return _release_one(reservation.id, RELEASED) == 1


def _release_one(reservation_id: int, state: str) -> int:
    reservation = _end(reservation_id, state)
    if reservation is None:
        return 0
    item = db.session.get(Item, reservation.item_id)
    before = stock.availability(item.id)
    _give_back(reservation)
    stock.announce(item, before)
    return 1


def commit(vendor_id: int, reference: str, user=None) -> int:
    """The reservations of `reference` turn into a shipment: on hand and reserved both
    drop by the quantity, recorded as a "shipped" adjustment. Committing twice is a
    no-op; how many reservations were committed."""
    ids = db.session.scalars(
        sa.select(Reservation.id)
        .where(
            Reservation.vendor_id == vendor_id,
            Reservation.reference == reference,
            Reservation.state == ACTIVE,
        )
        .order_by(Reservation.item_id)
    ).all()
    actor = stock.actor_of(user)
    done = 0
    for reservation_id in ids:
        reservation = _end(reservation_id, COMMITTED)
        if reservation is None:
            continue
        item = db.session.get(Item, reservation.item_id)
        on_hand_after = db.session.execute(
            sa.update(Level)
            .where(
                Level.item_id == reservation.item_id,
                Level.location_id == reservation.location_id,
                Level.reserved >= reservation.quantity,
            )
            .values(
                on_hand=Level.on_hand - reservation.quantity,
                reserved=Level.reserved - reservation.quantity,
            )
            .returning(Level.on_hand)
            .execution_options(synchronize_session=False)
        ).scalar_one()
        db.session.add(
            Adjustment(
                vendor_id=item.vendor_id,
                item_id=item.id,
                location_id=reservation.location_id,
                delta=-reservation.quantity,
                on_hand_after=on_hand_after,
                reason="shipped",
                user_id=actor.id,
                user_email=actor.email,
                reference=reference,
                created_at=datetime.now(UTC),
            )
        )
        db.session.flush()
        stock.announce(item, None)  # available does not change: no stock_low
        done += 1
    return done


def expire(platform_id: int | None = None, now=None) -> int:
    """Release every active reservation past its expiry (of one platform's items, or
    all), committing in batches; how many expired. Run by the periodic job."""
    now = now or datetime.now(UTC)
    expired = 0
    while True:
        statement = (
            sa.select(Reservation.id)
            .join(Item, Item.id == Reservation.item_id)
            .where(Reservation.state == ACTIVE, Reservation.expires_at <= now)
            .order_by(Reservation.item_id, Reservation.id)
            .limit(EXPIRY_BATCH)
        )
        if platform_id is not None:
            statement = statement.where(Item.platform_id == platform_id)
        ids = db.session.scalars(statement).all()
        if not ids:
            return expired
        expired += sum(_release_one(rid, EXPIRED) for rid in ids)
        db.session.commit()


def active_reservations(item_id: int, limit: int = 50) -> list[Reservation]:
    return list(
        db.session.scalars(
            sa.select(Reservation)
            .where(Reservation.item_id == item_id, Reservation.state == ACTIVE)
            .order_by(Reservation.expires_at, Reservation.id)
            .limit(limit)
        )
    )
