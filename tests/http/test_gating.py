"""A disabled module's pages and API answer 404 and leave the menus; enabling brings them back."""

from __future__ import annotations

import re

import pytest

from wizamart.modules.service import module_service

PATHS = {
    "admin": "/admin/fxpayments/",
    "vendor": "/vendor/bakery/fxpayments/",
    "storefront": "/storefront/bakery/fxpayments/",
    "api_admin": "/api/v1/admin/fxpayments/ping",
    "api_vendor": "/api/v1/vendor/bakery/fxpayments/ping",
    "api_storefront": "/api/v1/storefront/bakery/fxpayments/ping",
}


def menu_ids(html: str) -> list[str]:
    return re.findall(r'data-menu-item="([^"]+)"', html)


def toggle(app, action, code, platform="main"):
    with app.app_context():
        from modules.tenancy.services.access import access

        platform_id = access.platform_by_code(platform).id
        return getattr(module_service, f"{action}_module")(platform_id, code)


@pytest.fixture
def admin_client(shop, login_as):
    return login_as(shop.test_client(), "admin")


@pytest.fixture
def owner_client(shop, login_as):
    return login_as(shop.test_client(), "bakery_owner")


def test_enabled_module_answers_everywhere(shop, admin_client, owner_client):
    assert admin_client.get(PATHS["admin"]).status_code == 200
    assert admin_client.get(PATHS["api_admin"]).json == {
        "module": "fxpayments",
        "frontend": "admin",
    }
    assert owner_client.get(PATHS["vendor"]).status_code == 200
    assert owner_client.get(PATHS["api_vendor"]).status_code == 200
    anonymous = shop.test_client()
    assert anonymous.get(PATHS["storefront"]).status_code == 200
    assert anonymous.get(PATHS["api_storefront"]).status_code == 200


def test_disabled_module_answers_404_and_leaves_menus(shop, admin_client, owner_client):
    assert "fxpayments" in menu_ids(owner_client.get("/vendor/bakery/").get_data(as_text=True))
    toggle(shop, "disable", "fxpayments")
    for key, path in PATHS.items():
        client = owner_client if "vendor" in key else admin_client
        assert client.get(path).status_code == 404, path
    vendor_menu = menu_ids(owner_client.get("/vendor/bakery/").get_data(as_text=True))
    admin_menu = menu_ids(admin_client.get("/admin/").get_data(as_text=True))
    store_menu = menu_ids(shop.test_client().get("/storefront/bakery/").get_data(as_text=True))
    for menu in (vendor_menu, admin_menu, store_menu):
        # its dependents went with it
        assert not {"fxpayments", "fxorders", "fxcheckout", "fxbilling"} & set(menu)
        assert "fxcart" in menu


def test_enabling_again_brings_pages_and_menus_back(shop, owner_client):
    toggle(shop, "disable", "fxpayments")
    assert owner_client.get(PATHS["vendor"]).status_code == 404
    toggle(shop, "enable", "fxpayments")
    assert owner_client.get(PATHS["vendor"]).status_code == 200
    assert "fxpayments" in menu_ids(owner_client.get("/vendor/bakery/").get_data(as_text=True))


def test_toggle_on_one_platform_leaves_the_other_alone(shop, login_as):
    toggle(shop, "disable", "fxcart", platform="oms")
    owner = login_as(shop.test_client(), "bakery_owner")
    assert owner.get("/vendor/bakery/fxcart/").status_code == 200
    oms_store = shop.test_client().get("/storefront/books/fxcart/", base_url="http://oms.localhost")
    assert oms_store.status_code == 404


def test_internal_module_is_admin_only(shop, admin_client, owner_client):
    rules = {r.endpoint.split(".")[0] for r in shop.url_map.iter_rules()}
    assert "fxmonitor_admin" in rules
    assert "fxmonitor_vendor" not in rules and "fxmonitor_storefront" not in rules
    assert "fxmonitor" in menu_ids(admin_client.get("/admin/").get_data(as_text=True))
    assert "fxmonitor" not in menu_ids(owner_client.get("/vendor/bakery/").get_data(as_text=True))


def test_menu_follows_permissions_and_order(shop, login_as, owner_client):
    staff = login_as(shop.test_client(), "bakery_staff")
    staff_menu = menu_ids(staff.get("/vendor/bakery/").get_data(as_text=True))
    assert staff_menu == ["dashboard"]  # staff only hold core.view_dashboard
    assert staff.get(PATHS["vendor"]).status_code == 403
    owner_menu = menu_ids(owner_client.get("/vendor/bakery/").get_data(as_text=True))
    assert owner_menu[0] == "dashboard" and owner_menu[-1] == "settings"  # order 10 ... 900
    assert {"fxpayments", "fxorders", "fxcart", "staff"} <= set(owner_menu)


def test_menu_marks_the_current_page(shop, owner_client):
    html = owner_client.get("/vendor/bakery/staff").get_data(as_text=True)
    active = re.findall(r'class="nav-link[^"]*\bactive\b[^"]*"\s+href="([^"]+)"', html)
    assert active == ["/vendor/bakery/staff"]  # not the dashboard, though its URL is a prefix


def test_modules_menu_entry_is_active_on_the_platform_modules_page(demo, login_as):
    client = login_as(demo.test_client(), "admin")
    html = client.get("/admin/platforms/main/modules").get_data(as_text=True)
    active = re.findall(r'class="nav-link[^"]*\bactive\b[^"]*"\s+href="([^"]+)"', html)
    assert active == ["/admin/platforms/main/modules"]
