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
    # The confirmation already speaks the language just chosen.
    assert "Ihr Profil ist gespeichert." in html and "Your profile is saved." not in html


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    import pytest

    from wizamart import create_app

    monkeypatch.delenv("WIZAMART_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="WIZAMART_SECRET_KEY is not set"):
        create_app({"env": "production", "database_url": "sqlite://"})


def test_visitor_switches_language_on_the_storefront(demo):
    client = demo.test_client()
    page = client.get("/storefront/bakery/").get_data(as_text=True)
    assert 'name="language"' in page and '<html lang="en"' in page
    response = client.get(
        "/language", query_string={"language": "lb", "next": "/storefront/bakery/"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/storefront/bakery/"
    page = client.get("/storefront/bakery/").get_data(as_text=True)
    assert '<html lang="lb"' in page and "Sprooch wiesselen" in page


def test_language_switch_refuses_unknown_languages_and_foreign_targets(demo):
    client = demo.test_client()
    response = client.get("/language", query_string={"language": "xx", "next": "//evil.test/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert '<html lang="en"' in client.get("/login").get_data(as_text=True)


def test_platform_home_lists_its_open_shops_only(demo):
    from modules.tenancy.models import Vendor
    from wizamart.extensions import db

    main = demo.test_client().get("/").get_data(as_text=True)
    assert 'data-shop="bakery"' in main and 'data-shop="bikes"' in main
    assert 'data-shop="books"' not in main  # another platform's shop
    oms = demo.test_client().get("/", base_url="http://oms.localhost").get_data(as_text=True)
    assert 'data-shop="books"' in oms and 'data-shop="bakery"' not in oms
    with demo.app_context():
        db.session.query(Vendor).filter_by(vendor_code="bikes").one().is_active = False
        db.session.commit()
    assert 'data-shop="bikes"' not in demo.test_client().get("/").get_data(as_text=True)
