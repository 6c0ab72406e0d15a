"""Bad input gets a clear answer, never a 500: every URL of the app, as each kind of user,
with made-up path values and junk form data."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token
from tests.http.test_tenant_isolation import fill

JUNK_FORMS = [
    {},
    {"name": "", "email": "x", "code": "../../etc", "password": "1", "language": "zz"},
    {"name": "x" * 5000, "permissions": ["nope"], "vendor_id": "abc", "platform_id": "-1"},
]


def read(response):
    """Read the whole answer and close it, as a browser does: a streamed response (the
    CSV export) keeps its request's context, and its database session, until closed."""
    response.get_data()
    response.close()
    return response


@pytest.mark.parametrize("who", ["admin", "bakery_owner", "bakery_staff", "translator", None])
def test_no_url_answers_500(shop, login_as, who):
    client = shop.test_client()
    if who:
        login_as(client, who)
    token = csrf_token(client, "/login" if who is None else "/account/profile")
    rules = [r for r in shop.url_map.iter_rules() if r.endpoint != "static"]
    assert len(rules) > 40
    for rule in rules:
        for vendor_code in ("bakery", "nope"):
            path = fill(rule, vendor_code=vendor_code, platform_code="main")
            if "GET" in rule.methods:
                response = read(client.get(path))
                assert response.status_code < 500, f"GET {path} as {who}"
                # Numbers typed into a URL: an id and a page past anything a database holds.
                huge = fill(rule, vendor_code=vendor_code, platform_code="main", huge=True)
                for junk in (huge, f"{path}?page=99999999999999999999999", f"{path}?page=-3"):
                    response = read(client.get(junk))
                    assert response.status_code < 500, f"GET {junk} as {who}"
            if "POST" in rule.methods:
                for form in JUNK_FORMS:
                    response = read(client.post(path, data={**form, "csrf_token": token}))
                    assert response.status_code < 500, f"POST {path} {form} as {who}"
            signed_out = client.get("/account/profile").status_code != 200
            if who and signed_out:  # the walk posted to /logout: sign in again and go on
                login_as(client, who)
                token = csrf_token(client, "/account/profile")
