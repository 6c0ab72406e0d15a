"""CSV import and export of products through the vendor pages (upload -> mapping ->
report -> confirm; the streamed export)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from modules.catalog.models import Product, Variant
from modules.catalog.services import importing
from modules.catalog.services.products import ProductInput, TextInput, VariantInput, create_product
from modules.tenancy.models import Vendor
from tests.conftest import csrf_token
from wizamart.extensions import db

BASE = "/vendor/bakery/catalog/products/csv"


@pytest.fixture
def import_dir(demo, tmp_path):
    demo.config["CATALOG_IMPORT_DIR"] = str(tmp_path / "imports")
    yield tmp_path / "imports"
    demo.config.pop("CATALOG_IMPORT_DIR", None)


@pytest.fixture
def owner(demo, import_dir, login_as):
    return login_as(demo.test_client(), "bakery_owner")


@pytest.fixture
def before(demo):
    """How many products the bakery has before the test (the demo's starter products)."""
    return product_count(demo)


def vendor_id(code):
    return db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == code))


def product_count(app, code="bakery") -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Product)
            .where(Product.vendor_id == vendor_id(code))
        )


def add_product(app, code, sku, title, price="4.50"):
    with app.app_context():
        create_product(
            vendor_id(code),
            ProductInput(
                texts={"en": TextInput(title=title)},
                status="active",
                variants=[VariantInput(sku=sku, price=price)],
            ),
        )
        db.session.commit()


def upload(client, content: bytes, name="products.csv"):
    token = csrf_token(client, BASE)
    return client.post(
        f"{BASE}/import",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def mapping_form(client, location) -> dict:
    """The mapping page's chosen fields, as the form would post them."""
    html = client.get(location).get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, location)}
    for select in re.findall(r'<select[^>]*name="(column_\d+)"', html):
        block = re.search(rf'name="{select}".*?</select>', html, re.S).group(0)
        chosen = re.search(r'<option value="([^"]*)" selected', block)
        data[select] = chosen.group(1) if chosen else ""
    return data


def check(client, location, **override):
    data = mapping_form(client, location)
    data.update(override)
    return client.post(location, data=data)


def confirm(client, location):
    return client.post(f"{location}/confirm", data={"csrf_token": csrf_token(client, location)})


GOOD = (
    "handle,sku,price,compare_at_price,status,title_en,title_de,title_fr,option1_name,option1_value\n"
    "rye,RYE-1,4.20,,active,Rye bread,Roggenbrot,Pain de seigle,,\n"
    "cake,CAKE-S,12.00,15.00,active,Birthday cake,Geburtstagskuchen,Gâteau d'anniversaire,"
    "Size,Small\n"
    "cake,CAKE-L,18.50,,,,,,,Large\n"
)


def test_a_good_file_is_mapped_checked_and_imported_only_after_confirming(
    demo, owner, import_dir, before
):
    response = upload(owner, GOOD.encode())
    assert response.status_code == 303
    location = response.headers["Location"]
    page = owner.get(location).get_data(as_text=True)
    assert "Match the columns" in page and "Roggenbrot" in page  # sample values shown
    report = check(owner, location)
    assert report.status_code == 200
    text = report.get_data(as_text=True)
    assert "Every row can be imported." in text and "2 new products" in text
    assert product_count(demo) == before  # nothing written before the confirmation
    done = confirm(owner, location)
    assert done.status_code == 303
    with demo.app_context():
        cake = db.session.scalar(sa.select(Product).where(Product.title == "Birthday cake"))
        assert [(v.sku, v.price, v.compare_at_price, v.options) for v in cake.variants] == [
            ("CAKE-S", Decimal("12.00"), Decimal("15.00"), {"Size": "Small"}),
            ("CAKE-L", Decimal("18.50"), None, {"Size": "Large"}),
        ]
        assert cake.text("fr").title == "Gâteau d'anniversaire" and cake.status == "active"
    assert list(import_dir.iterdir()) == []  # the upload is gone


