"""Menus in Chromium: the vendor drags an item to the top of the header menu (SortableJS
posts the order with htmx), moves one with the buttons, with and without JavaScript,
adds an outside link and removes an item after the confirmation; the shopper sees the
menus in the shop's header and footer. Screenshots at desktop and phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import cms_menus_data as data
from tests.browser.conftest import PHONE, sign_in
from wizamart.extensions import db

pytestmark = pytest.mark.browser

MENUS = "/vendor/bakery/content/menus"


@pytest.fixture
def menus(shop):
    """Bakery's about page, legal pages and a header menu of each kind of item (instead
    of the demo's own)."""
    data.clear_content(shop)
    with data.in_shop(shop) as bakery:
        about = data.page(bakery, "about", {"en": "About us"}, role="about")
        draft = data.page(bakery, "story", {"en": "Our story"}, published=False)
        for role, title in [("imprint", "Imprint"), ("terms", "Terms"), ("privacy", "Privacy")]:
            data.page(bakery, role, {"en": title}, role=role)
        data.item(bakery, kind="page", page_id=about.id)
        data.item(bakery, kind="module", target="catalog:products")
        data.item(bakery, kind="page", page_id=draft.id)
        data.item(bakery, kind="url", url="https://blog.example.com", labels={"en": "Blog"})
        db.session.commit()
    return shop


def labels(page, location="header"):
    return page.locator(f"#menu-{location} .menu-item-label").all_inner_texts()


def shop_header(page):
    return page.locator("[data-cms-menu=header]").all_inner_texts()


def test_vendor_drags_moves_adds_and_removes_menu_items(menus, page, screenshot):
    sign_in(page, "bakery_owner")
    page.goto(MENUS)
    expect(page.get_by_role("heading", name="Menus")).to_be_visible()
    assert labels(page) == ["About us", "All products", "Our story", "Blog"]
    expect(page.locator("#menu-header .menu-item-state")).to_have_text(
        ["Hidden: the page is not published."]
    )
    screenshot(page, "cms-menus-vendor")

    # Drag "Blog" by its handle to the top: htmx posts the order, the menu comes back.
    # Over one item at a time, each for longer than SortableJS's animation (it ignores
    # a pointer over an item that is still moving).
    rows = page.locator("#menu-header [data-menu-item]")
    handle = rows.nth(3).locator(".drag-handle").bounding_box()
    x = handle["x"] + handle["width"] / 2
    with page.expect_response(re.compile(r"/content/menus/header/order$")) as answer:
        page.mouse.move(x, handle["y"] + handle["height"] / 2)
        page.mouse.down()
        for above in (2, 1, 0):
            row = rows.nth(above).bounding_box()
            page.mouse.move(x, row["y"] + row["height"] / 3, steps=5)
            page.wait_for_timeout(300)
        page.mouse.up()
    assert answer.value.status == 200
    expect(page.locator("#menu-header .menu-item-label")).to_have_text(
        ["Blog", "About us", "All products", "Our story"]
    )
    page.reload()
    assert labels(page) == ["Blog", "About us", "All products", "Our story"]

    # The buttons: "About us" up one place (a boosted POST and redirect).
    page.get_by_role("button", name="Move About us up").click()
    expect(page.locator("#menu-header .menu-item-label")).to_have_text(
        ["About us", "Blog", "All products", "Our story"]
    )

    # An outside link: picking the kind shows its field only.
    page.get_by_text("Outside link", exact=True).click()
    expect(page.get_by_label("Web address")).to_be_visible()
    expect(page.locator("#menu-page")).to_be_hidden()
    page.get_by_label("Menu", exact=True).select_option("footer")
    page.get_by_label("Web address").fill("javascript:alert(1)")
    page.get_by_label("English (default)").fill("Contact")
    page.locator("[data-action=save-menu-item]").click()
    expect(page.get_by_text("Enter a web address starting with https://")).to_be_visible()
    expect(page.get_by_label("English (default)")).to_have_value("Contact")
    page.get_by_label("Web address").fill("https://contact.example.com")
    page.locator("[data-action=save-menu-item]").click()
    expect(page.get_by_text("Contact is added to the menu.")).to_be_visible()
    assert labels(page, "footer") == ["Contact"]

    # Remove "All products" after the one confirmation.
    page.get_by_role("link", name="Remove All products").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Remove All products from the menu?")
    dialog.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_text("All products is removed from the menu.")).to_be_visible()
    assert labels(page) == ["About us", "Blog", "Our story"]

    # The shopper: the published items, in this order; the footer's own link.
    page.goto("/storefront/bakery/")
    assert shop_header(page) == ["About us", "Blog"]
    expect(page.locator("[data-cms-menu=footer]")).to_have_text(["Contact"])
    screenshot(page, "cms-menus-storefront", full_page=False)


def test_the_up_and_down_buttons_work_without_javascript(menus, new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "bakery_owner")
    page.goto(MENUS)
    expect(page.locator(".drag-handle").first).to_be_hidden()  # .js-only
    page.get_by_role("button", name="Move Blog up").click()
    page.wait_for_load_state()
    assert labels(page) == ["About us", "All products", "Blog", "Our story"]
    page.get_by_role("button", name="Move About us down").click()
    page.wait_for_load_state()
    assert labels(page) == ["All products", "About us", "Blog", "Our story"]


def test_the_menus_page_and_the_shop_at_phone_width(menus, new_context, screenshot):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, "bakery_owner")
    page.goto(MENUS)
    expect(page.locator("#menu-header .menu-item")).to_have_count(4)
    # the actions stay on the screen next to long labels
    actions = page.locator("#menu-header .menu-item-actions").first.bounding_box()
    assert actions["x"] + actions["width"] <= PHONE["width"]
    screenshot(page, "cms-menus-vendor-phone")
    page.goto("/storefront/bakery/")
    page.get_by_role("button", name="Open the menu").click()
    expect(page.locator("[data-cms-menu=header]")).to_have_text(
        ["About us", "All products", "Blog"]
    )
    screenshot(page, "cms-menus-storefront-phone", full_page=False)


def test_the_admin_page_and_the_public_site_menus(menus, page, new_context, screenshot):
    with data.on_platform(menus) as main:
        about = data.page(main, "about", {"en": "About Wizamart"})
        data.item(main, kind="page", page_id=about.id)
        data.item(main, kind="module", target="core:home", labels={"en": "All shops"})
        data.item(main, "footer", kind="url", url="https://help.example.com", labels={"en": "Help"})
        db.session.commit()
    sign_in(page, "admin")
    page.goto("/admin/content/menus")
    expect(page.locator("#menu-header .menu-item-label")).to_have_text(
        ["About Wizamart", "All shops"]
    )
    screenshot(page, "cms-menus-admin")
    visitor = new_context().new_page()
    visitor.goto("/login")
    expect(visitor.locator("[data-cms-menu=header]")).to_have_text(["About Wizamart", "All shops"])
    expect(visitor.locator("[data-cms-menu=footer]")).to_have_text(["Help"])
    screenshot(visitor, "cms-menus-public")
