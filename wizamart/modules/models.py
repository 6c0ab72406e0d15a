"""Per-platform module state, owned by the framework.

`platform_id` refers to the tenancy module's platform table. It is deliberately
not a foreign key: the framework never depends on a concrete module, and the
tenancy module removes these rows when it deletes a platform.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from wizamart.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


def insert_if_absent(model, **values) -> bool:
    """INSERT the row unless its primary key exists; True when this call inserted it.

    Several workers start at once: the database, not a read-then-write, decides who wins.
    """
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL
        raise RuntimeError(f"insert_if_absent: unsupported database {dialect}")
    table = model.__table__
    # RETURNING, not rowcount: psycopg reports no rowcount for this statement.
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(*table.primary_key.columns)
    )
    return db.session.execute(statement).first() is not None


class PlatformModule(db.Model):
    """An explicit choice for one module on one platform (no row = the default: on)."""

    __tablename__ = "platform_module"

    platform_id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    module_code: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(sa.Boolean, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow
    )


class PlatformModuleStamp(db.Model):
    """Bumped on every change of a platform's modules; workers compare it to their cache."""

    __tablename__ = "platform_module_stamp"

    platform_id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)


class ModuleChange(db.Model):
    """The change log: who switched what on which platform, and what followed."""

    __tablename__ = "module_change"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(sa.Integer, nullable=False, index=True)
    module_code: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    action: Mapped[str] = mapped_column(sa.String(16), nullable=False)  # enable | disable
    cascaded: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    user_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    user_email: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow, index=True
    )


class ModuleInstallation(db.Model):
    """A module this deployment has seen: written once, the first time it is discovered.

    Its presence is what makes a module "installed"; a module seen for the first time
    after platforms exist starts off on them (wizamart/modules/lifecycle.py).
    """

    __tablename__ = "module_installation"

    code: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    version: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    installed_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow
    )
    # The newest revision of the module's own migration branch applied to the database,
    # as last seen. Alembic lets a revision stand in for the branches it depends on;
    # `modules forget` needs this to put those back (wizamart/modules/lifecycle.py).
    revision: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
