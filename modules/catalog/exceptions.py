"""Errors of the catalog module; messages are fit to show the user."""

from __future__ import annotations

from wizamart import problems
from wizamart.problems import FieldErrors


class CatalogError(ValueError):
    """A catalog rule was broken."""


class ValidationFailed(CatalogError, FieldErrors):
    """Input a service refused, as messages per form field ("" for the whole form)."""


class Problems(problems.Problems):
    """Collects field errors while a service checks its input."""

    error_class = ValidationFailed
