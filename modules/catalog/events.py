"""Events the catalog announces (contract with inventory: docs/catalog.md)."""

from __future__ import annotations

from pydantic import Field

from wizamart.events import EventPayload, declare


class VariantChanged(EventPayload):
    """A variant was created or changed (or its product's title or status)."""

    product_id: int
    variant_id: int
    sku: str
    title: str  # default-language title, plus " – " and option values for a non-default variant
    status: str  # draft | active | archived


class VariantDeleted(EventPayload):
    product_id: int
    variant_id: int


class StockCounted(EventPayload):
    """A vendor typed a new stock count in the product list."""

    product_id: int
    variant_id: int
    on_hand: int = Field(ge=0)
    user_id: int | None = None
    user_email: str | None = None


class ProductChanged(EventPayload):
    product_id: int


declare("catalog.variant_changed", VariantChanged, "A variant was created or changed.")
declare("catalog.variant_deleted", VariantDeleted, "A variant was deleted.")
declare("catalog.stock_counted", StockCounted, "A vendor counted a variant's stock.")
declare("catalog.product_changed", ProductChanged, "A product changed in any way.")
