"""Sign-in, sign-out, password change, CSRF, cookies and login rate limits."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_token, login
from wizamart.extensions import db


def test_login_lands_each_role_on_its_home(demo):
    cases = {
        ("admin@wizamart.test", "demo-admin"): "/admin/",
        ("owner@bakery.test", "demo-vendor"): "/vendor/bakery/",
        ("translator@wizamart.test", "demo-translator"): "/admin/",
    }
    for (email, password), home in cases.items():
        response = login(demo.test_client(), email, password)
        assert response.status_code == 302
        assert response.headers["Location"] == home


def test_wrong_password_and_unknown_email_get_the_same_clear_answer(demo):
    for email in ("owner@bakery.test", "nobody@bakery.test"):
        response = login(demo.test_client(), email, "wrong-password")
        assert response.status_code == 422
        assert "Email or password is not correct." in response.get_data(as_text=True)


def test_empty_form_is_answered_with_field_errors(demo):
    client = demo.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This field is required." in html
    # Screen readers tie each field to its error; a field without one names nothing.
    assert 'aria-describedby="email-errors"' in html and 'id="email-errors"' in html
    assert 'aria-describedby="None"' not in client.get("/login").get_data(as_text=True)


def test_login_without_csrf_token_is_refused(demo):
    response = demo.test_client().post(
        "/login", data={"email": "owner@bakery.test", "password": "demo-vendor"}
    )
    assert response.status_code == 400
    assert "session expired" in response.get_data(as_text=True)


def test_htmx_post_carries_csrf_in_a_header(demo, login_as):
    client = login_as(demo.test_client(), "admin")
    token = csrf_token(client, "/admin/")
    no_token = client.post("/logout", headers={"HX-Request": "true"})
    assert no_token.status_code == 400
    with_token = client.post("/logout", headers={"HX-Request": "true", "X-CSRFToken": token})
    assert with_token.status_code == 302


def test_next_parameter_only_follows_local_paths(demo):
    client = demo.test_client()
    token = csrf_token(client)
    data = {"email": "owner@bakery.test", "password": "demo-vendor", "csrf_token": token}
    evil = client.post("/login?next=//evil.test/x", data=data)
    assert evil.headers["Location"] == "/vendor/bakery/"
    client = demo.test_client()
    data["csrf_token"] = csrf_token(client)
    good = client.post("/login?next=/vendor/bakery/staff", data=data)
    assert good.headers["Location"] == "/vendor/bakery/staff"


WORST_NEXTS = [
    "//evil.test/x",
    "/\\evil.test/x",  # browsers read /\ as //
    "https://evil.test/",
    "/ok\r\nSet-Cookie: pwned=1",
    "/ok%0d%0aSet-Cookie: pwned=1",
    "javascript:alert(1)",
    "\x7f/",
]


def assert_stays_here(location: str) -> None:
    """A path on this site: no host, no backslash, no header-splitting characters (an
    encoded %0d%0a inside a path is just text)."""
    assert location.startswith("/") and not location.startswith("//"), location
    assert "\\" not in location and "\r" not in location and "\n" not in location
    assert "evil" not in location and "javascript" not in location


@pytest.mark.parametrize("target", WORST_NEXTS)
def test_sign_in_and_the_language_switch_never_follow_a_foreign_or_broken_next(demo, target):
    client = demo.test_client()
    data = {"email": "owner@bakery.test", "password": "demo-vendor"}
    signed_in = client.post(
        "/login", query_string={"next": target}, data={**data, "csrf_token": csrf_token(client)}
    )
    assert signed_in.status_code == 302
    assert_stays_here(signed_in.headers["Location"])
    switched = demo.test_client().get("/language", query_string={"language": "fr", "next": target})
    assert switched.status_code == 302
    assert_stays_here(switched.headers["Location"])
    assert "pwned" not in (switched.headers.get("Set-Cookie") or "")


def test_logged_out_user_is_sent_to_login(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(client, "/vendor/bakery/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    response = client.get("/vendor/bakery/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/vendor/bakery/")


def test_api_without_login_answers_401_json(shop):
    response = shop.test_client().get("/api/v1/admin/fxpayments/ping")
    assert response.status_code == 401
    assert response.json == {
        "error": {"code": "unauthorized", "message": "Please sign in first.", "fields": {}}
    }


def test_passwords_are_hashed_with_argon2id(demo):
    from modules.tenancy.models import User

    with demo.app_context():
        hashes = db.session.scalars(sa.select(User.password_hash)).all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any("demo" in h for h in hashes)


def test_session_cookie_flags(demo, make_app):
    response = login(demo.test_client(), "owner@bakery.test", "demo-vendor")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure_app = make_app(session_cookie_secure=True)
    secure = login(secure_app.test_client(), "owner@bakery.test", "demo-vendor")
    assert "Secure" in secure.headers["Set-Cookie"]


def test_password_change_checks_input_and_ends_other_sessions(demo, login_as):
    first = login_as(demo.test_client(), "bakery_owner")
    second = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(first, "/account/password")
    wrong = first.post(
        "/account/password",
        data={
            "current_password": "nope",
            "new_password": "a-new-password",
            "confirm": "a-new-password",
            "csrf_token": token,
        },
    )
    assert wrong.status_code == 422
    assert "The current password is not correct." in wrong.get_data(as_text=True)
    short = first.post(
        "/account/password",
        data={
            "current_password": "demo-vendor",
            "new_password": "short",
            "confirm": "short",
            "csrf_token": token,
        },
    )
    assert short.status_code == 422
    ok = first.post(
        "/account/password",
        data={
            "current_password": "demo-vendor",
            "new_password": "a-new-password",
            "confirm": "a-new-password",
            "csrf_token": token,
        },
    )
    assert ok.status_code == 302
    assert first.get("/vendor/bakery/").status_code == 200  # this session goes on
    assert second.get("/vendor/bakery/").status_code == 302  # the other one ended
    assert login(demo.test_client(), "owner@bakery.test", "demo-vendor").status_code == 422
    assert login(demo.test_client(), "owner@bakery.test", "a-new-password").status_code == 302


def test_failed_logins_are_limited_per_account_across_addresses(demo):
    for attempt in range(5):
        client = demo.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{attempt + 1}"
        assert login(client, "owner@bakery.test", "wrong").status_code == 422
    client = demo.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    blocked = login(client, "owner@bakery.test", "demo-vendor")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    # another account from the same address is not affected
    assert login(client, "owner@bikes.test", "demo-vendor").status_code == 302


def test_failed_logins_are_limited_per_address_across_accounts(demo):
    client = demo.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.1.1.1"
    for attempt in range(30):
        assert login(client, f"user{attempt}@x.test", "wrong").status_code == 422
    assert login(client, "owner@bikes.test", "demo-vendor").status_code == 429
    other = demo.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.1.2"
    assert login(other, "owner@bikes.test", "demo-vendor").status_code == 302


def test_successful_logins_do_not_count(demo):
    for _ in range(8):
        assert login(demo.test_client(), "owner@bakery.test", "demo-vendor").status_code == 302


def test_inactive_user_cannot_sign_in_and_is_signed_out(demo, login_as):
    from modules.tenancy.models import User

    client = login_as(demo.test_client(), "bakery_owner")
    with demo.app_context():
        db.session.query(User).filter_by(email="owner@bakery.test").one().is_active = False
        db.session.commit()
    assert client.get("/vendor/bakery/").status_code == 302
    assert login(demo.test_client(), "owner@bakery.test", "demo-vendor").status_code == 422
