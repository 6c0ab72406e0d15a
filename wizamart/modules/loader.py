"""Wire discovered modules into a Flask app, once, at start-up.

For each module: its config, page and API blueprints, templates, static files,
translations, tasks, events, subscribers and migrations. Blueprints are registered once and requests
are gated (wizamart.modules.gate), so toggling a module needs no restart.

Whatever the request path will trust about a module is checked here, once: a part
that does not import, a route file without a Blueprint `router`, a menu item or a
required permission that points nowhere. Each is a finding (wizamart.modules.findings);
any ERROR refuses start-up with all of them (ModuleLoadError).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, abort, send_from_directory

from wizamart.events import check_events
from wizamart.extensions import csrf
from wizamart.modules.definition import FrontendType, ModuleDefinition
from wizamart.modules.discovery import discover, shown_file
from wizamart.modules.findings import Finding, ModuleLoadError, errors, finding
from wizamart.modules.registry import ModuleRegistry, ModuleRegistryError
from wizamart.modules.rules.references import check_references

PUBLIC = "public"  # pages outside any frontend: /login, /logout
ROUTE_FRONTENDS = {
    "pages": [FrontendType.ADMIN, FrontendType.VENDOR, FrontendType.STOREFRONT, PUBLIC],
    "api": [FrontendType.ADMIN, FrontendType.VENDOR, FrontendType.STOREFRONT],
}


@dataclass(frozen=True)
class EndpointInfo:
    """Which module and frontend a blueprint belongs to (for gating and menus)."""

    module: str
    frontend: FrontendType | str
    kind: str  # "pages" | "api"
    url_prefix: str = ""  # where the blueprint is mounted (its index page is here)
    file: Path | None = None  # the route file, for findings


def url_prefix(kind: str, frontend, slug: str) -> str:
    tail = f"/{slug}" if slug else ""
    frontend_value = getattr(frontend, "value", frontend)
    if frontend == PUBLIC:
        return tail or ""
    base = f"/{frontend_value}" if kind == "pages" else f"/api/v1/{frontend_value}"
    if frontend in (FrontendType.VENDOR, FrontendType.STOREFRONT):
        base += "/<vendor_code>"
    return base + tail


def blueprint_name(module: ModuleDefinition, kind: str, frontend) -> str:
    """`<package>_<frontend>` for pages, `<package>_api_<frontend>` for APIs."""
    pkg = Path(module.path).name
    frontend_value = getattr(frontend, "value", frontend)
    return f"{pkg}_{frontend_value}" if kind == "pages" else f"{pkg}_api_{frontend_value}"


def import_optional(name: str):
    """Import `name` if the file exists; errors inside the file are not hidden."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name or (exc.name and name.startswith(exc.name + ".")):
            return None
        raise


def route_module_file(module: ModuleDefinition, kind: str, frontend) -> Path:
    frontend_value = getattr(frontend, "value", frontend)
    return Path(module.path) / "routes" / kind / f"{frontend_value}.py"


def import_part(module: ModuleDefinition, part: str) -> tuple[object | None, list[Finding]]:
    """Import the module's `config`, `models` or `tasks` (None if absent); an error
    raised inside it is a MOD-009 finding, so every broken module is reported at once."""
    try:
        return import_optional(f"{module.package}.{part}"), []
    except Exception as exc:
        folder = Path(module.path)
        path = folder / f"{part}.py" if (folder / f"{part}.py").exists() else folder / part
        message = f"{shown_file(module, path)} cannot be imported ({type(exc).__name__}: {exc})"
        return None, [finding("MOD-009", module.code, message, path)]


def import_router(module: ModuleDefinition, kind: str, frontend) -> Blueprint | Finding:
    """The `router` Blueprint of one route file, or the MOD-010 finding saying why not."""
    frontend_value = getattr(frontend, "value", frontend)
    path = route_module_file(module, kind, frontend)
    try:
        mod = importlib.import_module(f"{module.package}.routes.{kind}.{frontend_value}")
    except Exception as exc:
        message = f"{shown_file(module, path)} cannot be imported ({type(exc).__name__}: {exc})"
        return finding("MOD-010", module.code, message, path)
    router = getattr(mod, "router", None)
    if isinstance(router, Blueprint):
        return router
    found = "has no `router`" if router is None else f"has `router` = a {type(router).__name__}"
    return finding(
        "MOD-010",
        module.code,
        f"{shown_file(module, path)} {found}; it must export `router`, a flask.Blueprint",
        path,
    )


