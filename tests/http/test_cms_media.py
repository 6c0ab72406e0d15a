"""The media library over HTTP: uploads refused with nothing stored (30 MB, a PNG that
is HTML, 50,000 x 50,000 pixels, SVG, a PDF with JavaScript), EXIF gone, renditions,
the content type /media/ sends, alt text inline (422), delete with confirmation and
while the logo, read-only staff, another shop's ids (page, picker, API), the platform's
library in the admin, the picker field of any form, and the JSON API."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from modules.cms.models import Media, Theme
from modules.tenancy.models import User, Vendor, VendorMembership
from tests.conftest import csrf_token
from wizamart.extensions import db

LIB = "/vendor/bakery/content/media"
API = "/api/v1/vendor/bakery/content/media"


# -- files -----------------------------------------------------------------------------------
def png(size=(120, 80), color=(10, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF names a camera and a place (GPS)."""
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    gps = {1: "N", 2: (49.0, 36.0, 42.0), 3: "E", 4: (6.0, 7.0, 48.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 50, 50)).save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert b"SpyCam" in data and Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    return data


def huge_png_header(width=50_000, height=50_000) -> bytes:
    """A PNG that claims width x height pixels: a valid header and a tiny IDAT (never
    decodable to that size; it must be refused on its header alone)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
PDF_WITH_JS = PDF.replace(
    b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
)
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


def media_files(app) -> set[str]:
    root = Path(app.config["MEDIA_ROOT"])
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def media_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Media))


def bakery_media(app, filename=None) -> Media:
    with app.app_context():
        statement = sa.select(Media).join(Vendor, Media.vendor_id == Vendor.id)
        statement = statement.where(Vendor.vendor_code == "bakery")
        if filename:
            statement = statement.where(Media.filename == filename)
        row = db.session.scalars(statement.order_by(Media.id.desc())).first()
        db.session.expunge_all()
        return row


# -- fixtures and helpers --------------------------------------------------------------------
@pytest.fixture
def owner(demo, login_as):
    return login_as(demo.test_client(), "bakery_owner")


def upload(client, *files, alt="", path=f"{LIB}/upload", headers=None):
    token = csrf_token(client, LIB)
    data = {"csrf_token": token, "alt_text": alt}
    data["files"] = [(io.BytesIO(content), name) for content, name in files]
    return client.post(path, data=data, content_type="multipart/form-data", headers=headers or {})


def give_staff(app, permissions):
    with app.app_context():
        membership = db.session.scalar(
            sa.select(VendorMembership).join(User).where(User.email == "staff@bakery.test")
        )
        membership.permissions = permissions
        db.session.commit()


# -- upload and serving ----------------------------------------------------------------------
def test_an_image_is_stored_as_webp_with_renditions_and_served_as_proven(demo, owner):
    before = media_files(demo)
    response = upload(owner, (png(), "loaf.png"), alt="A round loaf")
    assert response.status_code == 302
    assert "1 file uploaded." in owner.get(LIB).get_data(as_text=True)
    media = bakery_media(demo, "loaf.png")
    assert (media.kind, media.content_type, media.alt_text) == (
        "image",
        "image/webp",
        "A round loaf",
    )
    assert (media.width, media.height) == (120, 80)
    folder = media.key.rsplit("/", 1)[0]
    assert media.key.startswith("cms/v") and media.key.endswith("/original.webp")
    assert media_files(demo) - before == {
        f"{folder}/{name}.webp" for name in ("original", "thumb", "medium", "large")
    }
    served = owner.get(f"/media/{media.key}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert "attachment" not in served.headers.get("Content-Disposition", "")
    assert Image.open(io.BytesIO(served.data)).format == "WEBP"
    thumb = Image.open(io.BytesIO(owner.get(f"/media/{folder}/thumb.webp").data))
    assert max(thumb.size) <= 160
    page = owner.get(LIB).get_data(as_text=True)
    assert "loaf.png" in page and 'value="A round loaf"' in page


def test_exif_and_gps_are_removed(demo, owner):
    assert upload(owner, (jpeg_with_gps(), "holiday.jpg"), alt="A red card").status_code == 302
    media = bakery_media(demo, "holiday.jpg")
    for name in ("original", "thumb", "medium", "large"):
        data = owner.get(f"/media/{media.key.rsplit('/', 1)[0]}/{name}.webp").data
        assert b"SpyCam" not in data
        stored = Image.open(io.BytesIO(data))
        assert not stored.getexif() and "exif" not in stored.info


def test_a_pdf_is_stored_as_it_came_and_served_as_an_attachment(demo, owner):
    assert upload(owner, (PDF, "Menü Herbst 2025.pdf")).status_code == 302
    media = bakery_media(demo, "Menü Herbst 2025.pdf")
    assert media.kind == "pdf" and media.content_type == "application/pdf"
    assert media.key.endswith("/menu-herbst-2025.pdf")
    served = owner.get(f"/media/{media.key}")
    assert served.data == PDF
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"] == "attachment; filename=menu-herbst-2025.pdf"
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_media_never_goes_out_as_html_or_svg(demo):
    """A file whose key ends in .html or .svg (no module stores one, but storage could
    hold it) is a download of unknown bytes, never a page or an image with scripts."""
    from wizamart.media import storage

    with demo.app_context():
        storage().save(b"<html><script>alert(1)</script></html>", "t/evil.html")
        storage().save(SVG, "t/evil.svg")
    client = demo.test_client()
    for key in ("t/evil.html", "t/evil.svg"):
        served = client.get(f"/media/{key}")
        assert served.status_code == 200
        assert served.headers["Content-Type"] == "application/octet-stream"
        assert served.headers["Content-Disposition"].startswith("attachment")
        assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"<html><script>alert(1)</script></html>",
            "photo.png",
            "photo.png is not a JPEG, PNG, WebP or GIF image or a PDF",
        ),
        (SVG, "logo.svg", "SVG is not accepted"),
        (SVG, "innocent.png", "SVG is not accepted"),
        (huge_png_header(), "huge.png", "too many pixels"),
        (PDF_WITH_JS, "form.pdf", "PDFs with JavaScript"),
        (PDF_WITH_JS.replace(b"/JavaScript", b"/J#61vaScript"), "sly.pdf", "PDFs with JavaScript"),
        (b"%PDF-1.7\n trailer << /Encrypt 5 0 R >>", "locked.pdf", "Encrypted PDFs"),
        (b"", "empty.png", "empty.png is empty"),
        (b"PK\x03\x04 office", "report.docx", "report.docx is not a JPEG"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(demo, owner, content, name, message):
    before_files, before_rows = media_files(demo), media_count(demo)
    response = upload(owner, (content, name))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert media_files(demo) == before_files and media_count(demo) == before_rows


def test_a_30_mb_upload_is_refused_and_nothing_is_stored(demo, owner):
    before_files, before_rows = media_files(demo), media_count(demo)
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (30 * 1024 * 1024)
    response = upload(owner, (big, "big.png"))
    assert response.status_code in (413, 422)
    assert "too large: at most 10 MB" in response.get_data(as_text=True)
    assert media_files(demo) == before_files and media_count(demo) == before_rows


def test_a_request_past_the_upload_limit_is_413_before_it_is_read(demo, owner):
    before = media_count(demo)
    demo.config["MEDIA_MAX_BYTES"] = 1024 * 1024  # 10 files of 1 MB + the form: ~10.3 MB
    try:
        response = upload(owner, (b"\0" * (12 * 1024 * 1024), "big.png"))
    finally:
        demo.config["MEDIA_MAX_BYTES"] = 10 * 1024 * 1024
    assert response.status_code == 413
    assert "Too much at once" in response.get_data(as_text=True)
    assert media_count(demo) == before


def test_several_files_at_once_the_good_ones_are_kept_the_bad_ones_named(demo, owner):
    response = upload(owner, (png(), "a.png"), (SVG, "b.svg"), (PDF, "c.pdf"), alt="Shop")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "b.svg is an SVG image" in html and "2 files uploaded." in html
    with demo.app_context():
        names = set(db.session.scalars(sa.select(Media.filename)))
    assert {"a.png", "c.pdf"} <= names and "b.svg" not in names


def test_too_many_files_or_none(demo, owner):
    before = media_count(demo)
    response = upload(owner, *[(png(), f"{n}.png") for n in range(11)])
    assert response.status_code == 422 and "At most 10 files at a time" in response.text
    response = upload(owner)
    assert response.status_code == 422 and "Choose one or more files" in response.text
    assert media_count(demo) == before


def test_htmx_upload_answers_the_form_with_the_list_and_flash_out_of_band(demo, owner):
    headers = {"HX-Request": "true", "HX-Target": "#media-upload"}
    response = upload(owner, (png(), "htmx.png"), headers=headers)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<hx-partial hx-target="#media-list">' in html and "htmx.png" in html
    assert '<hx-partial hx-target="#flash">' in html and "1 file uploaded." in html
    assert "<html" not in html


# -- alt text, delete ------------------------------------------------------------------------
def test_alt_text_inline_with_htmx_and_422_on_bad_input(demo, owner):
    upload(owner, (png(), "x.png"))
    media = bakery_media(demo)
    token = csrf_token(owner, LIB)
    headers = {"HX-Request": "true", "HX-Target": f"#alt-{media.id}"}
    bad = owner.post(
        f"{LIB}/{media.id}/alt", data={"csrf_token": token, "alt_text": "x" * 301}, headers=headers
    )
    assert bad.status_code == 422
    assert "At most 300 characters" in bad.text and f'id="alt-{media.id}"' in bad.text
    assert "<html" not in bad.text
    good = owner.post(
        f"{LIB}/{media.id}/alt",
        data={"csrf_token": token, "alt_text": "  A  blue\nbox "},
        headers=headers,
    )
    assert good.status_code == 200 and "Saved" in good.text
    assert 'value="A blue box"' in good.text  # the saved text, cleaned, in the field
    assert bakery_media(demo).alt_text == "A blue box"
    # without JavaScript: a redirect back where the form said, and the bad input a 422 page
    plain = owner.post(
        f"{LIB}/{media.id}/alt", data={"csrf_token": token, "alt_text": "Box", "next": LIB}
    )
    assert plain.status_code == 302 and plain.headers["Location"].endswith(LIB)
    plain = owner.post(f"{LIB}/{media.id}/alt", data={"csrf_token": token, "alt_text": "y" * 400})
    assert plain.status_code == 422 and "At most 300 characters" in plain.text


def test_delete_asks_first_then_removes_row_and_files(demo, owner):
    before, rows = media_files(demo), media_count(demo)
    upload(owner, (png(), "gone.png"))
    media = bakery_media(demo)
    confirm = owner.get(f"{LIB}/{media.id}/delete")
    assert confirm.status_code == 200 and "Delete gone.png?" in confirm.text
    assert media_count(demo) == rows + 1
    token = csrf_token(owner, LIB)
    response = owner.post(f"{LIB}/{media.id}/delete", data={"csrf_token": token, "next": LIB})
    assert response.status_code == 302
    assert media_count(demo) == rows and media_files(demo) == before


def test_the_logo_cannot_be_deleted(demo, owner):
    rows = media_count(demo)
    upload(owner, (png(), "logo.png"), alt="Logo")
    media = bakery_media(demo, "logo.png")
    with demo.app_context():
        bakery = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == "bakery"))
        theme = db.session.scalar(sa.select(Theme).where(Theme.vendor_id == bakery.id))
        if theme is None:  # the demo's look made one already
            theme = Theme(platform_id=bakery.platform_id, vendor_id=bakery.id)
            db.session.add(theme)
        theme.logo_media_id = media.id
        db.session.commit()
    page = owner.get(LIB).get_data(as_text=True)
    assert 'data-used-as="logo"' in page
    confirm = owner.get(f"{LIB}/{media.id}/delete")
    assert "cannot be deleted" in confirm.text and "Yes, delete" not in confirm.text
    token = csrf_token(owner, LIB)
    response = owner.post(f"{LIB}/{media.id}/delete", data={"csrf_token": token})
    assert response.status_code == 409 and "is your logo" in response.text
    assert media_count(demo) == rows + 1
    api = owner.delete(f"{API}/{media.id}", headers={"X-CSRFToken": token})
    assert api.status_code == 409 and media_count(demo) == rows + 1


# -- who may --------------------------------------------------------------------------------
def test_view_only_staff_get_a_read_only_library(demo, login_as, owner):
    upload(owner, (png(), "shown.png"))
    media = bakery_media(demo)
    give_staff(demo, ["cms.view"])
    staff = login_as(demo.test_client(), "bakery_staff")
    page = staff.get(LIB)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "shown.png" in html and "No alt text" in html
    assert (
        'action="/vendor/bakery/content/media/upload"' not in html
        and 'data-action="delete"' not in html
    )
    assert 'name="alt_text"' not in html
    token = csrf_token(staff, LIB)
    assert upload(staff, (png(), "no.png")).status_code == 403
    assert (
        staff.post(f"{LIB}/{media.id}/alt", data={"csrf_token": token, "alt_text": "x"}).status_code
        == 403
    )
    assert staff.post(f"{LIB}/{media.id}/delete", data={"csrf_token": token}).status_code == 403
    assert staff.get(f"{LIB}/picker").status_code == 200
    give_staff(demo, [])
    assert staff.get(LIB).status_code == 403


def test_another_shops_media_is_404_on_pages_picker_and_api(demo, owner, login_as):
    upload(owner, (png(), "bakery.png"), alt="Bakery's")
    media = bakery_media(demo)
    bikes = login_as(demo.test_client(), "bikes_owner")
    token = csrf_token(bikes, "/vendor/bikes/content/media")
    base = "/vendor/bikes/content/media"
    for method, path in [
        ("GET", f"{base}/{media.id}"),
        ("POST", f"{base}/{media.id}/alt"),
        ("GET", f"{base}/{media.id}/delete"),
        ("POST", f"{base}/{media.id}/delete"),
        ("POST", f"{base}/picker/{media.id}/alt"),
        ("GET", f"/api/v1/vendor/bikes/content/media/{media.id}"),
        ("PATCH", f"/api/v1/vendor/bikes/content/media/{media.id}"),
        ("DELETE", f"/api/v1/vendor/bikes/content/media/{media.id}"),
    ]:
        response = bikes.open(
            path,
            method=method,
            data={"csrf_token": token, "alt_text": "mine"},
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 404, (method, path)
    assert "bakery.png" not in bikes.get(base).text
    assert "bakery.png" not in bikes.get(f"{base}/picker").text
    assert "bakery.png" not in bikes.get("/api/v1/vendor/bikes/content/media").text
    assert bakery_media(demo).alt_text == "Bakery's" and media_count(demo) >= 1
    # and bakery's URLs are 404 for bikes' owner, whatever the id
    assert bikes.get(LIB).status_code == 404


# -- the list --------------------------------------------------------------------------------
def test_search_filter_and_pages(demo, owner):
    upload(owner, (png(), "alpha.png"), alt="Sunny field")
    upload(owner, (PDF, "price list.pdf"))
    upload(owner, (png(), "beta.png"))
    html = owner.get(f"{LIB}?q=sunny").get_data(as_text=True)
    assert "alpha.png" in html and "beta.png" not in html
    html = owner.get(f"{LIB}?kind=pdf").get_data(as_text=True)
    assert "price list.pdf" in html and "alpha.png" not in html
    html = owner.get(f"{LIB}?alt=missing&kind=image").get_data(as_text=True)
    assert "beta.png" in html and "alpha.png" not in html
    with demo.app_context():
        bakery = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == "bakery"))
        add_rows(bakery, 60)
    first = owner.get(LIB).get_data(as_text=True)
    found = re.search(r'rel="next" href="([^"]+)"', first)
    assert found
    second = owner.get(found.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "alpha.png" in first and "filler-00059.png" in first and "filler-00030.png" not in first
    assert "filler-00030.png" in second and "alpha.png" not in second


def add_rows(vendor, count, start=0):
    """`count` library rows without files (statement counts and pages)."""
    from datetime import UTC, datetime, timedelta

    base = datetime(2020, 1, 1, tzinfo=UTC)
    db.session.execute(
        sa.insert(Media),
        [
            {
                "platform_id": vendor.platform_id,
                "vendor_id": vendor.id,
                "kind": "image",
                "key": f"cms/v{vendor.id}/fill{n:06d}/original.webp",
                "filename": f"filler-{n:05d}.png",
                "content_type": "image/webp",
                "size": 1000,
                "width": 10,
                "height": 10,
                "alt_text": f"Filler {n}",
                "created_at": base + timedelta(seconds=n),
            }
            for n in range(start, start + count)
        ],
    )
    db.session.commit()


# -- the picker ------------------------------------------------------------------------------
def test_picker_offers_images_with_alt_text_and_disables_the_others(demo, owner):
    upload(owner, (png(), "described.png"), alt="A described picture")
    upload(owner, (png(), "bare.png"))
    upload(owner, (PDF, "doc.pdf"))
    body = owner.get(
        f"{LIB}/picker", headers={"HX-Request": "true", "HX-Target": "#media-picker-body"}
    )
    assert body.status_code == 200
    html = body.get_data(as_text=True)
    assert "<html" not in html
    assert "data-media-pick data-id" in html and 'data-alt="A described picture"' in html
    assert html.count("data-needs-alt") == 1 and "Add alt text first" in html
    assert "doc.pdf" not in html
    bare = bakery_media(demo, "bare.png")
    token = csrf_token(owner, LIB)
    refused = owner.post(
        f"{LIB}/picker/{bare.id}/alt", data={"csrf_token": token, "alt_text": "  "}
    )
    assert refused.status_code == 422 and "Describe what the image shows" in refused.text
    done = owner.post(f"{LIB}/picker/{bare.id}/alt", data={"csrf_token": token, "alt_text": "Bare"})
    assert done.status_code == 200 and "data-needs-alt" not in done.text


def test_picker_upload_in_place(demo, owner):
    rows = media_count(demo)
    token = csrf_token(owner, LIB)
    data = {"csrf_token": token, "alt_text": "Fresh", "file": (io.BytesIO(png()), "fresh.png")}
    response = owner.post(f"{LIB}/picker/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert 'data-alt="Fresh"' in response.text and "is-new" in response.text
    data = {"csrf_token": token, "alt_text": "", "file": (io.BytesIO(SVG), "x.svg")}
    response = owner.post(f"{LIB}/picker/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "SVG is not accepted" in response.text
    data = {"csrf_token": token, "alt_text": "", "file": (io.BytesIO(PDF), "x.pdf")}
    response = owner.post(f"{LIB}/picker/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "Only images" in response.text
    assert media_count(demo) == rows + 1


def test_the_picker_macro_renders_in_any_form(demo, owner):
    """The framework's macro, as another module's template would call it, in bakery's
    back office: the chosen image, a select of images with alt text, the dialog's URL."""
    from flask import g, render_template_string

    upload(owner, (png(), "chosen.png"), alt="Chosen one")
    upload(owner, (png(), "plain.png"))
    chosen = bakery_media(demo, "chosen.png")
    template = (
        '{% from "macros/media.html" import media_picker %}'
        "{{ media_picker('logo_media_id', value, 'Logo') }}"
    )
    with demo.test_request_context("/vendor/bakery/content/media"):
        from flask_login import login_user

        from modules.tenancy.services.users import get_user_by_email
        from wizamart.modules.definition import FrontendType

        with demo.app_context():
            pass
        g.platform = db.session.get(Vendor, chosen.vendor_id).platform
        g.vendor = db.session.get(Vendor, chosen.vendor_id)
        g.vendor_code = "bakery"
        g.frontend = FrontendType.VENDOR
        login_user(get_user_by_email("owner@bakery.test"))
        html = render_template_string(template, value=chosen.id)
    assert f'<option value="{chosen.id}" data-thumb=' in html and " selected>" in html
    assert "plain.png" not in html  # no alt text: not offered
    assert 'data-url="/vendor/bakery/content/media/picker"' in html
    assert 'name="logo_media_id"' in html and 'alt="Chosen one"' in html


