"""SQL statements per page, with 10 shops on the platform and then with 1,000.

Builds the real app on a fresh SQLite database (migrated, demo data), brings the
platform `main` to `--few` shops, visits each page twice as its user (the second
visit is counted: caches and templates warm), then to `--many` shops and again.
Counted with SQLAlchemy's `before_cursor_execute`, so every statement the app sends
is in it. The counts must not depend on the number of shops
(tests/integration/test_statement_counts.py holds that); this prints them for
docs/performance.md, and with --show the statements of each page.

    .venv/bin/python bench/statements.py [--few 10] [--many 1000] [--show]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's wizamart and modules

from bench.overhead import HOST, Page, quiet_logs, signed_in_client  # noqa: E402
from bench.profile_dashboard import prepare_database  # noqa: E402

USERS = {
    None: ("", ""),
    "owner": ("owner@bakery.test", "demo-vendor"),
    "admin": ("admin@wizamart.test", "demo-admin"),
}
PAGES = [
    (None, "/", "platform home"),
    (None, "/storefront/bakery/", "storefront home"),
    (None, "/login", "sign-in page"),
    ("owner", "/vendor/bakery/", "vendor dashboard"),
    ("owner", "/vendor/bakery/staff", "vendor staff"),
    ("owner", "/vendor/bakery/settings", "vendor shop settings"),
    ("owner", "/account/profile", "profile"),
    ("admin", "/admin/", "admin dashboard"),
    ("admin", "/admin/vendors", "admin vendors"),
    ("admin", "/admin/users", "admin users"),
    ("admin", "/admin/companies", "admin companies"),
    ("admin", "/admin/platforms", "admin platforms"),
    ("admin", "/admin/platforms/main/modules", "admin modules"),
]


def shorten(sql: str) -> str:
    sql = " ".join(sql.split())
    if " FROM " not in sql:
        return sql[:100]
    head, tail = sql.split(" FROM ", 1)
    return f"{head[:30]}... FROM {tail[:100]}"


def statements(app, clients) -> dict[str, list[str]]:
    from wizamart.extensions import db

    seen: dict[str, list[str]] = {}
    current: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        current.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        for who, path, _label in PAGES:
            assert clients[who].get(path).status_code == 200, path
            current.clear()
            assert clients[who].get(path).status_code == 200, path
            seen[path] = list(current)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return seen


def shops_on_main(app, wanted: int) -> int:
    from modules.tenancy.models import Platform, Vendor
    from modules.tenancy.services.demo import add_shops
    from wizamart.extensions import db

    with app.app_context():
        main = db.session.scalar(sa.select(Platform).where(Platform.code == "main"))
        count = sa.select(sa.func.count()).select_from(Vendor).where(Vendor.platform_id == main.id)
        have = db.session.scalar(count)
        if wanted > have:
            add_shops(wanted - have, "main")
            db.session.commit()
        return db.session.scalar(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--few", type=int, default=10)
    parser.add_argument("--many", type=int, default=1000)
    parser.add_argument("--show", action="store_true", help="print each page's statements")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wizamart-statements-") as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIZAMART_")}
        env.update(WIZAMART_DATABASE_URL=database_url, WIZAMART_SECRET_KEY="bench")
        prepare_database(env)

        from wizamart import create_app

        app = create_app({"env": "production", "secret_key": "bench", "database_url": database_url})
        quiet_logs()
        logging.getLogger("wizamart").setLevel(logging.WARNING)
        clients = {
            who: signed_in_client(app, Page(who or "visitor", "/", "", email or None, password))
            for who, (email, password) in USERS.items()
        }
        for client in clients.values():
            client.environ_base.update(HTTP_HOST=HOST)
        few_shops = shops_on_main(app, args.few)
        few = statements(app, clients)
        many_shops = shops_on_main(app, args.many)
        many = statements(app, clients)

    print(f"SQL statements per page (second visit), platform main with {few_shops} and "
          f"{many_shops} shops, SQLite")  # fmt: skip
    print(f"{'page':<22}{'path':<32}{'user':<8}{few_shops:>6}{many_shops:>7}")
    for who, path, label in PAGES:
        flag = "" if len(few[path]) == len(many[path]) else "  <- grows"
        print(f"{label:<22}{path:<32}{who or '-':<8}{len(few[path]):>6}{len(many[path]):>7}{flag}")
    if args.show:
        for _who, path, label in PAGES:
            print(f"\n{label} ({path}), {many_shops} shops:")
            for sql in many[path]:
                print(f"  {shorten(sql)}")


if __name__ == "__main__":
    main()
