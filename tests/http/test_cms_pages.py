"""cms pages over HTTP: the vendor's list and editor (422 with the input kept), read-only
staff and the publish permission, preview, versions, compare, restore, delete; the
storefront and public pages (published only, language fallback, SEO head); the admin's
platform pages and default-page templates; the vendor API."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from modules.cms.models import Page, PageVersion
from modules.cms.services import pages as service
from modules.tenancy.models import Platform, User, Vendor, VendorMembership
from tests.conftest import csrf_token
from wizamart.extensions import db

PAGES = "/vendor/bakery/content/pages"


def vendor_id(code):
    return db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == code))


def page_id(app, code, role):
    with app.app_context():
        return db.session.scalar(
            sa.select(Page.id).where(Page.vendor_id == vendor_id(code), Page.role == role)
        )


def post(client, path, data=None, page=PAGES):
    token = csrf_token(client, page)
    return client.post(path, data={**(data or {}), "csrf_token": token})


def give_staff(app, permissions):
    with app.app_context():
        membership = db.session.scalar(
            sa.select(VendorMembership).join(User).where(User.email == "staff@bakery.test")
        )
        membership.permissions = permissions
        db.session.commit()


@pytest.fixture
def owner(demo, login_as):
    return login_as(demo.test_client(), "bakery_owner")


def titles(html: str) -> list[str]:
    """The page titles of a list, in order."""
    return re.findall(r'<a class="fw-semibold" href="[^"]+">([^<]+)</a>', html)


def create(client, **fields):
    data = {"title_en": "Opening hours", "body_en": "<p>Daily from 7.</p>", "slug": "", "role": ""}
    data.update(fields)
    return post(client, f"{PAGES}/new", data)


# -- the vendor's pages ----------------------------------------------------------------------------
def test_the_list_shows_the_shops_pages_with_search_and_status(demo, owner):
    html = owner.get(PAGES).get_data(as_text=True)
    for title in ("About us", "Imprint", "Terms and conditions", "Privacy notice"):
        assert title in html
    assert 'data-action="new-page"' in html
    searched = owner.get(f"{PAGES}?q=imprint").get_data(as_text=True)
    assert titles(searched) == ["Imprint"]
    create(owner)
    drafts = owner.get(f"{PAGES}?status=draft").get_data(as_text=True)
    assert titles(drafts) == ["Opening hours"]


def test_the_owner_creates_a_page_and_a_bad_one_answers_422_with_the_input_kept(demo, owner):
    refused = create(
        owner, title_en="", body_en="<p>Kept text</p>", title_de="", body_de="<p>x</p>"
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Give the page a title." in html
    assert "Give a title in this language, or leave all its fields empty." in html
    assert "Kept text" in html and "data-form-errors" in html

    response = create(owner)
    assert response.status_code == 302
    with demo.app_context():
        page = db.session.scalar(sa.select(Page).where(Page.slug == "opening-hours"))
        assert page.status == "draft" and page.vendor_id == vendor_id("bakery")
    edit = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "Opening hours" in edit and 'data-status="draft"' in edit
    # a draft is 404 to shoppers
    assert demo.test_client().get("/storefront/bakery/pages/opening-hours").status_code == 404


def test_a_script_typed_into_a_page_never_reaches_the_shop(demo, owner):
    body = '<p>Hi<script>alert("x")</script><a href="javascript:alert(1)" onclick="x()">y</a></p>'
    response = create(owner, body_en=body)
    page = int(response.headers["Location"].rsplit("/", 1)[1])
    post(owner, f"{PAGES}/{page}/publish")
    html = demo.test_client().get("/storefront/bakery/pages/opening-hours").get_data(as_text=True)
    assert "alert" not in html and "javascript:" not in html and "onclick" not in html.lower()
    assert '<p>Hi<a rel="noopener noreferrer">y</a></p>' in html


def test_publish_preview_and_what_shoppers_see(demo, owner):
    location = create(owner, seo_title_en="Hours of the bakery", seo_description_en="When").headers[
        "Location"
    ]
    page = int(location.rsplit("/", 1)[1])
    preview = owner.get(f"{PAGES}/{page}/preview")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Preview — not published" in html
    assert '<meta name="robots" content="noindex">' in html and "Daily from 7." in html
    assert preview.headers["X-Robots-Tag"] == "noindex"
    assert "store-header" in html  # the shop's own layout

    assert post(owner, f"{PAGES}/{page}/publish").status_code == 302
    shop = demo.test_client().get("/storefront/bakery/pages/opening-hours")
    html = shop.get_data(as_text=True)
    assert shop.status_code == 200
    assert "<title>Hours of the bakery · Boulangerie Bakery</title>" in html
    assert '<meta name="description" content="When">' in html
    assert (
        '<link rel="canonical" href="http://localhost/storefront/bakery/pages/opening-hours">'
        in html
    )
    assert '<h1 class="cms-page-title">Opening hours</h1>' in html

    # a later save stays unseen until published again
    post(
        owner, location, {"title_en": "Hours", "body_en": "<p>From 6.</p>", "slug": "opening-hours"}
    )
    assert "Daily from 7." in demo.test_client().get(
        "/storefront/bakery/pages/opening-hours"
    ).get_data(as_text=True)
    assert 'data-status="changed"' in owner.get(location).get_data(as_text=True)
    assert post(owner, f"{PAGES}/{page}/unpublish").status_code == 302
    assert demo.test_client().get("/storefront/bakery/pages/opening-hours").status_code == 404


# -- images in pages ------------------------------------------------------------------------------
def library_image(app, code="bakery", alt="Fresh loaves", filename="loaves.png", data=None) -> str:
    """An image uploaded to the shop's library: the URL of its 600 px rendition."""
    from modules.cms.services.media import rendition_key, upload
    from modules.cms.services.owners import Owner
    from tests.http.test_cms_look import logo_png
    from wizamart.media import media_url

    with app.app_context():
        vendor = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == code))
        data = data or logo_png(size=(900, 300))
        media = upload(Owner.of_vendor(vendor), filename, data, alt)
        db.session.commit()
        return media_url(rendition_key(media, "medium"))


