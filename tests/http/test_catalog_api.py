"""The catalog's vendor API (/api/v1/vendor/<code>/catalog): CRUD of products,
categories, variant prices and stock counts, images, with a session (+ CSRF header) or
an API token; the product form's validation as 422 with dotted field paths; another
vendor's ids are 404; permissions; escaping; the OpenAPI document; statements per page."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image as PILImage

from modules.catalog.models import Category, Image, Product, ProductText, Variant
from modules.catalog.services import images as image_service
from tests.conftest import csrf_token, main_id
from tests.http.test_api_tokens import bearer, page_token, staff_permissions
from tests.integration.test_statement_counts import counting
from wizamart.events import _signals
from wizamart.extensions import db
from wizamart.modules.service import module_service

API = "/api/v1/vendor/bakery/catalog"
BIKES_API = "/api/v1/vendor/bikes/catalog"
HUGE = "1" + "0" * 22  # 23 digits
EDIT = ("catalog.view", "catalog.edit")


class Caller:
    """A test client that sends the same headers (CSRF or bearer) with every request."""

    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def __getattr__(self, method):
        def call(path, **kwargs):
            headers = {**self.headers, **kwargs.pop("headers", {})}
            return getattr(self.client, method)(path, headers=headers, **kwargs)

        return call


def session_caller(app, login_as, who="bakery_owner", vendor="bakery"):
    client = login_as(app.test_client(), who)
    return Caller(client, {"X-CSRFToken": csrf_token(client, f"/vendor/{vendor}/")})


def token_caller(
    app, login_as, who="bakery_owner", permissions=EDIT, name="Catalog sync", vendor="bakery"
):
    """A client without cookies that sends a token made on the vendor's API tokens page."""
    client = login_as(app.test_client(), who)
    page = f"/vendor/{vendor}/api-tokens"
    data = {"csrf_token": csrf_token(client, page), "name": name, "permissions": list(permissions)}
    assert client.post(page, data=data).status_code == 302
    secret = page_token(client.get(page).get_data(as_text=True))
    return Caller(app.test_client(), bearer(secret))


@pytest.fixture(params=["session", "token"])
def editor(request, demo, login_as):
    if request.param == "session":
        return session_caller(demo, login_as)
    return token_caller(demo, login_as)


def ids(app, model, vendor="bakery", where=None):
    from modules.tenancy.models import Vendor

    with app.app_context():
        statement = (
            sa.select(model.id)
            .join(Vendor, Vendor.id == model.vendor_id)
            .where(Vendor.vendor_code == vendor)
            .order_by(model.id)
        )
        if where is not None:
            statement = statement.where(where)
        return list(db.session.scalars(statement))


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def product_body(**extra):
    body = {
        "texts": {"en": {"title": "Caraway loaf"}, "de": {"title": "Kümmelbrot"}},
        "status": "draft",
        "vat_class": "reduced",
        "variants": [{"sku": "RYE-1", "price": "4.20", "compare_at_price": "5.00"}],
    }
    body.update(extra)
    return body


def error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    return response.get_json()["error"]


