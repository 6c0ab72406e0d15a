"""Storefront product list and search with many products: first, a middle and the last
page, and a search, timed on one machine (medians of --rounds), SQLite or PostgreSQL.

Keyset paging makes the last page cost what the first does; this prints the figures
for docs/catalog.md. Timings are noisy on shared machines: compare the rows of one run.

    .venv/bin/python bench/storefront.py [--products 100000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.overhead import quiet_logs  # noqa: E402

SHOP = "/storefront/bakery/catalog"


def prepare_database(env: dict[str, str]) -> None:
    """Migrate and seed with this checkout's code (`python -m flask` from its folder)."""
    import subprocess

    for step in (("db", "upgrade"), ("demo", "seed")):
        command = [sys.executable, "-m", "flask", "--app", "wsgi", *step]
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def timed(client, path: str, rounds: int) -> tuple[float, str]:
    times, html = [], ""
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        html = response.get_data(as_text=True)
    return statistics.median(times), html


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", help="a server URL; a database is made and dropped")
    args = parser.parse_args()
    quiet_logs()
    folder = tempfile.mkdtemp(prefix="wizamart-bench-")
    admin, name = None, f"wizamart_bench_storefront_{os.getpid()}"
    if args.postgres:
        admin = sa.create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = sa.engine.make_url(args.postgres).set(database=name).render_as_string(False)
    else:
        url = f"sqlite:///{folder}/bench.sqlite3"
    env = {**os.environ, "WIZAMART_DATABASE_URL": url, "WIZAMART_MEDIA_ROOT": folder}
    try:
        prepare_database(env)
        os.environ.update(env)
        from tests import storefront_data as data
        from wizamart import create_app

        app = create_app()
        with app.app_context():
            data.set_module("bakery", "catalog", True)
            for start in range(0, args.products, 20_000):
                data.many_products("bakery", min(20_000, args.products - start), f"B{start}")
            if app.extensions["migrate"].db.engine.dialect.name == "postgresql":
                with app.extensions["migrate"].db.engine.begin() as conn:
                    conn.execute(sa.text("ANALYZE"))
        client = app.test_client()
        client.get(f"{SHOP}/")
        print(f"{args.products} products, {url.split(':')[0]}, median of {args.rounds} (ms)")
        for sort in ("newest", "price_asc", "name"):
            first, html = timed(client, f"{SHOP}/?sort={sort}", args.rounds)
            last, html = timed(client, f"{SHOP}/?sort={sort}&page=last", args.rounds)
            print(f"  sort={sort:<10} first page {first:7.1f}   last page {last:7.1f}")
        search, _ = timed(client, f"{SHOP}/search?q=product+00042", args.rounds)
        print(f"  search 'product 00042'  {search:7.1f}")
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