def test_the_editor_has_an_insert_image_button_per_language(demo, owner):
    html = owner.get(f"{PAGES}/new").get_data(as_text=True)
    for lang in ("en", "de", "fr"):
        button = html.split(f'data-insert-image-into="body_{lang}"')[1].split("</span>")[0]
        assert 'data-media-open data-url="/vendor/bakery/content/media/picker"' in button
        assert "Insert image" in button and "js-only" in button
    assert "images of your media library (with their alt text)" in html


def test_the_insert_buttons_read_no_images(demo, owner):
    """The button opens the dialog; it needs no list of images (that is the dialog's)."""
    from tests.integration.test_statement_counts import counting

    library_image(demo)
    owner.get(f"{PAGES}/new")
    with counting(demo) as statements:
        assert owner.get(f"{PAGES}/new").status_code == 200
    assert not [s for s in statements if "cms_media" in s]


def test_read_only_staff_and_the_template_editor_have_no_insert_button(demo, login_as):
    give_staff(demo, ["cms.view"])
    staff = login_as(demo.test_client(), "bakery_staff")
    about = page_id(demo, "bakery", "about")
    assert "data-insert-image-into" not in staff.get(f"{PAGES}/{about}").get_data(as_text=True)
    admin = login_as(demo.test_client(), "admin")
    template = admin.get("/admin/content/templates/terms/en").get_data(as_text=True)
    assert "<textarea" in template and "data-insert-image-into" not in template
    platform_page = admin.get("/admin/content/pages/new").get_data(as_text=True)
    assert 'data-url="/admin/content/media/picker"' in platform_page  # the platform's library


