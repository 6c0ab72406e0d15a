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


def test_bulk_archive_with_the_one_confirmation(page, screenshot):
    sign_in(page, "bakery_owner")
    page.goto(PRODUCTS)
    for title in ("Baguette", "Rye bread"):
        page.get_by_label(f"Select {title}").check()
    page.locator("[data-bulk=archive]").click()
    panel = page.locator("#products-bulk-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading")).to_have_text(re.compile("Archive 2 products?"))
    screenshot(page, "catalog-products-bulk-confirm", full_page=False)
    panel.get_by_role("button", name="Yes, archive").click()
    expect(page.get_by_text("2 products archived.")).to_be_visible()
    for title in ("Baguette", "Rye bread"):
        expect(page.locator("tr", has_text=title).locator("[data-status]")).to_have_text("Archived")


def test_stock_column_and_inline_count_when_inventory_is_on(new_context, screenshot, monkeypatch):
    """Inventory is another engineer's module: here it is 'on' and answers like it will
    (a stand-in subscriber turns the count into inventory.stock_changed)."""
    from modules.catalog.routes.pages import vendor
    from modules.catalog.services import listing
    from modules.catalog.services import products as product_service
    from wizamart.events import _signals
    from wizamart.extensions import db

    monkeypatch.setattr(listing, "inventory_on", lambda platform_id: True)
    monkeypatch.setattr(vendor, "inventory_on", lambda platform_id: True)

    def inventory(event):
        p = event.payload
        product_service.apply_stock_changed(event.vendor_id, p.product_id, p.variant_id, p.on_hand)
        db.session.commit()

    _signals.signal("catalog.stock_counted").connect(inventory)
    try:
        page = new_context().new_page()
        sign_in(page, "bakery_owner")
        page.goto(PRODUCTS)
        row = page.locator("tr", has_text="Sourdough loaf")
        cell = row.locator("[data-cell=stock]")
        cell.locator("input[name=stock]").fill("24")
        cell.get_by_role("button", name="Save").click()
        expect(row.get_by_text("Saved")).to_be_visible()
        expect(row.locator("[data-cell=stock] input[name=stock]")).to_have_value("24")
        page.locator("#products-stock").select_option("in")
        expect(page.locator("[data-product]")).to_have_count(1)
        page.goto(PRODUCTS)
        screenshot(page, "catalog-products-stock")
        phone = new_context(viewport=PHONE).new_page()
        sign_in(phone, "bakery_owner")
        phone.goto(PRODUCTS)
        screenshot(phone, "catalog-products-stock-phone")
    finally:
        _signals.signal("catalog.stock_counted").disconnect(inventory)


def test_staff_with_view_only_see_the_product_read_only(page, shop, screenshot):
    import sqlalchemy as sa

    from modules.tenancy.models import User, VendorMembership
    from wizamart.extensions import db

    with shop.app_context():
        membership = db.session.scalar(
            sa.select(VendorMembership).join(User).where(User.email == "staff@bakery.test")
        )
        membership.permissions = ["catalog.view"]
        db.session.commit()
    sign_in(page, "bakery_staff")
    page.goto(PRODUCTS)
    expect(page.locator("tr", has_text="Croissant")).to_be_visible()
    expect(page.locator("input[name=price]")).to_have_count(0)
    expect(page.get_by_role("link", name="New product")).to_have_count(0)
    page.locator("tr", has_text="Croissant").get_by_role("link", name="Croissant").click()
    expect(page.get_by_text("You can look at this product")).to_be_visible()
    expect(page.get_by_label("Title").first).to_be_disabled()
    expect(page.locator("[data-action=save-product]")).to_have_count(0)
    page.get_by_role("tab", name="Deutsch").click()  # the tabs still work
    expect(page.locator("#title_de")).to_be_visible()
    expect(page.locator("#title_de")).to_have_value("Croissant")
    expect(page.locator("#title_en")).to_be_hidden()
    screenshot(page, "catalog-product-read-only", full_page=False)
