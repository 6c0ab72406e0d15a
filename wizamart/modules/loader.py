"""Wire discovered modules into a Flask app, once, at start-up.

For each module: its config, page and API blueprints, templates, static files,
translations, tasks, events, subscribers and migrations. Blueprints are registered once and requests
are gated (wizamart.modules.gate), so toggling a module needs no restart.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, abort, send_from_directory

from wizamart.modules.definition import FrontendType, ModuleDefinition
from wizamart.modules.discovery import discover_modules
from wizamart.modules.registry import ModuleRegistry

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


def register_routes(app: Flask, module: ModuleDefinition, endpoints: dict) -> None:
    for kind, frontends in ROUTE_FRONTENDS.items():
        for frontend in frontends:
            if isinstance(frontend, FrontendType) and frontend not in module.frontends():
                continue  # internal modules never get vendor or storefront routes
            if not route_module_file(module, kind, frontend).exists():
                continue
            frontend_value = getattr(frontend, "value", frontend)
            mod = importlib.import_module(f"{module.package}.routes.{kind}.{frontend_value}")
            router = getattr(mod, "router", None)
            if not isinstance(router, Blueprint):
                raise RuntimeError(
                    f"module '{module.code}': routes/{kind}/{frontend_value}.py must export "
                    f"`router`, a flask.Blueprint (rule MOD-010)"
                )
            name = blueprint_name(module, kind, frontend)
            app.register_blueprint(
                router, name=name, url_prefix=url_prefix(kind, frontend, module.slug)
            )
            endpoints[name] = EndpointInfo(module.code, frontend, kind)


def module_static_view(app: Flask):
    def static_file(code: str, filename: str):
        module = app.extensions["wizamart.registry"].get(code)
        if module is None:
            abort(404)
        folder = Path(module.path) / module.static_path
        return send_from_directory(folder, filename, max_age=3600)

    return static_file


def load_modules(app: Flask, modules_dirs: list[Path]) -> ModuleRegistry:
    """Discover, validate and wire every module under the folders into app."""
    registry = ModuleRegistry(discover_modules(*modules_dirs))
    app.extensions["wizamart.registry"] = registry
    endpoints: dict[str, EndpointInfo] = {}
    app.extensions["wizamart.endpoints"] = endpoints
    configs: dict[str, object] = {}
    app.extensions["wizamart.module_configs"] = configs
    template_folders: list[str] = []
    translation_folders: list[str] = []
    for code in registry.topological_order:
        module = registry[code]
        folder = Path(module.path)
        config_module = import_optional(f"{module.package}.config")
        if config_module is not None and hasattr(config_module, "config"):
            configs[code] = config_module.config
        import_optional(f"{module.package}.models")
        import_optional(f"{module.package}.tasks")
        import_optional(f"{module.package}.events")  # events it declares (wizamart.events)
        import_optional(f"{module.package}.subscribers")  # handlers of others' events
        register_routes(app, module, endpoints)
        if (folder / module.templates_path).is_dir():
            template_folders.append(str(folder / module.templates_path))
        if (folder / module.translations_path).is_dir():
            translation_folders.append(str(folder / module.translations_path))
    app.add_url_rule(
        "/static/modules/<code>/<path:filename>",
        endpoint="module_static",
        view_func=module_static_view(app),
    )
    app.extensions["wizamart.template_folders"] = template_folders
    app.extensions["wizamart.translation_folders"] = translation_folders
    return registry


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