def test_an_inserted_image_reaches_the_shopper_with_its_alt_text(demo, owner):
    src = library_image(demo)
    body = (
        '<p>Our bread<figure data-trix-content-type="image" class="attachment attachment--preview">'
        f'<img src="{src}" width="600" height="200" alt="Fresh loaves">'
        '<figcaption class="attachment__caption">Baked at five</figcaption></figure></p>'
    )
    response = create(owner, title_en="Bread", body_en=body)
    assert response.status_code == 302
    page = int(response.headers["Location"].rsplit("/", 1)[1])
    assert post(owner, f"{PAGES}/{page}/publish").status_code == 302
    html = demo.test_client().get("/storefront/bakery/pages/bread").get_data(as_text=True)
    assert (
        f'<figure><img src="{src}" width="600" height="200" alt="Fresh loaves">'
        "<figcaption>Baked at five</figcaption></figure>"
    ) in html
    assert demo.test_client().get(src).headers["Content-Type"] == "image/webp"
    # the editor gets it back as stored (editor.js hands it to Trix with its alt text)
    editor = owner.get(f"{PAGES}/{page}").get_data(as_text=True)
    assert "alt=&#34;Fresh loaves&#34;" in editor or "alt=&quot;Fresh loaves&quot;" in editor


def test_another_shops_image_is_422_at_the_body_with_the_text_kept(demo, owner):
    src = library_image(demo, "bikes", alt="A wheel")
    response = create(owner, title_en="Wheels", body_en=f'<p>Kept</p><img src="{src}" alt="x">')
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "An image in this text is not one of your media library" in html
    assert 'id="body_en-error"' in html and "Kept" in html
    with demo.app_context():
        assert db.session.scalar(sa.select(Page.id).where(Page.slug == "wheels")) is None


def test_the_api_refuses_another_shops_image_at_the_bodys_path(demo, owner):
    src = library_image(demo, "bikes", alt="A wheel")
    refused = api(
        owner, "POST", API, {"texts": {"en": {"title": "W", "body": f'<img src="{src}" alt="x">'}}}
    )
    assert refused.status_code == 422
    assert "texts.en.body" in refused.get_json()["error"]["fields"]
    own = library_image(demo, alt="Loaves")
    created = api(
        owner, "POST", API, {"texts": {"en": {"title": "L", "body": f'<img src="{own}" alt="L">'}}}
    )
    assert created.status_code == 201
    assert created.get_json()["texts"]["en"]["body"] == f'<img src="{own}" alt="L">'


def test_versions_compare_and_restore(demo, owner):
    location = create(owner, body_en="<p>Open daily from 7.</p>").headers["Location"]
    page = int(location.rsplit("/", 1)[1])
    post(
        owner,
        location,
        {"title_en": "Opening hours", "body_en": "<p>Open daily from 6.</p>", "slug": ""},
    )
    html = owner.get(f"{PAGES}/{page}/versions").get_data(as_text=True)
    assert html.count("data-version=") == 2 and "data-current" in html
    with demo.app_context():
        first = db.session.scalar(
            sa.select(PageVersion).where(PageVersion.page_id == page, PageVersion.number == 1)
        )
        first_id = first.id
    compare = owner.get(f"{PAGES}/{page}/compare?a={first_id}").get_data(as_text=True)
    assert "Open daily from <del>7.</del>" in compare and "Open daily from <ins>6.</ins>" in compare

    ask = owner.get(f"{PAGES}/{page}/versions/{first_id}/restore").get_data(as_text=True)
    assert "Restore version 1" in ask and 'role="dialog"' in ask
    done = post(owner, f"{PAGES}/{page}/versions/{first_id}/restore")
    assert done.status_code == 302
    with demo.app_context():
        page_row = db.session.get(Page, page)
        current = service.current_version(page_row, "en")
        assert current.number == 3 and current.body == "<p>Open daily from 7.</p>"


