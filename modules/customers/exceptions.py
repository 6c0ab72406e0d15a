"""Errors of the customers module; messages are fit to show the shopper."""

from __future__ import annotations

from wizamart import problems
from wizamart.problems import FieldErrors


class CustomersError(ValueError):
    """A customers rule was broken."""


class ValidationFailed(CustomersError, FieldErrors):
    """Input a service refused, as messages per form field ("" for the whole form)."""


class Problems(problems.Problems):
    """Collects field errors while a service checks its input."""

    error_class = ValidationFailed


class TokenError(CustomersError):
    """A confirmation or reset link that is unknown, used or expired."""
