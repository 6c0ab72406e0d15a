"""A module's life in a deployment: first seen (installed), uninstalled, or forgotten.

- **Installed**: the first time the deployment sees a module folder, a row in
  `module_installation` is written (at start-up and after `flask db upgrade`), insert-if-
  absent, so workers starting together agree on who wrote it. The very first recording (a
  fresh database, or the upgrade that brought the table) is the *baseline*: every module
  present then keeps the old rule, on unless switched off. An optional module first seen
  *later* is written "off" on every existing platform, unless its definition says
  `default_enabled=True`; core and internal modules are not touched. A platform created
  afterwards has no rows, so every optional module starts on there.
- **Uninstalled** (`flask modules uninstall CODE`): refused while the module is on
  anywhere or another module requires it; else its migration branch goes down to base
  (its tables are dropped), its choices become "off" and its installation record goes.
- **Orphaned**: the database holds revisions that no version location provides (a module
  folder was deleted without uninstalling). Start-up logs which module and the two ways
  out; `flask db upgrade` refuses with the same words. `flask modules forget CODE` removes
  the module's migration record and state, and leaves its tables in place.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from flask import Flask, current_app

from wizamart.extensions import db
from wizamart.modules.definition import ModuleDefinition, ModuleTier
from wizamart.modules.models import ModuleInstallation, PlatformModule, insert_if_absent, utcnow
from wizamart.modules.registry import ModuleRegistry, current_registry
from wizamart.modules.revisions import (
    VERSION_TABLE,
    ancestry,
    database_heads,
    known_revisions,
    script_directory,
)
from wizamart.modules.service import module_service

log = logging.getLogger(__name__)

CLI = "flask --app wsgi modules"


class LifecycleError(ValueError):
    """An uninstall or forget that is not possible; the message says why and what to do."""


# -- small database helpers ------------------------------------------------------------------
def has_table(name: str) -> bool:
    return sa.inspect(db.session.connection()).has_table(name)


def table_names() -> set[str]:
    return set(sa.inspect(db.session.connection()).get_table_names())


def platform_ids() -> list[int]:
    """Every platform, asked of the tenancy backend (none registered: no platforms)."""
    backend = current_app.extensions.get("wizamart.tenancy")
    return backend.platform_ids() if backend is not None else []


def platform_code(platform_id: int) -> str:
    backend = current_app.extensions.get("wizamart.tenancy")
    platform = backend.platform_by_id(platform_id) if backend is not None else None
    return platform.code if platform is not None else f"#{platform_id}"


def package_name(code: str) -> str:
    """The folder and revision prefix of a module code (`dev-tools` → `dev_tools`)."""
    return code.replace("-", "_")


# -- Alembic ----------------------------------------------------------------------------------
def branch_revisions(script: ScriptDirectory, code: str) -> set[str]:
    return {rev.revision for rev in script.walk_revisions() if code in rev.branch_labels}


def applied_module_revisions(
    script: ScriptDirectory, heads, registry: ModuleRegistry
) -> dict[str, str]:
    """For each present module with migrations, the newest applied revision of its branch."""
    newest: dict[str, str] = {}
    if not heads:
        return newest
    # Revisions come from the heads down, so the first one seen of a branch is its newest.
    for rev in script.iterate_revisions(
        tuple(heads), "base", inclusive=True, assert_relative_length=False
    ):
        for label in rev.branch_labels:
            if label in registry and label not in newest:
                newest[label] = rev.revision
    return newest


# -- installation -----------------------------------------------------------------------------
def starts_off(module: ModuleDefinition) -> bool:
    """An optional module that arrives after platforms exist starts off on them."""
    return module.tier == ModuleTier.OPTIONAL and not module.default_enabled


def record_installations(
    registry: ModuleRegistry, revisions: dict[str, str] | None = None
) -> list[str]:
    """Record modules seen for the first time; committed. Returns those switched off.

    `revisions` (module code → newest applied revision of its branch) refreshes what
    `forget` relies on; None leaves the stored revisions alone (the database has orphaned
    migrations, so its state cannot be read whole).
    """
    if not has_table(ModuleInstallation.__tablename__):
        return []  # a database not migrated yet: `flask db upgrade` records afterwards
    seen = set(db.session.scalars(sa.select(ModuleInstallation.code)))
    baseline = not seen
    switched_off: list[str] = []
    touched: set[int] = set()
    platforms: list[int] | None = None
    for code in registry.topological_order:
        module = registry[code]
        if code in seen:
            continue
        values = {"code": code, "version": module.version, "installed_at": utcnow()}
        if not insert_if_absent(ModuleInstallation, **values):
            continue  # another worker recorded it first and did the rest
        if baseline or not starts_off(module):
            continue
        platforms = platform_ids() if platforms is None else platforms
        for platform_id in platforms:
            insert_if_absent(
                PlatformModule,
                platform_id=platform_id,
                module_code=code,
                enabled=False,
                updated_at=utcnow(),
            )
            touched.add(platform_id)
        switched_off.append(code)
    refresh_installation_rows(registry, revisions)
    versions = module_service.bump_stamps(sorted(touched))
    db.session.commit()
    module_service.announce(versions)
    for code in switched_off:
        log.warning(
            "new module %s recorded: off on the %d existing platform(s) until an admin enables it",
            code,
            len(touched),
        )
    return switched_off


def refresh_installation_rows(registry: ModuleRegistry, revisions: dict[str, str] | None):
    """Keep each present module's version (and applied revision) as last seen."""
    rows = db.session.scalars(
        sa.select(ModuleInstallation).where(ModuleInstallation.code.in_(registry.codes()))
    )
    for row in rows:
        module = registry[row.code]
        if row.version != module.version:
            row.version = module.version
        if revisions is not None and row.revision != revisions.get(row.code):
            row.revision = revisions.get(row.code)