def test_compare_and_restore_refuse_another_pages_version(demo, owner):
    about = page_id(demo, "bakery", "about")
    imprint = page_id(demo, "bakery", "imprint")
    with demo.app_context():
        other = db.session.scalar(sa.select(PageVersion.id).where(PageVersion.page_id == imprint))
    assert owner.get(f"{PAGES}/{about}/compare?a={other}").status_code == 404
    assert owner.get(f"{PAGES}/{about}/compare?a=junk").status_code == 404
    assert post(owner, f"{PAGES}/{about}/versions/{other}/restore").status_code == 404


def test_deleting_asks_first(demo, owner):
    page = int(create(owner).headers["Location"].rsplit("/", 1)[1])
    ask = owner.get(f"{PAGES}/{page}/delete").get_data(as_text=True)
    assert "Delete the page Opening hours?" in ask and "Yes, delete" in ask
    assert post(owner, f"{PAGES}/{page}/delete").status_code == 302
    assert owner.get(f"{PAGES}/{page}").status_code == 404


# -- permissions -----------------------------------------------------------------------------------
def test_staff_with_only_cms_view_get_read_only_pages(demo, login_as):
    give_staff(demo, ["cms.view"])
    staff = login_as(demo.test_client(), "bakery_staff")
    about = page_id(demo, "bakery", "about")
    listing = staff.get(PAGES).get_data(as_text=True)
    assert "About us" in listing and 'data-action="new-page"' not in listing
    html = staff.get(f"{PAGES}/{about}").get_data(as_text=True)
    assert "data-read-only" in html and "<fieldset disabled" in html
    for action in ("save-page", "publish", "unpublish", "delete-page"):
        assert f'data-action="{action}"' not in html
    assert staff.get(f"{PAGES}/{about}/versions").status_code == 200
    assert 'data-action="restore"' not in staff.get(f"{PAGES}/{about}/versions").get_data(
        as_text=True
    )
    token = csrf_token(staff, PAGES)
    for path in (
        f"{PAGES}/{about}",
        f"{PAGES}/new",
        f"{PAGES}/{about}/unpublish",
        f"{PAGES}/{about}/delete",
    ):
        assert staff.post(path, data={"csrf_token": token, "title_en": "x"}).status_code == 403, (
            path
        )


def test_staff_who_edit_but_may_not_publish(demo, login_as):
    give_staff(demo, ["cms.view", "cms.edit"])
    staff = login_as(demo.test_client(), "bakery_staff")
    about = page_id(demo, "bakery", "about")
    html = staff.get(f"{PAGES}/{about}").get_data(as_text=True)
    assert 'data-action="save-page"' in html
    assert 'data-action="unpublish"' not in html and 'data-action="publish"' not in html
    assert post(staff, f"{PAGES}/{about}/unpublish").status_code == 403
    assert demo.test_client().get("/storefront/bakery/pages/about-us").status_code == 200


def test_staff_without_cms_view_see_no_pages(demo, login_as):
    staff = login_as(demo.test_client(), "bakery_staff")
    assert staff.get(PAGES).status_code == 403
    assert 'href="/vendor/bakery/content/pages"' not in staff.get("/vendor/bakery/").get_data(
        as_text=True
    )


def test_another_shops_page_ids_are_404(demo, login_as):
    bikes = login_as(demo.test_client(), "bikes_owner")
    about = page_id(demo, "bakery", "about")
    token = csrf_token(bikes, "/vendor/bikes/content/pages")
    for path in ("", "/versions", "/preview", "/delete"):
        assert bikes.get(f"/vendor/bikes/content/pages/{about}{path}").status_code == 404
    for path in ("", "/publish", "/unpublish", "/delete"):
        response = bikes.post(
            f"/vendor/bikes/content/pages/{about}{path}", data={"csrf_token": token}
        )
        assert response.status_code == 404


