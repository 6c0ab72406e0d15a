"""MOD-010: route files are frontends and export `router`, a flask.Blueprint.
MOD-019: API views declare their schemas (`@api_view`)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from wizamart.modules.findings import Finding, Severity, finding
from wizamart.modules.rules.model import (
    Context,
    Module,
    bound_names,
    call_name,
    parse,
)

PAGE_FRONTENDS = ("admin", "vendor", "storefront", "public")
API_FRONTENDS = ("admin", "vendor", "storefront")
INTERNAL_ONLY_FRONTENDS = ("vendor", "storefront")  # never registered for internal modules


def check_route_files(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-010: every routes/pages/*.py is named after a frontend the loader registers
    (admin, vendor, storefront, public; for routes/api/: admin, vendor, storefront; only
    admin and public for internal modules) and binds `router` at module level to a
    flask.Blueprint (an assignment from Blueprint(...), or an import of `router`).

    ERROR when a file the loader registers has no Blueprint `router` (start-up refuses
    it); WARNING for a file that is never registered, which only misleads a reader."""
    for kind, allowed in (("pages", PAGE_FRONTENDS), ("api", API_FRONTENDS)):
        for path in module.route_files(kind):
            misnamed = list(check_route_name(module, path, allowed))
            yield from misnamed
            severity = Severity.WARNING if misnamed else Severity.ERROR
            yield from check_router_export(module, path, severity)


def check_route_name(module: Module, path: Path, allowed: tuple[str, ...]) -> Iterator[Finding]:
    if path.stem not in allowed:
        yield finding(
            "MOD-010",
            module.code,
            f"{module.rel(path)} is never registered: route files are named after a "
            f"frontend ({', '.join(allowed)})",
            path,
            Severity.WARNING,
        )
    elif module.definition.is_internal and path.stem in INTERNAL_ONLY_FRONTENDS:
        yield finding(
            "MOD-010",
            module.code,
            f"{module.rel(path)} is never registered: internal modules are admin only",
            path,
            Severity.WARNING,
        )


def check_router_export(module: Module, path: Path, severity: Severity) -> Iterator[Finding]:
    tree = parse(path)
    if tree is None:
        yield finding(
            "MOD-010", module.code, f"{module.rel(path)} is not valid Python", path, severity
        )
        return
    bound = bound_names(tree).get("router", ...)
    if bound is ...:
        yield finding(
            "MOD-010",
            module.code,
            f"{module.rel(path)} does not export `router` (router = Blueprint(...))",
            path,
            severity,
        )
        return
    made_by = call_name(bound)
    if made_by not in (None, "Blueprint"):
        yield finding(
            "MOD-010",
            module.code,
            f"{module.rel(path)}: `router` is made by {made_by}(), not flask.Blueprint",
            path,
            severity,
        )


ROUTE_DECORATORS = ("route", "get", "post", "put", "patch", "delete")


def decorator_name(node: ast.expr) -> str | None:
    """`api_view` for `@api_view(...)`, `@api.api_view(...)` or `@api_view`."""
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else None


def is_route(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ROUTE_DECORATORS
    )


def check_api_schemas(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-019: every view in routes/api/*.py (a function decorated with
    `@router.route/get/post/put/patch/delete`) is also decorated with
    `@api_view(...)` (wizamart.api): its input is then validated by schemas, and the
    OpenAPI document describes it. A view without is still in the document, with a
    generic answer; the rule says so."""
    for path in module.route_files("api"):
        tree = parse(path)
        if tree is None:
            continue  # MOD-010 reports it
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if not any(is_route(d) for d in node.decorator_list):
                continue
            if "api_view" not in {decorator_name(d) for d in node.decorator_list}:
                yield finding(
                    "MOD-019",
                    module.code,
                    f"{module.rel(path)}:{node.lineno} API view `{node.name}` has no "
                    "@api_view(...): its input is not validated by a schema and the "
                    "OpenAPI document cannot describe it",
                    path,
                )
