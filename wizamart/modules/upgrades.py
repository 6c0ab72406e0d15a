"""Which modules need `flask db upgrade`: code whose migrations are ahead of the database.

Each module's migrations are an Alembic branch in its `migrations/versions` folder
(wizamart.add_module_branches). A module needs an upgrade when one of its revisions is
not yet applied, that is, not a current head of `alembic_version` nor below one. The
migration scripts are read once per app (they change only with a deploy, which
restarts the app); the database's heads are read once per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app, g

from wizamart.modules.revisions import ancestry, database_heads, script_directory

UPGRADE_COMMAND = "flask --app wsgi db upgrade"


@dataclass(frozen=True)
class Revision:
    """One migration of a module, and whether the database has it."""

    id: str
    title: str
    applied: bool


@dataclass(frozen=True)
class ModuleMigrations:
    """A module's migrations, oldest first."""

    code: str
    revisions: tuple[Revision, ...]

    @property
    def needs_upgrade(self) -> bool:
        return any(not r.applied for r in self.revisions)

    @property
    def pending(self) -> list[str]:
        return [r.id for r in self.revisions if not r.applied]


def applied_revisions(script: ScriptDirectory) -> set[str]:
    """Every revision the database has: its heads in alembic_version and all below them."""
    return ancestry(script, database_heads())


def down_revisions(revision) -> tuple[str, ...]:
    """The revisions right below `revision` (Alembic keeps None, one id or a tuple)."""
    down = revision.down_revision
    if down is None:
        return ()
    return (down,) if isinstance(down, str) else tuple(down)


def _module_of_folder(registry) -> dict[Path, str]:
    folders = {}
    for module in registry:
        folder = (Path(module.path) / module.migrations_path).resolve()
        if folder.is_dir():
            folders[folder] = module.code
    return folders


def _title(script) -> str:
    return (script.doc or "").strip().splitlines()[0] if script.doc else ""


def migration_states() -> dict[str, ModuleMigrations]:
    """code -> its migrations with their state, for every module that has migrations.

    Computed once per request: the modules page asks for every module, the detail page
    for one.
    """
    if "_migration_states" not in g:
        g._migration_states = _compute_states()
    return g._migration_states


def _compute_states() -> dict[str, ModuleMigrations]:
    script = script_directory()
    applied = applied_revisions(script)
    folders = _module_of_folder(current_app.extensions["wizamart.registry"])
    found: dict[str, list[Revision]] = {}
    # walk_revisions goes newest first; reversed, each branch reads oldest first.
    for revision in reversed(list(script.walk_revisions())):
        code = folders.get(Path(revision.path).resolve().parent)
        if code is not None:
            found.setdefault(code, []).append(
                Revision(revision.revision, _title(revision), revision.revision in applied)
            )
    return {code: ModuleMigrations(code, tuple(revs)) for code, revs in found.items()}
