"""The architecture rules MOD-001..MOD-017: check module folders (MOD-001..MOD-015 without
running them; MOD-016 and MOD-017 when the modules are loaded).

The rules come from the seed's table, read through our stack (Flask blueprints
named `router`, RQ jobs in `tasks/`, gettext catalogs in `translations/`,
one Alembic branch per module). docs/modules.md states each rule precisely;
the docstring of each `check_*` function is the same definition. One file per
family of rules:

  findings.py      Finding, Severity and the table of rules (RULES)
  model.py         Module and Context (what a rule reads), Python source read with ast
  structure.py     MOD-001 packages, MOD-007 definition paths, MOD-008 exceptions.py,
                   MOD-009 discovery (the one place definition.py is imported)
  imports.py       MOD-002/003 no re-export shims, MOD-004 imports follow `requires`
  ui.py            MOD-005 templates and static, MOD-006/012 translations
  routes.py        MOD-010 route files export a Blueprint `router`; MOD-019 API views
                   declare their schemas (@api_view)
  tasks_config.py  MOD-011 tasks package, MOD-013 config.py
  migrations.py    MOD-014/014a/015 the module's Alembic branch
  references.py    MOD-016 menu items, endpoints and permissions point somewhere real
                   (run by the loader, at start-up and in `check_modules`)

MOD-017 (the dependency graph) is the registry's (wizamart.modules.registry).

Everything is static: files are listed and Python is read with `ast`. The one
exception is `definition.py`, which is imported (through discovery) because
`requires`, the paths and the flags are values, not syntax. A definition that
cannot be imported is a finding (MOD-009), never a crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from wizamart.modules.discovery import package_prefix
from wizamart.modules.findings import RULES, Finding, Severity, finding
from wizamart.modules.rules.imports import check_actual_code, check_imports
from wizamart.modules.rules.migrations import (
    check_migration_branch,
    check_migration_names,
    check_migration_packages,
)
from wizamart.modules.rules.model import Context
from wizamart.modules.rules.routes import check_api_schemas, check_route_files
from wizamart.modules.rules.structure import (
    check_definition_paths,
    check_exceptions,
    check_required_packages,
    load_module,
    module_candidates,
    register,
)
from wizamart.modules.rules.tasks_config import check_config, check_tasks
from wizamart.modules.rules.ui import (
    check_templates,
    check_translations_complete,
    check_translations_exist,
)

__all__ = [
    "RULES",
    "Finding",
    "Severity",
    "check_modules",
    "finding",
    "module_candidates",
    "validate_modules",
]

DEFAULT_LANGUAGES = ("en", "fr", "de", "lb")

CHECKS = (
    check_required_packages,  # MOD-001
    check_actual_code("MOD-002", "services"),
    check_actual_code("MOD-003", "schemas"),
    check_imports,  # MOD-004
    check_templates,  # MOD-005
    check_translations_exist,  # MOD-006
    check_definition_paths,  # MOD-007
    check_exceptions,  # MOD-008
    check_route_files,  # MOD-010
    check_tasks,  # MOD-011
    check_translations_complete,  # MOD-012
    check_config,  # MOD-013
    check_migration_names,  # MOD-014
    check_migration_branch,  # MOD-014a
    check_migration_packages,  # MOD-015
    check_api_schemas,  # MOD-019
)


def validate_modules(*folders: Path, languages: Iterable[str] = DEFAULT_LANGUAGES) -> list[Finding]:
    """Check every module under the given module folders against MOD-001..MOD-015.

    Requirements are resolved across all the folders, so a fixture set that requires
    a real module is checked together with `modules/`. A folder that fails MOD-009
    is not checked further: the other rules need its definition.
    """
    ctx = Context(languages=tuple(languages))
    findings: list[Finding] = []
    for modules_dir in map(Path, folders):
        prefix = package_prefix(modules_dir)
        for folder in module_candidates(modules_dir):
            module, problems = load_module(folder, modules_dir, prefix)
            findings += problems
            if module is not None:
                findings += register(module, ctx)
    for module in ctx.modules.values():
        for check in CHECKS:
            findings += check(module, ctx)
    return findings


def check_modules(*folders: Path, languages: Iterable[str] = DEFAULT_LANGUAGES) -> list[Finding]:
    """`flask modules check`: the static rules, then what start-up would say.

    The modules are also loaded into a scratch Flask app exactly as create_app loads
    them (wizamart.modules.loader.wire_modules), so an import error anywhere in a
    module, a dependency graph the registry refuses (MOD-017) and the references of
    MOD-016 are findings here too. A problem both passes see is reported once.
    """
    # Imported here: the loader itself imports this package (for MOD-016).
    from flask import Flask

    from wizamart.modules.loader import wire_modules

    findings = validate_modules(*folders, languages=languages)
    seen = {(f.rule, resolved(f.path)) for f in findings if f.path is not None}
    _, loaded = wire_modules(Flask("wizamart_modules_check"), list(map(Path, folders)))
    for found in loaded:
        if found.path is None or (found.rule, resolved(found.path)) not in seen:
            findings.append(found)
    return findings


def resolved(path: Path) -> Path:
    return Path(path).resolve()
