"""Inventory in Chromium: the owner receives stock, is refused taking more than there
is (the message in place, the input kept), sets a threshold and finds the product on
the low-stock page; screenshots of the stock list, item page and low stock at desktop
and phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

BASE = "/vendor/bakery/inventory"


def test_owner_adjusts_stock_and_sees_low_stock(page, new_context, screenshot):
    sign_in(page, "bakery_owner")
    page.goto(f"{BASE}/")
    page.get_by_role("link", name="Sourdough loaf").click()
    expect(page).to_have_url(re.compile(r"/inventory/items/\d+$"))
    item_url = page.url

    page.locator("#adjust-form [name=delta]").fill("+12")
    page.locator("#adjust-form [name=reason]").select_option("received")
    page.locator("#adjust-form [name=note]").fill("Morning bake")
    page.get_by_role("button", name="Adjust stock").click()
    expect(page.get_by_text("Stock adjusted.")).to_be_visible()
    expect(page.locator("#total-on-hand")).to_have_text("12")
    expect(page.locator("#history").get_by_text("Morning bake")).to_be_visible()

    page.locator("#adjust-form [name=delta]").fill("-20")
    page.locator("#adjust-form [name=reason]").select_option("lost")
    page.get_by_role("button", name="Adjust stock").click()
    expect(page.get_by_text("Not enough stock at Main location")).to_be_visible()
    expect(page.locator("#adjust-form [name=delta]")).to_have_value("-20")
    expect(page.locator("#total-on-hand")).to_have_text("12")

    page.goto(item_url)
    page.locator("#threshold-form [name=threshold]").fill("15")
    page.get_by_role("button", name="Save threshold").click()
    expect(page.get_by_text("Low-stock threshold saved.")).to_be_visible()
    screenshot(page, "inventory-item")

    page.goto(f"{BASE}/low-stock")
    expect(page.get_by_role("link", name="Sourdough loaf")).to_be_visible()
    screenshot(page, "inventory-low-stock")
    page.goto(f"{BASE}/")
    expect(page.locator("[data-item] [data-state=low]")).to_have_count(1)
    screenshot(page, "inventory-stock")

    page.goto(f"{BASE}/locations")
    page.get_by_role("textbox", name="Name").fill("Market stall")
    page.get_by_role("textbox", name="Code").fill("stall")
    page.get_by_role("button", name="Add location").click()
    expect(page.get_by_text("Location Market stall added.")).to_be_visible()
    screenshot(page, "inventory-locations")

    phone = new_context(viewport=PHONE).new_page()
    sign_in(phone, "bakery_owner")
    for name, url in (
        ("inventory-stock-phone", f"{BASE}/"),
        ("inventory-item-phone", item_url),
        ("inventory-low-stock-phone", f"{BASE}/low-stock"),
    ):
        phone.goto(url)
        screenshot(phone, name)


def test_releasing_a_reservation_asks_in_place_first(page, shop):
    from datetime import timedelta

    import sqlalchemy as sa

    from modules.inventory.models import Item
    from modules.inventory.services import items as item_service
    from modules.inventory.services import reservations, stock
    from wizamart.extensions import db

    with shop.app_context():
        item = db.session.scalars(sa.select(Item).where(Item.sku == "BAK-SOUR")).one()
        main = item_service.default_location(item.vendor_id)
        stock.adjust(item, main, 5, "received")
        reservations.reserve(item.vendor_id, {item.id: 2}, "cart-42", timedelta(hours=1))
        db.session.commit()
        item_id = item.id
    sign_in(page, "bakery_owner")
    page.goto(f"{BASE}/items/{item_id}")
    expect(page.locator("#total-reserved")).to_have_text("2")
    page.locator("[data-reservation=cart-42] [data-action=release]").click()
    panel = page.get_by_role("dialog", name="Release 2 held for cart-42?")
    expect(panel).to_be_visible()
    expect(page).to_have_url(re.compile(r"/inventory/items/\d+$"))  # in place, not a new page
    panel.get_by_role("button", name="Yes, release").click()
    expect(page.get_by_text("2 released for cart-42.")).to_be_visible()
    expect(page.locator("#total-reserved")).to_have_text("0")
