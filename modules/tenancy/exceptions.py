"""Errors of the tenancy module; messages are fit to show the user."""

from __future__ import annotations


class TenancyError(ValueError):
    """A tenancy rule was broken (duplicate code, unknown platform...)."""


class InvitationError(TenancyError):
    """An invitation that is unknown, used or expired; `status` is the HTTP answer."""

    def __init__(self, message, status: int = 404):
        super().__init__(message)
        self.status = status


class ValidationFailed(TenancyError):
    """Input a service refused, as messages per form field ("" for the whole form).

    Services collect every problem before writing anything, so one answer lists
    them all and nothing is half-written.
    """

    def __init__(self, errors: dict[str, list]):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        super().__init__(" ".join(m for ms in self.errors.values() for m in ms))


class Problems:
    """Collects field errors while a service checks its input."""

    def __init__(self) -> None:
        self.errors: dict[str, list] = {}

    def add(self, field: str, message) -> None:
        self.errors.setdefault(field, []).append(message)

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


class NotAllowed(TenancyError):
    """The acting user may not do this at all (answered with 403)."""
