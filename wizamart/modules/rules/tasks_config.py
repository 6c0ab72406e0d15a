"""MOD-011, MOD-013: the tasks package and config.py."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from wizamart.modules.findings import Finding, finding
from wizamart.modules.rules.model import (
    Context,
    Module,
    bound_names,
    is_package,
    parse,
)

# --------------------------------------------------------------------------- MOD-011


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


# --------------------------------------------------------------------------- MOD-013


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
