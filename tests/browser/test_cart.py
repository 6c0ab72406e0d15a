"""A guest on a phone (390 px) adds two products, changes a quantity and removes one;
the header's badge follows every step. The same with JavaScript off (plain POSTs,
redirects, flashed messages). Screenshots of the product form and the cart."""

from __future__ import annotations

import pytest

from modules.catalog.services.products import VariantInput
from tests import storefront_data as data
from tests.browser.conftest import PHONE

SHOP = "/storefront/bakery"


@pytest.fixture
def products(shop_app, site):
    with shop_app.app_context():
        data.set_module("bakery", "catalog", True)
        data.product(
            "bakery",
            "Layer cake",
            sku="CAKE-S",
            options=[("Size", ["Small", "Large"])],
            variants=[
                VariantInput(sku="CAKE-S", price="18.00", options={"Size": "Small"}),
                VariantInput(sku="CAKE-L", price="32.00", options={"Size": "Large"}),
            ],
        )
        data.product("bakery", "Sourdough loaf", sku="LOAF-1", price="4.50")
    return site


def badge(page) -> str:
    count = page.locator("#cart-badge [data-cart-count]")
    return count.get_attribute("data-cart-count") if count.count() else "0"


def open_menu(page) -> None:
    toggler = page.get_by_role("button", name="Open the menu")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#store-nav.show").wait_for()


def run(page, screenshot, js: bool):
    suffix = "" if js else "-nojs"
    page.goto(f"{SHOP}/catalog/products/layer-cake")
    page.get_by_label("Choice").select_option(label="Large")
    page.get_by_label("Quantity").fill("2")
    if js:
        screenshot(page, "cart-product-form-phone")
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_text("Added to your cart: Layer cake – Large.").wait_for()
    if js:
        page.wait_for_function("document.querySelector('#cart-badge [data-cart-count]')")
        screenshot(page, "cart-added-phone", full_page=False)
    assert badge(page) == "2"

    page.goto(f"{SHOP}/catalog/products/sourdough-loaf")
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_text("Added to your cart: Sourdough loaf.").wait_for()
    if js:
        page.wait_for_function(
            "document.querySelector('#cart-badge [data-cart-count]').dataset.cartCount === '3'"
        )
    assert badge(page) == "3"

    open_menu(page)
    page.locator("[data-menu-item=cart]").click()
    page.get_by_role("heading", name="Your cart").wait_for()
    assert page.locator("[data-cart-line]").count() == 2
    page.get_by_label("Quantity of Sourdough loaf").fill("4")
    page.locator(
        "[data-cart-line] form", has=page.get_by_label("Quantity of Sourdough loaf")
    ).get_by_role("button", name="Update").click()
    page.get_by_text("Quantity changed: Sourdough loaf.").wait_for()
    if js:
        page.wait_for_function(
            "document.querySelector('#cart-badge [data-cart-count]').dataset.cartCount === '6'"
        )
    assert badge(page) == "6"
    assert page.get_by_label("Quantity of Sourdough loaf").input_value() == "4"
    page.get_by_label("Quantity of Sourdough loaf").fill("0")
    page.locator(
        "[data-cart-line] form", has=page.get_by_label("Quantity of Sourdough loaf")
    ).get_by_role("button", name="Update").click()
    page.get_by_text("At least 1. To take it out of the cart, use Remove.").wait_for()
    if js:
        screenshot(page, "cart-error-phone")
    assert badge(page) == "6"
    page.get_by_role("button", name="Remove Layer cake – Large").click()
    page.get_by_text("Removed from your cart: Layer cake – Large.").wait_for()
    if js:
        page.wait_for_function(
            "document.querySelector('#cart-badge [data-cart-count]').dataset.cartCount === '4'"
        )
        screenshot(page, "cart-phone")
    assert badge(page) == "4"
    assert page.locator("[data-cart-line]").count() == 1
    assert "€18.00" in page.locator("[data-cart-total]").inner_text()  # 4 × 4.50
    page.get_by_role("button", name="Remove Sourdough loaf").click()
    page.get_by_text("Your cart is empty.").wait_for()
    assert badge(page) == "0"
    if js:
        screenshot(page, "cart-empty-phone" + suffix)


def test_a_guest_fills_and_empties_the_cart_on_a_phone(new_context, products, screenshot):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    run(page, screenshot, js=True)
    assert not errors


def test_the_same_without_javascript(new_context, products, screenshot):
    """At desktop width: without JavaScript the phone's collapsed menu cannot open
    (the layout's, not the cart's)."""
    page = new_context(java_script_enabled=False).new_page()
    run(page, screenshot, js=False)
