"""The architecture rules MOD-001..MOD-015: check module folders without running them.

The rules come from the seed's table, read through our stack (Flask blueprints
named `router`, RQ jobs in `tasks/`, gettext catalogs in `translations/`,
one Alembic branch per module). docs/modules.md states each rule precisely;
the docstring of each `check_*` function below is the same definition.

Everything is static: files are listed and Python is read with `ast`. The one
exception is `definition.py`, which is imported (through discovery) because
`requires`, the paths and the flags are values, not syntax. A definition that
cannot be imported is a finding (MOD-009), never a crash.
"""

from __future__ import annotations

import ast
import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path

from wizamart.modules.definition import ModuleDefinition
from wizamart.modules.discovery import ModuleDiscoveryError, load_definition, package_prefix

DEFAULT_LANGUAGES = ("en", "fr", "de", "lb")
PAGE_FRONTENDS = ("admin", "vendor", "storefront", "public")
API_FRONTENDS = ("admin", "vendor", "storefront")
INTERNAL_ONLY_FRONTENDS = ("vendor", "storefront")  # never registered for internal modules
SELF_CONTAINED_PACKAGES = ("routes", "services", "models", "schemas")
DOTTED_PATHS = {  # definition field -> what the dotted path must name
    "services_path": "a folder",
    "models_path": "a folder",
    "schemas_path": "a folder",
    "exceptions_path": "a file",
}
FOLDER_PATHS = ("templates_path", "static_path", "translations_path", "migrations_path")
# Another module's parts that are never an interface, even when it is required.
PRIVATE_PARTS = ("routes", "migrations")
MIGRATION_FIELDS = ("revision", "down_revision", "branch_labels", "depends_on")


class Severity(enum.StrEnum):
    """ERROR fails `flask modules check`; WARNING and INFO are printed only."""

    ERROR = "ERROR"
    WARNING = "WARNING"
    INFO = "INFO"


#: rule -> (severity, what it demands, in one line). docs/modules.md explains each.
RULES: dict[str, tuple[Severity, str]] = {
    "MOD-001": (
        Severity.ERROR,
        "Self-contained modules have routes/, services/, models/, schemas/",
    ),
    "MOD-002": (Severity.WARNING, "Services contain actual code, not re-exports"),
    "MOD-003": (Severity.WARNING, "Schemas contain actual code, not re-exports"),
    "MOD-004": (Severity.WARNING, "Module code imports only wizamart, itself and what it requires"),
    "MOD-005": (Severity.WARNING, "Modules with pages have namespaced templates (and static)"),
    "MOD-006": (Severity.INFO, "Modules with user-facing text have gettext catalogs"),
    "MOD-007": (Severity.ERROR, "Definition code and paths match the directory structure"),
    "MOD-008": (Severity.WARNING, "Self-contained modules have exceptions.py"),
    "MOD-009": (Severity.ERROR, "Module folders have a definition.py that discovery can load"),
    "MOD-010": (Severity.WARNING, "Route files are frontends and export `router`, a Blueprint"),
    "MOD-011": (Severity.WARNING, "tasks/ has __init__.py"),
    "MOD-012": (Severity.INFO, "Catalogs exist, readable, for every configured language"),
    "MOD-013": (Severity.INFO, "config.py exports `config` (env prefix <CODE>_)"),
    "MOD-014": (Severity.WARNING, "Migrations are named <package>_<NNN>_<what>.py and chained"),
    "MOD-014a": (
        Severity.ERROR,
        "The migration branch is labelled with the code, follows requires",
    ),
    "MOD-015": (Severity.WARNING, "migrations/ and migrations/versions/ have __init__.py"),
}


@dataclass(frozen=True)
class Finding:
    """One broken rule in one module; `path` is the file or folder concerned."""

    rule: str
    severity: Severity
    module: str
    message: str
    path: Path | None = None

    def __str__(self) -> str:
        return f"{self.severity.value} {self.rule} [{self.module}] {self.message}"