def test_utf8_with_bom_and_semicolons_and_german_headers_are_understood(demo, owner):
    content = "\ufeffArtikelnummer;Preis;Titel\nBRO-1;3,10;Brötchen\n".encode()
    location = upload(owner, content).headers["Location"]
    report = check(owner, location)
    assert report.status_code == 200, report.get_data(as_text=True)
    confirm(owner, location)
    with demo.app_context():
        variant = db.session.scalar(sa.select(Variant).where(Variant.sku == "BRO-1"))
        assert variant.product.title == "Brötchen" and variant.price == Decimal("3.10")


def test_a_file_that_is_not_utf8_is_refused_with_how_to_fix_it(demo, owner, import_dir):
    response = upload(owner, "sku,price,title\nA,1.00,Crème brûlée\n".encode("latin-1"))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "not in UTF-8 (line 2" in text and "CSV UTF-8" in text
    assert not import_dir.exists() or list(import_dir.iterdir()) == []


def test_a_file_without_columns_or_rows_is_refused(demo, owner):
    assert "No columns found" in upload(owner, b"just one word\n").get_data(as_text=True)
    assert "no rows" in upload(owner, b"sku,price\n").get_data(as_text=True)
    assert upload(owner, b"").status_code == 422
    wide = upload(owner, (",".join(f"c{i}" for i in range(300)) + "\n1\n").encode())
    assert wide.status_code == 413 and "more than 200 columns" in wide.get_data(as_text=True)


def test_a_missing_sku_column_is_asked_for_on_the_mapping_page(demo, owner):
    location = upload(owner, b"title,price\nBread,2.00\n").headers["Location"]
    response = check(owner, location)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Choose the column that holds the SKU" in text
    assert 'value="price" selected' in text  # the choices are kept


