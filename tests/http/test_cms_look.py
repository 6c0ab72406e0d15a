"""The look of a shop and of the platform over HTTP: the vendor's and the admin's forms
(422 with inline errors, nothing stored), read-only staff, another shop's images and
look URL, the live preview, and what shoppers and visitors get: the CSS custom
properties, the favicon, the logo by header layout, in one statement per page."""

from __future__ import annotations

import io
import re
import uuid

import pytest
import sqlalchemy as sa

from modules.cms.models import Media, Theme
from modules.tenancy.models import Platform, User, Vendor, VendorMembership
from tests.conftest import csrf_token
from tests.integration.test_statement_counts import counting
from wizamart.extensions import db

BAKERY = "/vendor/bakery/content/look"
BIKES = "/vendor/bikes/content/look"
ADMIN = "/admin/content/look"


def vendor_of(code):
    return db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == code))


def logo_png(colour="#8a4b16", size=(240, 80)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def add_image(app, vendor_code: str | None, filename="logo.png", alt="Our logo", data=None):
    """An image of the vendor's library (None: of the platform main), uploaded like any
    (stored as WebP with its renditions); returns its id."""
    from modules.cms.services.media import upload
    from modules.cms.services.owners import Owner

    with app.app_context():
        if vendor_code is None:
            platform_id = db.session.scalar(sa.select(Platform.id).where(Platform.code == "main"))
            owner = Owner(platform_id)
        else:
            owner = Owner.of_vendor(vendor_of(vendor_code))
        media = upload(owner, filename, data or logo_png(), alt)
        db.session.commit()
        return media.id


def theme_row(app, vendor_code: str | None):
    with app.app_context():
        where = (
            Theme.vendor_id.is_(None)
            if vendor_code is None
            else Theme.vendor_id == vendor_of(vendor_code).id
        )
        theme = db.session.scalar(sa.select(Theme).where(where))
        if theme is not None:
            db.session.expunge(theme)
        return theme


def look_form(**changes) -> dict:
    data = {
        "primary_color": "#1a7f5a",
        "accent_color": "#f2c14e",
        "font_pair": "serif",
        "header_layout": "classic",
        "logo_media_id": "",
        "favicon_media_id": "",
    }
    data.update(changes)
    return data


def post(client, path, data, page=None):
    token = csrf_token(client, page or path)
    return client.post(path, data={**data, "csrf_token": token})


def give_staff(app, permissions):
    with app.app_context():
        membership = db.session.scalar(
            sa.select(VendorMembership).join(User).where(User.email == "staff@bakery.test")
        )
        membership.permissions = permissions
        db.session.commit()


@pytest.fixture
def owner(demo, login_as):
    """bakery's owner, on the real modules with the demo's platforms and shops (the
    demo's looks removed, so each test starts from shops that never saved one)."""
    app = demo
    with app.app_context():
        db.session.execute(sa.delete(Theme))
        db.session.commit()
    return login_as(app.test_client(), "bakery_owner")


# -- the vendor's form -----------------------------------------------------------------------
def test_the_form_shows_the_defaults_until_the_first_save_makes_the_row(app, owner):
    page = owner.get(BAKERY)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="primary_color" value="#0d6efd"' in html
    assert 'id="font_pair-system" value="system" autocomplete="off" checked' in html
    assert theme_row(app, "bakery") is None
    assert 'id="look-preview"' in html and 'id="look-sample"' in html

    response = post(owner, BAKERY, look_form(primary_color=" #1A7F5A "))
    assert response.status_code == 302 and response.location.endswith(BAKERY)
    theme = theme_row(app, "bakery")
    assert (theme.primary_color, theme.accent_color) == ("#1a7f5a", "#f2c14e")
    assert (theme.font_pair, theme.header_layout) == ("serif", "classic")
    assert theme.platform_id is not None
    page = owner.get(BAKERY).get_data(as_text=True)
    assert "The shop&#39;s look is saved." in page
    assert 'name="primary_color" value="#1a7f5a"' in page
    # a second save changes the same row
    assert post(owner, BAKERY, look_form(accent_color="#000000")).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Theme)) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("primary_color", "red", "Give the primary colour as # and six hexadecimal digits"),
        ("primary_color", "red;}</style><script>alert(1)</script>", "primary colour as #"),
        ("accent_color", "#12345", "accent colour as #"),
        ("accent_color", "#1234567", "accent colour as #"),
        ("accent_color", "#12g456", "accent colour as #"),
        ("font_pair", "comic", "Pick one of the font pairs."),
        ("font_pair", "x;}body{background:url(//evil)}", "Pick one of the font pairs."),
        ("header_layout", "sideways", "Pick one of the header layouts."),
        ("logo_media_id", "abc", "Choose one of your images."),
        ("favicon_media_id", "99999999999999999999", "Choose one of your images."),
        ("logo_media_id", "999999", "Choose one of your images."),
        ("logo_media_id", "-3", "Choose one of your images."),
    ],
)
def test_bad_input_is_422_with_the_message_at_the_field_and_nothing_stored(
    app, owner, field, value, message
):
    response = post(owner, BAKERY, look_form(**{field: value}))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}-error"' in html
    assert "see the marked fields" in html
    assert "<script>alert(1)</script>" not in html
    assert "evil" not in html.split("<style>")[1].split("</style>")[0]  # the preview's CSS
    assert theme_row(app, "bakery") is None