def check_at_startup(app: Flask) -> None:
    """One look at the database when the app is created.

    Orphaned migrations are logged with the way out (the app still serves: the gone
    module's pages are gone already, and its tables only sit there); new modules are
    recorded. A database that cannot be read yet (not created, not migrated, down) is
    left alone: `flask db upgrade` and `/readyz` are where that is reported.
    """
    with app.app_context():
        try:
            registry = app.extensions["wizamart.registry"]
            heads = database_heads()
            revisions = None
            if heads:
                script = script_directory()
                orphans = find_orphaned_migrations(script, heads, registry)
                for orphan in orphans:
                    log.error("%s", orphan.message())
                if not orphans:
                    revisions = applied_module_revisions(script, heads, registry)
            record_installations(registry, revisions)
        except sa.exc.SQLAlchemyError as exc:
            db.session.rollback()
            log.warning("module installations not checked at start-up: %s", exc.__class__.__name__)
        finally:
            db.session.remove()
            # A server that forks after loading the app must not share these connections.
            db.engine.dispose()


# -- orphaned migrations ----------------------------------------------------------------------
@dataclass
class OrphanedMigrations:
    """Revisions in alembic_version that no version location provides, by module."""

    module: str
    revisions: list[str] = field(default_factory=list)

    def message(self) -> str:
        revisions = ", ".join(self.revisions)
        folder = f"modules/{package_name(self.module)}"
        return (
            f"The database has migrations of module '{self.module}' (revision {revisions}) "
            f"but {folder} is gone. Either put the module folder back and run "
            f"`{CLI} uninstall {self.module}` (its tables are dropped), or forget it with "
            f"`{CLI} forget {self.module}` (its tables stay in the database, unused; its "
            f"migration record and module state are removed)."
        )


def module_of_revision(revision: str, candidates: set[str]) -> str:
    """The module a revision belongs to: a recorded module whose prefix it carries, else
    the revision without its number (revisions are named `<package>_<NNN>`)."""
    for code in sorted(candidates, key=len, reverse=True):
        if revision.startswith(package_name(code) + "_"):
            return code
    return re.sub(r"_\d+$", "", revision)


