"""MOD-016: what the request path trusts about a definition points somewhere real.

Checked when the modules are loaded (start-up, and `flask modules check` on a scratch
app), after every blueprint is registered, because only then are the endpoints known:

- each menu entry is a MenuItem, or the seed's string id, which is resolved here to the
  module's index page of that frontend, labelled with the module's name;
- each menu entry's endpoint exists, and its permission is declared by some module;
- each permission a view requires (`@permission_required`) is declared by some module;
- `permissions` holds Permission objects.

Without this, a menu entry written as in the seed (`FrontendType.VENDOR: ["analytics"]`)
passes and then answers 500 on every vendor page of every platform.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import Flask

from wizamart.modules.definition import FrontendType, MenuItem, ModuleDefinition, Permission
from wizamart.modules.discovery import shown_file, shown_folder
from wizamart.modules.findings import Finding, finding


def check_references(
    app: Flask, registry: Iterable[ModuleDefinition], modules: Iterable[ModuleDefinition]
) -> list[Finding]:
    """MOD-016 for `modules` (those that wired cleanly), against every module of
    `registry`; string menu ids are replaced by their MenuItem as a side effect."""
    declared = {p.code for m in registry for p in m.permissions if isinstance(p, Permission)}
    views = views_by_module(app)
    findings: list[Finding] = []
    for module in modules:
        findings += check_permission_objects(module)
        findings += resolve_menu_items(app, module, declared)
        findings += check_view_permissions(module, views.get(module.code, []), declared)
    return findings


def definition_file(module: ModuleDefinition) -> str:
    return f"{shown_folder(module.path)}/definition.py"


def check_permission_objects(module: ModuleDefinition) -> Iterator[Finding]:
    for permission in module.permissions:
        if not isinstance(permission, Permission):
            yield finding(
                "MOD-016",
                module.code,
                f"{definition_file(module)}: permission {permission!r} is not a Permission "
                "(Permission(code, label, frontend))",
                module.path / "definition.py",
            )


def resolve_menu_items(
    app: Flask, module: ModuleDefinition, declared: set[str]
) -> Iterator[Finding]:
    """Check every menu entry; replace `module.menu_items` with the valid MenuItems."""
    menus = module.menu_items if isinstance(module.menu_items, dict) else {}
    if menus is not module.menu_items:
        yield menu_finding(module, "menu_items must be a dict of FrontendType -> list of MenuItem")
    resolved: dict[FrontendType, list[MenuItem]] = {}
    for key, items in menus.items():
        try:
            frontend = FrontendType(key)
        except ValueError:
            yield menu_finding(module, f"menu_items key {key!r} is not a FrontendType")
            continue
        if not isinstance(items, (list, tuple)):
            yield menu_finding(module, f"menu_items[{frontend.name}] must be a list")
            continue
        resolved[frontend] = []
        for entry in items:
            item = index_item(app, module, frontend, entry) if isinstance(entry, str) else entry
            problem = item if isinstance(item, Finding) else menu_item_problem(app, item, declared)
            if isinstance(problem, Finding):
                yield problem
            elif problem:
                yield menu_finding(module, f"menu item under {frontend.name}: {problem}")
            else:
                resolved[frontend].append(item)
    module.menu_items = resolved


def menu_finding(module: ModuleDefinition, message: str) -> Finding:
    return finding(
        "MOD-016",
        module.code,
        f"{definition_file(module)}: {message}",
        module.path / "definition.py",
    )


def menu_item_problem(app: Flask, item: object, declared: set[str]) -> str | None:
    """What makes a menu entry unusable, if anything."""
    if not isinstance(item, MenuItem):
        return (
            f"{item!r} is not a MenuItem (MenuItem(id, label, endpoint, ...), or a string id "
            "for the module's index page)"
        )
    if item.endpoint not in app.view_functions:
        return f"{item.id!r} points to endpoint {item.endpoint!r}, which does not exist"
    if item.permission is not None and item.permission not in declared:
        return f"{item.id!r} needs permission {item.permission!r}, which no module declares"
    return None


def index_item(
    app: Flask, module: ModuleDefinition, frontend: FrontendType, item_id: str
) -> MenuItem | Finding:
    """The seed's string menu id: the module's index page of `frontend` (the page route
    at the root of its blueprint), labelled with the module's name."""
    endpoints = app.extensions["wizamart.endpoints"]
    blueprint = next(
        (
            name
            for name, info in endpoints.items()
            if info.module == module.code and info.kind == "pages" and info.frontend == frontend
        ),
        None,
    )
    if blueprint is not None:
        root = endpoints[blueprint].url_prefix.rstrip("/")
        for rule in app.url_map.iter_rules():
            if (
                rule.endpoint.startswith(blueprint + ".")
                and rule.rule.rstrip("/") == root
                and "GET" in (rule.methods or ())
            ):
                return MenuItem(item_id, module.name, rule.endpoint)
    return menu_finding(
        module,
        f"menu item {item_id!r} under {frontend.name} stands for the module's {frontend.value} "
        f"index page, but routes/pages/{frontend.value}.py has no route '/' "
        "(add one, or write a MenuItem)",
    )


def views_by_module(app: Flask) -> dict[str, list[tuple[str, object, object]]]:
    """module code -> (endpoint, view function, EndpointInfo) of its blueprints' views."""
    endpoints = app.extensions["wizamart.endpoints"]
    views: dict[str, list[tuple[str, object, object]]] = {}
    for endpoint, view in sorted(app.view_functions.items()):
        info = endpoints.get(endpoint.rpartition(".")[0])
        if info is not None:
            views.setdefault(info.module, []).append((endpoint, view, info))
    return views


def check_view_permissions(
    module: ModuleDefinition, views: list[tuple[str, object, object]], declared: set[str]
) -> Iterator[Finding]:
    """Every `@permission_required(code)` on the module's views names a declared code."""
    for endpoint, view, info in views:
        for code in getattr(view, "required_permissions", ()):
            if code not in declared:
                yield finding(
                    "MOD-016",
                    module.code,
                    f"{shown_file(module, info.file)}: view {endpoint!r} requires permission "
                    f"{code!r}, which no module declares (add Permission({code!r}, ...) to "
                    "the permissions of the module it belongs to)",
                    info.file,
                )