def test_another_shops_image_and_a_pdf_are_refused(app, owner):
    bikes_logo = add_image(app, "bikes")
    platform_logo = add_image(app, None)
    with app.app_context():
        vendor = vendor_of("bakery")
        pdf = Media(
            platform_id=vendor.platform_id,
            vendor_id=vendor.id,
            kind="pdf",
            key=f"cms/test/{uuid.uuid4().hex}/terms.pdf",
            filename="logo.pdf",
            content_type="application/pdf",
            size=10,
        )
        db.session.add(pdf)
        db.session.commit()
        pdf_id = pdf.id
    for ident in (bikes_logo, platform_logo, pdf_id):
        response = post(owner, BAKERY, look_form(logo_media_id=str(ident)))
        assert response.status_code == 422, ident
        assert "Choose one of your images." in response.get_data(as_text=True)
        assert theme_row(app, "bakery") is None
    # nor are they offered
    html = owner.get(BAKERY).get_data(as_text=True)
    for ident in (bikes_logo, platform_logo, pdf_id):
        assert f'<option value="{ident}"' not in html


def options(html: str, field: str) -> dict[str, str]:
    """{value: label} of the media picker's select `field` (no-JavaScript choices)."""
    select = html.split(f'name="{field}"')[1].split("</select>")[0]
    return dict(re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select))


def test_the_logo_and_favicon_are_media_pickers_of_own_images_with_alt_text(app, owner):
    logo = add_image(app, "bakery", alt="Bakery's wheat sheaf")
    icon = add_image(app, "bakery", filename="icon.png", alt="")
    html = owner.get(BAKERY).get_data(as_text=True)
    for field in ("logo_media_id", "favicon_media_id"):
        assert f'id="{field}" data-media-field' in html  # the framework's media_picker
        offered = options(html, field)
        assert offered[str(logo)] == "Bakery&#39;s wheat sheaf (logo.png)"
        assert str(icon) not in offered  # no alt text: not offered...
    assert 'data-media-open data-url="/vendor/bakery/content/media/picker"' in html
    assert 'href="/vendor/bakery/content/media"' in html  # upload in the library
    # ...and refused, saying why
    response = post(owner, BAKERY, look_form(favicon_media_id=str(icon)))
    assert response.status_code == 422
    refused = response.get_data(as_text=True)
    assert "icon.png has no alt text: add alt text first." in refused
    assert 'id="favicon_media_id-error"' in refused and theme_row(app, "bakery") is None
    response = post(owner, BAKERY, look_form(logo_media_id=str(logo), favicon_media_id=str(logo)))
    assert response.status_code == 302
    theme = theme_row(app, "bakery")
    assert (theme.logo_media_id, theme.favicon_media_id) == (logo, logo)
    html = owner.get(BAKERY).get_data(as_text=True)
    assert re.search(rf'<option value="{logo}"[^>]* selected>', html)
    preview = html.split('id="logo_media_id"')[1].split("<select")[0]
    assert 'alt="Bakery&#39;s wheat sheaf"' in preview  # the chosen image's thumbnail


