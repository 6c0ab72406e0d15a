"""Input a service refused: messages per form field, all collected before anything is written.

Services check everything first, so one answer lists every problem and nothing is
half-written. A module subclasses both with its own error type:

    class ValidationFailed(CatalogError, FieldErrors): ...

    class Problems(problems.Problems):
        error_class = ValidationFailed

A view shows `error.errors` beside the fields (422); the API layer answers them as
`{"error": {"fields": ...}}`.
"""

from __future__ import annotations


class FieldErrors(ValueError):
    """Messages per form field ("" for the whole form), as strings."""

    def __init__(self, errors: dict[str, list]):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        super().__init__(" ".join(m for ms in self.errors.values() for m in ms))


class Problems:
    """Collects field errors while a service checks its input."""

    error_class: type[FieldErrors] = FieldErrors

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
            raise self.error_class(self.errors)
