"""The back-office list in Chromium: search as you type, sort by a column, page with
htmx (only the list swaps, the URL follows, Back restores the previous state), and a
bulk action with its one combined confirmation; desktop and phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from modules.tenancy.services.demo import add_shops
from tests.browser.conftest import PHONE, sign_in
from wizamart.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def sixty_shops(shop):
    """shop00002 .. shop00061 on main, besides the demo's bakery and bikes."""
    with shop.app_context():
        add_shops(60)
        db.session.commit()


def vendor_rows(page: Page):
    return page.locator("#vendors tbody tr")


def first_vendor(page: Page):
    return vendor_rows(page).first


def not_reloaded(page: Page) -> bool:
    return page.evaluate("window.__noReload") == 1


def test_search_sort_page_and_back_with_htmx(page: Page, sixty_shops, screenshot):
    sign_in(page, "admin")
    page.goto("/admin/vendors")
    page.evaluate("window.__noReload = 1")
    expect(vendor_rows(page)).to_have_count(25)

    page.get_by_label("Search by name, code, domain or company").fill("shop0001")
    expect(page).to_have_url(re.compile(r"/admin/vendors\?q=shop0001"))
    expect(vendor_rows(page)).to_have_count(10)
    expect(page.get_by_label("Search by name, code, domain or company")).to_be_focused()

    page.get_by_label("Search by name, code, domain or company").fill("shop")
    expect(page).to_have_url(re.compile(r"q=shop(&|$)"))
    expect(vendor_rows(page)).to_have_count(25)

    code = page.locator('th a[data-sort="code"]')
    code.click()
    expect(page).to_have_url(re.compile(r"q=shop.*sort=code"))
    expect(page.locator("th", has=page.locator('a[data-sort="code"]'))).to_have_attribute(
        "aria-sort", "ascending"
    )
    page.locator('th a[data-sort="code"]').click()
    expect(page).to_have_url(re.compile(r"sort=-code"))
    expect(first_vendor(page)).to_have_attribute("data-vendor", "shop00061")

    page.locator('a[data-page="next"]').click()
    expect(page).to_have_url(re.compile(r"q=shop.*sort=-code.*after="))
    expect(first_vendor(page)).to_have_attribute("data-vendor", "shop00036")
    page.locator('a[data-page="next"]').click()
    expect(first_vendor(page)).to_have_attribute("data-vendor", "shop00011")
    expect(vendor_rows(page)).to_have_count(10)
    expect(page.locator('a[data-page="next"]')).to_have_count(0)
    page.locator('a[data-page="prev"]').click()
    expect(first_vendor(page)).to_have_attribute("data-vendor", "shop00036")
    assert not_reloaded(page), "paging reloaded the page instead of swapping the list"
    screenshot(page, "lists-vendors", full_page=False)

    page.go_back()
    expect(first_vendor(page)).to_have_attribute("data-vendor", "shop00011")
    page.go_back()
    page.go_back()
    expect(page).to_have_url(re.compile(r"sort=-code$"))
    expect(first_vendor(page)).to_have_attribute("data-vendor", "shop00061")
    page.go_back()
    expect(page).to_have_url(re.compile(r"sort=code$"))
    expect(first_vendor(page)).to_have_attribute("data-vendor", "shop00002")
    # the search box and the sort the form carries come back with the state
    expect(page.get_by_label("Search by name, code, domain or company")).to_have_value("shop")

    page.get_by_label("Per page").select_option("50")
    expect(page).to_have_url(re.compile(r"per_page=50"))
    expect(vendor_rows(page)).to_have_count(50)
    expect(page.locator(".list-summary")).to_have_text("50 on this page")


def test_bulk_suspend_with_one_confirmation(page: Page, sixty_shops, screenshot):
    sign_in(page, "admin")
    page.goto("/admin/vendors?q=shop0000&sort=code")
    page.evaluate("window.__noReload = 1")
    expect(vendor_rows(page)).to_have_count(8)  # shop00002 .. shop00009

    page.get_by_label("Select all on this page").check()
    expect(page.locator('input[name="id"]:checked')).to_have_count(8)
    page.get_by_label("Select shop00003 (shop00003)").uncheck()
    expect(page.get_by_label("Select all on this page")).not_to_be_checked()
    page.locator('button[data-bulk="suspend"]').click()

    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Suspend 7 vendors?")
    expect(dialog.locator(".bulk-rows li")).to_have_count(7)
    expect(dialog).not_to_contain_text("shop00003")
    expect(page.get_by_label("Select shop00002 (shop00002)")).to_be_checked()  # kept
    screenshot(page, "lists-bulk-confirm", full_page=False)

    dialog.get_by_role("button", name="Yes, suspend").click()
    expect(page.locator("#flash")).to_contain_text("7 vendors are suspended.")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator('tr[data-vendor="shop00002"]')).to_contain_text("suspended")
    expect(page.locator('tr[data-vendor="shop00003"]')).to_contain_text("active")
    assert not_reloaded(page)
    # the list kept its search and sort
    expect(vendor_rows(page)).to_have_count(8)
    expect(first_vendor(page)).to_have_attribute("data-vendor", "shop00002")


def test_lists_on_a_phone(new_context, sixty_shops, screenshot):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, "admin")
    page.goto("/admin/vendors")
    expect(vendor_rows(page)).to_have_count(25)
    # nothing wider than the screen but the table's own scroller
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    screenshot(page, "lists-vendors-phone", full_page=False)
    page.goto("/admin/users?sort=-email")
    expect(page.locator("#users tbody tr")).to_have_count(25)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "lists-users-phone", full_page=False)
    visitor = new_context(viewport=PHONE).new_page()
    visitor.goto("/")
    expect(visitor.locator("[data-shop]")).to_have_count(20)
    visitor.get_by_placeholder("Find a shop").fill("shop0005")
    expect(visitor.locator("[data-shop]")).to_have_count(10)
    expect(visitor).to_have_url(re.compile(r"\?q=shop0005"))
    screenshot(visitor, "lists-shops-phone", full_page=True)