# -- the storefront --------------------------------------------------------------------------------
def test_shoppers_read_pages_in_their_language_else_the_default(demo):
    client = demo.test_client()
    german = client.get("/storefront/bakery/pages/about-us?lang=de").get_data(as_text=True)
    assert "Über uns" in german and 'lang="de"' in german
    assert (
        'hreflang="fr" href="http://localhost/storefront/bakery/pages/about-us?lang=fr"' in german
    )
    # bikes' about page has English only: a German shopper reads it in English
    html = client.get("/storefront/bikes/pages/about-us", headers={"Accept-Language": "de"})
    assert "About us" in html.get_data(as_text=True)


def test_unknown_unpublished_and_other_shops_pages_are_404(demo):
    client = demo.test_client()
    assert client.get("/storefront/bakery/pages/nope").status_code == 404
    assert client.get("/storefront/bakery/pages/NOT%20a%20slug").status_code == 404
    with demo.app_context():
        page = db.session.scalar(
            sa.select(Page).where(Page.vendor_id == vendor_id("bikes"), Page.role == "terms")
        )
        service.unpublish(page)
        db.session.commit()
    assert client.get("/storefront/bikes/pages/terms-and-conditions").status_code == 404
    assert client.get("/storefront/bakery/pages/terms-and-conditions").status_code == 200
    # books' pages live on its own platform's host only
    assert client.get("/storefront/books/pages/a-propos").status_code == 404
    assert (
        client.get("/storefront/books/pages/a-propos", base_url="http://oms.localhost").status_code
        == 200
    )


def test_the_sitemap_lists_published_pages(demo):
    xml = demo.test_client().get("/storefront/bakery/sitemap.xml").get_data(as_text=True)
    assert "http://localhost/storefront/bakery/pages/about-us" in xml
    assert "/storefront/bakery/pages/imprint" in xml


# -- the platform's pages --------------------------------------------------------------------------
def test_the_platform_home_shows_its_home_blocks_and_public_pages(demo):
    client = demo.test_client()
    home = client.get("/").get_data(as_text=True)
    assert "data-home-blocks" in home and "Welcome to Wizamart Main" in home
    page = client.get("/pages/welcome-to-wizamart-main")
    assert page.status_code == 200 and "Local shops under one roof" in page.get_data(as_text=True)
    assert (
        client.get("/pages/welcome-to-wizamart-main", base_url="http://oms.localhost").status_code
        == 404
    )
    assert client.get("/pages/about-us").status_code == 404  # a shop's slug is not the platform's
    assert "data-home-blocks" not in client.get("/", base_url="http://oms.localhost").get_data(
        as_text=True
    )


def test_the_admin_edits_platform_pages_with_the_same_editor(demo, login_as):
    admin = login_as(demo.test_client(), "admin")
    listing = admin.get("/admin/content/pages").get_data(as_text=True)
    assert titles(listing) == ["Welcome to Wizamart Main"]  # no shop's pages
    data = {
        "title_en": "Contact",
        "body_en": "<p>Write to us.</p>",
        "slug": "",
        "role": "contact",
        "on_home": "1",
        "position": "0",
    }
    response = post(admin, "/admin/content/pages/new", data, page="/admin/content/pages")
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    bad = post(
        admin,
        "/admin/content/pages/new",
        {**data, "position": "x", "role": "contact"},
        page="/admin/content/pages",
    )
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert (
        "A whole number from 0 to 9999." in html and "Another page already has this role." in html
    )
    post(admin, f"/admin/content/pages/{new_id}/publish", page="/admin/content/pages")
    home = demo.test_client().get("/").get_data(as_text=True)
    assert home.index("Write to us.") < home.index("Local shops under one roof")  # position 0 first
    # a shop's page id is not a platform page
    assert admin.get(f"/admin/content/pages/{page_id(demo, 'bakery', 'about')}").status_code == 404


