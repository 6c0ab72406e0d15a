"""An admin switches modules on and off in Chromium: plan, confirm, change, no reload.

Fixture modules (tests/fixtures/modsets/shop): fxorders, fxcheckout and fxbilling
require fxpayments; fxcart requires nothing and must be left alone.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

MODULES_PAGE = "/admin/platforms/main/modules"
PAYMENTS = "Payments (fixture)"
DEPENDENTS = {
    "fxorders": "Orders (fixture)",
    "fxcheckout": "Checkout (fixture)",
    "fxbilling": "Billing (fixture)",
}


def card(page: Page, code: str):
    return page.locator(f"#module-{code}")


def sidebar_link(page: Page, label: str):
    return page.locator("nav#sidebar").get_by_role("link", name=label, exact=True)


def expect_state(page: Page, code: str, state: str) -> None:
    """The module's card says On or Off (the badge a person reads, and its data-state)."""
    expect(card(page, code)).to_have_attribute("data-state", state.lower())
    expect(card(page, code).locator(".state-badge")).to_have_text(state)


def mark_page(page: Page) -> None:
    """A marker that only survives if the page is never reloaded."""
    page.evaluate("window.__noReload = 1")


def expect_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__noReload") == 1, "the page was reloaded"


def ask_to_disable_payments(page: Page):
    card(page, "fxpayments").get_by_role("link", name="Disable").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Disable {PAYMENTS}?")
    expect(dialog).to_contain_text("These modules require it and will be switched off too:")
    return dialog


def test_disabling_payments_switches_off_its_dependents_without_a_reload(page: Page, screenshot):
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    mark_page(page)
    expect(sidebar_link(page, PAYMENTS)).to_be_visible()
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)

    dialog = ask_to_disable_payments(page)
    planned = dialog.locator(".plan-also li")
    expect(planned).to_have_count(len(DEPENDENTS))
    for name in DEPENDENTS.values():
        expect(planned.filter(has_text=name)).to_have_count(1)
    expect(dialog).not_to_contain_text("Cart (fixture)")
    expect(dialog.get_by_role("button", name="Yes, disable")).to_be_focused()
    screenshot(page, "modules-page-plan", full_page=False)

    dialog.get_by_role("button", name="Yes, disable").click()

    flash = page.locator("#flash")
    expect(flash).to_contain_text(f"{PAYMENTS} is off, and with it:")
    for name in DEPENDENTS.values():
        expect(flash).to_contain_text(name)
    for code in ("fxpayments", *DEPENDENTS):
        expect_state(page, code, "Off")
        expect(card(page, code).get_by_role("link", name="Enable")).to_be_visible()
    expect_state(page, "fxcart", "On")
    for name in (PAYMENTS, *DEPENDENTS.values()):
        expect(sidebar_link(page, name)).to_have_count(0)
    expect(sidebar_link(page, "Cart (fixture)")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(flash).to_be_in_viewport()
    expect_not_reloaded(page)

    # One HTMX POST did it, carrying the CSRF header that <body> hands down.
    assert len(posts) == 1
    headers = posts[0].all_headers()
    assert headers["hx-request"] == "true"
    assert headers["hx-target"] == "div#module-list"
    assert headers["x-csrftoken"]
    screenshot(page, "modules-page")


def disable_then_enable_payments(page: Page) -> None:
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    mark_page(page)
    ask_to_disable_payments(page).get_by_role("button", name="Yes, disable").click()
    expect_state(page, "fxpayments", "Off")

    card(page, "fxpayments").get_by_role("link", name="Enable").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Enable {PAYMENTS}?")
    expect(dialog).to_contain_text("No other module changes.")
    dialog.get_by_role("button", name="Yes, enable").click()
    expect(page.locator("#flash")).to_contain_text(f"{PAYMENTS} is on.")


def test_enabling_payments_again_brings_back_only_payments(page: Page):
    disable_then_enable_payments(page)

    expect_state(page, "fxpayments", "On")
    expect(sidebar_link(page, PAYMENTS)).to_be_visible()
    # By design, the dependents that went off with it stay off until enabled themselves.
    for code, name in DEPENDENTS.items():
        expect_state(page, code, "Off")
        expect(card(page, code).get_by_role("link", name="Enable")).to_be_visible()
        expect(sidebar_link(page, name)).to_have_count(0)
    expect_not_reloaded(page)


def test_cancel_closes_the_plan_and_changes_nothing(page: Page):
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    ask_to_disable_payments(page).get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    for code in ("fxpayments", *DEPENDENTS):
        expect_state(page, code, "On")
    expect(sidebar_link(page, PAYMENTS)).to_be_visible()


def test_the_csrf_header_alone_is_enough_for_an_htmx_post(page: Page):
    """The form's hidden token is stripped on the way: the X-CSRFToken header must carry it."""
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    seen = {}

    def without_form_token(route):
        fields = [(k, v) for k, v in parse_qsl(route.request.post_data or "") if k != "csrf_token"]
        seen["header"] = route.request.headers.get("x-csrftoken")
        route.continue_(post_data=urlencode(fields))

    page.route(re.compile(r".*/modules/fxpayments/disable$"), without_form_token)
    ask_to_disable_payments(page).get_by_role("button", name="Yes, disable").click()

    expect_state(page, "fxpayments", "Off")
    assert seen["header"]


def test_a_forged_csrf_header_is_refused_and_the_error_shows_where_it_lands(page: Page):
    """htmx 4 swaps 4xx answers: the refusal replaces the list, and nothing changed."""
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)

    def forged(route):
        fields = [(k, v) for k, v in parse_qsl(route.request.post_data or "") if k != "csrf_token"]
        headers = {**route.request.headers, "x-csrftoken": "forged"}
        route.continue_(post_data=urlencode(fields), headers=headers)

    page.route(re.compile(r".*/modules/fxpayments/disable$"), forged)
    ask_to_disable_payments(page).get_by_role("button", name="Yes, disable").click()

    error = page.locator("#module-list .error-message")
    expect(error).to_contain_text("400")
    expect(error).to_contain_text("Please reload and try again.")
    expect(sidebar_link(page, PAYMENTS)).to_be_visible()
    page.reload()
    expect_state(page, "fxpayments", "On")


