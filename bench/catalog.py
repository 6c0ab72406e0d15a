"""The storefront's catalog pages at 100,000 products: requests/s, p50/p99, CPU ms and SQL
statements per request, against a bare Flask + SQLAlchemy + Jinja route doing the same work.

Set-up, in a temporary folder (SQLite) or a fresh PostgreSQL database (--postgres URL):
`flask db upgrade`, `flask demo seed --products N --vendor bakery` (N = --products,
default 100,000; the generator's own time is printed). Then two gunicorn servers
(`-w 2`, sync workers, as README's deploy) on free loopback ports:

  full   wsgi:app: host -> platform, module state, storefront gate, HTTP caching, the
         catalog's storefront view, its queries and template
  bare   bench.catalog:bare_wsgi(): a plain Flask app with Flask-SQLAlchemy, Babel and
         the project's Jinja loader whose routes call the SAME view functions (so the
         same statements run and the same template renders), with the platform, shop
         and locale set from constants (bench/overhead.py's method)

Pages (a visitor of bakery): the product list's first page and its last page (keyset:
`?page=last`), a search for a word in a tenth of the titles ("classic"), a product page.
Before loading, each page is fetched from both servers and compared (the same HTML);
SQL statements per request are counted in-process (the list's first, second and last
page must need the same number). Load is `wrk -t1 -c4 --latency` for --duration seconds
per page and server, rounds alternating the order; the table shows medians.

A page whose single request takes more than SLOW_MS (2 s) is timed once and not loaded
(its requests would only time out). Figures only, no pass/fail; the machine is shared,
so compare the ratios of one run.

    .venv/bin/python bench/catalog.py [--postgres URL] [--products 100000]
        [--rounds 3] [--duration 5] [--connections 4]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from anywhere
sys.path.insert(0, str(ROOT / "bench"))

from bench.machine import children_of, process_seconds, wait_for_quiet  # noqa: E402
from bench.overhead import Page, page_context, quiet_logs  # noqa: E402
from bench.requests import free_port, request  # noqa: E402

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
SHOP = "/storefront/bakery/catalog"
WORD = "classic"
SLOW_MS = 2000  # a page slower than this alone is timed once, not loaded


@dataclass
class Target:
    name: str
    path: str
    endpoint: str


def targets(product_slug: str) -> list[Target]:
    return [
        Target("list, page 1", f"{SHOP}/", "catalog_storefront.products"),
        Target("list, last page", f"{SHOP}/?page=last", "catalog_storefront.products"),
        Target(f"search '{WORD}'", f"{SHOP}/search?q={WORD}", "catalog_storefront.search"),
        Target("product page", f"{SHOP}/products/{product_slug}", "catalog_storefront.product"),
    ]


# -- the bare app ------------------------------------------------------------------------
def bare_wsgi():
    """gunicorn's factory for the bare server (the environment names the database)."""
    from wizamart import create_app

    full = create_app()
    quiet_logs()
    slug = os.environ["BENCH_PRODUCT_SLUG"]
    return bare_app(full, targets(slug))


def bare_app(full, pages: list[Target]):
    """Plain Flask + Flask-SQLAlchemy + Babel + Jinja calling the pages' real views, with
    what the framework computes per request (platform, shop, menu, user) taken once from
    the real app."""
    from flask import Flask, g
    from flask_babel import Babel

    from wizamart.extensions import db

    app = Flask("wizamart_bare", root_path=full.root_path)
    app.config.update(
        SECRET_KEY="bench",
        SQLALCHEMY_DATABASE_URI=full.config["SQLALCHEMY_DATABASE_URI"],
        SQLALCHEMY_ENGINE_OPTIONS=full.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
        BABEL_TRANSLATION_DIRECTORIES=full.config["BABEL_TRANSLATION_DIRECTORIES"],
        MEDIA_URL=full.config.get("MEDIA_URL", "/media/"),
        LANGUAGES=full.config["LANGUAGES"],
    )
    for key, value in full.config.items():  # the modules' own settings (MEDIA_*, ...)
        app.config.setdefault(key, value)
    # What the views read through the framework's helpers (registry, module state,
    # media storage): the same objects, no request hooks.
    app.extensions.update({k: v for k, v in full.extensions.items() if k.startswith("wizamart.")})
    db.init_app(app)
    Babel(app, locale_selector=lambda: "en")
    app.jinja_loader = full.jinja_loader
    app.jinja_env.globals.update(full.jinja_env.globals)
    app.jinja_env.filters.update(full.jinja_env.filters)
    app.jinja_env.tests.update(full.jinja_env.tests)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    served = {page.endpoint for page in pages}
    for rule in full.url_map.iter_rules():  # so the templates' url_for build the same links
        if rule.endpoint != "static" and rule.endpoint not in served:
            app.add_url_rule(rule.rule, rule.endpoint, methods=rule.methods)
    ctx = page_context(full, Page("bench", pages[0].path, pages[0].endpoint, None))
    app.jinja_env.globals.update(
        menu=lambda frontend: ctx["menu"],
        has_permission=lambda code: False,
        csrf_token=lambda: "bench-csrf-token",
    )

    @app.url_defaults
    def tenant_defaults(endpoint, values):
        if app.url_map.is_endpoint_expecting(endpoint, "vendor_code"):
            values.setdefault("vendor_code", ctx["vendor_code"])

    @app.context_processor
    def user():
        return {"current_user": ctx["user"]}

    for endpoint in served:
        view = full.view_functions[endpoint]

        def serve(view=view, **url_values):
            url_values.pop("vendor_code", None)
            g.platform, g.vendor, g.vendor_code = ctx["platform"], ctx["vendor"], ctx["vendor_code"]
            g.frontend = ctx["frontend"]
            return view(**url_values)

        for rule in full.url_map.iter_rules(endpoint):
            app.add_url_rule(rule.rule, endpoint=endpoint, view_func=serve)
    return app


