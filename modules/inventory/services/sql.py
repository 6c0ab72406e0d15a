"""Statements both databases run the same way."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from wizamart.extensions import db


def insert_if_missing(model, **values) -> bool:
    """INSERT a row unless one with the same unique key exists; True when inserted.

    `INSERT ... ON CONFLICT DO NOTHING` on both PostgreSQL and SQLite: two requests
    that both find the row missing cannot both insert it, and neither fails.
    """
    table = model.__table__  # Core, not ORM: the ORM's rowcount is -1 on psycopg
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    )
    return db.session.execute(statement).scalar() is not None


def lock_rows(statement: sa.Select) -> sa.Select:
    """SELECT ... FOR UPDATE (PostgreSQL; SQLite locks the whole database on write)."""
    return statement.with_for_update()