# -- products ------------------------------------------------------------------------------
def test_a_product_is_created_read_changed_and_deleted(demo, editor):
    category = ids(demo, Category)[0]
    body = product_body(
        category_ids=[category],
        options=[{"name": "Size", "values": ["S", "L"]}],
        variants=[
            {"sku": "RYE-S", "price": "3.20", "options": {"Size": "S"}},
            {"sku": "RYE-L", "price": "6.10", "compare_at_price": "7.00", "options": {"Size": "L"}},
        ],
    )
    response = editor.post(f"{API}/products", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert created["title"] == "Caraway loaf" and created["price"] == "3.20"
    assert created["currency"] == "EUR" and created["vat_class"] == "reduced"
    assert created["updated_at"].endswith("Z") and created["created_at"].endswith("Z")  # UTC
    assert created["texts"]["de"]["title"] == "Kümmelbrot"
    assert created["texts"]["en"]["slug"] == "caraway-loaf"
    assert created["options"] == [{"name": "Size", "values": ["S", "L"]}]
    assert [(v["sku"], v["price"], v["compare_at_price"]) for v in created["variants"]] == [
        ("RYE-S", "3.20", None),
        ("RYE-L", "6.10", "7.00"),
    ]
    assert [c["id"] for c in created["categories"]] == [category]
    pid = created["id"]
    assert editor.get(f"{API}/products/{pid}").get_json() == created

    listed = editor.get(f"{API}/products?q=caraway&limit=200").get_json()
    assert [p["id"] for p in listed["items"]] == [pid] and listed["next_after"] is None

    # partial: only the status and the German text change; the variants keep their ids
    variant_ids = [v["id"] for v in created["variants"]]
    response = editor.patch(
        f"{API}/products/{pid}", json={"status": "active", "texts": {"de": None}}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    changed = response.get_json()
    assert changed["status"] == "active" and list(changed["texts"]) == ["en"]
    assert [v["id"] for v in changed["variants"]] == variant_ids
    assert changed["texts"]["en"] == created["texts"]["en"]
    assert changed["categories"] == created["categories"]

    # variants replace the list: the one left out is deleted, the other keeps its id
    response = editor.patch(
        f"{API}/products/{pid}",
        json={
            "options": [{"name": "Size", "values": ["L"]}],
            "variants": [
                {"id": variant_ids[1], "sku": "RYE-L", "price": "6.50", "options": {"Size": "L"}}
            ],
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert [(v["id"], v["price"]) for v in response.get_json()["variants"]] == [
        (variant_ids[1], "6.50")
    ]
    assert response.get_json()["price"] == "6.50"

    response = editor.delete(f"{API}/products/{pid}")
    assert response.status_code == 204 and response.get_data() == b""
    assert error(editor.get(f"{API}/products/{pid}"), 404)["code"] == "not_found"
    assert ids(demo, Product, where=Product.id == pid) == []
    assert ids(demo, Variant, where=Variant.product_id == pid) == []


def test_products_page_by_key_and_filter(demo, editor):
    every = ids(demo, Product)
    seen, after = [], None
    while True:
        query = "limit=2" + (f"&after={after}" if after else "")
        page = editor.get(f"{API}/products?{query}").get_json()
        seen += [p["id"] for p in page["items"]]
        after = page["next_after"]
        if after is None:
            break
    assert seen == every
    active = editor.get(f"{API}/products?status=active&limit=200").get_json()["items"]
    assert active and all(p["status"] == "active" for p in active)
    with demo.app_context():
        category = db.session.get(Category, ids(demo, Category)[0])
        in_it = {p.id for p in db.session.scalars(sa.select(Product)) if category in p.categories}
    listed = editor.get(f"{API}/products?category={category.id}&limit=200").get_json()["items"]
    assert {p["id"] for p in listed} == in_it and in_it
    bikes_category = ids(demo, Category, "bikes")[0]
    for wrong in (bikes_category, HUGE, "abc", -1):
        err = error(editor.get(f"{API}/products?category={wrong}"), 422)
        assert list(err["fields"]) == ["category"]
    assert list(error(editor.get(f"{API}/products?limit=201"), 422)["fields"]) == ["limit"]
    assert list(error(editor.get(f"{API}/products?colour=red"), 422)["fields"]) == ["colour"]


def test_status_of_many_products_at_once_ignores_other_shops_ids(demo, editor):
    mine, theirs = (
        ids(demo, Product, where=Product.status != "archived")[:2],
        ids(demo, Product, "bikes")[:1],
    )
    archived_before = set(ids(demo, Product, where=Product.status == "archived"))
    bikes_before = ids(demo, Product, "bikes", where=Product.status == "archived")
    response = editor.post(
        f"{API}/products/status", json={"ids": mine + theirs, "status": "archived"}
    )
    assert response.status_code == 200 and response.get_json() == {"changed": 2}
    assert set(ids(demo, Product, where=Product.status == "archived")) == archived_before | set(
        mine
    )
    assert ids(demo, Product, "bikes", where=Product.status == "archived") == bikes_before


BAD_PRODUCTS = [
    (
        {"variants": [{"sku": "X-1", "price": "-4.00"}]},
        "variants.0.price",
        "The amount cannot be negative.",
    ),
    (
        {"variants": [{"sku": "X-1", "price": 4.2}]},
        "variants.0.price",
        'Send amounts as strings, e.g. "12.50", not as numbers.',
    ),
    (
        {"variants": [{"sku": "X-1", "price": "4.205"}]},
        "variants.0.price",
        "Use at most 2 decimals.",
    ),
    (
        {"variants": [{"sku": "X-1", "price": "5.00", "compare_at_price": "4.00"}]},
        "variants.0.compare_at_price",
        "The compare-at price must be higher than the price.",
    ),
    ({"texts": {"en": {"title": ""}}}, "texts.en.title", "This field is required."),
    ({"texts": {"de": {"title": "Nur Deutsch"}}}, "texts.en.title", "This field is required."),
    (
        {"texts": {"en": {"title": "Two\r\nlines"}}},
        "texts.en.title",
        "Line breaks and control characters are not allowed here.",
    ),
    ({"texts": {"fr": {"title": "Pain"}}}, "texts.en.title", "This field is required."),
    ({"texts": {"xx": {"title": "?"}}}, "texts.xx.[key]", None),
    ({"category_ids": [99999999]}, "category_ids", "Pick categories from the list."),
    ({"category_ids": [int(HUGE)]}, "category_ids.0", None),
    ({"category_ids": ["abc"]}, "category_ids.0", None),
    ({"status": "gone"}, "status", None),
    ({"colour": "red"}, "colour", "Extra inputs are not permitted"),
    ({"variants": []}, "variants", None),
    ({"variants": [{"sku": "bad sku!", "price": "1.00"}]}, "variants.0.sku", None),
    ({"variants": [{"sku": "X-1", "price": "1.00", "id": int(HUGE)}]}, "variants.0.id", None),
    ({"texts": {"en": {"title": 5}}}, "texts.en.title", "Input should be a valid string"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_PRODUCTS)
def test_bad_products_are_422_with_the_field_and_nothing_is_written(
    demo, editor, change, field, message
):
    before = count(demo, Product), count(demo, Variant)
    err = error(editor.post(f"{API}/products", json=product_body(**change)), 422)
    assert err["code"] == "invalid" and field in err["fields"], err
    if message:
        assert message in err["fields"][field]
    assert (count(demo, Product), count(demo, Variant)) == before


def test_another_shops_category_and_a_taken_sku_are_refused(demo, editor):
    bikes_category = ids(demo, Category, "bikes")[0]
    err = error(
        editor.post(f"{API}/products", json=product_body(category_ids=[bikes_category])), 422
    )
    assert err["fields"] == {"category_ids": ["Pick categories from the list."]}
    with demo.app_context():
        sku = db.session.scalars(sa.select(Variant.sku).where(Variant.id == ids(demo, Variant)[0]))
        sku = sku.one()
    err = error(
        editor.post(f"{API}/products", json=product_body(variants=[{"sku": sku, "price": "1"}])),
        422,
    )
    assert err["fields"]["variants.0.sku"] == [f"Another product already has the SKU {sku}."]


def test_a_bad_change_leaves_the_product_as_it_was(demo, editor):
    pid = ids(demo, Product)[0]
    before = editor.get(f"{API}/products/{pid}").get_json()
    err = error(
        editor.patch(
            f"{API}/products/{pid}",
            json={"status": "active", "texts": {"en": {"title": ""}}},
        ),
        422,
    )
    assert list(err["fields"]) == ["texts.en.title"]
    assert "This field is required." in err["fields"]["texts.en.title"]
    assert editor.get(f"{API}/products/{pid}").get_json() == before


def test_bodies_that_are_not_json_objects_are_refused(demo, editor):
    assert error(editor.post(f"{API}/products", data="title=x"), 415)["code"]
    response = editor.post(
        f"{API}/products", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert error(response, 400)["code"] == "bad_json"
    assert error(editor.post(f"{API}/products", json=["a"]), 422)["fields"]


def test_a_script_title_comes_back_as_a_json_string(demo, editor):
    title = "<script>alert(1)</script>"
    response = editor.post(f"{API}/products", json=product_body(texts={"en": {"title": title}}))
    assert response.status_code == 201 and response.mimetype == "application/json"
    pid = response.get_json()["id"]
    for path in (f"{API}/products/{pid}", f"{API}/products?q=script"):
        response = editor.get(path)
        assert response.mimetype == "application/json"
        body = response.get_json()
        found = body if "texts" in body else body["items"][0]
        assert found["title"] == title
        assert "&lt;" not in response.get_data(as_text=True)


# -- variants --------------------------------------------------------------------------------
def test_variant_prices_change_alone_or_with_the_compare_at_price(demo, editor):
    vid = ids(demo, Variant)[0]
    response = editor.patch(f"{API}/variants/{vid}", json={"price": "2.40"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["price"] == "2.40"
    response = editor.patch(
        f"{API}/variants/{vid}", json={"price": "2.50", "compare_at_price": "3.00"}
    )
    assert (response.get_json()["price"], response.get_json()["compare_at_price"]) == (
        "2.50",
        "3.00",
    )
    err = error(editor.patch(f"{API}/variants/{vid}", json={"price": "3.10"}), 422)
    assert err["fields"] == {"price": ["The compare-at price must be higher than the price."]}
    err = error(editor.patch(f"{API}/variants/{vid}", json={"compare_at_price": "1.00"}), 422)
    assert list(err["fields"]) == ["compare_at_price"]
    err = error(editor.patch(f"{API}/variants/{vid}", json={"price": 2}), 422)
    assert list(err["fields"]) == ["price"]
    assert list(error(editor.patch(f"{API}/variants/{vid}", json={}), 422)["fields"]) == [""]
    response = editor.patch(f"{API}/variants/{vid}", json={"compare_at_price": None})
    assert response.status_code == 200 and response.get_json()["compare_at_price"] is None
    with demo.app_context():
        variant = db.session.get(Variant, vid)
        assert str(variant.price) in ("2.50", "2.5000") and variant.compare_at_price is None
        assert variant.product.price == min(v.price for v in variant.product.variants)


@pytest.fixture
def counts():
    """The payloads of catalog.stock_counted, as published."""
    seen = []

    def listen(event):
        seen.append(event.payload)

    _signals.signal("catalog.stock_counted").connect(listen)
    yield seen
    _signals.signal("catalog.stock_counted").disconnect(listen)


def test_a_stock_count_goes_through_inventory(demo, editor, counts):
    vid = ids(demo, Variant)[0]
    response = editor.post(f"{API}/variants/{vid}/stock", json={"on_hand": 7})
    # announced as the inline count does, by the team member (the token's creator)
    assert [(c.variant_id, c.on_hand, c.user_email) for c in counts] == [
        (vid, 7, "owner@bakery.test")
    ]
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {
        "variant_id": vid,
        "on_hand": 7,
        "stock_available": 7,
        "confirmed": True,
    }
    for bad in (-1, 7.5, "7", None, 10**10):
        err = error(editor.post(f"{API}/variants/{vid}/stock", json={"on_hand": bad}), 422)
        assert list(err["fields"]) == ["on_hand"]
    assert len(counts) == 1  # a refused count is not announced
    with demo.app_context():
        assert db.session.get(Variant, vid).stock_available == 7


def test_without_inventory_there_is_no_stock_count(demo, editor):
    with demo.app_context():
        module_service.disable_module(main_id(demo), "inventory")
        db.session.commit()
    vid = ids(demo, Variant)[0]
    response = editor.post(f"{API}/variants/{vid}/stock", json={"on_hand": 7})
    assert error(response, 404)["code"] == "not_found"


# -- images ----------------------------------------------------------------------------------
def png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def add_image(app, product_id) -> int:
    with app.app_context(), app.test_request_context():
        image = image_service.add_image(db.session.get(Product, product_id), png(), "A loaf")
        db.session.commit()
        return image.id


def test_images_are_listed_and_removed(demo, editor):
    pid = ids(demo, Product)[0]
    iid = add_image(demo, pid)
    listed = editor.get(f"{API}/products/{pid}/images").get_json()
    assert [(i["id"], i["alt_text"], i["width"]) for i in listed] == [(iid, "A loaf", 120)]
    assert listed[0]["url"].endswith("original.webp") and "thumb" in str(listed[0]["renditions"])
    assert editor.get(f"{API}/products/{pid}").get_json()["images"] == listed
    assert editor.delete(f"{API}/images/{iid}").status_code == 204
    assert editor.get(f"{API}/products/{pid}/images").get_json() == []
    assert count(demo, Image) == 0


# -- categories ------------------------------------------------------------------------------
def test_categories_are_created_moved_renamed_and_deleted(demo, editor):
    response = editor.post(f"{API}/categories", json={"names": {"en": "Cakes", "de": "Kuchen"}})
    assert response.status_code == 201, response.get_data(as_text=True)
    cakes = response.get_json()
    assert cakes["names"] == {"en": "Cakes", "de": "Kuchen"} and cakes["depth"] == 0
    assert cakes["slugs"]["en"] == "cakes"
    response = editor.post(
        f"{API}/categories", json={"names": {"en": "Tarts"}, "parent_id": cakes["id"]}
    )
    tarts = response.get_json()
    assert response.status_code == 201 and tarts["parent_id"] == cakes["id"] and tarts["depth"] == 1
    tree = editor.get(f"{API}/categories?limit=200").get_json()["items"]
    order = [c["id"] for c in tree]
    assert order.index(tarts["id"]) == order.index(cakes["id"]) + 1

    response = editor.patch(f"{API}/categories/{tarts['id']}", json={"names": {"en": "Pies"}})
    assert response.get_json()["names"] == {"en": "Pies"} and response.get_json()["depth"] == 1
    response = editor.patch(f"{API}/categories/{tarts['id']}", json={"parent_id": None})
    assert response.get_json()["parent_id"] is None and response.get_json()["name"] == "Pies"
    err = error(
        editor.patch(f"{API}/categories/{cakes['id']}", json={"parent_id": cakes["id"]}), 422
    )
    assert err["fields"] == {"parent_id": ["A category cannot be moved under itself."]}
    err = error(editor.patch(f"{API}/categories/{cakes['id']}", json={"names": {"en": ""}}), 422)
    assert err["fields"] == {"names.en": ["This field is required."]}
    bikes_category = ids(demo, Category, "bikes")[0]
    err = error(
        editor.post(f"{API}/categories", json={"names": {"en": "X"}, "parent_id": bikes_category}),
        422,
    )
    assert list(err["fields"]) == ["parent_id"]

    assert editor.delete(f"{API}/categories/{cakes['id']}").status_code == 204
    assert error(editor.patch(f"{API}/categories/{cakes['id']}", json={}), 404)


def test_the_category_tree_pages_by_the_last_id_seen(demo, editor):
    for n in range(5):
        editor.post(f"{API}/categories", json={"names": {"en": f"Extra {n}"}})
    whole = [c["id"] for c in editor.get(f"{API}/categories?limit=200").get_json()["items"]]
    seen, after = [], None
    while True:
        page = editor.get(f"{API}/categories?limit=3" + (f"&after={after}" if after else ""))
        page = page.get_json()
        seen += [c["id"] for c in page["items"]]
        if (after := page["next_after"]) is None:
            break
    assert seen == whole and len(whole) >= 7
    bikes_category = ids(demo, Category, "bikes")[0]
    assert error(editor.get(f"{API}/categories?after={bikes_category}"), 422)["fields"]


# -- who may do what -------------------------------------------------------------------------
def other_shops_urls(app):
    pid = ids(app, Product)[0]
    iid = add_image(app, pid)
    vid, cid = ids(app, Variant)[0], ids(app, Category)[0]
    return [
        ("get", f"/products/{pid}", None),
        ("patch", f"/products/{pid}", {"status": "archived"}),
        ("delete", f"/products/{pid}", None),
        ("get", f"/products/{pid}/images", None),
        ("delete", f"/images/{iid}", None),
        ("patch", f"/variants/{vid}", {"price": "1.00"}),
        ("post", f"/variants/{vid}/stock", {"on_hand": 1}),
        ("patch", f"/categories/{cid}", {"names": {"en": "Mine"}}),
        ("delete", f"/categories/{cid}", None),
    ]


@pytest.mark.parametrize("how", ["session", "token"])
def test_the_bikes_owner_cannot_reach_a_bakery_row_by_id(demo, login_as, how):
    urls = other_shops_urls(demo)
    if how == "session":
        bikes = session_caller(demo, login_as, "bikes_owner", "bikes")
    else:
        bikes = token_caller(demo, login_as, "bikes_owner", vendor="bikes")
    before = (count(demo, Product), count(demo, Image), count(demo, Category))
    with demo.app_context():
        titles = sorted(db.session.scalars(sa.select(ProductText.title)))
    for method, path, body in urls:
        kwargs = {"json": body} if body is not None else {}
        for base in (BIKES_API, API):  # their own URL with our id, and our URL
            response = getattr(bikes, method)(base + path, **kwargs)
            assert error(response, 404)["code"] == "not_found", (method, base + path)
        if method != "get":  # whatever the body: the same 404 as for a missing row
            response = getattr(bikes, method)(BIKES_API + path, data="not json")
            assert error(response, 404)["code"] == "not_found", (method, path)
    assert (count(demo, Product), count(demo, Image), count(demo, Category)) == before
    with demo.app_context():
        assert sorted(db.session.scalars(sa.select(ProductText.title))) == titles


@pytest.mark.parametrize(
    "path",
    [f"/products/{HUGE}", f"/products/{HUGE}/images", "/products/-1", "/products/abc"],
)
def test_huge_and_odd_ids_are_404_json(demo, editor, path):
    assert error(editor.get(API + path), 404)["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("patch", f"/products/{HUGE}"),
        ("delete", f"/images/{HUGE}"),
        ("patch", f"/variants/{HUGE}"),
        ("patch", f"/categories/{HUGE}"),
        ("delete", f"/categories/{HUGE}"),
    ],
)
def test_huge_ids_in_writes_are_404_json(demo, editor, method, path):
    assert error(getattr(editor, method)(API + path, json={}), 404)["code"] == "not_found"


def test_a_cookie_request_without_the_csrf_header_is_400_and_writes_nothing(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    before = count(demo, Product)
    assert error(client.post(f"{API}/products", json=product_body()), 400)["code"] == "csrf_failed"
    pid = ids(demo, Product)[0]
    assert error(client.delete(f"{API}/products/{pid}"), 400)["code"] == "csrf_failed"
    assert count(demo, Product) == before
    assert client.get(f"{API}/products").status_code == 200  # reads need none


def test_a_read_only_token_reads_but_cannot_write(demo, login_as):
    reader = token_caller(demo, login_as, permissions=("catalog.view",), name="Reader")
    pid, vid = ids(demo, Product)[0], ids(demo, Variant)[0]
    assert reader.get(f"{API}/products").status_code == 200
    assert reader.get(f"{API}/products/{pid}").status_code == 200
    assert reader.get(f"{API}/categories").status_code == 200
    writes = [
        ("post", "/products", product_body()),
        ("patch", f"/products/{pid}", {"status": "archived"}),
        ("delete", f"/products/{pid}", None),
        ("post", "/products/status", {"ids": [pid], "status": "archived"}),
        ("patch", f"/variants/{vid}", {"price": "1.00"}),
        ("post", "/categories", {"names": {"en": "X"}}),
    ]
    before = count(demo, Product)
    for method, path, body in writes:
        kwargs = {"json": body} if body is not None else {}
        assert error(getattr(reader, method)(API + path, **kwargs), 403)["code"] == "forbidden"
    assert count(demo, Product) == before
    assert ids(demo, Product, where=Product.status == "archived") == []
    other = token_caller(demo, login_as, permissions=("core.view_dashboard",), name="None")
    assert error(other.get(f"{API}/products"), 403)["code"] == "forbidden"


def test_staff_without_catalog_edit_get_403_on_writes(demo, login_as):
    staff_permissions(demo, ["catalog.view"])
    staff = session_caller(demo, login_as, "bakery_staff")
    assert staff.get(f"{API}/products").status_code == 200
    assert error(staff.post(f"{API}/products", json=product_body()), 403)["code"] == "forbidden"


def test_anonymous_callers_are_401(demo):
    assert error(demo.test_client().get(f"{API}/products"), 401)["code"] == "unauthorized"


# -- the document and the cost ---------------------------------------------------------------
def test_every_catalog_route_is_in_the_openapi_document_with_its_schemas(demo):
    doc = demo.test_client().get("/api/v1/openapi.json").get_json()
    prefix = "/api/v1/vendor/{vendor_code}/catalog"
    rules = {
        (method.lower(), rule.rule)
        for rule in demo.url_map.iter_rules()
        if rule.endpoint.startswith("catalog_api_vendor.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert len(rules) == 14
    paths = {path for path in doc["paths"] if path.startswith(prefix)}
    documented = {(m, p) for p in paths for m in doc["paths"][p] if m != "parameters"}
    assert len(documented) == len(rules)
    create = doc["paths"][f"{prefix}/products"]["post"]
    assert create["x-permissions"] == ["catalog.edit"]
    assert "422" in create["responses"] and "201" in create["responses"]
    listing = doc["paths"][f"{prefix}/products"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"after", "limit", "status", "q"}
    schemas = doc["components"]["schemas"]
    assert schemas["VariantIn"]["properties"]["price"]["type"] == "string"
    assert "variants" in schemas["NewProduct"]["required"]
    assert {"CatalogProduct", "CatalogCategory"} <= set(schemas)
    assert [name for name in schemas if "__" in name] == []  # no two models share a name


def seed_products(app, start: int, how_many: int) -> None:
    from modules.tenancy.models import Vendor

    with app.app_context():
        vendor_id = db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == "bakery"))
        category = db.session.get(Category, ids(app, Category)[0])
        for n in range(start, start + how_many):
            product = Product(vendor_id=vendor_id, title=f"Seeded {n}", price=1, status="active")
            product.categories = [category]
            product.variants = [Variant(vendor_id=vendor_id, sku=f"SEED-{n}", price=1)]
            db.session.add(product)
        db.session.commit()


def statements(app, caller, path) -> int:
    caller.get(path)  # warm
    with counting(app) as seen:
        response = caller.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return len(seen)


def test_statements_per_page_do_not_grow_with_the_products(demo, login_as):
    reader = token_caller(demo, login_as, permissions=("catalog.view",), name="Reader")
    category = ids(demo, Category)[0]
    paths = [
        f"{API}/products",
        f"{API}/products?status=active&q=seed",
        f"{API}/products?category={category}",
    ]
    seed_products(demo, 0, 10)
    few = [statements(demo, reader, p) for p in paths]
    seed_products(demo, 10, 490)
    assert [statements(demo, reader, p) for p in paths] == few
    assert len(reader.get(f"{API}/products").get_json()["items"]) == 50


def test_another_shops_variant_id_in_a_body_is_refused(demo, editor):
    pid = ids(demo, Product, where=Product.title == "Sourdough loaf")[0]
    before = editor.get(f"{API}/products/{pid}").get_json()
    theirs = ids(demo, Variant, "bikes")[0]
    body = {"variants": [{"id": theirs, "sku": "STOLEN-1", "price": "1.00"}]}
    err = error(editor.patch(f"{API}/products/{pid}", json=body), 422)
    assert err["fields"] == {"variants": ["A variant does not belong to this product."]}
    assert editor.get(f"{API}/products/{pid}").get_json() == before
    with demo.app_context():
        assert db.session.get(Variant, theirs).sku != "STOLEN-1"
