"""The media library in Chromium: the owner uploads two images and a PDF at once (htmx),
adds alt text inline, is refused an SVG, deletes a file after the confirmation; a media
field (the framework's macro, as any module's form renders it) opens the picker dialog,
adds alt text in place and chooses an image. Screenshots of the library (desktop and
phone) and of the picker."""

from __future__ import annotations

import re

import pytest
from flask import g, render_template_string
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

LIB = "/vendor/bakery/content/media"


def png_file(tmp_path, name, color):
    path = tmp_path / name
    Image.new("RGB", (400, 300), color).save(path, "PNG")
    return path


def with_demo_logos(shop):
    from modules.cms.services.media_demo import seed_logos
    from wizamart.extensions import db

    with shop.app_context():
        seed_logos()
        db.session.commit()


def test_upload_alt_text_and_delete(page, new_context, shop, tmp_path, screenshot):
    with_demo_logos(shop)
    files = [
        png_file(tmp_path, "croissants.png", (224, 164, 88)),
        png_file(tmp_path, "oven.png", (140, 60, 30)),
    ]
    pdf = tmp_path / "price-list.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    svg = tmp_path / "drawing.svg"
    svg.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    sign_in(page, "bakery_owner")
    page.goto(LIB)
    expect(page.locator("[data-media]")).to_have_count(1)  # the demo logo
    page.get_by_label("Upload files").set_input_files([*files, pdf])
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("3 files uploaded.")).to_be_visible()
    expect(page.locator("[data-media]")).to_have_count(4)
    assert page.url.endswith(LIB)

    row = page.locator("tr", has_text="croissants.png")
    row.get_by_label("Alt text of croissants.png", exact=True).fill("A basket of croissants")
    row.get_by_role("button", name="Save the alt text of croissants.png").click()
    expect(row.get_by_text("Saved")).to_be_visible()
    row = page.locator("tr", has_text="oven.png")
    row.get_by_label("Alt text of oven.png", exact=True).fill(
        "x" * 301
    )  # maxlength stops the browser
    expect(row.get_by_label("Alt text of oven.png", exact=True)).to_have_value("x" * 300)

    page.get_by_label("Upload files").set_input_files(svg)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator("[data-upload-errors]")).to_contain_text("drawing.svg is an SVG image")
    expect(page.locator("[data-media]")).to_have_count(4)

    page.goto(LIB)
    screenshot(page, "cms-media-library")
    page.locator("tr", has_text="price-list.pdf").locator("[data-action=delete]:visible").click()
    panel = page.locator("#confirm-panel")
    expect(panel.get_by_role("heading")).to_have_text(re.compile("Delete price-list.pdf?"))
    panel.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_text("price-list.pdf is deleted.")).to_be_visible()
    expect(page.locator("[data-media]")).to_have_count(3)

    phone = new_context(viewport=PHONE).new_page()
    sign_in(phone, "bakery_owner")
    phone.goto(LIB)
    expect(phone.locator("[data-media]")).to_have_count(3)
    screenshot(phone, "cms-media-library-phone")


def media_field_html(shop, value=None) -> str:
    """The framework's media field as another module's form renders it in bakery's back
    office (the picker's URL comes from cms through the hook)."""
    from flask_login import login_user

    from modules.tenancy.models import Vendor
    from modules.tenancy.services.users import get_user_by_email
    from wizamart.extensions import db
    from wizamart.modules.definition import FrontendType

    template = (
        '{% from "macros/media.html" import media_picker %}'
        "<form id='other-form'>{{ media_picker('banner_media_id', value, 'Banner image', "
        "help='Shown at the top of the page.') }}</form>"
    )
    with shop.test_request_context("/vendor/bakery/"):
        import sqlalchemy as sa

        vendor = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == "bakery"))
        g.platform, g.vendor, g.vendor_code = vendor.platform, vendor, "bakery"
        g.frontend = FrontendType.VENDOR
        login_user(get_user_by_email("owner@bakery.test"))
        return render_template_string(template, value=value)


def test_a_media_field_opens_the_picker_and_chooses(page, shop, tmp_path, screenshot):
    with_demo_logos(shop)
    sign_in(page, "bakery_owner")
    page.goto(LIB)
    page.get_by_label("Upload files").set_input_files(
        png_file(tmp_path, "shopfront.png", (30, 90, 160))
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator("[data-media]")).to_have_count(2)
    # a page of "another module" with the field (wizamart.js and htmx already loaded)
    html = media_field_html(shop)
    page.evaluate("html => { document.querySelector('main').innerHTML = html; }", html)
    page.evaluate(
        "() => document.addEventListener("
        "'wizamart:media-picked', e => { window.picked = e.detail; })"
    )
    field = page.locator("[data-media-field]")
    expect(field.get_by_label("Banner image")).to_have_value("")
    field.get_by_role("button", name="Browse images").click()
    dialog = page.locator("#media-picker-dialog")
    expect(dialog.get_by_role("heading", name="Banner image")).to_be_visible()
    expect(dialog.locator("[data-media-pick]")).to_have_count(1)  # the logo has alt text
    expect(dialog.locator("[data-needs-alt]")).to_have_count(1)
    expect(dialog.get_by_text("Add alt text first")).to_be_visible()
    screenshot(page, "cms-media-picker", full_page=False)
    dialog.get_by_label("Alt text of shopfront.png", exact=True).fill("Our blue shop front")
    dialog.get_by_role("button", name="Save the alt text of shopfront.png").click()
    expect(dialog.locator("[data-media-pick]")).to_have_count(2)
    dialog.get_by_role("button", name="Choose Our blue shop front").click()
    expect(dialog).not_to_be_visible()
    select = field.get_by_label("Banner image")
    chosen = select.input_value()
    assert chosen and page.evaluate("window.picked.alt") == "Our blue shop front"
    expect(field.locator("[data-media-preview] img")).to_have_attribute(
        "alt", "Our blue shop front"
    )
    expect(select.locator("option:checked")).to_contain_text("Our blue shop front")