def test_a_refused_form_keeps_the_chosen_image_and_the_preview_shows_it(app, owner):
    logo = add_image(app, "bakery", alt="Sheaf")
    with app.app_context():
        key = db.session.get(Media, logo).key
    response = post(owner, BAKERY, look_form(logo_media_id=str(logo), primary_color="red"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(rf'<option value="{logo}"[^>]* selected>', html)
    sample = html.split('id="look-sample"')[1]
    assert f'src="/media/{key}"' in sample  # the preview's header has the logo


def test_low_contrast_is_a_warning_naming_the_pair_and_ratio_and_still_saves(app, owner):
    response = post(owner, BAKERY, look_form(primary_color="#777777", accent_color="#ffff00"))
    assert response.status_code == 302
    html = owner.get(BAKERY).get_data(as_text=True)
    warnings = html.split("data-contrast-warnings")[1].split("</ul>")[0]
    assert "The primary colour as link text on white: 4.48:1" in warnings
    assert "Button text on the primary colour: 4.48:1" in warnings
    assert "Text on the accent colour" not in warnings  # near-black on yellow: 14.37
    assert 'data-check="accent_text" data-ratio="14.37"' in html
    page = owner.get(BAKERY)
    assert theme_row(app, "bakery").primary_color == "#777777" and page.status_code == 200


def test_good_contrast_has_no_warning(app, owner):
    assert post(owner, BAKERY, look_form(primary_color="#0b6e4f")).status_code == 302
    html = owner.get(BAKERY).get_data(as_text=True)
    assert "data-contrast-warnings" not in html
    assert "Button text is white" in html


def test_the_preview_renders_the_typed_values_without_saving(app, owner):
    token = csrf_token(owner, BAKERY)
    data = {**look_form(primary_color="#ff0000", header_layout="minimal"), "csrf_token": token}
    partial = owner.post(
        f"{BAKERY}/preview",
        data=data,
        headers={"HX-Request": "true", "HX-Target": "#look-preview", "X-CSRFToken": token},
    )
    assert partial.status_code == 200
    html = partial.get_data(as_text=True)
    assert html.lstrip().startswith("<style>#look-sample{--shop-primary:#ff0000;")
    assert 'data-header-layout="minimal"' in html
    assert "<form" not in html  # the panel alone...
    assert '<hx-partial hx-target="#look-checks">' in html  # ...and the contrast checks
    assert "The primary colour as link text on white: 4.00:1" in html
    assert theme_row(app, "bakery") is None
    # without JavaScript: the whole page with the typed values, not saved
    page = owner.post(f"{BAKERY}/preview", data=data)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'name="primary_color" value="#ff0000"' in text and "<form" in text
    assert theme_row(app, "bakery") is None
    # a wrong value: 422, the defaults in the preview, the message at the field
    bad = owner.post(f"{BAKERY}/preview", data={**data, "primary_color": "nope"})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "#look-sample{--shop-primary:#0d6efd;" in text and 'id="primary_color-error"' in text


def test_staff_with_cms_view_see_the_look_read_only(app, owner, login_as):
    give_staff(app, ["cms.view"])
    staff = login_as(app.test_client(), "bakery_staff")
    page = staff.get(BAKERY)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<fieldset class="look-fields" disabled>' in html
    assert 'data-action="save-look"' not in html and "hx-post" not in html
    assert "data-read-only" in html
    assert post(staff, BAKERY, look_form(), page=BAKERY).status_code == 403
    assert theme_row(app, "bakery") is None
    # and the menu entry is there for them
    assert 'href="/vendor/bakery/content/look"' in html


def test_staff_without_cms_view_are_refused(app, owner, login_as):
    staff = login_as(app.test_client(), "bakery_staff")
    assert staff.get(BAKERY).status_code == 403
    token = csrf_token(staff, "/vendor/bakery/")
    assert staff.post(BAKERY, data={**look_form(), "csrf_token": token}).status_code == 403
    assert staff.post(f"{BAKERY}/preview", data={"csrf_token": token}).status_code == 403
    assert 'href="/vendor/bakery/content/look"' not in staff.get("/vendor/bakery/").get_data(
        as_text=True
    )


def test_another_vendors_look_urls_are_404(app, owner):
    token = csrf_token(owner, BAKERY)
    assert owner.get(BIKES).status_code == 404
    assert owner.post(BIKES, data={**look_form(), "csrf_token": token}).status_code == 404
    assert owner.post(f"{BIKES}/preview", data={"csrf_token": token}).status_code == 404
    assert theme_row(app, "bikes") is None


def test_a_save_without_csrf_is_refused(app, owner):
    assert owner.post(BAKERY, data=look_form()).status_code == 400
    assert theme_row(app, "bakery") is None


# -- the storefront ------------------------------------------------------------------------
def shop_page(app, path="/storefront/bakery/") -> str:
    response = app.test_client().get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def head_style(html: str) -> str:
    head = html.split("</head>")[0]
    styles = re.findall(r"<style>(.*?)</style>", head, re.S)
    found = [s for s in styles if "--shop-primary" in s]
    assert len(found) == 1, styles
    return found[0]


def test_a_shop_without_a_look_keeps_its_usual_page(app, owner):
    html = shop_page(app)
    assert "--shop-primary" not in html
    assert '<i class="bi bi-shop" aria-hidden="true"></i>Boulangerie Bakery' in html


def test_the_storefront_gets_the_css_variables_favicon_and_logo(app, owner):
    logo = add_image(app, "bakery", alt="Wheat")
    icon = add_image(app, "bakery", filename="icon.png", data=logo_png(size=(64, 64)))
    data = look_form(
        primary_color="#8a4b16",
        accent_color="#f2c14e",
        font_pair="mono",
        logo_media_id=str(logo),
        favicon_media_id=str(icon),
    )
    assert post(owner, BAKERY, data).status_code == 302
    for path in ("/storefront/bakery/", "/storefront/bakery/catalog/"):
        html = shop_page(app, path)
        css = head_style(html)
        assert ":root{--shop-primary:#8a4b16;--shop-primary-rgb:138,75,22;" in css
        assert "--shop-primary-text:#ffffff;" in css and "--shop-accent-text:#212529;" in css
        assert "--bs-primary:#8a4b16;--bs-primary-rgb:138,75,22;" in css
        assert "--bs-link-color:#8a4b16;" in css
        assert ":root .btn-primary{--bs-btn-color:#ffffff;--bs-btn-bg:#8a4b16;" in css
        assert '--shop-font-heading:ui-monospace, "Cascadia Code"' in css
        with app.app_context():
            icon_key, logo_key = (db.session.get(Media, i).key for i in (icon, logo))
        assert f'<link rel="icon" href="/media/{icon_key}" type="image/webp">' in html
        header = html.split('class="navbar-brand')[1].split("</a>")[0]
        # classic: the logo beside the name (the name is the link's text, alt empty)
        assert (
            f'<img class="shop-logo" src="/media/{logo_key}" alt="" width="240" height="80">'
            in header
        )
        assert '<span class="shop-name">Boulangerie Bakery</span>' in header
        assert "bi-shop" not in header


def test_the_header_layout_decides_logo_and_name(app, owner):
    logo = add_image(app, "bakery")
    with app.app_context():
        key = db.session.get(Media, logo).key
    assert (
        post(
            owner, BAKERY, look_form(header_layout="centered", logo_media_id=str(logo))
        ).status_code
        == 302
    )
    html = shop_page(app)
    header = html.split('class="navbar-brand')[1].split("</a>")[0]
    assert f'<img class="shop-logo" src="/media/{key}" alt="Boulangerie Bakery"' in header
    assert "shop-name" not in header
    assert ".store-header .navbar-brand{flex:0 0 100%;justify-content:center" in head_style(html)

    assert (
        post(owner, BAKERY, look_form(header_layout="minimal", logo_media_id=str(logo))).status_code
        == 302
    )
    html = shop_page(app)
    header = html.split('class="navbar-brand')[1].split("</a>")[0]
    assert header.split(">", 1)[1].strip() == '<span class="shop-name">Boulangerie Bakery</span>'
    assert "--bs-navbar-padding-y:.25rem" in head_style(html)

    # classic without a logo: the layout's own icon and name
    assert post(owner, BAKERY, look_form(header_layout="classic")).status_code == 302
    html = shop_page(app)
    assert '<i class="bi bi-shop" aria-hidden="true"></i>Boulangerie Bakery' in html


def test_a_stored_value_that_is_not_valid_never_reaches_the_css(app, owner):
    """Even a row written around the form (by hand, an old bug) cannot inject CSS."""
    assert post(owner, BAKERY, look_form()).status_code == 302
    with app.app_context():
        theme = db.session.scalar(sa.select(Theme))
        theme.primary_color = "red;}"  # 7 characters: the column's size
        theme.font_pair = "x}</style><script>alert(1)</script>"[:20]
        theme.header_layout = "<script>"
        db.session.commit()
    html = shop_page(app)
    css = head_style(html)
    assert "--shop-primary:#0d6efd;" in css  # the default
    assert "red;}" not in html and "<script>" not in html.split("</head>")[0].split("<style>", 1)[1]
    assert "--shop-font-heading:system-ui" in css


def test_bikes_do_not_get_bakerys_look(app, owner):
    assert post(owner, BAKERY, look_form(primary_color="#8a4b16")).status_code == 302
    html = shop_page(app, "/storefront/bikes/")
    assert "#8a4b16" not in html and "--shop-primary" not in html


def test_one_statement_a_shop_page_for_the_look(app, owner):
    """The look, its logo and its favicon come in one statement, read once per page
    (the head and the brand share it), whatever the look holds."""
    logo = add_image(app, "bakery")
    data = look_form(logo_media_id=str(logo), favicon_media_id=str(logo))
    assert post(owner, BAKERY, data).status_code == 302
    client = app.test_client()
    for path in ("/storefront/bakery/", "/storefront/bakery/catalog/"):
        assert client.get(path).status_code == 200  # warm
        with counting(app) as statements:
            assert client.get(path).status_code == 200
        looks = [s for s in statements if "cms_theme" in s]
        assert len(looks) == 1, looks
        assert "cms_media" in looks[0]  # logo and favicon in the same statement
        assert not [s for s in statements if "cms_media" in s and "cms_theme" not in s]


# -- the platform ------------------------------------------------------------------------------
@pytest.fixture
def admin(app, owner, login_as):
    return login_as(app.test_client(), "admin")


def test_admin_saves_the_platforms_look_for_the_sign_in_page(app, admin):
    logo = add_image(app, None, alt="Wizamart")
    page = admin.get(ADMIN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="header_layout"' in html and 'type="radio" name="header_layout"' not in html
    assert 'data-action="edit-platform"' in html and "/admin/platforms/main/edit" in html
    assert options(html, "logo_media_id")[str(logo)] == "Wizamart (logo.png)"
    assert 'data-url="/admin/content/media/picker"' in html
    response = post(admin, ADMIN, look_form(primary_color="#5b2a86", logo_media_id=str(logo)))
    assert response.status_code == 302
    theme = theme_row(app, None)
    assert theme.vendor_id is None and theme.primary_color == "#5b2a86"
    with app.app_context():
        key = db.session.get(Media, logo).key
    for path in ("/login", "/"):
        html = app.test_client().get(path).get_data(as_text=True)
        assert ":root{--shop-primary:#5b2a86;" in head_style(html), path
        brand = html.split('class="public-brand">')[1].split("</p>")[0]
        assert f'<img class="shop-logo" src="/media/{key}" alt=""' in brand
        assert '<span class="shop-name">Wizamart Main</span>' in brand
    # the shops keep their own (none here)
    assert "--shop-primary" not in shop_page(app)


def test_admin_form_refuses_bad_input_and_a_shops_image(app, admin):
    bakery_logo = add_image(app, "bakery")
    response = post(admin, ADMIN, look_form(accent_color="blue", logo_media_id=str(bakery_logo)))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="accent_color-error"' in html and 'id="logo_media_id-error"' in html
    assert theme_row(app, None) is None


def test_vendors_cannot_open_the_admin_look(app, owner):
    assert owner.get(ADMIN).status_code == 403
    token = csrf_token(owner, BAKERY)
    assert owner.post(ADMIN, data={**look_form(), "csrf_token": token}).status_code == 403
    assert theme_row(app, None) is None


def test_menu_entries(app, admin, owner):
    assert 'href="/admin/content/look"' in admin.get("/admin/").get_data(as_text=True)
    assert 'href="/vendor/bakery/content/look"' in owner.get("/vendor/bakery/").get_data(
        as_text=True
    )


def test_an_error_page_in_a_shops_url_space_stays_plain(app, admin):
    """The platform's look is for its public pages: a 404 for a shop that does not exist
    costs no look statement and shows none."""
    assert post(admin, ADMIN, look_form(primary_color="#5b2a86")).status_code == 302
    client = app.test_client()
    assert "--shop-primary" in client.get("/login").get_data(as_text=True)
    client.get("/storefront/no-such-shop/")  # warm
    with counting(app) as statements:
        response = client.get("/storefront/no-such-shop/")
    assert response.status_code == 404
    assert "--shop-primary" not in response.get_data(as_text=True)
    assert not [s for s in statements if "cms_theme" in s]
