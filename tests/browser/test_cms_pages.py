"""Content pages in Chromium: the owner opens the about page from the list (a boosted
swap), writes in the Trix editor, saves, previews the draft in the shop's layout,
publishes, and a shopper reads it in the storefront; an image from the media library
inserted with its alt text, kept through a second edit, seen by the shopper; a version
comparison; the same editor without JavaScript (a plain textarea). Screenshots desktop
and phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.http.test_cms_pages import library_image

pytestmark = pytest.mark.browser

PAGES = "/vendor/bakery/content/pages"


def test_edit_preview_publish_and_the_shopper_reads_it(page, new_context, screenshot):
    sign_in(page, "bakery_owner")
    page.goto(PAGES)
    screenshot(page, "cms-pages-list")
    page.get_by_role("link", name="About us", exact=True).click()
    page.wait_for_url(re.compile(r"/content/pages/\d+$"))
    editor = page.locator("trix-editor#body_en")
    expect(editor).to_be_visible()  # the textarea became a Trix editor
    expect(page.locator("textarea#body_en")).to_have_count(0)
    screenshot(page, "cms-page-editor")

    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Fresh croissants every Sunday.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("About us is saved.")).to_be_visible()
    expect(page.locator("[data-status=changed]")).to_be_visible()

    page.locator("[data-action=preview]").click()
    expect(page.get_by_text("Preview — not published")).to_be_visible()
    expect(page.locator(".cms-page-body")).to_contain_text("Fresh croissants every Sunday.")
    screenshot(page, "cms-page-preview")
    page.locator("[data-action=back-to-editor]").click()

    page.locator("[data-action=publish]").click()
    expect(page.get_by_text("About us is published.")).to_be_visible()

    shopper = new_context().new_page()
    shopper.goto("/storefront/bakery/pages/about-us")
    expect(shopper.get_by_role("heading", name="About us")).to_be_visible()
    expect(shopper.locator(".cms-page-body")).to_contain_text("Fresh croissants every Sunday.")
    expect(shopper.get_by_text("Preview — not published")).to_have_count(0)
    # ...in the shop's own colours (bakery's demo look: primary #8a4b16).
    primary = shopper.evaluate(
        "getComputedStyle(document.body).getPropertyValue('--shop-primary').trim()"
    )
    assert primary == "#8a4b16"
    screenshot(shopper, "cms-page-storefront")

    page.locator("[data-action=versions]").click()
    page.locator("[data-action=compare]").first.click()
    expect(page.locator("[data-diff-row=added]")).to_contain_text("Fresh croissants every Sunday.")
    screenshot(page, "cms-page-compare")

    phone = new_context(viewport=PHONE).new_page()
    sign_in(phone, "bakery_owner")
    phone.goto(PAGES)
    phone.get_by_role("link", name="About us", exact=True).click()
    expect(phone.locator("trix-editor#body_en")).to_be_visible()
    screenshot(phone, "cms-page-editor-phone")
    phone.goto("/storefront/bakery/pages/about-us")
    screenshot(phone, "cms-page-storefront-phone")


def test_insert_an_image_publish_and_the_shopper_sees_it_with_its_alt_text(
    page, new_context, screenshot, shop
):
    src = library_image(shop, alt="Fresh loaves on the counter", data=loaves_png())
    library_image(shop, alt="", filename="no-words.png")
    sign_in(page, "bakery_owner")
    page.goto(PAGES)
    page.get_by_role("link", name="About us", exact=True).click()
    editor = page.locator("trix-editor#body_en")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list: a new paragraph
    page.keyboard.type("Our counter at dawn:")

    page.locator("[data-insert-image-into=body_en]").get_by_role(
        "button", name="Insert image"
    ).click()
    dialog = page.locator("#media-picker-dialog")
    expect(dialog.get_by_role("heading", name="Insert image")).to_be_visible()
    expect(dialog.locator("[data-needs-alt]")).to_have_count(1)  # no alt text: disabled
    expect(dialog.locator("[data-needs-alt] button[data-media-pick]")).to_have_count(0)
    dialog.get_by_role("button", name="Choose Fresh loaves on the counter").click()
    expect(dialog).not_to_be_visible()
    image = editor.locator("img")
    expect(image).to_have_attribute("alt", "Fresh loaves on the counter")
    expect(image).to_have_attribute("src", src)  # the 600 px rendition
    page.keyboard.type("Come early.")  # the writer goes on where the image went in
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "cms-page-editor-image")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("About us is saved.")).to_be_visible()

    # loaded again, Trix gets the image with its alt text; another edit keeps it
    image = page.locator("trix-editor#body_en img")
    expect(image).to_have_attribute("alt", "Fresh loaves on the counter")
    page.locator("trix-editor#body_en").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" The first bake is out at seven.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("About us is saved.")).to_be_visible()
    page.locator("[data-action=publish]").click()
    expect(page.get_by_text("About us is published.")).to_be_visible()

    for viewport, name in (
        (None, "cms-page-image-storefront"),
        (PHONE, "cms-page-image-storefront-phone"),
    ):
        shopper = new_context(**({"viewport": viewport} if viewport else {})).new_page()
        shopper.goto("/storefront/bakery/pages/about-us")
        picture = shopper.locator(".cms-page-body figure img")
        expect(picture).to_have_attribute("alt", "Fresh loaves on the counter")
        expect(shopper.get_by_role("img", name="Fresh loaves on the counter")).to_be_visible()
        assert picture.evaluate("img => img.complete && img.naturalWidth") == 600
        box = picture.bounding_box()
        assert box["width"] <= (viewport or {"width": 1280})["width"]  # never wider than the page
        body = shopper.locator(".cms-page-body")
        expect(body.locator("figure + p")).to_have_text(
            "Come early. The first bake is out at seven."
        )
        screenshot(shopper, name)


def test_a_stored_image_and_its_caption_survive_a_save_in_trix(page, shop):
    """Trix reads a plain <img> without its alt text: editor.js hands the stored
    figures to Trix as attachments, so an edit elsewhere keeps alt text and caption."""
    import sqlalchemy as sa

    from modules.cms.models import Page, PageText
    from modules.cms.services import pages as service
    from modules.cms.services.owners import Owner
    from modules.tenancy.models import Vendor
    from wizamart.extensions import db

    src = library_image(shop, alt="Fresh loaves")
    stored = (
        f'<p>Before</p><figure><img src="{src}" width="600" height="200" alt="Fresh loaves">'
        "<figcaption>Baked at five</figcaption></figure><p>After</p>"
    )
    with shop.app_context():
        vendor = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == "bakery"))
        data = service.PageInput(texts={"en": service.TextInput(title="Ovens", body=stored)})
        page_id = service.save_page(Owner.of_vendor(vendor), None, data).id
        db.session.commit()
    sign_in(page, "bakery_owner")
    page.goto(f"{PAGES}/{page_id}")
    editor = page.locator("trix-editor#body_en")
    expect(editor.locator("img")).to_have_attribute("alt", "Fresh loaves")
    expect(editor.locator("figcaption")).to_contain_text("Baked at five")
    editor.locator("text=After").click()
    page.keyboard.press("End")
    page.keyboard.type(" More.")  # Trix writes the whole text again
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ovens is saved.")).to_be_visible()
    with shop.app_context():
        text = db.session.scalar(sa.select(PageText).join(Page).where(Page.id == page_id))
        # the image, its alt text and caption as they were: nothing lost, no new markup
        assert text.current.body == stored.replace("After", "After More.")


def loaves_png() -> bytes:
    """A small picture worth looking at in a screenshot: loaves on a counter."""
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (900, 420), (245, 230, 205))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 300, 900, 420), fill=(120, 72, 40))
    for x, colour in ((90, (196, 128, 58)), (330, (176, 104, 44)), (570, (208, 146, 74))):
        draw.ellipse((x, 170, x + 240, 320), fill=colour)
        for cut in range(3):
            draw.arc((x + 40 + cut * 55, 190, x + 100 + cut * 55, 250), 200, 340, (120, 70, 30), 5)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def test_without_javascript_the_body_is_a_textarea(new_context, screenshot):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "bakery_owner")
    page.goto(f"{PAGES}/new")
    page.get_by_label("Title").first.fill("Delivery")
    area = page.locator("textarea#body_en")
    expect(area).to_be_visible()
    area.fill("<h2>Where</h2><p>In town, <strong>free</strong>.</p><script>alert(1)</script>")
    page.get_by_role("button", name="Create page").click()
    expect(page.get_by_text("Delivery is saved.")).to_be_visible()
    expect(page.locator("textarea#body_en")).to_have_value(
        "<h2>Where</h2><p>In town, <strong>free</strong>.</p>"
    )
    screenshot(page, "cms-page-editor-no-js")


def test_the_admin_writes_a_template_and_a_home_block(page, new_context, screenshot):
    sign_in(page, "admin")
    page.goto("/admin/content/templates")
    page.locator("[data-template=imprint-en]").get_by_role("link", name="Edit").click()
    expect(page.locator("trix-editor#body")).to_be_visible()
    page.get_by_label("Title").fill("Imprint of {shop}")
    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_text("Unknown placeholder {shop}")).to_be_visible()
    screenshot(page, "cms-page-template-refused")
    page.get_by_label("Title").fill("Imprint of {shop_name}")
    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_text("The template is saved.")).to_be_visible()
    expect(page.locator("[data-template=imprint-en] [data-custom]")).to_be_visible()

    page.goto("/admin/content/pages/new")
    page.get_by_label("Title").first.fill("Sell with us")
    page.locator("trix-editor#body_en").click()
    page.keyboard.type("Open your own shop on Wizamart Main in a day.")
    page.get_by_label("Show on the platform home").check()
    page.get_by_role("button", name="Create page").click()
    expect(page.get_by_text("Sell with us is saved.")).to_be_visible()
    page.locator("[data-action=publish]").click()
    expect(page.get_by_text("Sell with us is published.")).to_be_visible()
    screenshot(page, "cms-admin-page-editor")

    visitor = new_context().new_page()
    visitor.goto("/")
    expect(visitor.locator("[data-home-block=sell-with-us]")).to_contain_text("in a day")
    screenshot(visitor, "cms-platform-home")
    visitor.locator("[data-home-block=sell-with-us]").get_by_role("link").click()
    expect(visitor.get_by_role("heading", name="Sell with us")).to_be_visible()
    screenshot(visitor, "cms-platform-page")