def finding(rule: str, module: str, message: str, path: Path | None = None) -> Finding:
    """A Finding with the severity the rule table gives `rule`."""
    return Finding(rule, RULES[rule][0], module, message, path)


# --------------------------------------------------------------------------- model


@dataclass
class Module:
    """A module folder whose definition loaded, with what the rules ask of it."""

    folder: Path
    display: str  # "modules/catalog": how messages name the folder
    prefix: str  # the Python package the folder is mounted under
    definition: ModuleDefinition

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def package(self) -> str:
        return self.folder.name

    def rel(self, path: Path) -> str:
        """`path` relative to the module folder, with forward slashes."""
        return path.relative_to(self.folder).as_posix()

    def show(self, relative: str) -> str:
        return f"{self.display}/{relative}"

    def python_files(self, under: str = "") -> list[Path]:
        root = self.folder / under if under else self.folder
        if not root.is_dir():
            return []
        return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)

    def route_files(self, kind: str) -> list[Path]:
        folder = self.folder / "routes" / kind
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*.py") if p.name != "__init__.py")

    @cached_property
    def migrations_dir(self) -> Path:
        return self.folder / self.definition.migrations_path

    def migration_files(self) -> list[Path]:
        if not self.migrations_dir.is_dir():
            return []
        return sorted(p for p in self.migrations_dir.glob("*.py") if p.name != "__init__.py")

    @cached_property
    def revisions(self) -> list[Revision]:
        """The migration files that parse, with their revision fields."""
        revisions = (read_revision(path) for path in self.migration_files())
        return [r for r in revisions if r is not None]


@dataclass
class Context:
    """What a rule may need to know about the other modules being checked."""

    languages: tuple[str, ...]
    modules: dict[str, Module] = field(default_factory=dict)  # by code

    def package_of(self, code: str) -> str:
        module = self.modules.get(code)
        return module.package if module else code.replace("-", "_")

    def code_of(self, package: str) -> str:
        for module in self.modules.values():
            if module.package == package:
                return module.code
        return package


# --------------------------------------------------------------------------- helpers


def parse(path: Path) -> ast.Module | None:
    """The file's syntax tree, or None when it is not valid Python."""
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return None


def bound_names(tree: ast.Module) -> dict[str, ast.AST]:
    """Names bound at module level (assignments, imports, defs), to the node binding them."""
    names: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node.value
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] = node
    return names


def is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def is_dunder_all(node: ast.stmt) -> bool:
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    else:
        return False
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)


def is_future_import(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def is_package(folder: Path) -> bool:
    return folder.is_dir() and (folder / "__init__.py").is_file()


def call_name(node: ast.AST | None) -> str | None:
    """`Blueprint` for `Blueprint(...)` and `flask.Blueprint(...)`; None if not a call."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return "?"


def user_facing(module: Module) -> bool:
    """Pages, menu entries or permissions: text a user reads, so text to translate."""
    definition = module.definition
    has_menu = any(definition.menu_items.values())
    return bool(module.route_files("pages") or has_menu or definition.permissions)


# --------------------------------------------------------------------------- discovery


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
    try:
        definition = load_definition(folder, prefix)
    except ModuleDiscoveryError as exc:
        cause = exc.__cause__
        reason = f"{type(cause).__name__}: {cause}" if cause else str(exc).split(": ", 1)[-1]
        return None, [
            finding(
                "MOD-009",
                name,
                f"{modules_dir.name}/{name}/definition.py cannot be loaded ({reason})",
                folder / "definition.py",
            )
        ]
    display = f"{modules_dir.name}/{name}"
    return Module(folder, display, prefix, definition), []


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


# --------------------------------------------------------------------------- MOD-002, 003


def own_import(node: ast.Import | ast.ImportFrom, module: Module) -> bool:
    """Does this import come from the module's own package?"""
    if isinstance(node, ast.ImportFrom) and node.level:
        return True  # relative imports stay inside the package (MOD-004 checks the rest)
    names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
    own = {f"{root}.{module.package}" for root in ("modules", module.prefix)}
    return all(n and any(n == o or n.startswith(o + ".") for o in own) for n in names)


def reexport_source(tree: ast.Module, module: Module) -> str | None:
    """Where a file's names come from when it only imports them from outside the module."""
    body = [
        n for n in tree.body if not (is_docstring(n) or is_dunder_all(n) or is_future_import(n))
    ]
    if not body or not all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in body):
        return None
    outside = [n for n in body if not own_import(n, module)]
    if not outside:
        return None  # a package facade over its own submodules is fine
    first = outside[0]
    return first.module if isinstance(first, ast.ImportFrom) else first.names[0].name


