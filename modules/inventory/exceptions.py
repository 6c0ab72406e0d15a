"""Errors of the inventory module; messages are fit to show the user."""

from __future__ import annotations

from wizamart.problems import FieldErrors


class InventoryError(ValueError):
    """An inventory rule refused a change; nothing was written."""


class NotEnoughStock(InventoryError):
    """The change would take on hand below zero or below what is reserved."""


class InvalidInput(InventoryError, FieldErrors):
    """Input a service refused, as messages per form field ("" for the whole form)."""