# -- the platform's library -------------------------------------------------------------------
def test_the_platform_library_in_the_admin(demo, login_as, owner):
    upload(owner, (png(), "shop-only.png"))
    admin = login_as(demo.test_client(), "admin")
    token = csrf_token(admin, "/admin/content/media")
    data = {
        "csrf_token": token,
        "alt_text": "Platform",
        "files": [(io.BytesIO(png()), "platform.png")],
    }
    response = admin.post(
        "/admin/content/media/upload", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    with demo.app_context():
        row = db.session.scalar(sa.select(Media).where(Media.filename == "platform.png"))
        assert row.vendor_id is None and row.key.startswith("cms/p")
        shop_row = db.session.scalar(sa.select(Media).where(Media.filename == "shop-only.png"))
    html = admin.get("/admin/content/media").get_data(as_text=True)
    assert "platform.png" in html and "shop-only.png" not in html
    assert admin.get(f"/admin/content/media/{shop_row.id}").status_code == 404
    assert admin.get(f"/admin/content/media/{row.id}").status_code == 200
    assert "platform.png" not in owner.get(LIB).text
    assert owner.get(f"{LIB}/{row.id}").status_code == 404
    assert owner.get("/admin/content/media").status_code == 403


# -- the JSON API ----------------------------------------------------------------------------
def api_upload(client, token, content, name, alt=""):
    data = {"alt_text": alt, "file": (io.BytesIO(content), name)}
    return client.post(
        API, data=data, content_type="multipart/form-data", headers={"X-CSRFToken": token}
    )


def test_api_lists_uploads_changes_and_deletes(demo, owner):
    token = csrf_token(owner, LIB)
    created = api_upload(owner, token, png(), "api.png", "From the API")
    assert created.status_code == 201, created.text
    item = created.get_json()
    assert item["kind"] == "image" and item["content_type"] == "image/webp"
    assert item["url"].endswith("/original.webp") and set(item["renditions"]) == {
        "thumb",
        "medium",
        "large",
    }
    assert owner.get(item["url"]).headers["Content-Type"] == "image/webp"
    assert api_upload(owner, token, PDF, "second.pdf").status_code == 201
    listed = owner.get(API).get_json()
    assert [i["filename"] for i in listed["items"]] == ["api.png", "second.pdf"]
    assert listed["items"][0]["id"] == item["id"] and listed["next_after"] is None
    first = owner.get(f"{API}?limit=1").get_json()
    assert [i["filename"] for i in first["items"]] == ["api.png"]
    rest = owner.get(f"{API}?limit=1&after={first['next_after']}").get_json()
    assert [i["filename"] for i in rest["items"]] == ["second.pdf"] and rest["next_after"] is None
    assert [i["filename"] for i in owner.get(f"{API}?q=SECOND").get_json()["items"]] == [
        "second.pdf"
    ]
    assert [i["kind"] for i in owner.get(f"{API}?kind=pdf").get_json()["items"]] == ["pdf"]
    changed = owner.patch(
        f"{API}/{item['id']}", json={"alt_text": "Renamed"}, headers={"X-CSRFToken": token}
    )
    assert changed.status_code == 200 and changed.get_json()["alt_text"] == "Renamed"
    bad = owner.patch(
        f"{API}/{item['id']}", json={"alt_text": "x" * 301}, headers={"X-CSRFToken": token}
    )
    assert bad.status_code == 422 and "alt_text" in bad.get_json()["error"]["fields"]
    assert owner.delete(f"{API}/{item['id']}", headers={"X-CSRFToken": token}).status_code == 204
    assert owner.get(f"{API}/{item['id']}").status_code == 404


def test_api_refuses_bad_uploads_with_nothing_stored(demo, owner):
    token = csrf_token(owner, LIB)
    before, rows = media_files(demo), media_count(demo)
    big = api_upload(owner, token, b"\0" * (30 * 1024 * 1024), "big.png")
    assert big.status_code == 413 and big.get_json()["error"]["code"] == "too_large"
    html_png = api_upload(owner, token, b"<html><body>hi</body></html>", "fake.png")
    assert html_png.status_code == 422 and "file" in html_png.get_json()["error"]["fields"]
    svg = api_upload(owner, token, SVG, "x.svg")
    assert svg.status_code == 422 and "SVG" in svg.get_json()["error"]["message"]
    bomb = api_upload(owner, token, huge_png_header(), "bomb.png")
    assert bomb.status_code == 422 and "too many pixels" in bomb.get_json()["error"]["message"]
    missing = owner.post(
        API,
        data={"alt_text": ""},
        content_type="multipart/form-data",
        headers={"X-CSRFToken": token},
    )
    assert missing.status_code == 422 and "file" in missing.get_json()["error"]["fields"]
    as_json = owner.post(API, json={"alt_text": ""}, headers={"X-CSRFToken": token})
    assert as_json.status_code == 415
    assert media_count(demo) == rows and media_files(demo) == before


def test_api_upload_is_described_as_multipart_in_openapi(demo):
    doc = demo.test_client().get("/api/v1/openapi.json").get_json()
    post = doc["paths"]["/api/v1/vendor/{vendor_code}/content/media"]["post"]
    schema = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert "alt_text" in schema["properties"] and "file" in schema["required"]
    assert {"413", "415", "422"} <= set(post["responses"])


# -- the demo --------------------------------------------------------------------------------
def test_demo_shops_have_a_logo_with_alt_text_and_seeding_again_adds_none(demo):
    from modules.cms.services.media_demo import demo_logo, seed, seed_logos
    from modules.cms.services.owners import Owner

    with demo.app_context():
        assert seed() == []  # CMS_DEMO_LOGOS is off in the tests
        assert seed_logos() == ["Media: demo logos for bakery, bikes, books, main, oms."]
        db.session.commit()
        for code in ("bakery", "bikes", "books"):
            vendor = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == code))
            logo = demo_logo(Owner.of_vendor(vendor), code)
            assert logo is not None and logo.alt_text and logo.kind == "image"
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Media))
        assert seed_logos() == []
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Media)) == count


