"""Wizamart: a multi-tenant, multi-vendor commerce platform built from modules."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, request
from jinja2 import ChoiceLoader, FileSystemLoader

from wizamart.api import init_api
from wizamart.config import INSTANCE_DIR, PROJECT_ROOT, Settings, load_settings
from wizamart.dbschema import include_name
from wizamart.extensions import babel, csrf, db, login_manager, migrate
from wizamart.observability import init_observability
from wizamart.paging import IdConverter
from wizamart.ratelimit import init_throttle

log = logging.getLogger("wizamart")


@migrate.configure
def add_module_branches(alembic_config):
    """Alembic sees the framework's versions folder and every module's branch."""
    from flask import current_app

    from wizamart.modules.loader import migration_locations

    locations = [str(PROJECT_ROOT / "migrations" / "versions")]
    locations += migration_locations(current_app.extensions["wizamart.registry"])
    alembic_config.set_main_option("path_separator", "os")
    alembic_config.set_main_option("version_locations", os.pathsep.join(locations))
    return alembic_config


def create_app(config: dict | Settings | None = None) -> Flask:
    """Build the app: settings, extensions, modules, request context, errors, CLI.

    `config` is a Settings object or a dict of overrides on top of the
    environment's settings (tests pass a database URL and a modules folder).
    """
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=True)
    # Before any route exists: an id in a path is bounded by what a database holds.
    app.url_map.converters["int"] = IdConverter
    configure_settings(app, config)
    configure_extensions(app)
    configure_modules(app)
    init_api(app)  # /api/v1/openapi.json, after every module's API routes exist
    init_observability(app)
    configure_templates(app)
    configure_i18n(app)
    configure_errors(app)
    configure_cli(app)
    configure_lifecycle(app)
    return app


def configure_settings(app: Flask, config) -> None:
    overrides = {}
    if isinstance(config, Settings):
        settings = config
    else:
        config = dict(config or {})
        fields = {k: v for k, v in config.items() if k in Settings.model_fields}
        overrides = {k: v for k, v in config.items() if k not in Settings.model_fields}
        settings = load_settings(**fields)
    app.config.update(settings.to_flask())
    app.config.update(overrides)
    if settings.env == "testing":
        app.config["TESTING"] = True


def configure_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(PROJECT_ROOT / "migrations"),
        render_as_batch=True,
        include_name=include_name,  # objects only migrations know (wizamart/dbschema.py)
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    init_throttle(app)
    app.extensions["wizamart.redis"] = None
    if app.config.get("REDIS_URL"):
        import redis

        app.extensions["wizamart.redis"] = redis.Redis.from_url(
            app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=2
        )
    # Import framework models so metadata and migrations see them.
    # Vendor-owned rows are filtered to the request's vendor (a Session hook).
    from wizamart import scoping  # noqa: F401
    from wizamart.jobs import idempotency  # noqa: F401
    from wizamart.modules import models  # noqa: F401


def configure_modules(app: Flask) -> None:
    from wizamart.events import init_app as init_events
    from wizamart.jobs.progress import init_app as init_jobs
    from wizamart.modules.gate import init_gate
    from wizamart.modules.loader import load_modules
    from wizamart.tenancy import HostMiddleware

    registry = load_modules(app, app.config["MODULES_DIRS"])
    init_events(app)  # every subscription names a declared event, or the app does not start
    init_gate(app)
    init_jobs(app)  # GET /jobs/<id>/progress

    for code in registry.topological_order:
        module = registry[code]
        if module.init_app is not None:
            module.init_app(app)
    app.wsgi_app = HostMiddleware(app, app.wsgi_app)


def configure_templates(app: Flask) -> None:
    from flask_babel import get_locale

    from wizamart import htmx
    from wizamart.auth import has_permission
    from wizamart.backoffice import init_backoffice
    from wizamart.hooks import init_app as init_hooks
    from wizamart.i18n.locale import LANGUAGE_NAMES
    from wizamart.media import init_app as init_media
    from wizamart.modules.menus import build_menu
    from wizamart.money import init_app as init_money
    from wizamart.tenancy import current_platform, current_vendor

    folders = app.extensions["wizamart.template_folders"]
    app.jinja_loader = ChoiceLoader(
        [FileSystemLoader(str(Path(app.root_path) / "templates"))]
        + [FileSystemLoader(folder) for folder in folders]
    )
    app.jinja_env.globals.update(
        menu=build_menu,
        has_permission=has_permission,
        current_platform=current_platform,
        current_vendor=current_vendor,
        is_htmx=htmx.is_htmx,
        get_locale=get_locale,
        language_names=LANGUAGE_NAMES,
    )
    init_backoffice(app)  # breadcrumbs and titles for the layouts
    init_money(app)  # the `money` filter
    init_media(app)  # media storage, /media/ and the `media_url` filter
    init_hooks(app)  # `slot(...)`: what modules add to other modules' pages


def configure_i18n(app: Flask) -> None:
    from wizamart.i18n.locale import select_locale, select_timezone

    folders = [str(PROJECT_ROOT / "translations")] + app.extensions["wizamart.translation_folders"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(folders)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)


def configure_errors(app: Flask) -> None:
    from wizamart.errors import register_error_handlers
    from wizamart.httpcache import init_app as init_httpcache

    register_error_handlers(app)
    init_httpcache(app)  # ETag, 304 and shared-cache headers for storefront GETs

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.path.startswith(("/admin", "/vendor")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def configure_lifecycle(app: Flask) -> None:
    """One look at the database: name orphaned migrations, record newly seen modules."""
    from wizamart.modules.lifecycle import check_at_startup

    check_at_startup(app)


def configure_cli(app: Flask) -> None:
    from flask_migrate.cli import db as db_group

    from wizamart.cli import default_upgrade_to_all_heads, demo_cli, guard_upgrade
    from wizamart.i18n.cli import translations_cli
    from wizamart.jobs.cli import rq_cli
    from wizamart.mail import mail_cli
    from wizamart.modules.cli import modules_cli

    default_upgrade_to_all_heads(db_group)
    guard_upgrade(db_group)
    app.cli.add_command(modules_cli)
    app.cli.add_command(rq_cli)
    app.cli.add_command(mail_cli())
    app.cli.add_command(demo_cli)
    app.cli.add_command(translations_cli)