def test_a_platform_admin_cannot_reach_another_platforms_pages(demo, login_as):
    from modules.tenancy.models import Role
    from modules.tenancy.services.users import create_user

    with demo.app_context():
        oms = db.session.scalar(sa.select(Platform.id).where(Platform.code == "oms"))
        create_user("admin@oms.test", "oms-admin-pw", Role.PLATFORM_ADMIN, platform_id=oms)
        db.session.commit()
        main_page = db.session.scalar(sa.select(Page.id).where(Page.vendor_id.is_(None)))
    client = demo.test_client()
    login_page = client.get("/login", base_url="http://oms.localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post(
        "/login",
        base_url="http://oms.localhost",
        data={"email": "admin@oms.test", "password": "oms-admin-pw", "csrf_token": token},
    )
    assert client.get("/admin/content/pages", base_url="http://oms.localhost").status_code == 200
    assert (
        client.get(f"/admin/content/pages/{main_page}", base_url="http://oms.localhost").status_code
        == 404
    )


# -- default-page templates ------------------------------------------------------------------------
def test_the_admin_writes_a_template_and_new_shops_start_from_it(demo, login_as):
    admin = login_as(demo.test_client(), "admin")
    listing = admin.get("/admin/content/templates").get_data(as_text=True)
    assert "{company_name}" in listing and "{vat_number}" in listing
    assert 'data-template="imprint-en"' in listing
    url = "/admin/content/templates/imprint/en"
    form = admin.get(url).get_data(as_text=True)
    assert "Imprint" in form and "{shop_name}" in form
    refused = post(
        admin, url, {"title": "Imprint", "body": "<p>{company} {vat_number}</p>"}, page=url
    )
    assert refused.status_code == 422
    assert "Unknown placeholder {company}. Use only {shop_name}" in refused.get_data(
        as_text=True
    ).replace("&#39;", "'")
    saved = post(
        admin,
        url,
        {"title": "Imprint of {shop_name}", "body": "<p>Run by {company_name}.</p>"},
        page=url,
    )
    assert saved.status_code == 302
    assert "data-custom" in admin.get("/admin/content/templates").get_data(as_text=True)

    # a vendor created on the admin's vendor form gets its drafts from it
    with demo.app_context():
        company_id = db.session.scalar(
            sa.text("SELECT id FROM tenancy_company ORDER BY id LIMIT 1")
        )
        main = db.session.scalar(sa.select(Platform.id).where(Platform.code == "main"))
        legal_name = db.session.scalar(
            sa.text(f"SELECT legal_name FROM tenancy_company WHERE id = {company_id}")
        )
    created = post(
        admin,
        "/admin/vendors/new",
        {
            "platform_id": main,
            "company_id": company_id,
            "vendor_code": "cakes",
            "name": "Cakes",
            "is_active": "y",
        },
        page="/admin/vendors/new",
    )
    assert created.status_code == 302, created.get_data(as_text=True)[:3000]
    with demo.app_context():
        imprint = db.session.scalar(
            sa.select(Page).where(Page.vendor_id == vendor_id("cakes"), Page.role == "imprint")
        )
        version = service.current_version(imprint, "en")
        assert version.title == "Imprint of Cakes"
        assert version.body == f"<p>Run by {legal_name.replace('&', '&amp;')}.</p>"
        assert imprint.status == "draft"

    reset = admin.get(f"{url}/reset").get_data(as_text=True)
    assert "Go back to the built-in text?" in reset
    assert post(admin, f"{url}/reset", page=url).status_code == 302
    assert "data-custom" not in admin.get("/admin/content/templates").get_data(as_text=True)


def test_template_urls_with_unknown_roles_or_languages_are_404(demo, login_as):
    admin = login_as(demo.test_client(), "admin")
    assert admin.get("/admin/content/templates/about/en").status_code == 404
    assert admin.get("/admin/content/templates/imprint/xx").status_code == 404


def test_vendors_cannot_reach_the_admins_content_pages(demo, owner):
    assert owner.get("/admin/content/pages").status_code == 403
    assert owner.get("/admin/content/templates").status_code == 403


