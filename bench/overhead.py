"""The framework's own CPU cost per request: the real page against a bare route doing the
same page work, in one process, on SQLite.

For each page, two apps serve it on the same database (migrated and seeded in a
temporary folder):

  bare   a plain Flask app with Flask-SQLAlchemy, Babel and the project's Jinja loader.
         Its route sets `g.platform` / `g.vendor` from constants and calls the page's
         REAL view function (permission decorator unwrapped), so the page's own
         queries and its template render run as in the real app; the menu, the user,
         the permissions and the CSRF token are values computed once at start-up.
  full   the real app: host → platform, module state, session → user, gate,
         permissions, menu, CSRF, the request log line, then the same view.

The difference `full - bare` is what the framework costs a request. Requests go
through Werkzeug's test client (its own cost is the same for both and cancels out);
CPU time is `time.process_time()` of this process (the database server's time is
not in it: on PostgreSQL read the wall-clock rows as well). Rounds alternate the two
apps; the table shows medians and the spread. Figures only, no pass/fail.

    .venv/bin/python bench/overhead.py [--rounds 7] [--requests 300] [--postgres URL]
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, g
from flask_babel import Babel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from bench.profile_dashboard import prepare_database  # noqa: E402

HOST = "127.0.0.1"
CSRF_TOKEN = "bench-csrf-token"


@dataclass
class Page:
    name: str
    path: str
    endpoint: str
    user: str | None  # email of the signed-in user, or None for a visitor
    password: str = ""


PAGES = [
    Page("vendor dashboard (signed in)", "/vendor/bakery/", "core_vendor.dashboard",
         "owner@bakery.test", "demo-vendor"),
    Page("storefront home (visitor)", "/storefront/bakery/", "core_storefront.home", None),
    Page("platform home (visitor)", "/", "core_public.home", None),
]  # fmt: skip


class Recorded:
    """An object's attributes as the real app saw them, read once and then served."""

    def __init__(self, obj):
        self._obj = obj
        self._seen: dict[str, object] = {}

    def __getattr__(self, name: str):
        if name not in self._seen:
            self._seen[name] = getattr(self._obj, name)
        return self._seen[name]


class Anonymous:
    is_authenticated = False
    is_anonymous = True


def signed_in_client(app, page: Page):
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT="wizamart-bench", HTTP_HOST=HOST)
    if page.user:
        html = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        data = {"csrf_token": token, "email": page.user, "password": page.password}
        assert client.post("/login", data=data).status_code == 302
    return client


def page_context(full: Flask, page: Page) -> dict:
    """What the framework computes for the page, taken once from the real app."""
    from flask import request
    from flask_login import current_user

    from wizamart.modules.menus import build_menu

    client = signed_in_client(full, page)
    seen: dict = {}

    def capture(sender, template, context, **_extra):
        if "menu" not in seen and request.endpoint == page.endpoint:
            frontend = g.get("frontend")
            seen.update(
                frontend=frontend,
                platform=g.get("platform"),
                vendor=g.get("vendor"),
                vendor_code=g.get("vendor_code"),
                menu=build_menu(frontend) if frontend else [],
                user=Recorded(current_user._get_current_object())
                if current_user.is_authenticated
                else Anonymous(),
            )

    from flask import template_rendered

    template_rendered.connect(capture, full)
    try:
        assert client.get(page.path).status_code == 200
    finally:
        template_rendered.disconnect(capture, full)
    seen["client"] = client
    return seen


def bare_app(full: Flask, pages: list[Page], contexts: dict[str, dict]) -> Flask:
    """Plain Flask + Flask-SQLAlchemy + Babel + Jinja serving the pages' real views."""
    from wizamart.extensions import db

    app = Flask("wizamart_bare", root_path=full.root_path)
    app.config["PROPAGATE_EXCEPTIONS"] = True  # a broken bare page shows its traceback
    app.config.update(
        SECRET_KEY="bench",
        SQLALCHEMY_DATABASE_URI=full.config["SQLALCHEMY_DATABASE_URI"],
        BABEL_TRANSLATION_DIRECTORIES=full.config["BABEL_TRANSLATION_DIRECTORIES"],
    )
    for key, value in full.config.items():  # what pages read (LANGUAGES, media, catalog)
        app.config.setdefault(key, value)
    db.init_app(app)
    Babel(app)
    # A page may ask whether another module is on (the shop's home shows stock only with
    # inventory): the bare app answers from the same registry and module state.
    for name, extension in full.extensions.items():  # registry, module state, media store
        app.extensions.setdefault(name, extension)
    app.jinja_loader = full.jinja_loader
    served = {page.endpoint for page in pages}
    for rule in full.url_map.iter_rules():  # so the templates' url_for build the same links
        if rule.endpoint != "static" and rule.endpoint not in served:
            app.add_url_rule(rule.rule, rule.endpoint, methods=rule.methods)
    current: dict = {}
    app.jinja_env.filters.update(full.jinja_env.filters)  # money, email_wrap, ...
    app.jinja_env.globals.update(
        full.jinja_env.globals,
        menu=lambda frontend: current["menu"],
        has_permission=lambda code: True,
        csrf_token=lambda: CSRF_TOKEN,
        slot=page_slot,
    )

    @app.url_defaults
    def tenant_defaults(endpoint, values):
        code = current.get("vendor_code")
        if code and app.url_map.is_endpoint_expecting(endpoint, "vendor_code"):
            values.setdefault("vendor_code", code)

    @app.context_processor
    def user():
        return {"current_user": current["user"]}

    for page in pages:
        view = full.view_functions[page.endpoint]
        view = getattr(view, "__wrapped__", view)  # permission_required is the framework's

        def serve(view=view, ctx=contexts[page.name], **_url_values):
            current.clear()
            current.update(ctx)
            g.platform, g.vendor, g.vendor_code = ctx["platform"], ctx["vendor"], ctx["vendor_code"]
            g.frontend = ctx["frontend"]
            if ctx["frontend"]:  # the menu the real app built (sidebar and breadcrumbs use it)
                g.built_menus = {(ctx["frontend"], ctx["vendor_code"]): ctx["menu"]}
            return view()

        # The real rule (with <vendor_code>), so links to other shops build as in the app.
        rule = next(full.url_map.iter_rules(page.endpoint)).rule
        app.add_url_rule(rule, endpoint=page.endpoint, view_func=serve)
    return app


