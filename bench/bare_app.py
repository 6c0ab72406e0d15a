"""The baseline of bench/requests.py: the vendor dashboard's template served by a bare
Flask route, without the module system.

At import, the real app (built from the WIZAMART_* environment, like wsgi.py) computes
once what the dashboard needs for one signed-in vendor user: the sidebar menu, the
platform and vendor, the figures, the locale, the page title. A tiny Flask app then
renders the SAME template from the same Jinja loader with that context on every
request: no host resolution, no module stamp, no user load, no gating, no permission
or menu work, no database. What is left is Flask routing, Babel and Jinja rendering.

The tiny app copies the real URL map (with a view that is never called) so that the
template's `url_for` calls build the same links, and fills `vendor_code` the way the
framework does.

    gunicorn -w 2 bench.bare_app:app      (from the project root)
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, abort, g, render_template
from flask_babel import Babel, get_locale
from flask_babel import gettext as _
from flask_login import login_user

import wizamart
from modules.core.services.dashboard import vendor_figures
from modules.tenancy.models import User
from wizamart import create_app
from wizamart.extensions import db
from wizamart.modules.menus import build_menu
from wizamart.tenancy import HOST_ENVIRON_KEY, tenancy_backend

VENDOR_CODE = os.environ.get("BENCH_VENDOR_CODE", "bakery")
USER_EMAIL = os.environ.get("BENCH_USER_EMAIL", "owner@bakery.test")
HOST = os.environ.get("BENCH_HOST", "127.0.0.1")
TEMPLATE = "core/vendor/dashboard.html"
# Any fixed string: the bare page has no session to keep a CSRF token in.
CSRF_TOKEN = "bench-csrf-token"


class RecordedUser:
    """`current_user` for the bare app: the real user's attributes, each read once.

    A render in the real app reads through to the user (and remembers); the bare app
    then serves the remembered values, whatever the templates ask for.
    """

    def __init__(self, user):
        self._user = user
        self._seen: dict[str, object] = {}

    def __getattr__(self, name: str):
        if name not in self._seen:
            self._seen[name] = getattr(self._user, name)
        return self._seen[name]


def dashboard_context(full_app: Flask) -> dict:
    """Everything the dashboard template reads, computed once by the real app."""
    with full_app.app_context():
        resolution = tenancy_backend().resolve_host(HOST)
    path = f"/vendor/{VENDOR_CODE}/"
    environ = {HOST_ENVIRON_KEY: resolution}
    with full_app.test_request_context(path, base_url=f"http://{HOST}", environ_overrides=environ):
        user = db.session.scalar(sa.select(User).where(User.email == USER_EMAIL))
        if user is None:
            raise RuntimeError(f"no user {USER_EMAIL}: seed the database (flask demo seed)")
        login_user(user)
        full_app.preprocess_request()  # the real gate: sets g.platform, g.vendor, g.frontend
        ctx = {
            "path": path,
            "menu": build_menu("vendor"),
            "platform": g.platform,
            "vendor": g.vendor,
            "figures": vendor_figures(g.vendor.id),
            "locale": str(get_locale()),
            "page_title": _("Dashboard"),
            "user": RecordedUser(user),
            "translations": full_app.config["BABEL_TRANSLATION_DIRECTORIES"],
        }
        # One real render records what the templates read of the user.
        render_template(
            TEMPLATE, figures=ctx["figures"], page_title=ctx["page_title"], current_user=ctx["user"]
        )
        return ctx


def never_called(**_kwargs):
    """The copied rules exist only so url_for can build links."""
    abort(404)


def copy_url_map(source: Flask, target: Flask) -> None:
    for rule in source.url_map.iter_rules():
        if rule.endpoint != "static":
            target.add_url_rule(
                rule.rule, endpoint=rule.endpoint, view_func=never_called, methods=rule.methods
            )


def create_bare_app(full_app: Flask) -> Flask:
    """A plain Flask app rendering the dashboard template from a precomputed context."""
    ctx = dashboard_context(full_app)
    app = Flask(
        "wizamart_bare",
        root_path=str(Path(wizamart.__file__).parent),  # same static folder for url_for
    )
    app.config.update(
        SECRET_KEY=full_app.config["SECRET_KEY"],
        BABEL_DEFAULT_LOCALE=ctx["locale"],
        BABEL_TRANSLATION_DIRECTORIES=ctx["translations"],
    )
    Babel(app)
    app.jinja_loader = full_app.jinja_loader
    app.jinja_env.globals.update(
        menu=lambda frontend: ctx["menu"],
        has_permission=lambda code: True,
        current_platform=lambda: ctx["platform"],
        current_vendor=lambda: ctx["vendor"],
        is_htmx=lambda: False,
        get_locale=get_locale,
        csrf_token=lambda: CSRF_TOKEN,
    )
    copy_url_map(full_app, app)

    @app.url_defaults
    def add_vendor_code(endpoint, values):
        if "vendor_code" not in values and app.url_map.is_endpoint_expecting(
            endpoint, "vendor_code"
        ):
            values["vendor_code"] = ctx["vendor"].code

    @app.route(ctx["path"], endpoint="bare_dashboard")
    def dashboard():
        return render_template(
            TEMPLATE,
            figures=ctx["figures"],
            page_title=ctx["page_title"],
            current_user=ctx["user"],
        )

    return app


app = create_bare_app(create_app())
