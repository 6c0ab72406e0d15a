"""The module manager in Chromium: search as you type, bulk changes with one combined
plan, the confirmation next to what it concerns, undo, the detail page, the off page.

Fixture modules (tests/fixtures/modsets/shop): fxcheckout requires fxcart, fxorders and
fxpayments; fxorders and fxbilling require fxpayments.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

MODULES_PAGE = "/admin/platforms/main/modules"
GONE = ("fxpayments", "fxcart", "fxorders", "fxcheckout", "fxbilling")


def card(page: Page, code: str):
    return page.locator(f"#module-{code}")


def expect_state(page: Page, code: str, state: str) -> None:
    expect(card(page, code)).to_have_attribute("data-state", state.lower())
    expect(card(page, code).locator(".state-badge")).to_have_text(state)


def sidebar_link(page: Page, label: str):
    return page.locator("nav#sidebar").get_by_role("link", name=label, exact=True)


def mark_page(page: Page) -> None:
    page.evaluate("window.__noReload = 1")


def expect_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__noReload") == 1, "the page was reloaded"


def plan_payments_and_cart_off(page: Page):
    page.get_by_label("Select Payments (fixture)").check()
    page.get_by_label("Select Cart (fixture)").check()
    page.get_by_role("button", name="Disable selected").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Disable 5 modules?")
    return dialog


def test_bulk_disable_with_one_plan_then_undo_without_a_reload(page: Page, screenshot):
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    mark_page(page)
    page.get_by_label("Search by name or code").focus()
    screenshot(page, "modules-filters", full_page=False)

    dialog = plan_payments_and_cart_off(page)
    steps = dialog.locator(".plan-module")
    expect(steps).to_have_count(5)
    expect(steps.filter(has_text="Checkout (fixture)")).to_contain_text(
        "requires Cart (fixture), Orders (fixture), Payments (fixture)"
    )
    expect(steps.filter(has_text="Billing (fixture)")).to_contain_text(
        "requires Payments (fixture)"
    )
    expect(dialog).to_be_in_viewport()
    # The combined plan sits at the bulk bar whose button asked for it.
    bar = page.locator("#bulk-bar").bounding_box()
    box = dialog.bounding_box()
    assert 0 <= box["y"] - (bar["y"] + bar["height"]) < 80
    screenshot(page, "modules-bulk-plan", full_page=False)

    dialog.get_by_role("button", name="Yes, disable").click()
    flash = page.locator("#flash")
    expect(flash).to_contain_text("Switched off:")
    for code in GONE:
        expect_state(page, code, "Off")
    expect(sidebar_link(page, "Payments (fixture)")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_label("Select Cart (fixture)")).not_to_be_checked()
    expect_not_reloaded(page)

    flash.get_by_role("link", name="Undo").click()
    undo = page.get_by_role("dialog")
    expect(undo).to_contain_text("Enable 5 modules?")
    undo.get_by_role("button", name="Yes, enable").click()
    expect(page.locator("#flash")).to_contain_text("Switched on:")
    for code in GONE:
        expect_state(page, code, "On")
    expect(sidebar_link(page, "Payments (fixture)")).to_be_visible()


def test_empty_selection_says_what_to_do(page: Page):
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    page.get_by_role("button", name="Disable selected").click()
    expect(page.locator(".bulk-error")).to_have_text("Select at least one module.")
    expect_state(page, "fxcart", "On")


def test_the_confirmation_opens_right_under_the_module(page: Page):
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    mark_page(page)
    card(page, "fxorders").get_by_role("link", name="Disable").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Disable Orders (fixture)?")
    expect(dialog).to_be_in_viewport()
    below = dialog.bounding_box()["y"] - (
        card(page, "fxorders").bounding_box()["y"] + card(page, "fxorders").bounding_box()["height"]
    )
    assert 0 <= below < 60, f"the panel is {below}px from its module"
    dialog.get_by_role("button", name="Yes, disable").click()
    expect_state(page, "fxorders", "Off")
    expect_state(page, "fxcheckout", "Off")
    expect_not_reloaded(page)


def test_search_as_you_type_keeps_the_filter_in_the_url(page: Page):
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    mark_page(page)
    page.get_by_label("Search by name or code").fill("fxpay")
    expect(page.locator(".module-card")).to_have_count(1)
    expect(card(page, "fxpayments")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?.*q=fxpay"))
    page.get_by_label("State").select_option("off")
    expect(page.locator(".module-card")).to_have_count(0)
    expect(page.locator(".empty-state")).to_contain_text("No module matches these filters.")
    expect_not_reloaded(page)
    page.reload()  # the URL htmx pushed renders the same view
    expect(page.locator(".empty-state")).to_be_visible()
    expect(page.get_by_label("Search by name or code")).to_have_value("fxpay")


def test_bulk_works_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    dialog = plan_payments_and_cart_off(page)
    expect(page).to_have_url(re.compile(r"/modules/plan\?"))
    dialog.get_by_role("button", name="Yes, disable").click()
    expect(page).to_have_url(re.compile(re.escape(MODULES_PAGE) + "$"))
    for code in GONE:
        expect_state(page, code, "Off")
    page.locator("#flash").get_by_role("link", name="Undo").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, enable").click()
    for code in GONE:
        expect_state(page, code, "On")


def test_on_a_phone_the_plan_and_the_detail_page_fit(new_context, screenshot):
    phone = new_context(viewport=PHONE, has_touch=True).new_page()
    sign_in(phone, "admin")
    phone.goto(MODULES_PAGE)
    expect(plan_payments_and_cart_off(phone)).to_be_in_viewport()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a phone"
    screenshot(phone, "modules-bulk-plan-phone", full_page=False)
    phone.goto(MODULES_PAGE + "/fxpayments")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the detail page is {width}px wide on a phone"
    screenshot(phone, "module-detail-phone")


def test_detail_and_off_pages(page: Page, screenshot):
    sign_in(page, "admin")
    page.goto(MODULES_PAGE + "/fxpayments")
    expect(page.get_by_role("heading", level=1)).to_have_text("Module Payments (fixture)")
    expect(page.locator(".permissions")).to_contain_text("fxpayments.admin")
    screenshot(page, "module-detail")

    page.get_by_role("link", name="Disable", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, disable").click()
    expect_state(page, "fxpayments", "Off")
    response = page.goto("/admin/fxpayments/")
    assert response.status == 404
    expect(page.locator(".error-message")).to_have_text(
        "The Payments (fixture) module is off on this platform."
    )
    screenshot(page, "module-off-page")
    page.get_by_role("link", name="Turn it on").click()
    expect(page).to_have_url(re.compile(re.escape(MODULES_PAGE) + "/fxpayments$"))