def find_orphaned_migrations(
    script: ScriptDirectory | None = None,
    heads: list[str] | None = None,
    registry: ModuleRegistry | None = None,
) -> list[OrphanedMigrations]:
    """Modules whose revisions are in the database but in no version location."""
    heads = database_heads() if heads is None else heads
    if not heads:
        return []
    script = script or script_directory()
    registry = registry or current_registry()
    unknown = [rev for rev in heads if rev not in known_revisions(script)]
    if not unknown:
        return []
    gone = set()
    if has_table(ModuleInstallation.__tablename__):
        gone = set(db.session.scalars(sa.select(ModuleInstallation.code))) - registry.codes()
    by_module: dict[str, OrphanedMigrations] = {}
    for rev in sorted(unknown):
        code = module_of_revision(rev, gone)
        by_module.setdefault(code, OrphanedMigrations(code)).revisions.append(rev)
    return list(by_module.values())


def orphans_of(code: str, orphans: list[OrphanedMigrations]) -> list[str]:
    return [
        rev
        for orphan in orphans
        if package_name(orphan.module) == package_name(code)
        for rev in orphan.revisions
    ]


# -- uninstall --------------------------------------------------------------------------------
@dataclass
class UninstallPlan:
    """What `modules uninstall` will do."""

    code: str
    revisions: list[str]  # the module's applied revisions; empty: nothing to downgrade
    platforms: list[int]


@dataclass
class UninstallReport:
    code: str
    revisions: list[str]
    tables_dropped: list[str]
    platforms: int
    choices_deleted: int


def plan_uninstall(code: str) -> UninstallPlan:
    """Check that `code` may be uninstalled; LifecycleError says why not."""
    registry = current_registry()
    module = registry.get(code)
    script = script_directory()
    orphans = find_orphaned_migrations(script)
    if module is None:
        if orphans_of(code, orphans):
            raise LifecycleError(
                f"The module folder of '{code}' is gone, so its migrations cannot run down. "
                f"Put the folder back, or use `{CLI} forget {code}`."
            )
        raise LifecycleError(f"There is no module '{code}'.")
    if module.is_core:
        raise LifecycleError(f"'{code}' is a core module: it cannot be uninstalled.")
    if orphans:
        raise LifecycleError("\n".join(orphan.message() for orphan in orphans))
    needed_by = sorted(registry.dependent_closure(code))
    if needed_by:
        raise LifecycleError(
            f"'{code}' is required by {', '.join(needed_by)}: uninstall "
            f"{'that module' if len(needed_by) == 1 else 'those modules'} first."
        )
    platforms = platform_ids()
    enabled_on = [p for p in platforms if module_service.is_module_enabled(p, code)]
    if enabled_on:
        codes = [platform_code(p) for p in enabled_on]
        raise LifecycleError(
            f"'{code}' is on for platform(s) {', '.join(codes)}: disable it there first "
            f"(`{CLI} disable {code} --platform {codes[0]}`)."
        )
    own = branch_revisions(script, code)
    leaning = sorted(rev for rev in known_revisions(script) - own if ancestry(script, [rev]) & own)
    if leaning:
        raise LifecycleError(
            f"Revision(s) {', '.join(leaning)} of other modules depend on the migrations of "
            f"'{code}': they would be taken down with it. Uninstall those modules first."
        )
    applied = ancestry(script, database_heads()) & own
    order = [rev.revision for rev in script.walk_revisions() if rev.revision in applied]
    return UninstallPlan(code, order, platforms)


