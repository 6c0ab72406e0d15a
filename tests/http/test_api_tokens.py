"""Per-vendor API tokens: created on the vendor's API tokens page and shown once, stored
hashed, used as `Authorization: Bearer ...` on that vendor's API only (another vendor's
URL is 404), no session and no CSRF for bearer requests, 401 once revoked or expired or
when the creator leaves the team, and never more permissions than given or held."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from modules.tenancy.models import ApiToken, User, Vendor, VendorMembership
from modules.tenancy.services import api_tokens as token_service
from tests.conftest import csrf_token
from tests.integration.test_statement_counts import counting
from wizamart.extensions import db

TOKENS = "/vendor/bakery/api-tokens"
SHOP = "/api/v1/vendor/bakery/shop"


def page_token(html: str) -> str | None:
    match = re.search(r'id="api-token" type="text" readonly value="([^"]+)"', html)
    return match.group(1) if match else None


def create(client, name="Stock sync", permissions=("core.shop_settings",), expires_on=""):
    token = csrf_token(client, TOKENS)
    data = {"csrf_token": token, "name": name, "permissions": list(permissions)}
    if expires_on:
        data["expires_on"] = expires_on
    return client.post(TOKENS, data=data)


def new_token(client, **kwargs) -> str:
    response = create(client, **kwargs)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    secret = page_token(client.get(TOKENS).get_data(as_text=True))
    assert secret, "the new token is not on the page"
    return secret


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def vendor_name(app, code="bakery") -> str:
    with app.app_context():
        return db.session.scalar(sa.select(Vendor.name).where(Vendor.vendor_code == code))


def token_row(app, name="Stock sync") -> ApiToken:
    with app.app_context():
        row = db.session.scalar(sa.select(ApiToken).where(ApiToken.name == name))
        db.session.expunge_all()
        return row


@pytest.fixture
def owner(demo, login_as):
    return login_as(demo.test_client(), "bakery_owner")


def test_a_new_token_is_shown_once_with_a_copy_button_and_stored_hashed(demo, owner):
    assert create(owner).status_code == 302
    html = owner.get(TOKENS).get_data(as_text=True)
    secret = page_token(html)
    assert secret and secret.startswith("wzm_")
    assert 'data-copy-target="#api-token"' in html
    assert "shown only now" in html
    # the next visit lists it, without the token
    again = owner.get(TOKENS).get_data(as_text=True)
    assert page_token(again) is None and secret not in again
    assert 'data-token="Stock sync"' in again and 'data-status="active"' in again
    row = token_row(demo)
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    with demo.app_context():
        stored = db.session.execute(sa.select(ApiToken.__table__)).one()
    assert all(secret not in str(value) for value in stored)
    assert row.permissions == ["core.shop_settings"] and row.last_used_at is None


def test_a_token_reads_and_changes_the_shop_without_session_or_csrf(demo, owner):
    secret = new_token(owner)
    client = demo.test_client()  # no cookie at all
    response = client.get(SHOP, headers=bearer(secret))
    assert response.status_code == 200
    assert response.get_json() == {
        "code": "bakery",
        "name": "Boulangerie Bakery",
        "is_active": True,
    }
    assert "Set-Cookie" not in response.headers
    response = client.patch(SHOP, json={"name": "Bakery by API"}, headers=bearer(secret))
    assert response.status_code == 200 and response.get_json()["name"] == "Bakery by API"
    assert "Set-Cookie" not in response.headers
    assert vendor_name(demo) == "Bakery by API"
    assert token_row(demo).last_used_at is not None
    # the same validation as for a session: 422 with the field's message
    response = client.patch(SHOP, json={"name": "x" * 121}, headers=bearer(secret))
    assert response.status_code == 422 and list(response.get_json()["error"]["fields"]) == ["name"]


def test_a_cookie_request_still_needs_the_csrf_header(demo, owner):
    response = owner.patch(SHOP, json={"name": "No token"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
    assert vendor_name(demo) == "Boulangerie Bakery"
    headers = {"X-CSRFToken": csrf_token(owner, "/vendor/bakery/")}
    assert owner.patch(SHOP, json={"name": "With token"}, headers=headers).status_code == 200


def test_a_token_opens_only_its_own_vendor(demo, owner):
    secret = new_token(owner)
    response = demo.test_client().get("/api/v1/vendor/bikes/shop", headers=bearer(secret))
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_revoked_token_is_401(demo, owner):
    secret = new_token(owner)
    row = token_row(demo)
    confirm = owner.get(f"{TOKENS}/{row.id}/revoke")
    assert confirm.status_code == 200 and "Revoke the API token" in confirm.get_data(as_text=True)
    token = csrf_token(owner, TOKENS)
    assert owner.post(f"{TOKENS}/{row.id}/revoke", data={"csrf_token": token}).status_code == 302
    response = demo.test_client().get(SHOP, headers=bearer(secret))
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    html = owner.get(TOKENS).get_data(as_text=True)
    assert 'data-status="revoked"' in html and f"{row.id}/revoke" not in html


def test_an_expired_token_is_401(demo, owner):
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    secret = new_token(owner, expires_on=tomorrow)
    assert demo.test_client().get(SHOP, headers=bearer(secret)).status_code == 200
    with demo.app_context():
        db.session.execute(
            sa.update(ApiToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        db.session.commit()
    assert demo.test_client().get(SHOP, headers=bearer(secret)).status_code == 401
    assert 'data-status="expired"' in owner.get(TOKENS).get_data(as_text=True)


@pytest.mark.parametrize(
    "header",
    ["Basic b3duZXI6cGFzcw==", "Bearer", "Bearer wzm_nothing", "Bearer " + "x" * 300],
)
def test_other_credentials_are_401_not_a_fallback_to_the_session(owner, header):
    response = owner.get(SHOP, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] in {"bad_token", "invalid_token"}


def test_a_token_carries_only_the_permissions_it_was_given(demo, owner):
    secret = new_token(owner, permissions=["core.view_dashboard"])
    response = demo.test_client().get(SHOP, headers=bearer(secret))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def staff_permissions(app, permissions) -> None:
    with app.app_context():
        membership = db.session.scalar(
            sa.select(VendorMembership).join(User).where(User.email == "staff@bakery.test")
        )
        membership.permissions = list(permissions)
        db.session.commit()


def test_staff_give_a_token_only_what_they_hold_and_it_ends_with_their_permission(demo, login_as):
    staff_permissions(demo, ["tenancy.manage_api_tokens", "core.view_dashboard"])
    staff = login_as(demo.test_client(), "bakery_staff")
    response = create(staff, permissions=["core.shop_settings"])
    assert response.status_code == 422
    assert "only give permissions you hold" in response.get_data(as_text=True)
    staff_permissions(demo, ["tenancy.manage_api_tokens", "core.shop_settings"])
    secret = new_token(staff, name="Staff token")
    assert demo.test_client().get(SHOP, headers=bearer(secret)).status_code == 200
    staff_permissions(demo, ["tenancy.manage_api_tokens"])  # the owner takes it back
    assert demo.test_client().get(SHOP, headers=bearer(secret)).status_code == 403


def test_a_token_stops_when_its_creator_leaves_the_team(demo, login_as):
    staff_permissions(demo, ["tenancy.manage_api_tokens", "core.shop_settings"])
    secret = new_token(login_as(demo.test_client(), "bakery_staff"), name="Staff token")
    with demo.app_context():
        db.session.execute(
            sa.delete(VendorMembership).where(
                VendorMembership.user_id
                == sa.select(User.id).where(User.email == "staff@bakery.test").scalar_subquery()
            )
        )
        db.session.commit()
    response = demo.test_client().get(SHOP, headers=bearer(secret))
    assert response.status_code == 401


def test_staff_without_the_permission_cannot_create_tokens_and_see_no_way_to(demo, login_as):
    staff = login_as(demo.test_client(), "bakery_staff")
    assert staff.get(TOKENS).status_code == 403
    token = csrf_token(staff, "/vendor/bakery/")
    response = staff.post(TOKENS, data={"csrf_token": token, "name": "x"})
    assert response.status_code == 403
    dashboard = staff.get("/vendor/bakery/").get_data(as_text=True)
    assert TOKENS not in dashboard
    with demo.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the token a name"),
        ("   ", "Give the token a name"),
        ("x" * 81, "At most 80 characters"),
    ],
)
def test_a_refused_token_keeps_the_input_and_writes_nothing(demo, owner, name, message):
    response = create(owner, name=name)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert re.search(
        r'checked[^>]*value="core.shop_settings"|value="core.shop_settings"[^>]*checked', html
    )
    if name.strip():
        assert f'value="{name}"' in html
    with demo.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_expiry_must_be_after_today_and_a_real_date(demo, owner):
    today = datetime.now(UTC).date().isoformat()
    response = create(owner, expires_on=today)
    assert response.status_code == 422 and "after today" in response.get_data(as_text=True)
    response = create(owner, expires_on="99999-13-40")
    assert response.status_code == 422
    assert create(owner, permissions=[]).status_code == 422  # a token that can do nothing


def test_line_breaks_in_a_name_are_folded_and_unicode_kept(demo, owner):
    new_token(owner, name="Lager\r\nSync  ✓ Ünïcode")
    assert token_row(demo, "Lager Sync ✓ Ünïcode") is not None


def test_another_vendors_token_and_huge_ids_are_404(demo, owner, login_as):
    bikes = login_as(demo.test_client(), "bikes_owner")
    token = csrf_token(bikes, "/vendor/bikes/api-tokens")
    bikes.post(
        "/vendor/bikes/api-tokens",
        data={"csrf_token": token, "name": "Bikes", "permissions": ["core.shop_settings"]},
    )
    bikes_id = token_row(demo, "Bikes").id
    assert owner.get(f"{TOKENS}/{bikes_id}/revoke").status_code == 404
    token = csrf_token(owner, TOKENS)
    assert owner.post(f"{TOKENS}/{bikes_id}/revoke", data={"csrf_token": token}).status_code == 404
    assert token_row(demo, "Bikes").revoked_at is None
    assert owner.get(f"{TOKENS}/12345678901234567890123/revoke").status_code == 404


def add_tokens(app, count: int, vendor_code: str) -> None:
    with app.app_context():
        vendor = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == vendor_code))
        owner = db.session.scalar(sa.select(User).where(User.email == f"owner@{vendor_code}.test"))
        for n in range(count):
            db.session.add(
                ApiToken(
                    vendor_id=vendor.id,
                    name=f"Token {n}",
                    prefix=f"{vendor_code[:2]}{n:010d}",
                    token_hash="0" * 64,
                    permissions=["core.shop_settings"],
                    created_by_id=owner.id,
                )
            )
        db.session.commit()


def statement_count(app, client, method, path, **kwargs) -> int:
    getattr(client, method)(path, **kwargs)  # warm
    with counting(app) as statements:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return len(statements)


def test_statements_of_a_token_request_and_the_tokens_page_do_not_grow(demo, owner):
    secret = new_token(owner)
    client = demo.test_client()
    few = statement_count(demo, client, "get", SHOP, headers=bearer(secret))
    page_few = statement_count(demo, owner, "get", TOKENS)
    add_tokens(demo, 60, "bakery")
    add_tokens(demo, 60, "bikes")
    assert statement_count(demo, client, "get", SHOP, headers=bearer(secret)) == few
    assert statement_count(demo, owner, "get", TOKENS) == page_few
    assert statement_count(demo, owner, "get", TOKENS + "?page=2") == page_few
    html = owner.get(TOKENS + "?page=3").get_data(as_text=True)
    assert html.count("data-token=") == 61 - 2 * token_service.PER_PAGE
    assert 'rel="prev"' in html and 'rel="next"' not in html
