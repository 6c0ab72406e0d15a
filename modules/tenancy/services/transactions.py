"""Committing a service's changes as one transaction."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from modules.tenancy.exceptions import ValidationFailed
from wizamart.extensions import db


def commit_or_refuse(field: str, message) -> None:
    """Commit; a unique constraint that a concurrent request won becomes a field error.

    Services check uniqueness before writing; this only covers the race between that
    check and the commit, so the user sees a message instead of a 500.
    """
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed({field: [message]}) from None
