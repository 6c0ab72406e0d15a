"""Where one vendor-dashboard request spends its time: cProfile over many requests.

Builds the real app in this process on a fresh SQLite database (migrated and seeded),
signs in as owner@bakery.test with the test client, warms up, then profiles `--requests`
GETs of /vendor/bakery/ through the whole WSGI stack (host middleware included). Prints
the time per request, the share of the main stages, the SQL statements one request runs,
and cProfile's top functions.

    .venv/bin/python bench/profile_dashboard.py [--requests 500] [--modules 0]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from genmodules import generate_modules

ROOT = Path(__file__).resolve().parent.parent
# This checkout's wizamart and modules, not whichever one the virtualenv installed.
sys.path.insert(0, str(ROOT))
PATH = "/vendor/bakery/"


class Stages:
    """Wall-clock time spent in named stages, by wrapping the functions that do them.

    Cheaper and truer than cProfile's cumulative times, whose per-call overhead swells
    the stages that make many small calls (menus, url_for, gettext).
    """

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def wrap(self, label: str, func):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.totals[label] = self.totals.get(label, 0) + time.perf_counter() - started
                self.calls[label] = self.calls.get(label, 0) + 1

        return timed


def instrument(app) -> Stages:
    """Wrap the per-request stages of the real app (in this process only)."""
    import sqlalchemy as sa

    import modules.core.routes.pages.vendor as vendor_pages
    import wizamart.htmx
    import wizamart.modules.menus as menus
    from wizamart.extensions import db, login_manager
    from wizamart.modules.gate import gate_request
    from wizamart.modules.service import module_service

    stages = Stages()
    backend = app.extensions["wizamart.tenancy"]
    app.wsgi_app = stages.wrap("whole request (WSGI)", app.wsgi_app)
    for name in ("resolve_host", "vendor_by_code", "can_work_for_vendor", "permissions"):
        setattr(backend, name, stages.wrap(f"backend.{name}", getattr(backend, name)))
    funcs = app.before_request_funcs[None]
    funcs[funcs.index(gate_request)] = stages.wrap("gate_request", gate_request)
    module_service.get_platform_modules = stages.wrap(
        "module_service.get_platform_modules", module_service.get_platform_modules
    )
    login_manager.user_loader(stages.wrap("load_user", login_manager._user_callback))
    vendor_pages.vendor_figures = stages.wrap("vendor_figures", vendor_pages.vendor_figures)
    wizamart.htmx.render_template = stages.wrap("render_template", wizamart.htmx.render_template)
    app.jinja_env.globals["menu"] = stages.wrap("build_menu", app.jinja_env.globals["menu"])
    url_for = stages.wrap("url_for", app.url_for)
    app.url_for = app.jinja_env.globals["url_for"] = url_for
    menus.url_for = url_for

    started: list[float] = []

    def before(*_args):
        started.append(time.perf_counter())

    def after(*_args):
        elapsed = time.perf_counter() - started.pop()
        stages.totals["SQL (cursor.execute)"] = (
            stages.totals.get("SQL (cursor.execute)", 0) + elapsed
        )
        stages.calls["SQL (cursor.execute)"] = stages.calls.get("SQL (cursor.execute)", 0) + 1

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", before)
        sa.event.listen(db.engine, "after_cursor_execute", after)
    return stages


STAGE_ROWS = [
    ("whole request (WSGI)", "whole request"),
    ("backend.resolve_host", "host resolution (HostMiddleware)"),
    ("gate_request", "request gate"),
    ("load_user", "  user load (Flask-Login, first current_user)"),
    ("backend.vendor_by_code", "  vendor lookup"),
    ("backend.can_work_for_vendor", "  membership check"),
    ("backend.permissions", "permissions of the user (first has_permission)"),
    ("vendor_figures", "view: dashboard figures query"),
    ("render_template", "template render, all of it"),
    ("build_menu", "  menu build"),
    ("module_service.get_platform_modules", "module stamp + enabled set (all calls)"),
    ("url_for", "url_for (all calls)"),
    ("SQL (cursor.execute)", "SQL in the driver (ORM statements, no pings)"),
]


def prepare_database(env: dict[str, str]) -> None:
    for args in (("db", "upgrade"), ("demo", "seed")):
        subprocess.run(
            # `-m flask`: this checkout's wizamart (the `flask` script may import the one
            # the virtualenv installed before it adds the working folder to the path)
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )


def signed_in_client(app):
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT="wizamart-bench", HTTP_HOST="127.0.0.1")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        data={"csrf_token": token, "email": "owner@bakery.test", "password": "demo-vendor"},
    )
    assert response.status_code == 302, response.status_code
    return client


def count_statements(app, client) -> list[str]:
    """Every statement SQLite runs for one request, pool pre-pings included.

    SQLite's own trace sees what SQLAlchemy's cursor events miss (the `SELECT 1`
    of `pool_pre_ping` on each connection checkout).
    """
    import sqlalchemy as sa

    from wizamart.extensions import db

    statements: list[str] = []

    def trace(dbapi_connection, _record):
        dbapi_connection.set_trace_callback(lambda sql: statements.append(" ".join(sql.split())))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "connect", trace)
    engine.dispose()  # new connections get the trace
    client.get(PATH)
    statements.clear()
    client.get(PATH)
    sa.event.remove(engine, "connect", trace)
    engine.dispose()
    return [shorten(sql) for sql in statements]


def shorten(sql: str) -> str:
    """`SELECT <table>... WHERE ...`: enough to tell statements apart."""
    if " FROM " not in sql:
        return sql[:100]
    head, tail = sql.split(" FROM ", 1)
    return f"{head[:40]}... FROM {tail[:90]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--modules", type=int, default=0, help="generated modules on top")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wizamart-profile-") as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'profile.sqlite3'}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIZAMART_")}
        env.update(WIZAMART_DATABASE_URL=database_url, WIZAMART_SECRET_KEY="bench")
        prepare_database(env)
        config = {"env": "production", "secret_key": "bench", "database_url": database_url}
        if args.modules:
            config["extra_modules_dirs"] = [str(generate_modules(Path(tmp) / "gen", args.modules))]

        from wizamart import create_app

        app = create_app(config)
        client = signed_in_client(app)
        for _ in range(50):
            assert client.get(PATH).status_code == 200
        statements = count_statements(app, client)

        started = time.perf_counter()
        for _ in range(args.requests):
            client.get(PATH)
        plain_ms = (time.perf_counter() - started) / args.requests * 1000

        stages = instrument(app)
        for _ in range(args.requests):
            client.get(PATH)
        totals, calls = dict(stages.totals), dict(stages.calls)

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(PATH)
        profiler.disable()

    n = args.requests
    print(f"GET {PATH} in-process (test client), {n} requests, {args.modules} generated modules")
    print(f"{plain_ms:.2f} ms/request uninstrumented ({1000 / plain_ms:.0f} req/s on one core)")
    print(f"\n{'stage (wall clock, nested rows indented)':<50}{'ms/req':>8}{'calls/req':>10}")
    for key, label in STAGE_ROWS:
        ms, count = totals.get(key, 0) / n * 1000, calls.get(key, 0) / n
        print(f"  {label:<48}{ms:8.3f}{count:10.1f}")
    print(f"\nSQL statements per request: {len(statements)}")
    for statement in statements:
        print(f"  {statement}")
    if args.top:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
        print("\ncProfile, by own time:\n" + out.getvalue())


if __name__ == "__main__":
    main()
