"""An admin switches the catalog off and on for a platform in Chromium; the vendor's menu
and the shop follow on their next page, with the same server process running throughout."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

MODULES_PAGE = "/admin/platforms/main/modules"


def vendor_menu(page: Page, label: str):
    return page.locator("nav#sidebar").get_by_role("link", name=label, exact=True)


def switch_catalog(admin: Page, action: str) -> None:
    """Disable or Enable on the catalog's card, through the one confirmation."""
    admin.goto(MODULES_PAGE)
    admin.locator("#module-catalog").get_by_role("link", name=action).click()
    dialog = admin.get_by_role("dialog")
    expect(dialog).to_contain_text("Catalog")
    dialog.get_by_role("button", name=f"Yes, {action.lower()}").click()
    state = "off" if action == "Disable" else "on"
    expect(admin.locator("#module-catalog")).to_have_attribute("data-state", state)


def test_the_catalog_switched_off_and_on_leaves_and_returns_to_menu_and_shop(
    new_context, screenshot
):
    admin, vendor, shopper = (new_context().new_page() for _ in range(3))
    sign_in(admin, "admin")
    sign_in(vendor, "bakery_owner")

    vendor.goto("/vendor/bakery/")
    expect(vendor_menu(vendor, "Products")).to_be_visible()
    shopper.goto("/storefront/bakery/catalog/")
    expect(shopper.get_by_text("Sourdough loaf").first).to_be_visible()
    shopper.goto("/storefront/bakery/")
    expect(shopper.get_by_role("search")).to_be_visible()

    switch_catalog(admin, "Disable")

    vendor.goto("/vendor/bakery/")
    expect(vendor_menu(vendor, "Products")).to_have_count(0)
    expect(vendor_menu(vendor, "Categories")).to_have_count(0)
    response = vendor.goto("/vendor/bakery/catalog/")
    assert response.status == 404
    response = shopper.goto("/storefront/bakery/catalog/")
    assert response.status == 404
    shopper.goto("/storefront/bakery/")
    expect(shopper.get_by_role("search")).to_have_count(0)  # the catalog's header slot
    expect(shopper.get_by_text("Sourdough loaf")).to_have_count(0)
    screenshot(shopper, "storefront-without-catalog")

    switch_catalog(admin, "Enable")

    vendor.goto("/vendor/bakery/")
    expect(vendor_menu(vendor, "Products")).to_be_visible()
    vendor_menu(vendor, "Products").click()
    expect(vendor.get_by_text("Sourdough loaf").first).to_be_visible()
    shopper.goto("/storefront/bakery/catalog/")
    expect(shopper.get_by_text("Sourdough loaf").first).to_be_visible()
