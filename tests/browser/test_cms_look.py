"""The shop's look in Chromium: the owner picks a logo, changes the primary colour and the
header layout and watches the live preview follow (a too-light colour brings a contrast
warning, a darker one takes it away), saves, and a shopper's storefront shows the
button in that colour (computed style) with the logo in a centred header. Screenshots
of the editor and the storefront at desktop and phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.http.test_cms_look import add_image, logo_png

pytestmark = pytest.mark.browser

LOOK = "/vendor/bakery/content/look"
PRODUCTS = "/storefront/bakery/catalog/"
RASPBERRY = "#c2185b"
RASPBERRY_RGB = "rgb(194, 24, 91)"


def background(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).backgroundColor")


def colour(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).color")


def test_change_the_colour_with_the_live_preview_and_see_it_in_the_storefront(
    page, new_context, screenshot, shop
):
    logo = add_image(shop, "bakery", "logo-wheat.png", "Wheat sheaf", logo_png("#8a4b16"))
    sign_in(page, "bakery_owner")
    page.goto(LOOK)
    sample = page.locator("#look-sample")
    expect(sample).to_have_attribute("data-primary", "#8a4b16")  # the demo's bakery brown
    expect(sample.locator("img.shop-logo")).to_have_count(0)
    # the logo from the media picker's dialog: the preview follows at once
    page.locator("#logo_media_id").get_by_role("button", name="Browse images").click()
    dialog = page.locator("#media-picker-dialog")
    dialog.get_by_role("button", name="Choose Wheat sheaf").click()
    expect(dialog).not_to_be_visible()
    expect(page.locator("#logo_media_id-select")).to_have_value(str(logo))
    expect(sample.locator("img.shop-logo")).to_have_count(1)
    logo_src = sample.locator("img.shop-logo").get_attribute("src")
    assert logo_src.startswith("/media/cms/v") and logo_src.endswith("/original.webp")
    expect(page.locator("#logo_media_id [data-media-preview] img")).to_have_attribute(
        "alt", "Wheat sheaf"
    )
    page.locator("#favicon_media_id-select").select_option(str(logo))  # the select works too

    # a too-light primary colour: the preview follows, the warning names the pair
    page.get_by_label("Primary colour").fill("#ffd54f")
    expect(sample).to_have_attribute("data-primary", "#ffd54f")
    warning = page.locator("[data-contrast-warnings]")
    expect(warning).to_contain_text("The primary colour as link text on white: 1.4")
    expect(page.locator("[data-button-text]")).to_contain_text("Button text is near-black")
    assert background(sample.locator("[data-sample=button]")) == "rgb(255, 213, 79)"
    assert colour(sample.locator("[data-sample=button]")) == "rgb(33, 37, 41)"

    # a darker one: the warning goes, the button and the link take it
    page.get_by_label("Primary colour").fill(RASPBERRY)
    expect(sample).to_have_attribute("data-primary", RASPBERRY)
    expect(warning).to_have_count(0)
    assert background(sample.locator("[data-sample=button]")) == RASPBERRY_RGB
    assert colour(sample.locator("[data-sample=button]")) == "rgb(255, 255, 255)"
    assert colour(sample.locator("[data-sample=link]")) == RASPBERRY_RGB
    # the back office's own buttons keep theirs
    assert background(page.locator("[data-action=save-look]")) != RASPBERRY_RGB

    page.locator("label[for=header_layout-centered]").click()
    expect(sample).to_have_attribute("data-header-layout", "centered")
    expect(sample.locator("img.shop-logo")).to_have_attribute("alt", "Boulangerie Bakery")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "cms-look-editor")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The shop's look is saved.")).to_be_visible()
    expect(page.get_by_label("Primary colour")).to_have_value(RASPBERRY)

    for viewport, name in ((None, "cms-look-storefront"), (PHONE, "cms-look-storefront-phone")):
        shopper = new_context(**({"viewport": viewport} if viewport else {})).new_page()
        shopper.goto(PRODUCTS)
        button = shopper.locator("button.btn-primary", has_text="Show products")
        assert background(button) == RASPBERRY_RGB
        assert colour(button) == "rgb(255, 255, 255)"
        brand = shopper.locator(".store-header .navbar-brand")
        expect(brand.get_by_role("img", name="Boulangerie Bakery")).to_be_visible()
        assert shopper.locator("link[rel=icon]").last.get_attribute("href").startswith("/media/")
        assert "Iowan Old Style" in shopper.evaluate(
            "getComputedStyle(document.querySelector('h1')).fontFamily"
        )
        screenshot(shopper, name)

    phone = new_context(viewport=PHONE).new_page()
    sign_in(phone, "bakery_owner")
    phone.goto(LOOK)
    expect(phone.locator("#look-sample")).to_have_attribute("data-primary", RASPBERRY)
    screenshot(phone, "cms-look-editor-phone")


def test_the_platforms_look_on_the_sign_in_page(page, new_context, screenshot, shop):
    logo = add_image(shop, None, "logo-main.png", "Wizamart", logo_png("#5b2a86", (96, 96)))
    sign_in(page, "admin")
    page.goto("/admin/content/look")
    expect(page.get_by_role("link", name="Change it with the platform's settings.")).to_be_visible()
    page.get_by_label("Logo", exact=True).select_option(str(logo))
    page.get_by_label("Primary colour").fill("#5b2a86")
    page.locator("label[for=font_pair-humanist]").click()
    sample = page.locator("#look-sample")
    expect(sample).to_have_attribute("data-font-pair", "humanist")
    expect(sample).to_have_attribute("data-primary", "#5b2a86")
    assert background(sample.locator("[data-sample=button]")) == "rgb(91, 42, 134)"
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "cms-look-admin")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The public site's look is saved.")).to_be_visible()

    visitor = new_context(viewport=PHONE).new_page()
    visitor.goto("/login")
    assert background(visitor.get_by_role("button", name="Sign in")) == "rgb(91, 42, 134)"
    expect(visitor.locator(".public-brand img.shop-logo")).to_be_visible()
    expect(visitor.locator(".public-brand")).to_contain_text("Wizamart Main")
    screenshot(visitor, "cms-look-sign-in-phone")


def test_without_javascript_preview_and_save_are_plain_posts(new_context, shop):
    logo = add_image(shop, "bakery", "logo-wheat.png", "Wheat sheaf", logo_png("#8a4b16"))
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "bakery_owner")
    page.goto(LOOK)
    browse = page.locator("#logo_media_id").get_by_role("button", name="Browse images")
    expect(browse).to_be_hidden()
    page.get_by_label("Primary colour").fill(RASPBERRY)
    page.get_by_label("Logo", exact=True).select_option(str(logo))  # the picker's select
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    expect(page.locator("#look-sample")).to_have_attribute("data-primary", RASPBERRY)
    expect(page.locator("#look-sample img.shop-logo")).to_have_count(1)
    expect(page.get_by_label("Primary colour")).to_have_value(RASPBERRY)
    expect(page.get_by_label("Logo", exact=True)).to_have_value(str(logo))
    page.locator("label[for=header_layout-minimal]").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The shop's look is saved.")).to_be_visible()
    expect(page.locator("#look-sample")).to_have_attribute("data-header-layout", "minimal")
