"""The API tokens page in Chromium: create a token (shown once, copied with the copy
button), call the API with it, revoke it through the confirmation panel."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

TOKENS = "/vendor/bakery/api-tokens"
SHOP = "/api/v1/vendor/bakery/shop"


def test_a_token_is_created_copied_used_and_revoked(new_context, site, screenshot):
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    sign_in(page, "bakery_owner")
    page.locator("nav#sidebar").get_by_role("link", name="API tokens").click()
    expect(page).to_have_url(re.compile(r"/vendor/bakery/api-tokens$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.locator("#api-tokens")).to_contain_text("No API tokens yet.")

    form = page.locator("#token-form")
    form.get_by_label("Name").fill("Stock sync")
    form.get_by_label("Edit shop settings").check()
    form.get_by_role("button", name="Create token").click()

    token = page.get_by_role("textbox", name="API token")
    expect(token).to_have_value(re.compile(r"^wzm_[0-9a-f]{12}_"))
    page.get_by_role("button", name="Copy token").click()
    expect(page.locator(".copy-button")).to_contain_text("Copied")
    screenshot(page, "api-token-new", full_page=False)
    secret = token.input_value()
    assert page.evaluate("navigator.clipboard.readText()") == secret

    # the API answers the token, and the page records its use (the context's session
    # cookie goes along with these requests and is not what lets them in: see the 401)
    answer = context.request.fetch(site + SHOP, headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and answer.json()["code"] == "bakery"
    page.goto(TOKENS)
    expect(page.get_by_role("textbox", name="API token")).to_have_count(0)  # shown once
    row = page.locator('tr[data-token="Stock sync"]')
    expect(row).to_contain_text("Edit shop settings")
    expect(row).not_to_contain_text("never")
    screenshot(page, "api-tokens")

    row.get_by_role("link", name="Revoke").click()
    panel = page.get_by_role("dialog")
    expect(panel).to_contain_text("Revoke the API token “Stock sync”?")
    panel.get_by_role("button", name="Yes, revoke").click()
    expect(page.locator("#flash")).to_contain_text("is revoked")
    expect(row).to_have_attribute("data-status", "revoked")
    answer = context.request.fetch(site + SHOP, headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 401


def test_on_a_phone_the_tokens_page_fits_the_screen(new_context, screenshot):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, "bakery_owner")
    page.goto(TOKENS)
    form = page.locator("#token-form")
    form.get_by_label("Name").fill("Label printer in the back room")
    form.get_by_label("Edit shop settings").check()
    form.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("textbox", name="API token")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "api-tokens-phone")


def test_a_refused_token_shows_the_form_again_with_the_messages(page: Page):
    sign_in(page, "bakery_owner")
    page.goto(TOKENS)
    form = page.locator("#token-form")
    form.get_by_label("Name").fill("   ")
    form.get_by_role("button", name="Create token").click()
    expect(page.locator("#token-form")).to_contain_text("Give the token a name")
    expect(page.locator("#token-form")).to_contain_text("Pick at least one permission.")
