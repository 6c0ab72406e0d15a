"""Alembic's view of the modules, read once: the migration scripts of the framework and of
every present module, and the revisions the database holds.

The lifecycle (new modules, uninstall, orphaned revisions) and the module manager's
"needs upgrade" both stand on these few functions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app

from wizamart.extensions import db

VERSION_TABLE = sa.table("alembic_version", sa.column("version_num", sa.String))


def script_directory() -> ScriptDirectory:
    """Every version location the app knows (the framework's and each present module's),
    read once per app: scripts change only with a deploy, which restarts the app."""
    key = "wizamart.migration_scripts"
    if key not in current_app.extensions:
        migrate = current_app.extensions["migrate"]
        config = migrate.migrate.get_config(migrate.directory)
        current_app.extensions[key] = ScriptDirectory.from_config(config)
    return current_app.extensions[key]


def database_heads() -> list[str]:
    """The revisions in alembic_version (none on a database never migrated).

    Read with a plain SELECT rather than Alembic's MigrationContext, which logs two INFO
    lines per use: this runs at every start and on the modules pages.
    """
    connection = db.session.connection()
    if not sa.inspect(connection).has_table(VERSION_TABLE.name):
        return []
    return list(connection.scalars(sa.select(VERSION_TABLE.c.version_num)))


def known_revisions(script: ScriptDirectory) -> set[str]:
    return {rev.revision for rev in script.walk_revisions()}


def ancestry(script: ScriptDirectory, heads) -> set[str]:
    """Revisions applied when `heads` are in alembic_version (dependencies included).

    Heads no script provides (a module folder that is gone) are left out: they are the
    lifecycle's orphans, reported there, and must not break a page that only asks what
    is applied.
    """
    known = known_revisions(script)
    heads = tuple(head for head in heads if head in known)
    if not heads:
        return set()
    return {
        rev.revision
        for rev in script.iterate_revisions(
            heads, "base", inclusive=True, assert_relative_length=False
        )
    }
