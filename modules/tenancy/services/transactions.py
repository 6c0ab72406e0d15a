"""Committing a service's changes as one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from modules.tenancy.exceptions import ValidationFailed
from wizamart.extensions import db


@contextmanager
def refusing_duplicates(field: str, message) -> Iterator[None]:
    """A unique constraint that a concurrent request won inside the block (a flush or a
    commit) becomes a field error; the transaction is rolled back."""
    try:
        yield
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed({field: [message]}) from None


def commit_or_refuse(field: str, message) -> None:
    """Commit; a unique constraint that a concurrent request won becomes a field error.

    Services check uniqueness before writing; this only covers the race between that
    check and the commit, so the user sees a message instead of a 500.
    """
    with refusing_duplicates(field, message):
        db.session.commit()
