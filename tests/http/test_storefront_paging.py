"""Keyset pages of the product list: every product once, forward and backward, the last
page without OFFSET, and the same number of statements on the first and last page."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from tests import storefront_data as data
from wizamart.extensions import db

SHOP = "/storefront/bakery/catalog"
COUNT = 1_050
TITLE = re.compile(r"Bulk product (\d{5})")
LINK = re.compile(r'<a class="btn btn-outline-secondary" href="([^"]+)" rel="(\w+)"')


@contextmanager
def counting(app):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def bulk(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        data.many_products("bakery", COUNT)
        data.many_products("bikes", 30, prefix="Other")
    return demo


def skipped(statement: str, parameters) -> int:
    """The OFFSET of a statement (0 without one)."""
    if not re.search(r"\bOFFSET\b", statement):
        return 0
    return parameters[-1] if isinstance(parameters, tuple | list) else -1


def numbers(html: str) -> list[int]:
    return [int(n) for n in TITLE.findall(html)]


def links(html: str) -> dict[str, str]:
    return {rel: href.replace("&amp;", "&") for href, rel in LINK.findall(html)}


@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc", "name"])
def test_walking_the_pages_shows_every_product_once(bulk, sort):
    client = bulk.test_client()
    url, seen, pages = f"{SHOP}/?sort={sort}", [], 0
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += numbers(html)
        url = links(html).get("next")
        pages += 1
    assert sorted(seen) == list(range(COUNT)) and pages == 44
    # and back from the last page to the first
    html = client.get(f"{SHOP}/?sort={sort}&page=last").get_data(as_text=True)
    back = numbers(html)
    url = links(html).get("prev")
    while url:
        html = client.get(url).get_data(as_text=True)
        back = numbers(html) + back
        url = links(html).get("prev")
    assert back == seen


def test_the_last_page_is_the_end_of_the_list(bulk):
    html = bulk.test_client().get(f"{SHOP}/?sort=name&page=last").get_data(as_text=True)
    assert numbers(html) == list(range(1026, COUNT))
    assert set(links(html)) == {"first", "prev"}


def test_first_and_last_page_run_the_same_statements_and_no_offset(bulk):
    client = bulk.test_client()
    client.get(f"{SHOP}/")  # warm caches shared by every request (module state)
    with counting(bulk) as first:
        assert client.get(f"{SHOP}/?sort=price_asc").status_code == 200
    with counting(bulk) as last:
        assert client.get(f"{SHOP}/?sort=price_asc&page=last").status_code == 200
    html = client.get(f"{SHOP}/?sort=price_asc&page=last").get_data(as_text=True)
    with counting(bulk) as middle:
        assert client.get(links(html)["prev"]).status_code == 200
    assert len(first) == len(last) == len(middle)
    lists = [(s, p) for s, p in first + last + middle if "ORDER BY catalog_product.price" in s]
    assert len(lists) == 3  # one statement reads each page's products, by a seek:
    # no OFFSET (SQLite's compiler writes "LIMIT ? OFFSET ?" with an offset of 0)
    assert [skipped(s, p) for s, p in lists] == [0, 0, 0]


def test_a_cursor_edited_by_hand_gives_the_first_page(bulk):
    client = bulk.test_client()
    first = numbers(client.get(f"{SHOP}/").get_data(as_text=True))
    for junk in ("x", "e30", "W10", "!!", "a" * 700, "WyJuYW1lIiwxLDFd"):
        response = client.get(f"{SHOP}/", query_string={"after": junk})
        assert response.status_code == 200 and numbers(response.get_data(as_text=True)) == first
