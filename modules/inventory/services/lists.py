"""The inventory lists on the shared list component (wizamart/lists.py): stock, low
stock and an item's history. Each page costs the same statements however many rows:
the keyset rows, then the page's figures per location in one more."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import g
from flask_babel import lazy_gettext as _l

from modules.inventory.models import Adjustment, Item, Level, Location
from wizamart.extensions import db
from wizamart.lists import Column, Filter, ListSpec, contains


def available_of_item():
    """Available (on hand − reserved, all locations) of the row's item, as SQL."""
    return (
        sa.select(sa.func.coalesce(sa.func.sum(Level.on_hand - Level.reserved), 0))
        .where(Level.item_id == Item.id)
        .scalar_subquery()
    )


def is_low():
    return sa.and_(
        Item.low_stock_threshold.is_not(None), available_of_item() <= Item.low_stock_threshold
    )


def location_choices():
    return [
        (loc_id, name)
        for loc_id, name in db.session.execute(
            sa.select(Location.id, Location.name)
            .where(Location.vendor_id == g.vendor.id)
            .order_by(Location.is_default.desc(), Location.name)
        )
    ]


def at_location(statement, value):
    stocked = sa.select(Level.id).where(Level.item_id == Item.id, Level.location_id == int(value))
    return statement.where(stocked.exists())


STOCK_FILTERS = {
    "low": lambda s: s.where(is_low()),
    "out": lambda s: s.where(available_of_item() <= 0),
    "in": lambda s: s.where(available_of_item() > 0),
}

ITEM_COLUMNS = [
    Column("title", _l("Product"), sort=Item.title),
    Column("sku", _l("SKU"), sort=Item.sku, class_="d-none d-md-table-cell"),
    Column("on_hand", _l("On hand"), class_="text-end d-none d-sm-table-cell"),
    Column("reserved", _l("Reserved"), class_="text-end d-none d-sm-table-cell"),
    Column("available", _l("Available"), sort=available_of_item(), class_="text-end"),
    Column("locations", _l("By location"), class_="d-none d-lg-table-cell"),
]

STOCK = ListSpec(
    name="stock",
    id_column=Item.id,
    keyset=True,
    columns=ITEM_COLUMNS,
    filters=[
        Filter(
            "stock",
            _l("Stock"),
            [("low", _l("Low stock")), ("out", _l("None available")), ("in", _l("Available"))],
            lambda statement, value: STOCK_FILTERS[value](statement),
        ),
        Filter("location", _l("Location"), location_choices, at_location),
    ],
    search=lambda statement, term: statement.where(contains(term, Item.sku, Item.title)),
    search_label=_l("Search by SKU or product"),
    default_sort="title",
    describe=lambda item: item.title or item.sku,
    empty=_l("No products yet. Products appear here once the catalog has them."),
    row_data=("item", "id"),
)

LOW_STOCK = ListSpec(
    name="low",
    id_column=Item.id,
    keyset=True,
    columns=[
        *ITEM_COLUMNS[:5],
        Column(
            "threshold",
            _l("Threshold"),
            sort=Item.low_stock_threshold,
            class_="text-end d-none d-sm-table-cell",
        ),
    ],
    search=lambda statement, term: statement.where(contains(term, Item.sku, Item.title)),
    search_label=_l("Search by SKU or product"),
    default_sort="available",
    describe=lambda item: item.title or item.sku,
    empty=_l("Nothing is low on stock."),
    row_data=("item", "id"),
)

HISTORY = ListSpec(
    name="history",
    id_column=Adjustment.id,
    keyset=True,
    columns=[
        Column("when", _l("When (UTC)"), sort=Adjustment.id),
        Column("change", _l("Change"), class_="text-end"),
        Column("after", _l("On hand after"), class_="text-end d-none d-sm-table-cell"),
        Column("reason", _l("Reason")),
        Column("location", _l("Location"), class_="d-none d-md-table-cell"),
        Column("who", _l("Who"), class_="d-none d-xxl-table-cell"),
    ],
    filters=[
        Filter(
            "location",
            _l("Location"),
            location_choices,
            lambda s, value: s.where(Adjustment.location_id == int(value)),
        )
    ],
    default_sort="-when",
    page_sizes=(25, 50, 100),
    empty=_l("No changes yet."),
    row_data=("adjustment", "id"),
)


def stock_rows():
    """The vendor's items that still exist (the request's vendor: wizamart.scoping)."""
    return sa.select(Item).where(Item.gone_at.is_(None))


def low_stock_rows():
    return stock_rows().where(is_low())


def history_rows(item: Item):
    return (
        sa.select(Adjustment)
        .where(Adjustment.item_id == item.id)
        .options(sa.orm.joinedload(Adjustment.location))
    )


@dataclass
class Figures:
    on_hand: int = 0
    reserved: int = 0
    levels: list[tuple[str, int, int]] = field(default_factory=list)  # name, on hand, reserved

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def figures(items: list[Item], location_id: int | None = None) -> dict[int, Figures]:
    """On hand / reserved per item of a page, in total (or at one location) and per
    location: one statement for the whole page."""
    result = {item.id: Figures() for item in items}
    if not items:
        return result
    statement = (
        sa.select(Level.item_id, Location.name, Level.on_hand, Level.reserved)
        .join(Location, Location.id == Level.location_id)
        .where(Level.item_id.in_(list(result)))
        .order_by(Location.is_default.desc(), Location.name)
    )
    if location_id is not None:
        statement = statement.where(Level.location_id == location_id)
    for item_id, name, on_hand, reserved in db.session.execute(statement):
        row = result[item_id]
        row.on_hand += on_hand
        row.reserved += reserved
        row.levels.append((name, on_hand, reserved))
    return result


def item_levels(item: Item) -> list[tuple[Location, int, int]]:
    """(location, on hand, reserved) at each of the vendor's locations (0 where none)."""
    level = sa.orm.aliased(Level)
    statement = (
        sa.select(Location, sa.func.coalesce(level.on_hand, 0), sa.func.coalesce(level.reserved, 0))
        .outerjoin(level, sa.and_(level.location_id == Location.id, level.item_id == item.id))
        .where(Location.vendor_id == item.vendor_id)
        .order_by(Location.is_default.desc(), Location.name, Location.id)
    )
    return [(loc, int(h), int(r)) for loc, h, r in db.session.execute(statement)]