# -- the vendor API --------------------------------------------------------------------------------
API = "/api/v1/vendor/bakery/content/pages"


def api(client, method, path, json=None):
    token = csrf_token(client, PAGES)
    return client.open(path, method=method, json=json, headers={"X-CSRFToken": token})


def test_the_api_lists_reads_creates_changes_and_publishes(demo, owner):
    listed = api(owner, "GET", f"{API}?limit=2").get_json()
    assert len(listed["items"]) == 2 and listed["next_after"]
    rest = api(owner, "GET", f"{API}?after={listed['next_after']}").get_json()
    assert {p["role"] for p in listed["items"] + rest["items"]} >= {"about", "imprint", "terms"}

    created = api(
        owner,
        "POST",
        API,
        {"texts": {"en": {"title": "FAQ", "body": "<p>Q<script>x</script></p>"}}},
    )
    assert created.status_code == 201
    page = created.get_json()
    assert (
        page["slug"] == "faq"
        and page["status"] == "draft"
        and page["texts"]["en"]["body"] == "<p>Q</p>"
    )
    assert page["texts"]["en"]["version"] == 1 and page["texts"]["en"]["published_version"] is None

    changed = api(
        owner,
        "PATCH",
        f"{API}/{page['id']}",
        {"texts": {"en": {"title": "FAQ", "body": "<p>A</p>"}}},
    )
    assert changed.get_json()["texts"]["en"]["version"] == 2
    published = api(owner, "POST", f"{API}/{page['id']}/publish").get_json()
    assert published["status"] == "published" and published["texts"]["en"]["published_version"] == 2
    assert demo.test_client().get("/storefront/bakery/pages/faq").status_code == 200
    drafts = api(owner, "GET", f"{API}?status=draft").get_json()["items"]
    assert all(p["status"] == "draft" for p in drafts)


def test_the_api_answers_bad_input_with_field_paths(demo, owner):
    refused = api(owner, "POST", API, {"texts": {"en": {"title": ""}}, "slug": "Bad Slug"})
    assert refused.status_code == 422
    fields = refused.get_json()["error"]["fields"]
    assert "texts.en.title" in fields and "slug" in fields
    assert api(owner, "POST", API, {"texts": {"xx": {"title": "a"}}}).status_code == 422


def test_the_api_keeps_shops_and_permissions_apart(demo, login_as):
    about = page_id(demo, "bakery", "about")
    bikes = login_as(demo.test_client(), "bikes_owner")
    token = csrf_token(bikes, "/vendor/bikes/content/pages")
    for method, path in (("GET", ""), ("PATCH", ""), ("POST", "/publish")):
        response = bikes.open(
            f"/api/v1/vendor/bikes/content/pages/{about}{path}",
            method=method,
            json={},
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 404
    give_staff(demo, ["cms.view", "cms.edit"])
    staff = login_as(demo.test_client(), "bakery_staff")
    assert api(staff, "GET", f"{API}/{about}").status_code == 200
    assert api(staff, "POST", f"{API}/{about}/publish").status_code == 403


def test_escaped_titles_in_the_list(demo, owner):
    create(owner, title_en="<b>Bold</b> & co")
    html = owner.get(PAGES).get_data(as_text=True)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert not re.search(r"<b>Bold</b>", html)


def test_htmx_gets_only_the_list_block(demo, owner):
    """The search box swaps only the list (wizamart.htmx.render), with the same rows."""
    headers = {"HX-Request": "true", "HX-Target": "#pages-list"}
    block = owner.get(f"{PAGES}?q=imprint", headers=headers).get_data(as_text=True)
    assert "<html" not in block and titles(block) == ["Imprint"]
    about = page_id(demo, "bakery", "about")
    headers = {"HX-Request": "true", "HX-Target": "#versions-list"}
    versions = owner.get(f"{PAGES}/{about}/versions?language=de", headers=headers)
    html = versions.get_data(as_text=True)
    assert "<html" not in html and html.count("data-version=") == 1
