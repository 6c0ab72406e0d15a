"""Statements per list page do not grow with the rows: the same count with 10 shops
(and their companies and owners) as with 1,010, for every list on the list component,
searched, filtered, sorted and paged; second pages (which need more than a page of rows)
the same with 60 as with 1,010: keyset pages cost what the first does."""

from __future__ import annotations

import re

from tests.integration.test_statement_counts import counting, more_shops, signed_in_clients

PAGES = {
    None: ["/", "/?q=shop", "next:/"],
    "admin": [
        "/admin/vendors",
        "/admin/vendors?sort=-company&status=active",
        "/admin/vendors?q=shop&per_page=100",
        "next:/admin/vendors?sort=-created",
        "/admin/users",
        "/admin/users?role=vendor&sort=-email&per_page=50",
        "next:/admin/users",
        "/admin/companies?page=2&per_page=25",
        "/admin/companies?sort=-platform&q=s.",
        "/admin/platforms?q=local",
    ],
}


def resolve(client, path: str) -> str:
    """`next:<url>`: the page's Next link (its cursor depends on the data)."""
    if not path.startswith("next:"):
        return path
    html = client.get(path[5:]).get_data(as_text=True)
    found = re.search(r'rel="next" href="([^"]+)"', html)
    assert found, f"{path[5:]} has no next page"
    return found.group(1).replace("&amp;", "&")


def statements_per_page(app, clients, second_pages=True) -> dict[str, int]:
    counts = {}
    for who, paths in PAGES.items():
        for path in paths:
            if path.startswith("next:") and not second_pages:
                continue
            url = resolve(clients[who], path)
            assert clients[who].get(url).status_code == 200, url  # warm
            with counting(app) as statements:
                assert clients[who].get(url).status_code == 200, url
            counts[path] = len(statements)
    return counts


def test_list_pages_cost_the_same_with_ten_or_a_thousand_rows(demo, login_as):
    clients = signed_in_clients(demo, login_as)
    more_shops(demo, 10)
    ten = statements_per_page(demo, clients, second_pages=False)
    more_shops(demo, 50)  # enough for a second page everywhere
    few = statements_per_page(demo, clients)
    more_shops(demo, 950)
    many = statements_per_page(demo, clients)
    assert many == few
    assert ten == {path: n for path, n in many.items() if path in ten}
    assert max(few.values()) <= 5  # host, user, the filter's choices, count, rows