def check_actual_code(rule: str, part: str):
    def check(module: Module, ctx: Context) -> Iterator[Finding]:
        for path in module.python_files(part):
            tree = parse(path)
            source = reexport_source(tree, module) if tree else None
            if source:
                yield finding(
                    rule,
                    module.code,
                    f"{module.rel(path)} only re-exports names from {source}: "
                    f"{part} must hold the module's own code",
                    path,
                )

    check.__doc__ = (
        f"{rule}: no file in {part}/ consists only of imports that bring in names from "
        "outside the module (a re-export shim). Empty placeholders (a docstring) and "
        "package facades over the module's own submodules are fine."
    )
    return check


# --------------------------------------------------------------------------- MOD-004


def dotted_name(path: Path, module: Module) -> list[str]:
    parts = [module.prefix, module.package, *path.relative_to(module.folder).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported_names(
    node: ast.Import | ast.ImportFrom, path: Path, module: Module
) -> list[tuple[str, str]]:
    """(resolved, as written) dotted names an import statement reaches."""
    if isinstance(node, ast.Import):
        return [(alias.name, alias.name) for alias in node.names]
    written = "." * node.level + (node.module or "")
    if node.level:
        here = dotted_name(path, module)
        package = here if path.name == "__init__.py" else here[:-1]
        if node.level - 1 >= len(package):
            return []
        base = package[: len(package) - (node.level - 1)]
        base = base + (node.module.split(".") if node.module else [])
    else:
        base = node.module.split(".") if node.module else []
    if len(base) == 1 and base[0] in ("modules", module.prefix):  # from modules import x
        separator = "" if written.endswith(".") else "."
        return [(f"{base[0]}.{a.name}", f"{written}{separator}{a.name}") for a in node.names]
    return [(".".join(base), written)]


def import_problem(resolved: str, name: str, module: Module, ctx: Context) -> str | None:
    """What is wrong with importing `resolved` (written `name`) from this module, if anything."""
    parts = resolved.split(".")
    if parts[0] == "app":
        return f"imports {name}: `app.` is the seed's FastAPI layout, not ours"
    if parts[0] not in ("modules", module.prefix) or len(parts) < 2:
        return None
    target = parts[1]
    if target == module.package:
        return None
    required = {ctx.package_of(code) for code in module.definition.requires}
    target_code = ctx.code_of(target)
    if target not in required:
        return (
            f"imports {name}, but {module.code} does not require {target_code} "
            "(require it, or use events)"
        )
    if len(parts) > 2 and parts[2] in PRIVATE_PARTS:
        return f"imports {name}: another module's {parts[2]} are not its interface"
    return None


def check_imports(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-004: every Python file of the module (routes first among them) imports only
    the standard library, third-party packages, `wizamart`, its own package, and the
    modules it `requires` — and of those never their routes or migrations. Flagged:
    `app.*` (the seed's FastAPI layout) and `modules.<other>...` (absolute or relative)
    when <other> is not required."""
    for path in module.python_files():
        tree = parse(path)
        if tree is None:
            yield finding(
                "MOD-004",
                module.code,
                f"{module.rel(path)} is not valid Python; its imports cannot be checked",
                path,
            )
            continue
        seen = set()
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for resolved, written in imported_names(node, path, module):
                problem = import_problem(resolved, written, module, ctx)
                if problem and (node.lineno, problem) not in seen:
                    seen.add((node.lineno, problem))
                    yield finding(
                        "MOD-004", module.code, f"{module.rel(path)}:{node.lineno} {problem}", path
                    )


# --------------------------------------------------------------------------- MOD-005

URL_FOR_STATIC = re.compile(r"""url_for\(\s*["']module_static["'](?P<args>[^)]*)\)""")
KWARG = r"""{}\s*=\s*["'](?P<value>[^"']+)["']"""
LITERAL_STATIC = re.compile(r"/static/modules/(?P<code>[\w-]+)/(?P<filename>[\w./-]+)")


def static_references(text: str) -> Iterator[tuple[str | None, str | None]]:
    """(code, filename) of every module static file a template names (None if dynamic)."""
    for match in URL_FOR_STATIC.finditer(text):
        args = match.group("args")
        code = re.search(KWARG.format("code"), args)
        filename = re.search(KWARG.format("filename"), args)
        yield (
            code.group("value") if code else None,
            filename.group("value") if filename else None,
        )
    for match in LITERAL_STATIC.finditer(text):
        yield match.group("code"), match.group("filename")


def template_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.parts)
    )


def check_templates(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-005: a module with page routes (routes/pages/*.py) has templates in
    templates/<code or package>/...; templates elsewhere collide with other modules'
    in the one shared loader. static/ is required only when a template names one of
    the module's own static files (url_for('module_static', code=<code>, ...) or
    /static/modules/<code>/...), and then the named file must exist."""
    folder = module.folder / module.definition.templates_path
    templates = template_files(folder)
    pages = module.route_files("pages")
    if pages and not templates:
        yield finding(
            "MOD-005",
            module.code,
            f"has page routes ({module.rel(pages[0])}) but no templates "
            f"({module.show(module.definition.templates_path)}/{module.package}/...)",
            folder,
        )
    namespaces = {module.code, module.package}
    for path in templates:
        relative = path.relative_to(folder)
        if len(relative.parts) < 2 or relative.parts[0] not in namespaces:
            yield finding(
                "MOD-005",
                module.code,
                f"template {module.rel(path)} is not under "
                f"{module.definition.templates_path}/{module.package}/ "
                "(templates of all modules share one loader)",
                path,
            )
    yield from check_static(module, templates)


def check_static(module: Module, templates: list[Path]) -> Iterator[Finding]:
    static = module.folder / module.definition.static_path
    for path in templates:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for code, filename in static_references(text):
            if code not in (module.code, None):
                continue
            if not static.is_dir():
                yield finding(
                    "MOD-005",
                    module.code,
                    f"{module.rel(path)} uses the module's static files but there is no "
                    f"{module.show(module.definition.static_path)}/",
                    static,
                )
                return
            if filename and not (static / filename).is_file():
                yield finding(
                    "MOD-005",
                    module.code,
                    f"{module.rel(path)} uses static file {filename!r}, which does not exist "
                    f"({module.show(module.definition.static_path)}/{filename})",
                    static / filename,
                )


# --------------------------------------------------------------------------- MOD-006, 012


def catalogs(folder: Path) -> dict[str, Path]:
    """language -> translations/<lang>/LC_MESSAGES/messages.po."""
    if not folder.is_dir():
        return {}
    return {p.parents[1].name: p for p in sorted(folder.glob("*/LC_MESSAGES/messages.po"))}


def check_translations_exist(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-006: a module with user-facing text (page routes, menu items or permissions)
    has at least one gettext catalog translations/<lang>/LC_MESSAGES/messages.po. A
    seed-style locales/ folder is reported too: nothing reads it."""
    translations = module.definition.translations_path
    if (module.folder / "locales").is_dir():
        yield finding(
            "MOD-006",
            module.code,
            f"{module.show('locales')}/ is the seed's JSON format and is not read; "
            f"use {translations}/<lang>/LC_MESSAGES/messages.po",
            module.folder / "locales",
        )
    if user_facing(module) and not catalogs(module.folder / translations):
        yield finding(
            "MOD-006",
            module.code,
            "has user-facing text (pages, menu items or permissions) but no catalogs "
            f"({module.show(translations)}/<lang>/LC_MESSAGES/messages.po)",
            module.folder / translations,
        )


def check_translations_complete(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-012: once a module has catalogs, it has one for every configured language
    (LANGUAGES: en, fr, de, lb by default), and each one reads as a .po file."""
    folder = module.folder / module.definition.translations_path
    found = catalogs(folder)
    if not found:
        return
    missing = [lang for lang in ctx.languages if lang not in found]
    if missing:
        yield finding(
            "MOD-012",
            module.code,
            f"no catalog for {', '.join(missing)} "
            f"({module.show(module.definition.translations_path)}/<lang>/LC_MESSAGES/messages.po)",
            folder,
        )
    for path in found.values():
        problem = po_problem(path)
        if problem:
            yield finding("MOD-012", module.code, f"{module.rel(path)} {problem}", path)


def po_problem(path: Path) -> str | None:
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as handle:
            read_po(handle, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        return f"cannot be read as a catalog ({exc})"
    return None


# --------------------------------------------------------------------------- MOD-007

PATH_DEFAULTS = {f.name: f.default for f in fields(ModuleDefinition)}


def check_definition_paths(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-007: the code is the folder name with '-' for '_'; each dotted path that is
    set (services_path, models_path, schemas_path, exceptions_path) is
    `modules.<package>.<part>` (or the package a module set outside modules/ is
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
    roots = [f"{root}.{module.package}." for root in ("modules", module.prefix)]
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


# --------------------------------------------------------------------------- MOD-010


def check_route_files(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-010: every routes/pages/*.py is named after a frontend the loader registers
    (admin, vendor, storefront, public; for routes/api/: admin, vendor, storefront; only
    admin and public for internal modules) and binds `router` at module level to a
    flask.Blueprint (an assignment from Blueprint(...), or an import of `router`)."""
    for kind, allowed in (("pages", PAGE_FRONTENDS), ("api", API_FRONTENDS)):
        for path in module.route_files(kind):
            yield from check_route_name(module, path, allowed)
            yield from check_router_export(module, path)


def check_route_name(module: Module, path: Path, allowed: tuple[str, ...]) -> Iterator[Finding]:
    if path.stem not in allowed:
        yield finding(
            "MOD-010",
            module.code,
            f"{module.rel(path)} is never registered: route files are named after a "
            f"frontend ({', '.join(allowed)})",
            path,
        )
    elif module.definition.is_internal and path.stem in INTERNAL_ONLY_FRONTENDS:
        yield finding(
            "MOD-010",
            module.code,
            f"{module.rel(path)} is never registered: internal modules are admin only",
            path,
        )


def check_router_export(module: Module, path: Path) -> Iterator[Finding]:
    tree = parse(path)
    if tree is None:
        yield finding("MOD-010", module.code, f"{module.rel(path)} is not valid Python", path)
        return
    bound = bound_names(tree).get("router", ...)
    if bound is ...:
        yield finding(
            "MOD-010",
            module.code,
            f"{module.rel(path)} does not export `router` (router = Blueprint(...))",
            path,
        )
        return
    made_by = call_name(bound)
    if made_by not in (None, "Blueprint"):
        yield finding(
            "MOD-010",
            module.code,
            f"{module.rel(path)}: `router` is made by {made_by}(), not flask.Blueprint",
            path,
        )


# --------------------------------------------------------------------------- MOD-011, 013


def check_tasks(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-011: a tasks/ folder has __init__.py (the loader imports `<package>.tasks`
    with the module), and a module that declares periodic_jobs has that package."""
    tasks = module.folder / "tasks"
    if tasks.is_dir() and not (tasks / "__init__.py").is_file():
        yield finding(
            "MOD-011",
            module.code,
            f"tasks/ has no __init__.py ({module.show('tasks/__init__.py')})",
            tasks,
        )
    elif module.definition.periodic_jobs and not (
        is_package(tasks) or (module.folder / "tasks.py").is_file()
    ):
        yield finding(
            "MOD-011",
            module.code,
            f"declares periodic_jobs but has no tasks package ({module.show('tasks/__init__.py')})",
            tasks,
        )


def env_prefixes(tree: ast.Module) -> Iterator[str]:
    """String literals given as `env_prefix=` or under an "env_prefix" dict key."""
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "env_prefix":
            value = node.value
        elif isinstance(node, ast.Dict):
            value = next(
                (
                    v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == "env_prefix"
                ),
                None,
            )
        else:
            continue
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            yield value.value


def check_config(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-013: config.py, when present, binds `config` at module level (the loader
    reads only `config`; the seed's `config_class` alone is not enough), and its
    env_prefix, when written as a literal, is `<CODE>_` (upper case, '-' → '_')."""
    path = module.folder / "config.py"
    if not path.is_file():
        return
    tree = parse(path)
    if tree is None:
        yield finding("MOD-013", module.code, "config.py is not valid Python", path)
        return
    names = bound_names(tree)
    if "config" not in names:
        hint = " (it has config_class, which the loader does not read)" * ("config_class" in names)
        yield finding(
            "MOD-013",
            module.code,
            f"config.py does not export `config` = an instance of its settings class{hint}",
            path,
        )
    expected = module.code.upper().replace("-", "_") + "_"
    for prefix in env_prefixes(tree):
        if prefix != expected:
            yield finding(
                "MOD-013",
                module.code,
                f"config.py uses env_prefix {prefix!r}; the module's prefix is {expected!r}",
                path,
            )


# --------------------------------------------------------------------------- MOD-014, 015


@dataclass
class Revision:
    path: Path
    values: dict[str, object]  # the MIGRATION_FIELDS that could be read
    unreadable: list[str]  # those present but not literals

    @property
    def revision(self):
        return self.values.get("revision")

    def as_tuple(self, name: str) -> tuple:
        value = self.values.get(name)
        if value is None:
            return ()
        return tuple(value) if isinstance(value, (list, tuple, set)) else (value,)


def read_revision(path: Path) -> Revision | None:
    tree = parse(path)
    if tree is None:
        return None
    values, unreadable = {}, []
    for name, node in bound_names(tree).items():
        if name not in MIGRATION_FIELDS or node is None:
            continue
        try:
            values[name] = ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError):
            unreadable.append(name)
    return Revision(path, values, unreadable)


def check_migration_names(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-014: each file in migrations/versions/ is `<package>_<NNN>_<what>.py` (NNN
    three digits, <what> lower_snake_case) and holds `revision = "<package>_<NNN>"`;
    numbers are unique; `down_revision` is None (the branch's first revision, exactly
    one) or revisions of this same module — other modules are followed with depends_on."""
    pattern = re.compile(rf"^{re.escape(module.package)}_(\d{{3}})_[a-z0-9_]+\.py$")
    files = module.migration_files()
    revisions = {r.path: r for r in module.revisions}
    own_ids = {r.revision for r in revisions.values() if isinstance(r.revision, str)}
    numbers: dict[str, Path] = {}
    for path in files:
        rel = module.rel(path)
        match = pattern.match(path.name)
        if not match:
            yield finding(
                "MOD-014",
                module.code,
                f"{rel}: migration files are named {module.package}_<NNN>_<what>.py",
                path,
            )
        elif match.group(1) in numbers:
            yield finding(
                "MOD-014",
                module.code,
                f"{rel}: number {match.group(1)} is used twice "
                f"(also {numbers[match.group(1)].name})",
                path,
            )
        else:
            numbers[match.group(1)] = path
        revision = revisions.get(path)
        if revision is None:
            yield finding("MOD-014", module.code, f"{rel} is not valid Python", path)
            continue
        yield from revision_problems(module, revision, match, own_ids)
    roots = [r for r in revisions.values() if r.values.get("down_revision", ...) is None]
    if files and len(roots) > 1:
        names = ", ".join(module.rel(r.path) for r in roots)
        yield finding(
            "MOD-014",
            module.code,
            f"the branch has {len(roots)} first revisions (down_revision = None): {names}",
            module.migrations_dir,
        )


def revision_problems(module: Module, revision: Revision, match, own_ids) -> Iterator[Finding]:
    rel = module.rel(revision.path)
    for name in revision.unreadable:
        yield finding("MOD-014", module.code, f"{rel}: {name} must be a literal", revision.path)
    if "revision" not in revision.values:
        if "revision" not in revision.unreadable:
            yield finding("MOD-014", module.code, f"{rel} has no `revision`", revision.path)
    elif match and revision.revision != f"{module.package}_{match.group(1)}":
        yield finding(
            "MOD-014",
            module.code,
            f"{rel}: revision {revision.revision!r} does not match the file name "
            f"(expected '{module.package}_{match.group(1)}')",
            revision.path,
        )
    if "down_revision" not in revision.values and "down_revision" not in revision.unreadable:
        yield finding("MOD-014", module.code, f"{rel} has no `down_revision`", revision.path)
    for down in revision.as_tuple("down_revision"):
        if down not in own_ids:
            yield finding(
                "MOD-014",
                module.code,
                f"{rel}: down_revision {down!r} is not a revision of {module.code} "
                "(follow other modules with depends_on)",
                revision.path,
            )


def check_migration_branch(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-014a: the branch's first revision carries `branch_labels = ("<code>",)`, and
    the branch's `depends_on` (normally on its first revision; a requirement added later
    may be followed from the revision that needs it) names, for every required module
    that has migrations, its branch label or one of its revisions. (Alembic resolves a
    label in depends_on to the revision carrying it: the branch's first revision.)"""
    revisions = module.revisions
    roots = [r for r in revisions if r.values.get("down_revision", ...) is None]
    for root in roots:
        if module.code not in root.as_tuple("branch_labels"):
            yield finding(
                "MOD-014a",
                module.code,
                f"{module.rel(root.path)}: the first revision must carry "
                f"branch_labels = ({module.code!r},)",
                root.path,
            )
    if not roots:
        return
    depends_on = {d for r in revisions for d in r.as_tuple("depends_on")}
    missing = []
    for code in module.definition.requires:
        required = ctx.modules.get(code)
        if required is None:
            continue  # not among the folders checked: cannot tell
        their_ids = {r.revision for r in required.revisions}
        if not their_ids:
            continue
        accepted = their_ids | {code}  # Alembic reads a label as the branch's first revision
        if not depends_on & accepted:
            missing.append(code)
    if missing:
        labels = ", ".join(repr(c) for c in missing)
        yield finding(
            "MOD-014a",
            module.code,
            f"{module.rel(roots[0].path)}: depends_on must follow requires; add "
            f"depends_on = ({labels},)",
            roots[0].path,
        )


def check_migration_packages(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-015: when the module has migrations, the versions folder
    (migrations_path, default migrations/versions) and the folder above it inside the
    module (migrations/) each have __init__.py."""
    versions = module.migrations_dir
    folders = [versions.parent, versions] if versions.parent != module.folder else [versions]
    if not any(folder.is_dir() for folder in folders):
        return
    for folder in folders:
        if folder.is_dir() and not (folder / "__init__.py").is_file():
            yield finding(
                "MOD-015",
                module.code,
                f"{module.rel(folder)}/ has no __init__.py "
                f"({module.show(module.rel(folder))}/__init__.py)",
                folder,
            )


# --------------------------------------------------------------------------- entry point

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


def register(module: Module, ctx: Context) -> list[Finding]:
    """Add a loaded module to the context; MOD-009 when its code is already taken
    (the registry refuses to start on a duplicate code)."""
    other = ctx.modules.get(module.code)
    if other is None:
        ctx.modules[module.code] = module
        return []
    return [
        finding(
            "MOD-009",
            module.code,
            f"{module.display}/definition.py: code {module.code!r} is already defined in "
            f"{other.display}",
            module.folder / "definition.py",
        )
    ]
