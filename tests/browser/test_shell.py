"""The shell around every page, in Chromium: sign-in, top bar, menu, flash, errors, storefront."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_signing_in_swaps_the_page_in_place_and_lands_on_the_dashboard(page: Page):
    page.goto("/login")
    expect(page.locator("body")).to_have_class(re.compile(r"\bpublic\b"))
    page.evaluate("window.__noReload = 1")

    sign_in_form = page.get_by_role("main")
    sign_in_form.get_by_label("Email").fill("admin@wizamart.test")
    sign_in_form.get_by_label("Password").fill("demo-admin")
    sign_in_form.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page).to_have_title("Dashboard · Wizamart Main")
    # A boosted request: no reload, yet <body> took the new page's class (outerSync).
    assert page.evaluate("window.__noReload") == 1
    expect(page.locator("body")).to_have_class(re.compile(r"\bbackoffice-admin\b"))


def test_a_wrong_password_shows_the_form_again_with_its_error(page: Page):
    """A 422 is swapped like any answer in htmx 4: the form comes back with the message."""
    page.goto("/login")
    page.get_by_label("Email").fill("admin@wizamart.test")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_text("Email or password is not correct.")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.get_by_label("Email")).to_have_value("admin@wizamart.test")


def test_the_menu_marks_the_page_you_are_on(page: Page):
    sign_in(page, "admin")
    current = page.locator('nav#sidebar a[aria-current="page"]')
    expect(current).to_have_text("Dashboard")

    page.locator("nav#sidebar").get_by_role("link", name="Vendors").click()
    expect(page).to_have_url(re.compile(r"/admin/vendors$"))
    expect(current).to_have_text("Vendors")
    expect(current).to_have_class(re.compile(r"\bactive\b"))


def test_the_user_menu_names_the_user_and_signs_out(page: Page):
    sign_in(page, "bakery_owner")
    expect(page).to_have_url(re.compile(r"/vendor/bakery/$"))
    page.get_by_role("button", name="Account of owner@bakery.test").click()
    menu = page.locator(".user-menu .dropdown-menu")
    expect(menu).to_be_visible()
    expect(menu).to_contain_text("owner@bakery.test")
    expect(menu.get_by_role("link", name="Profile")).to_be_visible()

    menu.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("#flash")).to_contain_text("You are signed out.")
    page.goto("/vendor/bakery/")
    expect(page).to_have_url(re.compile(r"/login"))


def test_a_missing_page_and_a_forbidden_one_show_a_whole_error_page(page: Page):
    sign_in(page, "bakery_owner")
    response = page.goto("/vendor/bakery/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title("Page not found · Wizamart Main")

    response = page.goto("/admin/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Access denied")
    page.get_by_role("link", name="Go to the start page").click()
    expect(page).to_have_url(re.compile(r"/vendor/bakery/$"))


def test_a_boosted_link_to_a_page_that_is_gone_shows_the_whole_error_page(page: Page, new_context):
    sign_in(page, "admin")
    # Another admin switches Payments off while this page still shows its menu entry.
    other = new_context().new_page()
    sign_in(other, "admin")
    other.goto("/admin/platforms/main/modules/fxpayments/confirm?action=disable")
    other.get_by_role("button", name="Yes, disable").click()
    expect(other.locator("#flash")).to_contain_text("is off")

    page.locator("nav#sidebar").get_by_role("link", name="Payments (fixture)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found", timeout=2_000)
    expect(page.locator("body")).to_have_attribute(
        "hx-headers:inherited", re.compile("X-CSRFToken")
    )


def test_the_shell_fits_a_phone(new_context):
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    page.goto("/login")
    assert page_width(page) <= PHONE["width"]
    sign_in(page, "admin")

    expect(page.locator("nav#sidebar")).to_be_hidden()
    expect(page.get_by_role("button", name="Open the menu")).to_be_visible()
    assert page_width(page) <= PHONE["width"]

    page.get_by_role("button", name="Open the menu").click()
    page.locator("nav#sidebar").get_by_role("link", name="Users").click()
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    # The menu's backdrop and scroll lock went with the old page.
    expect(page.locator(".offcanvas-backdrop")).to_have_count(0)
    expect(page.locator("nav#sidebar")).to_be_hidden()
    assert page.evaluate("getComputedStyle(document.body).overflow") != "hidden"
    assert page_width(page) <= PHONE["width"]

    page.goto("/admin/nope")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert page_width(page) <= PHONE["width"]


def test_without_javascript_the_phone_menus_still_work(new_context):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    sign_in(page, "admin")
    expect(page.get_by_role("button", name="Open the menu")).to_be_hidden()
    page.locator("nav#sidebar").get_by_role("link", name="Vendors").click()
    expect(page).to_have_url(re.compile(r"/admin/vendors$"))
    page.wait_for_load_state()
    assert page_width(page) <= PHONE["width"]

    page.get_by_role("button", name="Account of admin@wizamart.test").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#flash")).to_contain_text("You are signed out.")


def test_the_storefront_shows_the_shop_and_its_menu(new_context):
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    page.goto("/storefront/bakery/")
    header = page.get_by_role("banner")
    expect(header.get_by_role("link").first).to_contain_text("Bakery")
    expect(page.locator("nav#sidebar")).to_be_hidden()
    page.get_by_role("button", name="Open the menu").click()
    expect(page.locator("nav#sidebar").get_by_role("link", name="Cart (fixture)")).to_be_visible()
    assert page_width(page) <= PHONE["width"]


def test_a_visitor_switches_language_without_a_cookie_before(page: Page):
    """The switcher is a GET form: the shop sets no cookie until the visitor picks."""
    page.goto("/storefront/bakery/")
    assert page.context.cookies() == []
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Switch language").click()
    # Boosted: the body is swapped (the <html lang> stays until a full load).
    expect(page.get_by_role("button", name="Changer de langue")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/storefront/bakery/$"))
    assert [c["name"] for c in page.context.cookies()] == ["session"]
