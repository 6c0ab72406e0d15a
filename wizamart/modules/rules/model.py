"""What the rules read: a module folder with its loaded definition, and its Python source
read with `ast` (nothing but definition.py is ever run)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from wizamart.modules.definition import ModuleDefinition

MIGRATION_FIELDS = ("revision", "down_revision", "branch_labels", "depends_on")


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


# --------------------------------------------------------------------------- source


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