def register_routes(app: Flask, module: ModuleDefinition, endpoints: dict) -> list[Finding]:
    """Register the module's route files; returns a finding per file that cannot be."""
    findings = []
    for kind, frontends in ROUTE_FRONTENDS.items():
        for frontend in frontends:
            if isinstance(frontend, FrontendType) and frontend not in module.frontends():
                continue  # internal modules never get vendor or storefront routes
            if not route_module_file(module, kind, frontend).exists():
                continue
            router = import_router(module, kind, frontend)
            if isinstance(router, Finding):
                findings.append(router)
                continue
            name = blueprint_name(module, kind, frontend)
            try:
                app.register_blueprint(
                    router, name=name, url_prefix=url_prefix(kind, frontend, module.slug)
                )
            except Exception as exc:  # e.g. a route added after a first registration
                path = route_module_file(module, kind, frontend)
                message = f"{shown_file(module, path)} cannot be registered ({exc})"
                findings.append(finding("MOD-010", module.code, message, path))
                continue
            if kind == "api":
                # The gate checks CSRF for API routes, after sign-in, and not for bearer
                # tokens (wizamart.api.auth); the app-wide check would come first.
                csrf.exempt(router)
            endpoints[name] = EndpointInfo(
                module.code,
                frontend,
                kind,
                url_prefix(kind, frontend, module.slug),
                route_module_file(module, kind, frontend),
            )
    return findings


def module_static_view(app: Flask):
    def static_file(code: str, filename: str):
        module = app.extensions["wizamart.registry"].get(code)
        if module is None:
            abort(404)
        folder = Path(module.path) / module.static_path
        return send_from_directory(folder, filename, max_age=3600)

    return static_file


def load_modules(app: Flask, modules_dirs: list[Path]) -> ModuleRegistry:
    """Discover, check and wire every module under the folders into app.

    Refuses with ModuleLoadError, carrying every ERROR finding, rather than start with a
    module that would fail later (a 500 on some page is found here, at start-up).
    """
    registry, findings = wire_modules(app, modules_dirs)
    refused = errors(findings)
    if refused:
        raise ModuleLoadError(refused)
    return registry


def wire_modules(app: Flask, modules_dirs: list[Path]) -> tuple[ModuleRegistry | None, list]:
    """What load_modules does, with each problem a finding instead of an exception, and
    every module tried: `flask modules check` runs it on a scratch app."""
    discovered = discover(*modules_dirs)
    findings = list(discovered.findings)
    try:
        registry = ModuleRegistry(discovered.definitions)
    except ModuleRegistryError as exc:
        return None, findings + [exc.as_finding()]
    app.extensions["wizamart.registry"] = registry
    app.extensions["wizamart.endpoints"] = {}
    app.extensions["wizamart.module_configs"] = {}
    app.extensions["wizamart.template_folders"] = []
    app.extensions["wizamart.translation_folders"] = []
    wired = []
    for code in registry.topological_order:
        problems = wire_module(app, registry[code])
        findings += problems
        if not errors(problems):
            wired.append(registry[code])
    app.add_url_rule(
        "/static/modules/<code>/<path:filename>",
        endpoint="module_static",
        view_func=module_static_view(app),
    )
    # Only modules that wired cleanly: a missing blueprint already has its finding.
    findings += check_references(app, registry, wired)
    findings += check_events(registry)[1]
    return registry, findings


def wire_module(app: Flask, module: ModuleDefinition) -> list[Finding]:
    """Config, models, tasks, events, subscribers, routes, templates, translations of one module."""
    folder = Path(module.path)
    config_module, findings = import_part(module, "config")
    config = getattr(config_module, "config", None)
    if config is None:
        config = module.config  # the seed's spelling: config given in the definition
    if config is not None:
        app.extensions["wizamart.module_configs"][module.code] = config
    # events: what it declares; subscribers: its handlers of others' events (wizamart.events);
    # hooks: what it adds to other modules' pages (wizamart.hooks)
    for part in ("models", "tasks", "events", "subscribers", "hooks"):
        findings += import_part(module, part)[1]
    findings += register_routes(app, module, app.extensions["wizamart.endpoints"])
    if (folder / module.templates_path).is_dir():
        app.extensions["wizamart.template_folders"].append(str(folder / module.templates_path))
    if (folder / module.translations_path).is_dir():
        translations = str(folder / module.translations_path)
        app.extensions["wizamart.translation_folders"].append(translations)
    return findings


def get_module_config(code: str):
    """A module's `config` object (from its config.py), or None."""
    from flask import current_app

    return current_app.extensions["wizamart.module_configs"].get(code)


def migration_locations(registry: ModuleRegistry) -> list[str]:
    """Every module's migrations/versions folder, for Alembic's version_locations."""
    locations = []
    for module in registry:
        versions = Path(module.path) / module.migrations_path
        if versions.is_dir():
            locations.append(str(versions))
    return locations
