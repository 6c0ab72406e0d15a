"""Events the inventory module announces (docs/events.md; contract with catalog)."""

from __future__ import annotations

from wizamart.events import EventPayload, declare


class StockChanged(EventPayload):
    """An item's totals across all the vendor's locations, after a change."""

    product_id: int
    variant_id: int
    on_hand: int
    reserved: int
    available: int


class StockLow(EventPayload):
    """An item's available stock dropped to or below its low-stock threshold."""

    product_id: int
    variant_id: int
    available: int
    threshold: int


declare(
    "inventory.stock_changed",
    StockChanged,
    "Stock of a variant changed (adjustment, count, transfer, reservation, release, expiry).",
)
declare("inventory.stock_low", StockLow, "A variant's available stock fell to its threshold.")
