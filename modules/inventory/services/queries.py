"""What the pages list: stock per item, low stock, an item's history. Each page of a
list costs the same few statements however many rows there are (keyset pages on ids)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from modules.inventory.models import Adjustment, Item, Level, Location
from wizamart.extensions import db

PER_PAGE = 50


@dataclass
class StockRow:
    item: Item
    on_hand: int
    reserved: int
    levels: list[tuple[str, int, int]] = field(
        default_factory=list
    )  # (location, on hand, reserved)

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def is_low(self) -> bool:
        threshold = self.item.low_stock_threshold
        return threshold is not None and self.available <= threshold


@dataclass
class Page:
    rows: list
    next_after: int | None  # the keyset cursor of the next page, None on the last


def _sums(location_id: int | None):
    """Per item: on hand and reserved, summed over all locations or at one."""
    statement = sa.select(
        Level.item_id.label("item_id"),
        sa.func.sum(Level.on_hand).label("on_hand"),
        sa.func.sum(Level.reserved).label("reserved"),
    ).group_by(Level.item_id)
    if location_id is not None:
        statement = statement.where(Level.location_id == location_id)
    return statement.subquery("sums")


def _search(statement, q: str):
    q = (q or "").strip()
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(
            sa.or_(Item.sku.ilike(pattern, escape="\\"), Item.title.ilike(pattern, escape="\\"))
        )
    return statement


def stock_page(
    vendor_id: int,
    *,
    q: str = "",
    location_id: int | None = None,
    low_only: bool = False,
    after: int | None = None,
    per_page: int = PER_PAGE,
) -> Page:
    """One page of the vendor's items (not gone) with on hand / reserved / available,
    by item id; `after` is the last id of the previous page. Filters: text in SKU or
    title, one location, low stock only (available at or below the threshold)."""
    sums = _sums(location_id)
    on_hand = sa.func.coalesce(sums.c.on_hand, 0)
    reserved = sa.func.coalesce(sums.c.reserved, 0)
    statement = (
        sa.select(Item, on_hand, reserved)
        .outerjoin(sums, sums.c.item_id == Item.id)
        .where(Item.vendor_id == vendor_id, Item.gone_at.is_(None))
        .order_by(Item.id)
        .limit(per_page + 1)
    )
    statement = _search(statement, q)
    if low_only:
        statement = statement.where(
            Item.low_stock_threshold.is_not(None), on_hand - reserved <= Item.low_stock_threshold
        )
    if after:
        statement = statement.where(Item.id > after)
    rows = [StockRow(item, int(h), int(r)) for item, h, r in db.session.execute(statement)]
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    _attach_levels(rows, location_id)
    return Page(rows, rows[-1].item.id if has_next else None)


def _attach_levels(rows: list[StockRow], location_id: int | None) -> None:
    """Each row's figures per location, for the whole page in one statement."""
    if not rows:
        return
    by_item = {row.item.id: row for row in rows}
    statement = (
        sa.select(Level.item_id, Location.name, Level.on_hand, Level.reserved)
        .join(Location, Location.id == Level.location_id)
        .where(Level.item_id.in_(list(by_item)))
        .order_by(Level.item_id, Location.is_default.desc(), Location.name)
    )
    if location_id is not None:
        statement = statement.where(Level.location_id == location_id)
    for item_id, name, on_hand, reserved in db.session.execute(statement):
        by_item[item_id].levels.append((name, on_hand, reserved))


def low_stock_page(vendor_id: int, *, after: int | None = None, per_page: int = PER_PAGE) -> Page:
    """Items whose available stock is at or below their threshold."""
    return stock_page(vendor_id, low_only=True, after=after, per_page=per_page)


def item_levels(item_id: int) -> list[tuple[Location, int, int]]:
    """(location, on hand, reserved) at every location of the item's vendor (0 where none)."""
    item = db.session.get(Item, item_id)
    level = sa.orm.aliased(Level)
    statement = (
        sa.select(Location, sa.func.coalesce(level.on_hand, 0), sa.func.coalesce(level.reserved, 0))
        .outerjoin(level, sa.and_(level.location_id == Location.id, level.item_id == item_id))
        .where(Location.vendor_id == item.vendor_id)
        .order_by(Location.is_default.desc(), Location.name, Location.id)
    )
    return [(loc, int(h), int(r)) for loc, h, r in db.session.execute(statement)]


def history(item_id: int, *, before: int | None = None, per_page: int = PER_PAGE) -> Page:
    """The item's adjustments, newest first; `before` is the last id of the previous page."""
    statement = (
        sa.select(Adjustment, Location.name)
        .join(Location, Location.id == Adjustment.location_id)
        .where(Adjustment.item_id == item_id)
        .order_by(Adjustment.id.desc())
        .limit(per_page + 1)
    )
    if before:
        statement = statement.where(Adjustment.id < before)
    rows = list(db.session.execute(statement))
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    return Page(rows, rows[-1][0].id if has_next else None)