# -- set-up ------------------------------------------------------------------------------
@contextmanager
def database(tmp: Path, postgres: str | None):
    if not postgres:
        yield f"sqlite:///{tmp / 'bench.sqlite3'}"
        return
    import sqlalchemy as sa

    name = f"wizamart_bench_catalog_{os.getpid()}"
    admin = sa.create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def base_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZAMART_")}
    env.update(
        WIZAMART_ENV="production",
        WIZAMART_SECRET_KEY="bench-secret-key",
        WIZAMART_DATABASE_URL=database_url,
    )
    return env


def prepare(env: dict[str, str], products: int) -> str:
    """Migrate, seed, generate; returns the generator's line (its own timing)."""
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    out = subprocess.run(
        [*flask, "demo", "seed", "--products", str(products), "--vendor", "bakery"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1]


def last_product_slug(env: dict[str, str]) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine(env["WIZAMART_DATABASE_URL"])
    with engine.connect() as conn:
        slug = conn.execute(
            sa.text(
                "SELECT t.slug FROM catalog_product_text t JOIN tenancy_vendor v "
                "ON v.id = t.vendor_id WHERE v.vendor_code = 'bakery' AND t.language = 'en' "
                "ORDER BY t.product_id DESC LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return slug


# -- statements --------------------------------------------------------------------------
def statements_per_page(app, paths: dict[str, str]) -> dict[str, int]:
    """SQL statements each page runs, counted in-process on the real app (warm)."""
    import sqlalchemy as sa

    from wizamart.extensions import db

    counts: dict[str, int] = {}
    client = app.test_client()
    client.environ_base.update(HTTP_HOST=HOST)
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    for name, path in paths.items():
        client.get(path)  # warm: caches the first request fills
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            seen.clear()
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts[name] = len(seen)
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
    return counts


def second_page_path(app, first: str) -> str:
    client = app.test_client()
    client.environ_base.update(HTTP_HOST=HOST)
    html = client.get(first).get_data(as_text=True)
    match = re.search(r'href="([^"]*[?&]after=[^"]+)"', html)
    return match.group(1).replace("&amp;", "&") if match else first


# -- load --------------------------------------------------------------------------------
@dataclass
class Server:
    name: str
    app: str
    env: dict[str, str]
    port: int = 0
    process: subprocess.Popen | None = None
    results: dict[str, list[tuple[float, float, float, float]]] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"User-Agent": "wizamart-bench"}


def start(server: Server, log: Path) -> None:
    server.port = free_port()
    server.process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"{HOST}:{server.port}", server.app],
        cwd=ROOT,
        env=server.env,
        stdout=open(log, "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.name} exited:\n{log.read_text()[-3000:]}")
        try:
            request(server, "GET", "/healthz")  # any answer: it is up
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{server.name} did not start:\n{log.read_text()[-3000:]}")


def stop(server: Server) -> None:
    if server.process is not None and server.process.poll() is None:
        server.process.terminate()
        server.process.wait(timeout=20)


def wrk(server: Server, path: str, duration: int, connections: int):
    """(requests/s, p50 ms, p99 ms, requests) from wrk; refuses errors."""
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "10s",
            "-H",
            "User-Agent: wizamart-bench",
            f"http://{HOST}:{server.port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses|Socket errors", out):
        raise SystemExit(f"{server.name} {path}: wrk saw errors:\n{out}")

    def percentile(p):
        value, unit = re.search(rf"{p}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    count = int(re.search(r"(\d+) requests in", out).group(1))
    return rate, percentile(50), percentile(99), count


def measure(server: Server, target: Target, duration: int, connections: int) -> None:
    workers = children_of(server.process.pid)
    before = process_seconds(workers)
    rate, p50, p99, count = wrk(server, target.path, duration, connections)
    cpu = (process_seconds(workers) - before) * 1000 / max(count, 1)
    server.results.setdefault(target.name, []).append((rate, p50, p99, cpu))


def same_html(a: bytes, b: bytes) -> str:
    strip = re.compile(rb'(name="csrf_token"[^>]*?value=|"X-CSRFToken": )"[^"]*"')
    port = re.compile(rb"//127\.0\.0\.1:\d+/")  # absolute links name each server's port
    a, b = (port.sub(b"//127.0.0.1/", strip.sub(rb"\1", html)) for html in (a, b))
    if a == b:
        return "same HTML"
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), 0)
    return f"DIFFERENT from byte {at}: full {a[at - 30 : at + 60]!r} bare {b[at - 30 : at + 60]!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="wizamart-bench-catalog-") as tmp,
        database(Path(tmp), args.postgres) as database_url,
    ):
        env = base_env(database_url)
        started = time.perf_counter()
        generated = prepare(env, args.products)
        print(f"set-up {time.perf_counter() - started:.0f} s; {generated}", flush=True)
        slug = last_product_slug(env)
        pages = targets(slug)

        os.environ.update(env)
        from wizamart import create_app

        full_app = create_app()
        quiet_logs()
        servers = [
            Server("full", "wsgi:app", env),
            Server("bare", "bench.catalog:bare_wsgi()", {**env, "BENCH_PRODUCT_SLUG": slug}),
        ]
        slow: dict[str, float] = {}
        try:
            for server in servers:
                start(server, Path(tmp) / f"{server.name}.log")
            for page in pages:
                bodies = []
                for server in servers:
                    began = time.perf_counter()
                    status, _h, body = request(server, "GET", page.path)
                    took = (time.perf_counter() - began) * 1000
                    if status != 200:
                        raise SystemExit(f"{server.name} {page.path}: {status}")
                    bodies.append(body)
                    if server.name == "full" and took > SLOW_MS:
                        slow[page.name] = took
                print(f"{page.name}: {same_html(*bodies)} ({len(bodies[0]):,} bytes)", flush=True)
            fast = [page for page in pages if page.name not in slow]
            second = second_page_path(full_app, pages[0].path)
            counted = statements_per_page(
                full_app, {**{p.name: p.path for p in fast}, "list, page 2": second}
            )
            bare_counted = statements_per_page(
                bare_app(full_app, pages), {p.name: p.path for p in fast}
            )
            for page in fast:  # warm up
                for server in servers:
                    wrk(server, page.path, 1, args.connections)
            for round_ in range(args.rounds):
                wait_for_quiet(10)
                for page in fast:
                    order = servers if round_ % 2 == 0 else servers[::-1]
                    for server in order:
                        measure(server, page, args.duration, args.connections)
                print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr, flush=True)
        finally:
            for server in servers:
                stop(server)

    where = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"\n{where}, {args.products:,} products for bakery; gunicorn -w 2, wrk -t1 "
        f"-c{args.connections}, {args.rounds} rounds x {args.duration} s, medians"
    )
    print(
        f"{'page':<22}{'req/s':>8}{'bare':>8}{'ratio':>7}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'CPU ms':>8}{'bare':>7}{'SQL':>5}{'bare':>5}"
    )
    full, bare = servers
    for page in pages:
        if page.name in slow:
            print(f"{page.name:<22}one request took {slow[page.name]:,.0f} ms: not load-tested")
            continue
        f = [statistics.median(x) for x in zip(*full.results[page.name], strict=True)]
        b = [statistics.median(x) for x in zip(*bare.results[page.name], strict=True)]
        print(
            f"{page.name:<22}{f[0]:8.0f}{b[0]:8.0f}{f[0] / b[0]:7.2f}{f[1]:8.1f}{f[2]:8.1f}"
            f"{f[3]:8.1f}{b[3]:7.1f}"
            f"{counted[page.name]:5d}{bare_counted[page.name]:5d}"
        )
    print(
        f"SQL statements, list page 2: {counted['list, page 2']} "
        f"(page 1: {counted.get(pages[0].name, '-')})"
    )


if __name__ == "__main__":
    main()