def test_a_50_mb_file_is_refused_with_413_and_nothing_is_kept(demo, owner, import_dir):
    big = b"sku,price,title\n" + b"A,1.00,x\n" * (50 * 1024 * 1024 // 9)
    response = upload(owner, big)
    assert response.status_code == 413
    assert "larger than 20 MB" in response.get_data(as_text=True)
    assert not import_dir.exists() or list(import_dir.iterdir()) == []


def test_bad_rows_are_reported_by_line_and_column_and_nothing_is_written(demo, owner, before):
    add_product(demo, "bakery", "OLD-1", "Old loaf")
    content = (
        "sku,price,title_en,vat_class,categories\n"
        "GOOD-1,2.00,Fine,reduced,\n"
        "BAD 1,2.00,Spaces in SKU,,\n"
        "GOOD-2,abc,Bad price,,\n"
        "GOOD-3,2.00,,,\n"
        "GOOD-1,2.00,Same SKU again,,\n"
        "GOOD-4,2.00,Unknown category,,Nope\n"
        "GOOD-5,2.00,Line\u2028break,forty,\n"
        'GOOD-6,2.00,"Two\nlines",,\n'
        "GOOD-7,-1,After the two lines,,\n"
    ).encode()
    location = upload(owner, content).headers["Location"]
    response = check(owner, location)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    rows = re.findall(r"<tr><td>(\d+)</td><td[^>]*>([^<]*)</td><td>([^<]*)</td></tr>", text)
    lines = {(int(line), column) for line, column, _message in rows}
    assert {
        (3, "sku"),
        (4, "price"),
        (5, "title_en"),
        (6, "sku"),
        (7, "categories"),
        (8, "vat_class"),
        (9, "title_en"),  # a line break inside a title: the line the row starts on
        (11, "price"),  # the row after it, numbered by its own line
    } <= lines
    assert any("also on line 2" in m for _l, _c, m in rows)
    assert "Confirm" not in text and "/confirm" not in text
    assert product_count(demo) == before + 1
    assert confirm(owner, location).status_code == 422  # a confirm anyway checks again
    assert product_count(demo) == before + 1


def test_rows_update_products_by_sku_and_another_vendors_sku_is_untouched(demo, owner):
    add_product(demo, "bakery", "LOAF-1", "Loaf", "3.00")
    add_product(demo, "bikes", "LOAF-1", "Bike loaf", "99.00")
    content = b"sku,price\nLOAF-1,3.50\n"
    location = upload(owner, content).headers["Location"]
    assert "1 product updated" in check(owner, location).get_data(as_text=True)
    confirm(owner, location)
    with demo.app_context():
        prices = dict(
            db.session.execute(
                sa.select(Vendor.vendor_code, Variant.price).join(
                    Vendor, Vendor.id == Variant.vendor_id
                )
            ).all()
        )
        assert prices == {"bakery": Decimal("3.50"), "bikes": Decimal("99.00")}
        assert (
            db.session.scalar(sa.select(Product.title).where(Product.price == Decimal("3.5")))
            == "Loaf"
        )


def test_export_streams_every_variant_neutralises_formulas_and_reads_back(demo, owner, before):
    add_product(demo, "bakery", "F-1", '=HYPERLINK("http://evil")')
    add_product(demo, "bakery", "F-2", "+Plain")
    add_product(demo, "bikes", "BIKE-1", "Not the bakery's")
    response = owner.get(f"{BASE}/export.csv?delimiter=semicolon&bom=1")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    body = response.get_data()
    assert body.startswith(importing.BOM)
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("handle;sku;price;compare_at_price")
    assert "'=HYPERLINK" in text and ";'+Plain;" in text
    assert "BIKE-1" not in text
    # The export is an import file: the same products, updated, nothing new.
    location = upload(owner, body).headers["Location"]
    report = check(owner, location).get_data(as_text=True)
    assert "0 new products" in report and f"{before + 2} products updated" in report
    confirm(owner, location)
    with demo.app_context():
        titles = set(
            db.session.scalars(
                sa.select(Product.title).where(Product.vendor_id == vendor_id("bakery"))
            )
        )
    assert {'=HYPERLINK("http://evil")', "+Plain"} <= titles and len(titles) == before + 2


def test_another_vendor_cannot_open_an_upload_and_staff_without_permission_cannot_import(
    demo, owner, login_as, before
):
    location = upload(owner, GOOD.encode()).headers["Location"]
    token = location.rsplit("/", 1)[1]
    bikes = login_as(demo.test_client(), "bikes_owner")
    assert bikes.get(f"/vendor/bikes/catalog/products/csv/import/{token}").status_code == 404
    assert bikes.get(location).status_code == 404  # not bikes' shop
    assert owner.get(f"{BASE}/import/{'x' * 30}").status_code == 404
    assert owner.get(f"{BASE}/import/{'9' * 23}").status_code == 404
    staff = login_as(demo.test_client(), "bakery_staff")
    assert staff.get(BASE).status_code == 403
    assert staff.get(f"{BASE}/export.csv").status_code == 403
    assert (
        staff.post(
            f"{BASE}/import/{token}/confirm",
            data={"csrf_token": csrf_token(staff, "/vendor/bakery/")},
        ).status_code
        == 403
    )
    assert product_count(demo) == before


def test_posts_without_a_csrf_token_are_refused(demo, owner, before):
    location = upload(owner, GOOD.encode()).headers["Location"]
    assert owner.post(f"{location}/confirm").status_code == 400
    assert (
        owner.post(
            f"{BASE}/import",
            data={"file": (io.BytesIO(GOOD.encode()), "x.csv")},
            content_type="multipart/form-data",
        ).status_code
        == 400
    )
    assert product_count(demo) == before


def test_cancel_removes_the_upload(demo, owner, import_dir):
    location = upload(owner, GOOD.encode()).headers["Location"]
    assert len(list(import_dir.iterdir())) == 2
    owner.post(f"{location}/cancel", data={"csrf_token": csrf_token(owner, location)})
    assert list(import_dir.iterdir()) == []
    assert owner.get(location).status_code == 404
