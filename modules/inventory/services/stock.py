"""Stock levels: every change is an adjustment, checked and applied by one statement.

The rules are kept by the database, never by reading a number in Python and writing
it back:

- a level row is created with `INSERT ... ON CONFLICT DO NOTHING` (two first
  adjustments cannot both create it);
- on hand changes with one conditional `UPDATE ... SET on_hand = on_hand + :delta
  WHERE on_hand + :delta >= reserved`; no row updated means refused (and the CHECK
  constraints stop anything that slips past);
- rows taken together are locked in a fixed order (levels by location id, items by id),
  so two transfers in opposite directions cannot deadlock.

Every change writes an `Adjustment` and publishes `inventory.stock_changed` (and
`inventory.stock_low` when available falls to the threshold) in the same transaction;
the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from modules.inventory.exceptions import InvalidInput, NotEnoughStock
from modules.inventory.models import Adjustment, Item, Level, Location
from modules.inventory.services.sql import insert_if_missing, lock_rows
from wizamart.events import publish
from wizamart.extensions import db

#: No quantity or on-hand figure above this (keeps sums inside a 32-bit INTEGER).
MAX_QUANTITY = 1_000_000_000

#: Why stock changed. The first ones are offered in the adjust form.
REASONS = {
    "received": _l("Goods received"),
    "returned": _l("Returned by a customer"),
    "damaged": _l("Damaged"),
    "lost": _l("Lost or stolen"),
    "correction": _l("Correction"),
    "count": _l("Stock count"),
    "transfer_out": _l("Transfer out"),
    "transfer_in": _l("Transfer in"),
    "shipped": _l("Shipped"),
}
ADJUST_REASONS = ("received", "returned", "damaged", "lost", "correction")


@dataclass(frozen=True)
class Actor:
    """Who made a change (a user, or None for the system)."""

    id: int | None
    email: str | None


def actor_of(user) -> Actor:
    if user is None:
        return Actor(None, None)
    return Actor(getattr(user, "id", None), getattr(user, "email", None))


@dataclass(frozen=True)
class Totals:
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def totals(item_id: int) -> Totals:
    """On hand and reserved of an item, summed over its locations (one statement)."""
    on_hand, reserved = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(Level.on_hand), 0),
            sa.func.coalesce(sa.func.sum(Level.reserved), 0),
        ).where(Level.item_id == item_id)
    ).one()
    return Totals(int(on_hand), int(reserved))


def availability(item_id: int) -> int:
    """Available to sell: on hand − reserved over all locations (never below zero)."""
    return totals(item_id).available


def ensure_level(item: Item, location: Location) -> None:
    """The level row of an item at a location, inserted if missing (concurrency-safe)."""
    insert_if_missing(
        Level,
        vendor_id=item.vendor_id,
        item_id=item.id,
        location_id=location.id,
        on_hand=0,
        reserved=0,
    )


def _check_same_vendor(item: Item, *locations: Location) -> None:
    if any(loc.vendor_id != item.vendor_id for loc in locations):
        raise InvalidInput({"location": [_("Choose one of your locations.")]})


def _check_quantity(value, field: str = "quantity", allow_zero=False, signed=False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput({field: [_("Enter a whole number.")]})
    low = -MAX_QUANTITY if signed else (0 if allow_zero else 1)
    if not low <= value <= MAX_QUANTITY or (value == 0 and not allow_zero):
        if signed:
            message = _(
                "Enter a whole number other than 0, from %(low)d to %(high)d.",
                low=-MAX_QUANTITY,
                high=MAX_QUANTITY,
            )
        else:
            message = _(
                "Enter a whole number from %(low)d to %(high)d.", low=low, high=MAX_QUANTITY
            )
        raise InvalidInput({field: [message]})
    return value


def _apply(
    item: Item,
    location: Location,
    delta: int,
    reason: str,
    actor: Actor,
    note: str = "",
    reference: str | None = None,
    field: str = "delta",
) -> Adjustment:
    """Change on hand by `delta` in one conditional UPDATE, and record it."""
    ensure_level(item, location)
    on_hand_after = db.session.execute(
        sa.update(Level)
        .where(
            Level.item_id == item.id,
            Level.location_id == location.id,
            Level.on_hand + delta >= Level.reserved,
            Level.on_hand + delta <= MAX_QUANTITY,
        )
        .values(on_hand=Level.on_hand + delta)
        .returning(Level.on_hand)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if on_hand_after is None:
        on_hand, reserved = db.session.execute(
            sa.select(Level.on_hand, Level.reserved).where(
                Level.item_id == item.id, Level.location_id == location.id
            )
        ).one()
        if on_hand + delta > MAX_QUANTITY:
            raise InvalidInput({field: [_("That would be more than %(max)d.", max=MAX_QUANTITY)]})
        raise NotEnoughStock(
            _(
                "Not enough stock at %(location)s: %(on_hand)d on hand, %(reserved)d of them "
                "reserved, so on hand cannot go below %(reserved)d.",
                location=location.name,
                on_hand=on_hand,
                reserved=reserved,
            )
        )
    adjustment = Adjustment(
        vendor_id=item.vendor_id,
        item_id=item.id,
        location_id=location.id,
        delta=delta,
        on_hand_after=on_hand_after,
        reason=reason,
        note=(note or "").strip()[:255],
        user_id=actor.id,
        user_email=actor.email,
        reference=reference,
        created_at=datetime.now(UTC),
    )
    db.session.add(adjustment)
    db.session.flush()
    return adjustment


def _check_note(note) -> str:
    note = (note or "").strip()
    if len(note) > 255 or any(ord(c) < 32 for c in note):
        raise InvalidInput({"note": [_("Use at most 255 characters, on one line.")]})
    return note


def adjust(
    item: Item,
    location: Location,
    delta: int,
    reason: str,
    user=None,
    note: str = "",
    reference: str | None = None,
) -> Adjustment:
    """Add (delta > 0) or take (delta < 0) stock at a location, with a reason.

    Refused with NotEnoughStock when on hand would fall below zero or below what is
    reserved there; nothing is written then.
    """
    _check_same_vendor(item, location)
    delta = _check_quantity(delta, "delta", signed=True)
    if reason not in REASONS:
        raise InvalidInput({"reason": [_("Choose a reason from the list.")]})
    note = _check_note(note)
    available_before = availability(item.id)
    adjustment = _apply(item, location, delta, reason, actor_of(user), note, reference)
    announce(item, available_before)
    return adjustment


def set_count(
    item: Item, location: Location, on_hand: int, user=None, note: str = ""
) -> Adjustment:
    """A stock count: on hand at `location` becomes `on_hand`, recorded as an adjustment
    by the difference (0 when the count confirms the figure).

    The level row is locked before it is read, so a change that lands in between
    waits, and the difference is computed against what is really there.
    """
    _check_same_vendor(item, location)
    on_hand = _check_quantity(on_hand, "on_hand", allow_zero=True)
    note = _check_note(note)
    ensure_level(item, location)
    current = db.session.execute(
        lock_rows(
            sa.select(Level.on_hand).where(
                Level.item_id == item.id, Level.location_id == location.id
            )
        )
    ).scalar_one()
    available_before = availability(item.id)
    adjustment = _apply(
        item, location, on_hand - current, "count", actor_of(user), note, field="on_hand"
    )
    announce(item, available_before)
    return adjustment


def transfer(
    item: Item, source: Location, target: Location, quantity: int, user=None, note: str = ""
) -> tuple[Adjustment, Adjustment]:
    """Move stock between two locations: two adjustments, the levels locked in location
    id order (a transfer each way at once cannot deadlock). Totals do not change."""
    _check_same_vendor(item, source, target)
    if source.id == target.id:
        raise InvalidInput({"target": [_("Choose a different location to move stock to.")]})
    quantity = _check_quantity(quantity)
    note = _check_note(note)
    for location in sorted((source, target), key=lambda loc: loc.id):
        ensure_level(item, location)
    db.session.execute(
        lock_rows(
            sa.select(Level.id)
            .where(Level.item_id == item.id, Level.location_id.in_([source.id, target.id]))
            .order_by(Level.location_id)
        )
    ).all()
    actor = actor_of(user)
    out = _apply(item, source, -quantity, "transfer_out", actor, note, field="quantity")
    into = _apply(item, target, quantity, "transfer_in", actor, note, field="quantity")
    announce(item, None)
    return out, into


def announce(item: Item, available_before: int | None) -> Totals:
    """Publish the item's new totals; and stock_low when available fell to (or below)
    the threshold with this change (`available_before` above it)."""
    now = totals(item.id)
    publish(
        "inventory.stock_changed",
        platform_id=item.platform_id,
        vendor_id=item.vendor_id,
        product_id=item.product_id,
        variant_id=item.variant_id,
        on_hand=now.on_hand,
        reserved=now.reserved,
        available=now.available,
    )
    threshold = item.low_stock_threshold
    if (
        threshold is not None
        and available_before is not None
        and available_before > threshold >= now.available
    ):
        publish(
            "inventory.stock_low",
            platform_id=item.platform_id,
            vendor_id=item.vendor_id,
            product_id=item.product_id,
            variant_id=item.variant_id,
            available=now.available,
            threshold=threshold,
        )
    return now