def test_only_own_images_with_alt_text_can_be_chosen(demo, owner, login_as):
    from modules.cms.services.media import MediaNotChoosable, choosable_image
    from modules.cms.services.owners import Owner

    upload(owner, (png(), "with.png"), alt="Described")
    upload(owner, (png(), "without.png"))
    upload(owner, (PDF, "doc.pdf"), alt="Prices")
    with demo.app_context():
        rows = {m.filename: m for m in db.session.scalars(sa.select(Media))}
        bakery = db.session.get(Vendor, rows["with.png"].vendor_id)
        bikes = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == "bikes"))
        own, other = Owner.of_vendor(bakery), Owner.of_vendor(bikes)
        assert choosable_image(own, rows["with.png"].id).filename == "with.png"
        for owner_, media_id, message in [
            (own, rows["without.png"].id, "without.png has no alt text: add alt text first."),
            (own, rows["doc.pdf"].id, "Choose one of your images."),
            (other, rows["with.png"].id, "Choose one of your images."),
            (own, "nope", "Choose one of your images."),
        ]:
            with pytest.raises(MediaNotChoosable, match=re.escape(message)):
                choosable_image(owner_, media_id)


def test_a_media_field_without_cms_view_shows_the_chosen_image_only(demo, owner):
    """Staff who may not see the library keep what is chosen (so saving their form does
    not drop it) but get no list of the shop's images and no dialog."""
    from flask import g, render_template_string
    from flask_login import login_user

    from modules.tenancy.services.users import get_user_by_email
    from wizamart.modules.definition import FrontendType

    upload(owner, (png(), "chosen.png"), alt="Chosen")
    upload(owner, (png(), "other.png"), alt="Other")
    chosen = bakery_media(demo, "chosen.png")
    give_staff(demo, ["core.view_dashboard"])
    template = '{% from "macros/media.html" import media_picker %}{{ media_picker("m", v) }}'
    with demo.test_request_context("/vendor/bakery/"):
        vendor = db.session.get(Vendor, chosen.vendor_id)
        g.platform, g.vendor, g.vendor_code = vendor.platform, vendor, "bakery"
        g.frontend = FrontendType.VENDOR
        login_user(get_user_by_email("staff@bakery.test"))
        html = render_template_string(template, v=chosen.id)
    assert f'<option value="{chosen.id}"' in html and "Other" not in html
    assert "data-media-open" not in html and "media library" not in html
