"""Errors of the cart module; messages are fit to show the shopper."""

from __future__ import annotations

from wizamart import problems
from wizamart.problems import FieldErrors


class CartError(ValueError):
    """A cart rule was broken."""


class ValidationFailed(CartError, FieldErrors):
    """Input the cart refused, as messages per form field ("" for the whole form)."""


class Problems(problems.Problems):
    error_class = ValidationFailed


class CartUnreadable(CartError):
    """The cart cookie was tampered with (its signature does not hold)."""