def uninstall(code: str) -> UninstallReport:
    """Uninstall a module whose folder is still here (see plan_uninstall); committed.

    Its branch goes down to `<code>@base`, dropping its tables. Its choices become an
    explicit "off" on every platform rather than no row (which would mean on): workers
    still running with the folder present must keep it off until it is deleted.
    """
    plan = plan_uninstall(code)
    before = table_names()
    if plan.revisions:
        config = current_app.extensions["migrate"].migrate.get_config()
        db.session.commit()  # no open transaction may hold a lock the downgrade needs
        command.downgrade(config, f"{code}@base")
    dropped = sorted(before - table_names())
    deleted = db.session.execute(
        sa.delete(PlatformModule).where(PlatformModule.module_code == code)
    ).rowcount
    for platform_id in plan.platforms:
        db.session.add(PlatformModule(platform_id=platform_id, module_code=code, enabled=False))
    db.session.execute(sa.delete(ModuleInstallation).where(ModuleInstallation.code == code))
    versions = module_service.bump_stamps(plan.platforms)
    db.session.commit()
    module_service.announce(versions)
    log.warning("module %s uninstalled: tables dropped: %s", code, ", ".join(dropped) or "none")
    return UninstallReport(code, plan.revisions, dropped, len(plan.platforms), deleted)


# -- forget -----------------------------------------------------------------------------------
@dataclass
class ForgetPlan:
    """What `modules forget` will do for a module whose folder is gone."""

    code: str
    revisions: list[str]
    tables: list[str]  # tables named like the module's: left in place
    choices: int
    installed: bool


def plan_forget(code: str) -> ForgetPlan:
    """Check that `code` is a gone module the database still remembers."""
    registry = current_registry()
    if code in registry or package_name(code) in {package_name(c) for c in registry.codes()}:
        raise LifecycleError(
            f"The module '{code}' is present: uninstall it with `{CLI} uninstall {code}`."
        )
    revisions = orphans_of(code, find_orphaned_migrations())
    choices = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(PlatformModule)
        .where(PlatformModule.module_code == code)
    )
    installed = db.session.get(ModuleInstallation, code) is not None
    if not (revisions or choices or installed):
        raise LifecycleError(f"The database holds nothing of a module '{code}'.")
    prefix = package_name(code) + "_"
    tables = sorted(name for name in table_names() if name.startswith(prefix))
    return ForgetPlan(code, revisions, tables, choices, installed)


def forget(code: str) -> ForgetPlan:
    """Forget a gone module: its alembic_version rows, choices and installation record.

    Its tables stay (without its migrations nothing can say how to drop them safely).
    Alembic lets a revision stand for the revisions it depends on; those of the present
    modules are put back from what start-up last recorded, so the next `flask db upgrade`
    does not try to create their tables again.
    """
    plan = plan_forget(code)
    if plan.revisions:
        db.session.execute(
            sa.delete(VERSION_TABLE).where(VERSION_TABLE.c.version_num.in_(plan.revisions))
        )
        restore_dependencies(script_directory())
    db.session.execute(sa.delete(PlatformModule).where(PlatformModule.module_code == code))
    db.session.execute(sa.delete(ModuleInstallation).where(ModuleInstallation.code == code))
    db.session.commit()
    log.warning("module %s forgotten: tables left: %s", code, ", ".join(plan.tables) or "none")
    return plan


def restore_dependencies(script: ScriptDirectory) -> list[str]:
    """Put back present modules' revisions that only a removed row stood for."""
    known = known_revisions(script)
    remaining = [
        rev for rev in db.session.scalars(sa.select(VERSION_TABLE.c.version_num)) if rev in known
    ]
    applied = ancestry(script, remaining)
    stored = db.session.scalars(
        sa.select(ModuleInstallation.revision).where(ModuleInstallation.revision.is_not(None))
    )
    missing = {rev for rev in stored if rev in known and rev not in applied}
    # Only the newest of them: a row for a revision implies the ones below it.
    heads = sorted(
        rev for rev in missing if not any(rev in ancestry(script, [o]) for o in missing - {rev})
    )
    for rev in heads:
        db.session.execute(sa.insert(VERSION_TABLE).values(version_num=rev))
    return heads
