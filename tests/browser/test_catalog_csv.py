"""CSV import and export in Chromium: upload -> mapping -> report -> confirm, a file with
a bad row refused with its line and column, the export downloaded; screenshots at
desktop and phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

CSV_PAGE = "/vendor/bakery/catalog/products/csv"
GOOD = (
    "Handle;Artikelnummer;Preis;Titel;Titre (Français);Option 1 name;Option 1 value\n"
    "tart;TART-S;12,50;Plum tart;Tarte aux quetsches;Size;Small\n"
    "tart;TART-L;18,00;;;;Large\n"
    "bun;BUN-1;0,90;Milk bun;Pain au lait;;\n"
).encode()
BAD = GOOD.replace(b"BUN-1;0,90", b"BUN-1;free")


def upload(page, content: bytes, name: str) -> None:
    page.locator("#file").set_input_files({"name": name, "mimeType": "text/csv", "buffer": content})
    page.get_by_role("button", name="Upload and match columns").click()


def test_vendor_imports_a_csv_after_seeing_the_report_and_exports_it_again(
    page, new_context, screenshot
):
    sign_in(page, "bakery_owner")
    page.goto("/vendor/bakery/catalog/products")
    page.locator("[data-action=csv]").click()
    expect(page.get_by_role("heading", name="Import and export")).to_be_visible()
    screenshot(page, "catalog-csv-index")

    # A bad row: reported with its line and column, nothing imported.
    upload(page, BAD, "bad.csv")
    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    page.get_by_role("button", name="Check the rows").click()
    problems = page.locator("#import-problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("4")
    expect(problems.first).to_contain_text("Preis")
    expect(page.get_by_text("Nothing was imported")).to_be_visible()
    screenshot(page, "catalog-csv-problems")

    # The corrected file: columns matched by their German and French names.
    page.get_by_role("link", name="Upload a corrected file").click()
    upload(page, GOOD, "tarts.csv")
    expect(page.get_by_label("Artikelnummer")).to_have_value("sku")
    expect(page.get_by_label("Preis")).to_have_value("price")
    expect(page.get_by_label("Titre (Français)")).to_have_value("title_fr")
    screenshot(page, "catalog-csv-mapping")
    page.get_by_role("button", name="Check the rows").click()
    expect(page.locator("#import-summary")).to_contain_text("2 new products")
    screenshot(page, "catalog-csv-report")
    page.get_by_role("button", name="Import 3 rows").click()
    expect(page).to_have_url(re.compile(r"/catalog/products$"))
    expect(page.get_by_text("Products created: 2, updated: 0.")).to_be_visible()
    expect(page.get_by_text("Plum tart").first).to_be_visible()

    # The export downloads (not swapped into the page by htmx).
    page.goto(CSV_PAGE)
    page.get_by_label("Semicolon", exact=False).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8") as file:
        content = file.read()
    assert content.startswith("handle;sku;price")
    assert "TART-S;12.50" in content and "Tarte aux quetsches" in content

    phone = new_context(viewport=PHONE).new_page()
    sign_in(phone, "bakery_owner")
    phone.goto(CSV_PAGE)
    upload(phone, GOOD.replace(b"TART", b"PIE").replace(b"BUN-1", b"BUN-2"), "pies.csv")
    expect(phone.get_by_role("heading", name="Match the columns")).to_be_visible()
    screenshot(phone, "catalog-csv-mapping-phone")
    phone.get_by_role("button", name="Check the rows").click()
    expect(phone.locator("#import-summary")).to_be_visible()
    screenshot(phone, "catalog-csv-report-phone")
