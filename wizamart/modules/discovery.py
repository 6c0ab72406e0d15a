"""Find modules: every `<modules_dir>/*/definition.py` holding one ModuleDefinition.

There is no central list: a folder with a definition is a module. Discovery only
imports definitions; routes, tasks and config are imported when the app is built
(see wizamart.modules.loader).
"""

from __future__ import annotations

import hashlib
import importlib
import sys
import types
from pathlib import Path

from wizamart.modules.definition import ModuleDefinition

REAL_MODULES_DIR = Path(__file__).resolve().parents[2] / "modules"


class ModuleDiscoveryError(RuntimeError):
    """A module folder that cannot be turned into a module definition."""


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


def load_definition(folder: Path, prefix: str) -> ModuleDefinition | None:
    """Import `<folder>/definition.py` and return its one ModuleDefinition (None if no file)."""
    if not (folder / "definition.py").exists():
        return None
    package = f"{prefix}.{folder.name}"
    try:
        mod = importlib.import_module(f"{package}.definition")
    except Exception as exc:  # pragma: no cover - message matters more than type
        raise ModuleDiscoveryError(
            f"module folder '{folder.name}': importing definition.py failed: {exc!r}"
        ) from exc
    found = [v for v in vars(mod).values() if isinstance(v, ModuleDefinition)]
    if len(found) != 1:
        raise ModuleDiscoveryError(
            f"module folder '{folder.name}': definition.py must hold exactly one "
            f"ModuleDefinition, found {len(found)}"
        )
    definition = found[0]
    definition.path = folder
    definition.package = package
    return definition


def discover_modules(*modules_dirs: Path) -> list[ModuleDefinition]:
    """Every module definition under the given folders, in folder order."""
    definitions = []
    for modules_dir in modules_dirs:
        prefix = package_prefix(modules_dir)
        for folder in module_folders(modules_dir):
            definition = load_definition(folder, prefix)
            if definition is not None:
                definitions.append(definition)
    return definitions