def page_slot(hook: str, **kwargs):
    """The bare app's `slot()`: every filler of the hook, in order, without asking which
    modules are on (that question is the framework's share). What the fillers render
    (the shop home's products, the header's search box) is page work, done in both apps."""
    from markupsafe import Markup

    from wizamart.hooks import _fillers

    found = sorted((f for f in _fillers if f.hook == hook), key=lambda f: f.order)
    return Markup("").join(Markup(html) for f in found if (html := f.func(**kwargs)))


def quiet_logs() -> None:
    """The real app's access log goes to /dev/null: formatted as in production, not shown."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_wizamart", False):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - lives with the process


CSRF_RE = re.compile(r'(name="csrf_token"[^>]*?value=|"X-CSRFToken": )"[^"]*"')


def same_page(full_response, bare_response) -> str:
    """ "yes", or where the two pages first differ (the bare page must be the same page)."""
    full_html, bare_html = (
        CSRF_RE.sub(r"\1", r.get_data(as_text=True)) for r in (full_response, bare_response)
    )
    if full_html == bare_html:
        return "yes"
    pairs = zip(full_html, bare_html, strict=False)
    at = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(full_html), len(bare_html)))
    return f"NO, from: full {full_html[at - 40 : at + 80]!r} bare {bare_html[at - 40 : at + 80]!r}"


def cpu_ms(client, path: str, requests: int) -> tuple[float, float]:
    """(CPU ms, wall ms) per request of this process, over `requests` GETs."""
    started, wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        response = client.get(path)
        response.close()
    cpu = (time.process_time() - started) * 1000 / requests
    return cpu, (time.perf_counter() - wall) * 1000 / requests


@contextmanager
def database(tmp: Path, postgres: str | None):
    """A SQLite file in tmp, or a fresh PostgreSQL database on the server given."""
    if not postgres:
        yield f"sqlite:///{tmp / 'bench.sqlite3'}"
        return
    import sqlalchemy as sa

    name = f"wizamart_bench_{os.getpid()}"
    admin = sa.create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        from wizamart.extensions import db

        for engine in db._app_engines.values():  # close ours before dropping the database
            for each in engine.values():
                each.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=300, help="per app, page and round")
    parser.add_argument("--postgres", help="a PostgreSQL server URL (default: SQLite)")
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="wizamart-overhead-") as tmp,
        database(Path(tmp), args.postgres) as database_url,
    ):
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIZAMART_")}
        env.update(WIZAMART_DATABASE_URL=database_url, WIZAMART_SECRET_KEY="bench")
        prepare_database(env)

        from wizamart import create_app

        config = {"env": "production", "secret_key": "bench", "database_url": database_url}
        full = create_app(config)
        quiet_logs()
        pages = PAGES
        contexts = {page.name: page_context(full, page) for page in pages}
        bare = bare_app(full, pages, contexts)
        for page in pages:  # both apps warmed up: templates compiled, pools full
            ctx = contexts[page.name]
            ctx["bare_client"] = bare.test_client()
            ctx["bare_client"].environ_base.update(HTTP_HOST=HOST)
            for client in (ctx["client"], ctx["bare_client"]):
                for _ in range(30):
                    response = client.get(page.path)
                    assert response.status_code == 200, (page.path, response.get_data()[-3000:])

        for page in pages:
            ctx = contexts[page.name]
            same = same_page(ctx["client"].get(page.path), ctx["bare_client"].get(page.path))
            print(f"{page.path}: bare page == full page (CSRF token aside): {same}")
        results = {page.name: {"bare": [], "full": []} for page in pages}
        for round_ in range(args.rounds):
            for page in pages:
                ctx = contexts[page.name]
                order = [("bare", ctx["bare_client"]), ("full", ctx["client"])]
                for name, client in order if round_ % 2 == 0 else order[::-1]:
                    results[page.name][name].append(cpu_ms(client, page.path, args.requests))
            print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr, flush=True)

    where = "PostgreSQL" if args.postgres else "SQLite"
    pre_ping = full.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"]
    print(f"ms per request, in-process test client, {where} (pre-ping {pre_ping}); "
          f"{args.rounds} rounds x {args.requests} requests, medians; "
          "range: min-max of full - bare over the rounds")  # fmt: skip
    for index, measure in ((0, "CPU"), (1, "wall")):
        print(
            f"{measure + ' ms':<32}{'bare':>7}{'full':>7}{'full-bare':>11}{'range':>15}{'ratio':>7}"
        )
        for page in pages:
            bare_ms = [r[index] for r in results[page.name]["bare"]]
            full_ms = [r[index] for r in results[page.name]["full"]]
            diffs = [f - b for f, b in zip(full_ms, bare_ms, strict=True)]
            b, f = statistics.median(bare_ms), statistics.median(full_ms)
            print(
                f"{page.name:<32}{b:7.2f}{f:7.2f}{statistics.median(diffs):11.2f}"
                f"{min(diffs):8.2f}-{max(diffs):<6.2f}{f / b:7.2f}"
            )


if __name__ == "__main__":
    main()
