"""Errors of the inventory module; messages are fit to show the user."""

from __future__ import annotations


class InventoryError(ValueError):
    """An inventory rule refused a change; nothing was written."""


class NotEnoughStock(InventoryError):
    """The change would take on hand below zero or below what is reserved."""


class InvalidInput(InventoryError):
    """Input a service refused, as messages per form field ("" for the whole form)."""

    def __init__(self, errors: dict[str, list]):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        super().__init__(" ".join(m for ms in self.errors.values() for m in ms))
