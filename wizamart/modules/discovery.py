"""Find modules: every `<modules_dir>/*/definition.py` holding one ModuleDefinition.

There is no central list: a folder with a definition is a module. Discovery only
imports definitions; routes, tasks and config are imported when the app is built
(see wizamart.modules.loader). A definition that cannot be used is a finding
(MOD-009), so the caller can report every broken folder at once.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

from wizamart.modules.definition import ModuleDefinition
from wizamart.modules.findings import Finding, ModuleLoadError, finding

REAL_MODULES_DIR = Path(__file__).resolve().parents[2] / "modules"


def package_prefix(modules_dir: Path) -> str:
    """The Python package that holds the module folders.

    The project's own `modules/` is the importable package `modules`. Any other
    folder (test fixture module sets, generated benchmark sets) is mounted as a
    synthetic package so its modules can import each other the same way.
    """
    modules_dir = Path(modules_dir).resolve()
    if modules_dir == REAL_MODULES_DIR:
        return "modules"
    digest = hashlib.sha1(str(modules_dir).encode()).hexdigest()[:8]
    prefix = f"_wizamart_modset_{digest}"
    if prefix not in sys.modules:
        package = types.ModuleType(prefix)
        package.__path__ = [str(modules_dir)]
        sys.modules[prefix] = package
    return prefix


def module_folders(modules_dir: Path) -> list[Path]:
    """Folders under modules_dir that look like modules (sorted, for a stable order)."""
    modules_dir = Path(modules_dir)
    if not modules_dir.is_dir():
        return []
    return sorted(
        p
        for p in modules_dir.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and (p / "__init__.py").exists()
    )


def read_definition(folder: Path, prefix: str) -> ModuleDefinition | Finding:
    """Import `<folder>/definition.py` and return its one ModuleDefinition, or the MOD-009
    finding that says why it cannot be used. Never raises: a broken definition must not
    take the check (or the error report) down with it."""
    name = folder.name
    shown = f"{folder.parent.name}/{name}/definition.py"
    package = f"{prefix}.{name}"
    try:
        mod = importlib.import_module(f"{package}.definition")
    except (Exception, SystemExit) as exc:  # whatever the author's code raises
        return finding(
            "MOD-009",
            name,
            f"{shown} cannot be loaded ({type(exc).__name__}: {exc})",
            folder / "definition.py",
        )
    found = [v for v in vars(mod).values() if isinstance(v, ModuleDefinition)]
    if len(found) != 1:
        return finding(
            "MOD-009",
            name,
            f"{shown} must hold exactly one ModuleDefinition, found {len(found)}",
            folder / "definition.py",
        )
    definition = found[0]
    definition.path = folder
    definition.package = package
    return definition


@dataclass
class DiscoveryResult:
    """The definitions that loaded, and MOD-009 findings for the folders that did not."""

    definitions: list[ModuleDefinition] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def discover(*modules_dirs: Path) -> DiscoveryResult:
    """Every module definition under the given folders, in folder order; a folder whose
    definition cannot be loaded, or whose code is already taken, is a finding instead."""
    result = DiscoveryResult()
    seen: dict[str, ModuleDefinition] = {}
    for modules_dir in modules_dirs:
        prefix = package_prefix(modules_dir)
        for folder in module_folders(modules_dir):
            if not (folder / "definition.py").exists():
                continue  # a helper package, not a module (MOD-009 in `modules check`)
            loaded = read_definition(folder, prefix)
            if isinstance(loaded, Finding):
                result.findings.append(loaded)
            elif loaded.code in seen:
                result.findings.append(duplicate_code(loaded, seen[loaded.code]))
            else:
                seen[loaded.code] = loaded
                result.definitions.append(loaded)
    return result


def shown_folder(folder: Path) -> str:
    """How findings name a module folder: `<modules folder>/<module folder>`."""
    folder = Path(folder)
    return f"{folder.parent.name}/{folder.name}"


def shown_file(definition: ModuleDefinition, path: Path) -> str:
    """`modules/catalog/routes/pages/vendor.py`: how findings name a module's file."""
    relative = Path(path).relative_to(definition.path).as_posix()
    return f"{shown_folder(definition.path)}/{relative}"


def duplicate_code(definition: ModuleDefinition, first: ModuleDefinition) -> Finding:
    """MOD-009: two folders define one code (the registry could keep only one)."""
    return finding(
        "MOD-009",
        definition.code,
        f"{shown_folder(definition.path)}/definition.py: code {definition.code!r} is already "
        f"defined in {shown_folder(first.path)}",
        Path(definition.path) / "definition.py",
    )


def discover_modules(*modules_dirs: Path) -> list[ModuleDefinition]:
    """Every module definition under the given folders; raises ModuleLoadError (with
    the findings) when a folder cannot be loaded. Use `discover` to get the findings."""
    result = discover(*modules_dirs)
    if result.findings:
        raise ModuleLoadError(result.findings)
    return result.definitions
