"""The back-office shell in Chromium: the colour theme switch, the copy button, the one
confirmation (Team → Remove), and screenshots of the shell in light and dark."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.browser


def theme(page: Page) -> str | None:
    return page.evaluate("document.documentElement.getAttribute('data-bs-theme')")


def open_user_menu(page: Page, email: str):
    page.get_by_role("button", name=f"Account of {email}").click()
    menu = page.locator(".user-menu .dropdown-menu")
    expect(menu).to_be_visible()
    return menu


def test_the_theme_follows_the_system_until_the_user_picks_one(new_context):
    page = new_context(color_scheme="dark").new_page()
    sign_in(page, "admin")
    assert theme(page) == "dark"
    menu = open_user_menu(page, "admin@wizamart.test")
    expect(menu.get_by_role("button", name="Auto")).to_have_attribute("aria-pressed", "true")

    menu.get_by_role("button", name="Light").click()
    assert theme(page) == "light"
    expect(menu.get_by_role("button", name="Light")).to_have_attribute("aria-pressed", "true")
    expect(menu).to_be_visible()  # the menu stays open for another pick


def test_the_dark_theme_is_remembered_across_pages_and_reloads(new_context, screenshot):
    page = new_context(color_scheme="light").new_page()
    sign_in(page, "bakery_owner")
    assert theme(page) == "light"
    open_user_menu(page, "owner@bakery.test").get_by_role("button", name="Dark").click()
    assert theme(page) == "dark"
    body_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")

    page.reload()
    assert theme(page) == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == body_bg
    # a boosted link swaps the body; the theme and the switch's state stay
    page.locator("nav#sidebar").get_by_role("link", name="Team").click()
    expect(page).to_have_url(re.compile(r"/staff$"))
    assert theme(page) == "dark"
    menu = open_user_menu(page, "owner@bakery.test")
    expect(menu.get_by_role("button", name="Dark")).to_have_attribute("aria-pressed", "true")
    screenshot(page, "user-menu-theme-dark", full_page=False)

    menu.get_by_role("button", name="Auto").click()
    assert theme(page) == "light"  # the system's
    page.reload()
    assert theme(page) == "light"
    assert page.evaluate("localStorage.getItem('wizamart-theme')") is None


def test_without_javascript_the_page_follows_the_system_and_hides_the_switch(new_context):
    page = new_context(color_scheme="dark", java_script_enabled=False).new_page()
    sign_in(page, "admin")
    page.get_by_role("button", name="Account of admin@wizamart.test").focus()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("button", name="Dark")).to_be_hidden()
    expect(page.locator("main#content")).to_have_css("color", "rgb(222, 226, 230)")


def test_the_copy_button_copies_the_invitation_link_and_says_so(new_context, site, screenshot):
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    sign_in(page, "bakery_owner")
    page.goto("/vendor/bakery/staff")
    page.get_by_label("Email").fill("new.baker@bakery.test")
    page.get_by_role("button", name="Create invitation link").click()
    link = page.get_by_role("textbox", name="Invitation link")
    expect(link).to_have_value(re.compile(r"/invitations/"))

    button = page.get_by_role("button", name="Copy link")
    button.click()
    expect(page.locator(".copy-button")).to_contain_text("Copied")
    screenshot(page, "team-invitation-copied", full_page=False)
    assert page.evaluate("navigator.clipboard.readText()") == link.input_value()
    expect(page.locator(".copy-button")).to_contain_text("Copy link", timeout=5_000)


def test_without_clipboard_access_the_copy_button_selects_the_link(new_context):
    page = new_context().new_page()
    sign_in(page, "bakery_owner")
    page.goto("/vendor/bakery/staff")
    page.get_by_label("Email").fill("other.baker@bakery.test")
    page.get_by_role("button", name="Create invitation link").click()
    # A browser that refuses the clipboard (no permission, an old browser).
    page.evaluate(
        "() => { navigator.clipboard.writeText = () => Promise.reject(new Error('no')); }"
    )
    page.locator(".copy-button").click()
    expect(page.locator(".copy-button")).to_contain_text("Selected: press Ctrl+C")
    selected = page.evaluate(
        "(() => { const i = document.getElementById('invitation-link');"
        " return i.value.substring(i.selectionStart, i.selectionEnd); })()"
    )
    assert "/invitations/" in selected


def test_removing_a_team_member_asks_in_a_panel_then_removes_without_a_reload(
    page: Page, screenshot
):
    sign_in(page, "bakery_owner")
    page.goto("/vendor/bakery/staff")
    page.evaluate("window.__noReload = 1")
    row = page.locator('tr[data-member="staff@bakery.test"]')

    row.get_by_role("link", name="Remove").click()
    panel = page.get_by_role("dialog")
    expect(panel).to_contain_text("Remove staff@bakery.test from the team?")
    expect(panel).to_contain_text("You can invite them again at any time.")
    screenshot(page, "team-remove-confirm", full_page=False)
    expect(page).to_have_url(re.compile(r"/vendor/bakery/staff$"))  # only the panel came
    panel.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(row).to_be_visible()

    row.get_by_role("link", name="Remove").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, remove").click()
    expect(page.locator("#flash")).to_contain_text("staff@bakery.test is no longer in the team.")
    expect(row).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert page.evaluate("window.__noReload") == 1
    page.reload()  # whatever URL htmx left in the bar shows a page
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")


def test_removing_a_team_member_without_javascript_goes_through_the_confirmation_page(
    new_context,
):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "bakery_owner")
    page.goto("/vendor/bakery/staff")
    page.locator('tr[data-member="staff@bakery.test"]').get_by_role("link", name="Remove").click()
    expect(page).to_have_url(re.compile(r"/staff/\d+/remove$"))
    page.get_by_role("button", name="Yes, remove").click()
    expect(page).to_have_url(re.compile(r"/vendor/bakery/staff$"))
    expect(page.locator("#flash")).to_contain_text("staff@bakery.test is no longer in the team.")


SHOTS = [
    ("admin", "admin-dashboard", "/admin/"),
    ("admin", "profile", "/account/profile"),
    ("bakery_owner", "vendor-dashboard", "/vendor/bakery/"),
    ("bakery_owner", "team", "/vendor/bakery/staff"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("viewport", "suffix"), [(DESKTOP, ""), (PHONE, "-phone")])
def test_screenshots_of_the_shell(new_context, screenshot, scheme, viewport, suffix):
    """The shell in light and dark, on a desktop and a phone (docs/screenshots/ with
    WIZAMART_SCREENSHOTS=1); every page fits the width and is in the system's theme."""
    page = new_context(viewport=viewport, color_scheme=scheme).new_page()
    who = None
    for user, name, path in SHOTS:
        if user != who:
            page.context.clear_cookies()
            sign_in(page, user)
            who = user
        page.goto(path)
        assert theme(page) == scheme
        expect(page.locator("nav.breadcrumb-nav")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"{name}-{scheme}{suffix}")