def test_the_same_works_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)

    card(page, "fxpayments").get_by_role("link", name="Disable").click()
    expect(page).to_have_url(re.compile(r"/modules/fxpayments/confirm\?action=disable$"))
    dialog = page.get_by_role("dialog")
    for name in DEPENDENTS.values():
        expect(dialog).to_contain_text(name)
    dialog.get_by_role("button", name="Yes, disable").click()

    expect(page).to_have_url(re.compile(re.escape(MODULES_PAGE) + "$"))  # POST, redirect, GET
    expect(page.locator("#flash")).to_contain_text(f"{PAYMENTS} is off, and with it:")
    for code in ("fxpayments", *DEPENDENTS):
        expect_state(page, code, "Off")
    expect(sidebar_link(page, PAYMENTS)).to_have_count(0)

    card(page, "fxpayments").get_by_role("link", name="Enable").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, enable").click()
    expect(page).to_have_url(re.compile(re.escape(MODULES_PAGE) + "$"))
    expect(page.locator("#flash")).to_contain_text(f"{PAYMENTS} is on.")
    expect_state(page, "fxpayments", "On")
    expect(sidebar_link(page, PAYMENTS)).to_be_visible()


def test_on_a_phone_the_menu_folds_away_and_the_page_still_works(new_context, screenshot):
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    sign_in(page, "admin")
    page.goto(MODULES_PAGE)
    mark_page(page)

    sidebar = page.locator("nav#sidebar")
    expect(sidebar).to_be_hidden()
    page.get_by_role("button", name="Open the menu").click()
    expect(sidebar_link(page, PAYMENTS)).to_be_visible()
    page.get_by_role("button", name="Close the menu").click()
    expect(sidebar).to_be_hidden()
    assert_no_sideways_scroll(page)

    dialog = ask_to_disable_payments(page)
    expect(dialog).to_be_in_viewport()  # the plan scrolls into view below the top bar
    dialog.get_by_role("button", name="Yes, disable").click()
    expect(page.locator("#flash")).to_contain_text(f"{PAYMENTS} is off")
    expect(page.locator("#flash")).to_be_in_viewport()
    expect_state(page, "fxpayments", "Off")
    assert_no_sideways_scroll(page)
    screenshot(page, "modules-page-phone")

    page.get_by_role("button", name="Open the menu").click()
    expect(sidebar_link(page, "Cart (fixture)")).to_be_visible()
    expect(sidebar_link(page, PAYMENTS)).to_have_count(0)
    expect_not_reloaded(page)


def assert_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"
