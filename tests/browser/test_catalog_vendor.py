"""The catalog in Chromium: a vendor creates a product with variants and an image, sees
it in the list and edits a price inline; screenshots of the list, form and categories
at desktop and phone width."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

PRODUCTS = "/vendor/bakery/catalog/products"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (210, 150, 80)).save(buffer, "PNG")
    return buffer.getvalue()


def test_vendor_creates_a_product_with_variants_and_an_image_and_edits_a_price_inline(
    page, screenshot
):
    sign_in(page, "bakery_owner")
    page.goto(PRODUCTS)
    page.get_by_role("link", name="New product").first.click()
    expect(page.get_by_role("heading", name="New product")).to_be_visible()

    # A refused save: the page comes back (422) with the message and the input kept.
    page.get_by_label("Title").first.fill("Brioche")
    page.locator("[data-action=save-product]").click()
    expect(page.get_by_text("Give the variant a SKU.")).to_be_visible()
    expect(page.get_by_label("Title").first).to_have_value("Brioche")

    page.get_by_label("Option 1").fill("Size")
    page.get_by_label("Values").first.fill("Small, Large")
    page.locator("[data-action=generate-variants]").click()
    expect(page.locator("[data-variant-row]")).to_have_count(2)
    page.locator("input[name=variant_sku_0]").fill("BRI-S")
    page.locator("input[name=variant_price_0]").fill("2.50")
    page.locator("input[name=variant_sku_1]").fill("BRI-L")
    page.locator("input[name=variant_price_1]").fill("4,80")
    page.locator("select[name=status]").select_option("active")
    screenshot(page, "catalog-product-form")
    page.locator("[data-action=save-product]").click()
    expect(page).to_have_url(re.compile(r"/catalog/products/\d+$"))
    expect(page.get_by_text("Brioche is saved.")).to_be_visible()

    page.locator("#image").set_input_files(
        {"name": "brioche.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.locator("#alt_text").fill("A golden brioche")
    page.locator("[data-action=upload-image]").click()
    expect(page.get_by_text("The image is added.")).to_be_visible()
    image = page.locator("#images img[alt='A golden brioche']")
    expect(image).to_be_visible()
    # The stored rendition is served: the browser decodes it.
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )

    page.goto(PRODUCTS)
    row = page.locator("tr", has_text="Brioche")
    expect(row.locator("img")).to_be_visible()
    large = row.locator("[data-cell=price]").nth(1)
    large.locator("input[name=price]").fill("5.10")
    large.get_by_role("button", name="Save").click()
    expect(row.get_by_text("Saved")).to_be_visible()
    expect(row.locator("[data-cell=price] input[name=price]").nth(1)).to_have_value("5.10")
    # A bad value: the message in the cell, the typed text kept.
    small = row.locator("[data-cell=price]").first
    small.locator("input[name=price]").fill("cheap")
    small.get_by_role("button", name="Save").click()
    expect(small.get_by_role("alert")).to_have_text("Enter an amount like 12.50.")
    expect(small.locator("input[name=price]")).to_have_value("cheap")
    page.reload()
    expect(row.locator("[data-cell=price] input[name=price]").nth(1)).to_have_value("5.10")
    screenshot(page, "catalog-products")


def test_catalog_pages_at_phone_width(new_context, screenshot):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, "bakery_owner")
    page.goto(PRODUCTS)
    expect(page.locator("tr", has_text="Croissant")).to_be_visible()
    screenshot(page, "catalog-products-phone")
    page.locator("tr", has_text="Croissant").get_by_role("link", name="Croissant").click()
    expect(page.get_by_role("heading", name="Croissant")).to_be_visible()
    screenshot(page, "catalog-product-form-phone")
    page.goto("/vendor/bakery/catalog/categories")
    expect(page.locator("[data-category]", has_text="Pastries")).to_be_visible()
    screenshot(page, "catalog-categories-phone")


def test_categories_page(page, screenshot):
    sign_in(page, "bakery_owner")
    page.goto("/vendor/bakery/catalog/categories")
    page.get_by_label("Name (English)").fill("Cakes")
    page.locator("#parent_id").select_option(label="Pastries")
    page.locator("[data-action=save-category]").click()
    expect(page.get_by_text("Category Cakes is created.")).to_be_visible()
    expect(page.locator("[data-category]", has_text="Cakes")).to_be_visible()
    screenshot(page, "catalog-categories")
