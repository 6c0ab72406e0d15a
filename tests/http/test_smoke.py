"""The demo's main pages answer for the users who should see them."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/platforms",
        "/admin/companies",
        "/admin/vendors",
        "/admin/users",
        "/admin/platforms/main/modules",
        "/admin/platforms/main/modules/log",
        "/admin/settings",
        "/account/profile",
    ],
)
def test_super_admin_opens_admin_pages(demo, login_as, path):
    client = login_as(demo.test_client(), "admin")
    response = client.get(path)
    assert response.status_code == 200
    assert "admin@wizamart.test" in response.get_data(as_text=True)


def test_owner_sees_own_dashboard_and_not_other_vendor(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    assert client.get("/vendor/bakery/").status_code == 200
    assert client.get("/vendor/bikes/").status_code == 404
    assert client.get("/admin/").status_code == 403


def test_storefront_home_is_public(demo):
    response = demo.test_client().get("/storefront/bakery/")
    assert response.status_code == 200
    assert "Boulangerie Bakery" in response.get_data(as_text=True)
