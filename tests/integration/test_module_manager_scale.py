"""The modules pages with many modules: they render, and the number of SQL statements per
request does not grow with the number of modules (the list works on the registry in
memory plus one read of the platform's state and one of the migration heads)."""

from __future__ import annotations

from functools import partial

import pytest
import sqlalchemy as sa

# Imported as bench.genmodules: putting bench/ itself on sys.path would let its
# requests.py shadow the `requests` library for every later test of the worker (the
# Stripe client imports it).
from bench.genmodules import generate_modules
from tests import conftest
from wizamart import create_app
from wizamart.extensions import db

PAGE = "/admin/platforms/main/modules"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Folders of 20 and of 200 generated modules (bench/genmodules.py)."""
    root = tmp_path_factory.mktemp("generated")
    return {n: generate_modules(root / f"set{n}", n) for n in (20, 200)}


def record_statement(seen, conn, cursor, statement, *args) -> None:
    seen.append(statement)


def statements_per_page(app, paths) -> dict[str, int]:
    """Sign in as the demo admin, then count the SQL statements of one GET per path."""
    conftest.reset_database(app)
    conftest.seed_demo(app)
    client = app.test_client()
    assert conftest.login(client, *conftest.LOGINS["admin"]).status_code == 302
    counts = {}
    with app.app_context():
        engine = db.engine
    for path in paths:
        client.get(path)  # warm the per-process caches (module state, migration scripts)
        seen: list[str] = []
        count = partial(record_statement, seen)
        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(path)
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, path
        counts[path] = len(seen)
    conftest.reset_database(app)
    return counts


def test_statements_per_request_do_not_grow_with_the_modules(migrated_database, generated):
    paths = [
        PAGE,
        PAGE + "?q=generated&state=on",
        PAGE + "/bgen010",
        PAGE + "/plan?action=disable&code=bgen010",
    ]
    counts = {}
    for n, folder in generated.items():
        app = create_app(conftest.test_settings(migrated_database, extra_modules_dirs=[folder]))
        counts[n] = statements_per_page(app, paths)
    assert counts[200] == counts[20]
