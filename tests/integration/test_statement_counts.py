"""Statements per page do not grow with the data: the same count with N shops and 10·N.

The counts themselves are listed in docs/performance.md (bench/statements.py prints
them for 10 and 1,000 shops); this test holds the invariant, not the figures.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from modules.tenancy.services.demo import add_shops
from wizamart.extensions import db

PAGES = {
    None: ["/", "/storefront/bakery/", "/login"],
    "bakery_owner": [
        "/vendor/bakery/",
        "/vendor/bakery/staff",
        "/vendor/bakery/settings",
        "/vendor/bakery/api-tokens",
        "/account/profile",
    ],
    "admin": [
        "/admin/",
        "/admin/vendors",
        "/admin/users",
        "/admin/companies",
        "/admin/platforms",
        "/admin/platforms/main/modules",
    ],
}
# A statement reading memberships by their user (alone, or joined to the user).
MEMBERSHIPS_OF_A_USER = re.compile(
    r"\btenancy_vendor_membership(?:_\d+)?\.user_id\s*=|=\s*tenancy_vendor_membership(?:_\d+)?"
    r"\.user_id\b"
)
USER_WITH_MEMBERSHIPS = re.compile(
    r"FROM tenancy_user LEFT OUTER JOIN tenancy_vendor_membership\b.*WHERE tenancy_user\.id = ",
    re.S,
)


@contextmanager
def counting(app):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(f"{statement} {parameters!r}")

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def signed_in_clients(app, login_as) -> dict:
    clients = {who: app.test_client() for who in PAGES}
    for who in PAGES:
        if who:
            login_as(clients[who], who)
    return clients


def statements_of_pages(app, clients, pages=PAGES) -> dict[str, list[str]]:
    """Every statement (with its parameters) each page runs, on a second visit."""
    seen = {}
    for who, paths in pages.items():
        for path in paths:
            assert clients[who].get(path).status_code == 200, path  # warm: caches, templates
            with counting(app) as statements:
                assert clients[who].get(path).status_code == 200, path
            seen[path] = statements
    return seen


def more_shops(app, count: int) -> None:
    with app.app_context():
        add_shops(count)
        db.session.commit()


@pytest.mark.parametrize("shops", [3])
def test_statements_per_page_do_not_grow_with_the_shops(demo, login_as, shops):
    clients = signed_in_clients(demo, login_as)
    more_shops(demo, shops)
    few = {path: len(run) for path, run in statements_of_pages(demo, clients).items()}
    more_shops(demo, 9 * shops)
    many = {path: len(run) for path, run in statements_of_pages(demo, clients).items()}
    assert many == few


def test_no_page_runs_the_same_statement_twice(demo, login_as):
    """What one part of a request loaded (the gate's membership, say), the next reuses."""
    for path, run in statements_of_pages(demo, signed_in_clients(demo, login_as)).items():
        repeated = {s for s in run if run.count(s) > 1}
        assert not repeated, f"{path} repeats {repeated}"


def test_the_gate_permissions_and_role_label_share_one_membership_read(demo, login_as):
    """The vendor gate, the permissions and the user menu's role label all need the
    signed-in user's memberships: they come with the user, in the statement that loads
    the user, and no other statement reads them."""
    for who in ("bakery_owner", "bakery_staff"):
        client = login_as(demo.test_client(), who)
        run = statements_of_pages(demo, {who: client}, {who: ["/vendor/bakery/"]})
        reads = [s for s in run["/vendor/bakery/"] if MEMBERSHIPS_OF_A_USER.search(s)]
        assert len(reads) == 1, reads
        assert USER_WITH_MEMBERSHIPS.search(reads[0]), reads[0]


STAMP_ALONE = re.compile(
    r"^SELECT platform_module_stamp\.version\s+FROM platform_module_stamp", re.S
)


def test_the_module_stamp_comes_with_the_platform(demo, login_as):
    """Without Redis the host lookup reads the platform's module stamp in its own
    statement: no page asks for the stamp on its own (one statement fewer a request)."""
    for path, run in statements_of_pages(demo, signed_in_clients(demo, login_as)).items():
        alone = [s for s in run if STAMP_ALONE.search(s)]
        assert not alone, f"{path} reads the stamp by itself: {alone}"
        assert "platform_module_stamp" in run[0], f"{path} starts with {run[0][:80]}"


VENDOR_ALONE = re.compile(r"FROM tenancy_vendor\s+WHERE .*tenancy_vendor\.vendor_code = ", re.S)


def test_the_vendor_of_a_vendor_path_comes_with_the_platform(demo, login_as):
    """/vendor/<code>/ and /storefront/<code>/: the host lookup brings the vendor along
    (one statement fewer on every vendor and shop page), and a code that names no
    vendor is a 404 after that one statement."""
    runs = statements_of_pages(demo, signed_in_clients(demo, login_as))
    for path in ("/vendor/bakery/", "/vendor/bakery/staff", "/storefront/bakery/"):
        assert "path_vendor" in runs[path][0], runs[path][0][:200]
        assert not [s for s in runs[path] if VENDOR_ALONE.search(s)], path
    client = demo.test_client()
    client.get("/storefront/no-such-shop/")  # warm
    with counting(demo) as run:
        assert client.get("/storefront/no-such-shop/").status_code == 404
    assert len(run) == 1, run


# Statements per page on a second visit, SQLite and PostgreSQL alike. The framework's
# share is fixed: the host lookup (platform, module stamp and, on vendor and shop pages,
# the vendor), the signed-in user with their memberships; the rest is the page's own.
# A page that needs more must say so here (and in docs/performance.md).
EXPECTED_STATEMENTS = {
    # the shops, + cms's home blocks (hook "platform.home": the published pages, one
    # statement), the platform's look (the theme with its logo and favicon, one) and its
    # header and footer menus (one statement for both)
    "/": 5,
    # + the catalog's hooks (wizamart/hooks.py): shop settings, the category tree with
    # its names (one statement), the featured and newest products (one statement), their
    # texts, first images; the shop's look (cms, one statement); its header and footer
    # menus with their pages' titles and the legal pages (cms, one statement)
    "/storefront/bakery/": 8,
    "/login": 3,
    "/vendor/bakery/": 3,
    "/vendor/bakery/staff": 5,
    "/vendor/bakery/settings": 2,
    "/vendor/bakery/api-tokens": 3,
    "/account/profile": 3,
    "/admin/": 3,
    # lists (wizamart/lists.py): a filter's choices, then a count and the rows (offset
    # mode) or the rows alone (keyset mode); users' teams come in one selectinload
    "/admin/vendors": 4,
    "/admin/users": 4,
    "/admin/companies": 5,
    "/admin/platforms": 4,
    "/admin/platforms/main/modules": 5,
}


def test_statements_per_page_are_the_expected_ones(demo, login_as):
    runs = statements_of_pages(demo, signed_in_clients(demo, login_as))
    assert {path: len(run) for path, run in runs.items()} == EXPECTED_STATEMENTS
