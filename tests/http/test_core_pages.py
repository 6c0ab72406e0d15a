"""Core pages: dashboards, shop settings, profile and language."""

from __future__ import annotations

from tests.conftest import csrf_token


def test_owner_renames_the_shop_and_shoppers_see_it(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(client, "/vendor/bakery/settings")
    response = client.post(
        "/vendor/bakery/settings", data={"name": " Bakery Deluxe ", "csrf_token": token}
    )
    assert response.status_code == 302
    assert "Your shop settings are saved." in client.get("/vendor/bakery/settings").get_data(
        as_text=True
    )
    assert "Bakery Deluxe" in demo.test_client().get("/storefront/bakery/").get_data(as_text=True)


def test_empty_shop_name_is_refused_and_nothing_changes(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(client, "/vendor/bakery/settings")
    response = client.post("/vendor/bakery/settings", data={"name": "  ", "csrf_token": token})
    assert response.status_code == 422
    assert "Please enter a name." in response.get_data(as_text=True)
    assert "Boulangerie Bakery" in demo.test_client().get("/storefront/bakery/").get_data(
        as_text=True
    )


def test_staff_without_the_permission_cannot_change_settings(demo, login_as):
    client = login_as(demo.test_client(), "bakery_staff")
    token = csrf_token(client, "/vendor/bakery/")
    assert client.get("/vendor/bakery/settings").status_code == 403
    response = client.post("/vendor/bakery/settings", data={"name": "Hacked", "csrf_token": token})
    assert response.status_code == 403
    assert "Hacked" not in demo.test_client().get("/storefront/bakery/").get_data(as_text=True)


def test_profile_language_is_saved_and_used(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(client, "/account/profile")
    bad = client.post("/account/profile", data={"language": "xx", "csrf_token": token})
    assert bad.status_code == 422
    assert (
        client.post("/account/profile", data={"language": "de", "csrf_token": token}).status_code
        == 302
    )
    html = client.get("/account/profile").get_data(as_text=True)
    assert '<html lang="de"' in html


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    import pytest

    from wizamart import create_app

    monkeypatch.delenv("WIZAMART_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="WIZAMART_SECRET_KEY is not set"):
        create_app({"env": "production", "database_url": "sqlite://"})
