"""Effects that must happen once, however often a job runs (mail sent, money moved).

    from wizamart.jobs.idempotency import once

    def send_invoice_mail(invoice_id):
        with once(f"invoice-mail:{invoice_id}") as first:
            if first:
                mailer.send(...)

The key is claimed by inserting a row under a unique primary key *before* the effect
(a retried or duplicated job finds it and does nothing); the claim and the effect's
own database writes commit together. If the effect raises, the claim is rolled back,
so a retry can try again. Open it before the job's other writes: a duplicate rolls
the session back. (No savepoint: SQLite's driver would commit one on release.)
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from wizamart.extensions import db


class JobEffect(db.Model):
    """One row per effect that has happened; the key says which."""

    __tablename__ = "job_effect"

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    done_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=lambda: datetime.now(UTC)
    )


@contextmanager
def once(key: str):
    """Yield True the first time `key` is seen (do the effect), False afterwards."""
    try:
        db.session.add(JobEffect(key=key))
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        yield False
        return
    try:
        yield True
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
