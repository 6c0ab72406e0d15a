"""MOD-002, MOD-003, MOD-004: a module's code is its own and imports only what it requires."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from wizamart.modules.findings import Finding, finding
from wizamart.modules.rules.model import (
    Context,
    Module,
    is_docstring,
    is_dunder_all,
    is_future_import,
    parse,
)

# Another module's parts that are never an interface, even when it is required.
PRIVATE_PARTS = ("routes", "migrations")


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
