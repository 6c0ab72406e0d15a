"""Featured products in Chromium: the owner features two products from the list (one
confirmation), unticks another one's box in its form, filters the list to the featured
ones, and a shopper sees them in the home page's first section, the rest under "New".
Screenshots of the filtered list and the home, desktop and phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

PRODUCTS = "/vendor/bakery/catalog/products"
HOME = "/storefront/bakery/"
# The demo's starter products feature the sourdough loaf and the croissant.
FEATURED_NEWEST_FIRST = ["Pain au chocolat", "Croissant", "Rye bread"]


def test_feature_from_the_list_and_see_them_first_on_the_home(page, new_context, screenshot):
    sign_in(page, "bakery_owner")
    page.goto(PRODUCTS)
    for title in ("Rye bread", "Pain au chocolat"):
        expect(page.locator("tr", has_text=title).locator("[data-featured]")).to_have_count(0)
        page.get_by_label(f"Select {title}").check()
    page.locator("[data-bulk=feature]").click()
    panel = page.locator("#products-bulk-panel")
    expect(panel.get_by_role("heading")).to_have_text(
        re.compile(r"Feature 2 products on the home page\?")
    )
    panel.get_by_role("button", name="Yes, feature").click()
    expect(page.get_by_text("2 products featured on the home page.")).to_be_visible()
    for title in ("Rye bread", "Pain au chocolat"):
        star = page.locator("tr", has_text=title).locator("[data-featured]")
        expect(star).to_have_attribute("aria-label", "Featured on the shop's home page")

    page.get_by_role("link", name="Sourdough loaf").click()
    page.wait_for_url(re.compile(r"/catalog/products/\d+$"))
    box = page.get_by_label("Featured on the shop's home page")
    expect(box).to_be_checked()
    box.uncheck()
    page.get_by_role("button", name="Save product").click()
    expect(page.get_by_text("Sourdough loaf is saved.")).to_be_visible()
    expect(page.get_by_label("Featured on the shop's home page")).not_to_be_checked()

    page.goto(PRODUCTS)
    page.locator("#products-featured").select_option("yes")
    expect(page.locator("[data-product]")).to_have_count(3)
    expect(page.locator("tr", has_text="Baguette")).to_have_count(0)
    page.goto(f"{PRODUCTS}?featured=yes")  # at the top: the sticky bar where it belongs
    screenshot(page, "catalog-products-featured")
    phone = new_context(viewport=PHONE).new_page()
    sign_in(phone, "bakery_owner")
    phone.goto(f"{PRODUCTS}?featured=yes")
    expect(phone.locator("[data-product]")).to_have_count(3)
    screenshot(phone, "catalog-products-featured-phone")

    for viewport, name in (
        (None, "storefront-home-featured"),
        (PHONE, "storefront-home-featured-phone"),
    ):
        shopper = new_context(**({"viewport": viewport} if viewport else {})).new_page()
        shopper.goto(HOME)
        featured = shopper.locator("[data-home=featured]")
        expect(featured.get_by_role("heading", level=2)).to_have_text("Featured products")
        expect(featured.get_by_role("heading", level=3)).to_have_text(FEATURED_NEWEST_FIRST)
        new = shopper.locator("[data-home=new]")
        expect(new.get_by_role("heading", level=3)).to_have_text(["Sourdough loaf"])
        # the first section of the page's catalog part, above the categories and "New"
        assert shopper.evaluate(
            "document.querySelector('[data-home=featured]').compareDocumentPosition("
            "document.querySelector('[data-home=new]')) & Node.DOCUMENT_POSITION_FOLLOWING"
        )
        screenshot(shopper, name)
