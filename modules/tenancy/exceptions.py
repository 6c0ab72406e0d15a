"""Errors of the tenancy module; messages are fit to show the user."""

from __future__ import annotations

from wizamart import problems
from wizamart.problems import FieldErrors


class TenancyError(ValueError):
    """A tenancy rule was broken (duplicate code, unknown platform...)."""


class InvitationError(TenancyError):
    """An invitation that is unknown, used or expired; `status` is the HTTP answer."""

    def __init__(self, message, status: int = 404):
        super().__init__(message)
        self.status = status


class ValidationFailed(TenancyError, FieldErrors):
    """Input a service refused, as messages per form field ("" for the whole form)."""


class Problems(problems.Problems):
    """Collects field errors while a service checks its input."""

    error_class = ValidationFailed


class NotAllowed(TenancyError):
    """The acting user may not do this at all (answered with 403)."""
