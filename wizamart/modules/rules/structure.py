"""MOD-001, MOD-007, MOD-008, MOD-009: the module's folder, its definition and its shape."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

from wizamart.modules.definition import ModuleDefinition
from wizamart.modules.discovery import duplicate_code, read_definition
from wizamart.modules.findings import Finding, finding
from wizamart.modules.rules.model import (
    Context,
    Module,
    is_package,
)

SELF_CONTAINED_PACKAGES = ("routes", "services", "models", "schemas")
DOTTED_PATHS = {  # definition field -> what the dotted path must name
    "services_path": "a folder",
    "models_path": "a folder",
    "schemas_path": "a folder",
    "exceptions_path": "a file",
}
FOLDER_PATHS = ("templates_path", "static_path", "translations_path", "migrations_path")


# --------------------------------------------------------------------------- MOD-009


def module_candidates(modules_dir: Path) -> list[Path]:
    """Folders under `modules_dir` that are, or try to be, modules.

    Discovery's own rule (a package, not named `_x` or `.x`), widened to folders
    that hold a definition.py without being a package, so MOD-009 can name them.
    """
    modules_dir = Path(modules_dir)
    if not modules_dir.is_dir():
        return []
    return sorted(
        p
        for p in modules_dir.iterdir()
        if p.is_dir()
        and not p.name.startswith((".", "_"))
        and ((p / "__init__.py").is_file() or (p / "definition.py").is_file())
    )


def load_module(folder: Path, modules_dir: Path, prefix: str) -> tuple[Module | None, list]:
    """Import the folder's definition; MOD-009 when discovery could not use it."""
    name = folder.name
    if not (folder / "__init__.py").is_file():
        return None, [
            finding(
                "MOD-009",
                name,
                f"{modules_dir.name}/{name} has definition.py but no __init__.py: "
                "discovery skips folders that are not packages",
                folder,
            )
        ]
    if not (folder / "definition.py").is_file():
        return None, [
            finding(
                "MOD-009",
                name,
                f"{modules_dir.name}/{name} has __init__.py but no definition.py: "
                "discovery cannot find it",
                folder,
            )
        ]
    loaded = read_definition(folder, prefix)
    if isinstance(loaded, Finding):
        return None, [loaded]
    display = f"{modules_dir.name}/{name}"
    return Module(folder, display, prefix, loaded), []


def register(module: Module, ctx: Context) -> list[Finding]:
    """Add a loaded module to the context; MOD-009 when its code is already taken
    (the registry refuses to start on a duplicate code)."""
    other = ctx.modules.get(module.code)
    if other is None:
        ctx.modules[module.code] = module
        return []
    return [duplicate_code(module.definition, other.definition)]


# --------------------------------------------------------------------------- MOD-001, 008


def check_required_packages(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-001: a self-contained module has routes/, services/, models/ and schemas/,
    each a package (a folder with __init__.py). A module without tables or forms keeps
    the package with a docstring, so every module has the same shape."""
    if not module.definition.is_self_contained:
        return
    for name in SELF_CONTAINED_PACKAGES:
        folder = module.folder / name
        if not folder.is_dir():
            yield finding(
                "MOD-001",
                module.code,
                f"self-contained module has no {name}/ package ({module.show(name)})",
                folder,
            )
        elif not (folder / "__init__.py").is_file():
            yield finding(
                "MOD-001",
                module.code,
                f"{name}/ has no __init__.py ({module.show(name + '/__init__.py')})",
                folder,
            )


def check_exceptions(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-008: a self-contained module has exceptions.py (or an exceptions/ package)."""
    if not module.definition.is_self_contained:
        return
    if (module.folder / "exceptions.py").is_file() or is_package(module.folder / "exceptions"):
        return
    yield finding(
        "MOD-008",
        module.code,
        f"self-contained module has no exceptions.py ({module.show('exceptions.py')})",
        module.folder / "exceptions.py",
    )


# --------------------------------------------------------------------------- MOD-007

PATH_DEFAULTS = {f.name: f.default for f in fields(ModuleDefinition)}


def check_definition_paths(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-007: the code is the folder name with '-' for '_'; each dotted path that is
    set (services_path, models_path, schemas_path, exceptions_path) is
    `modules.<package>.<part>` (the seed's `app.modules.<package>.<part>` is read the same;
    or the package a module set outside modules/ is
    mounted as) and <part> is a folder or a .py file of the module; each folder path
    changed from its default (templates_path, static_path, translations_path,
    migrations_path) is a folder inside the module."""
    definition = module.definition
    if definition.code.replace("-", "_") != module.package:
        yield finding(
            "MOD-007",
            module.code,
            f"code {definition.code!r} does not match its folder {module.display} "
            f"(expected folder {definition.code.replace('-', '_')})",
            module.folder,
        )
    for name, kind in DOTTED_PATHS.items():
        value = getattr(definition, name)
        if value is not None:
            yield from check_dotted_path(module, name, value, kind)
    for name in FOLDER_PATHS:
        value = getattr(definition, name)
        if value != PATH_DEFAULTS[name]:
            yield from check_folder_path(module, name, value)


def check_dotted_path(module: Module, name: str, value: str, kind: str) -> Iterator[Finding]:
    # `app.modules.<package>` is the seed's spelling of `modules.<package>`: accepted.
    roots = [f"{root}.{module.package}." for root in ("modules", "app.modules", module.prefix)]
    root = next((r for r in roots if str(value).startswith(r)), None)
    if root is None:
        yield finding(
            "MOD-007",
            module.code,
            f"{name} {value!r} is not inside the module (expected modules.{module.package}.…)",
            module.folder / "definition.py",
        )
        return
    relative = str(value)[len(root) :].replace(".", "/")
    target = module.folder / relative
    if not (target.is_dir() or target.with_suffix(".py").is_file()):
        shown = module.show(relative + (".py" if kind == "a file" else ""))
        yield finding(
            "MOD-007", module.code, f"{name} {value!r} does not match {kind} ({shown})", target
        )


def check_folder_path(module: Module, name: str, value: str) -> Iterator[Finding]:
    target = (module.folder / str(value)).resolve()
    inside = target == module.folder.resolve() or module.folder.resolve() in target.parents
    if not inside or not target.is_dir():
        yield finding(
            "MOD-007",
            module.code,
            f"{name} {value!r} does not match a folder ({module.show(str(value))})",
            target,
        )
