"""Errors of the catalog module; messages are fit to show the user."""

from __future__ import annotations


class CatalogError(ValueError):
    """A catalog rule was broken."""


class ValidationFailed(CatalogError):
    """Input a service refused, as messages per form field ("" for the whole form).

    Services check everything before writing, so one answer lists every problem and
    nothing is half-written.
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

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)
