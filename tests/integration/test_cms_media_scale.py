"""The media library pages the same at 60 files and at 100,000: the same number of
statements for the list (first page, searched, filtered, next page), the picker and the
API, and the last rows are reached with keyset cursors."""

from __future__ import annotations

import re

import sqlalchemy as sa

from modules.tenancy.models import Vendor
from tests.http.test_cms_media import add_rows
from tests.integration.test_statement_counts import counting
from wizamart.extensions import db

LIB = "/vendor/bakery/content/media"
PAGES = [
    LIB,
    f"{LIB}?q=filler-0004",
    f"{LIB}?kind=image&alt=present&sort=filename",
    f"next:{LIB}",
    f"next:{LIB}?sort=-size",
    f"{LIB}/picker",
    f"next:{LIB}/picker",
    "/api/v1/vendor/bakery/content/media?limit=100",
]


def resolve(client, path: str) -> str:
    if not path.startswith("next:"):
        return path
    html = client.get(path[5:]).get_data(as_text=True)
    found = re.search(r'(?:rel="next"|data-page="next") href="([^"]+)"', html) or re.search(
        r'href="([^"]+)"[^>]*data-page="next"', html
    )
    assert found, f"{path[5:]} has no next page"
    return found.group(1).replace("&amp;", "&")


def statements(app, client) -> dict[str, int]:
    counts = {}
    for path in PAGES:
        url = resolve(client, path)
        assert client.get(url).status_code == 200, url
        with counting(app) as seen:
            assert client.get(url).status_code == 200, url
        counts[path] = len(seen)
    return counts


def test_media_pages_cost_the_same_with_60_or_100000_files(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    with demo.app_context():
        bakery = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == "bakery"))
        add_rows(bakery, 60)
    few = statements(demo, client)
    with demo.app_context():
        bakery = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == "bakery"))
        for start in range(60, 100_000, 20_000):
            add_rows(bakery, min(20_000, 100_000 - start), start=start)
    many = statements(demo, client)
    assert many == few
    html = client.get(f"{LIB}?sort=created").get_data(as_text=True)  # oldest first
    assert "filler-00000.png" in html
