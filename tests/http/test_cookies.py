"""A visitor gets no cookie until they do something that needs one.

Pages a visitor only looks at (platform home, a shop, a missing page) set no cookie,
so they can be cached and a visitor leaves no session behind. The sign-in page does
set the session cookie: its form carries a CSRF token, which Flask-WTF keeps in the
session to check the POST against. Choosing a language stores the choice: a cookie.
Signed-in pages keep the CSRF header for htmx on <body>.
"""

from __future__ import annotations

import pytest

LOOKING_ONLY = ["/", "/storefront/bakery/", "/storefront/nowhere/", "/no-such-page"]


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


@pytest.mark.parametrize("path", LOOKING_ONLY)
def test_visitor_pages_set_no_cookie(demo, path):
    client = demo.test_client()
    for _ in range(2):  # the first visit and the next one alike
        response = client.get(path)
        assert response.status_code in (200, 404)
        assert set_cookies(response) == [], path
        assert "X-CSRFToken" not in response.get_data(as_text=True)


def test_boosted_visitor_navigation_sets_no_cookie(demo):
    response = demo.test_client().get(
        "/storefront/bakery/", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert response.status_code == 200 and set_cookies(response) == []


def test_sign_in_page_sets_the_session_cookie_for_its_csrf_token(demo):
    response = demo.test_client().get("/login")
    assert response.status_code == 200
    assert [c.split("=", 1)[0] for c in set_cookies(response)] == ["session"]
    assert 'name="csrf_token"' in response.get_data(as_text=True)


def test_choosing_a_language_sets_the_cookie_and_is_remembered(demo):
    client = demo.test_client()
    response = client.get("/language", query_string={"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert [c.split("=", 1)[0] for c in set_cookies(response)] == ["session"]
    assert '<html lang="fr"' in client.get("/storefront/bakery/").get_data(as_text=True)


def test_visitor_pages_vary_on_cookie_and_are_not_marked_private(demo):
    response = demo.test_client().get("/storefront/bakery/")
    assert "Cookie" in response.vary
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_signed_in_pages_carry_the_csrf_header_for_htmx(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    html = client.get("/vendor/bakery/").get_data(as_text=True)
    assert 'hx-headers:inherited=\'{"X-CSRFToken": "' in html
