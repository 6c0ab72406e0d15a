"""Products featured on the shop's home page, over HTTP: the form's checkbox, the list's
filter, star and bulk feature / unfeature (one confirmation, CSRF, permission, another
shop's ids), the storefront home's Featured and New sections (no product in both) and
the vendor API's field."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from modules.catalog.models import Product
from modules.catalog.services.storefront import HOME_FEATURED
from tests import storefront_data as data
from tests.conftest import csrf_token
from tests.http.test_catalog_api import session_caller
from tests.http.test_catalog_products import form_data, give_staff, post
from wizamart.extensions import db

BAKERY = "/vendor/bakery/catalog"
HOME = "/storefront/bakery/"
API = "/api/v1/vendor/bakery/catalog"


@pytest.fixture
def shop(demo):
    """The catalog on, emptied (the tests count only their own products)."""
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
    return demo


@pytest.fixture
def owner(shop, login_as):
    return login_as(shop.test_client(), "bakery_owner")


def make(app, vendor="bakery", title="Spelt bread", sku="SP-1", *, featured=False, **extra):
    with app.app_context():
        product = data.product(vendor, title, sku=sku, **extra)
        if featured:
            product.featured = True
            db.session.commit()
        return product.id


def featured(app, *ids) -> list[bool]:
    with app.app_context():
        return [db.session.get(Product, i).featured for i in ids]


def section(html: str, name: str) -> str:
    """The home page's section `data-home="<name>"` ('' when it is not there)."""
    found = re.search(rf'<section[^>]*data-home="{name}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def titles(html: str) -> list[str]:
    return re.findall(r'class="stretched-link[^"]*"[^>]*>([^<]+)</a>', html)


# -- the product form ------------------------------------------------------------------------
def test_the_checkbox_features_a_product_and_unticking_it_stops(shop, owner):
    response = post(owner, f"{BAKERY}/products/new", form_data(featured="1"))
    assert response.status_code == 302
    with shop.app_context():
        product = db.session.scalar(sa.select(Product).where(Product.title == "Spelt rolls"))
        pid = product.id
        assert product.featured is True
    page = owner.get(f"{BAKERY}/products/{pid}").text
    assert re.search(r'<input[^>]*name="featured"[^>]*checked', page)
    assert "Featured on the shop's home page" in page
    # an unticked checkbox is not sent at all
    assert post(owner, f"{BAKERY}/products/{pid}", form_data()).status_code == 302
    assert featured(shop, pid) == [False]
    page = owner.get(f"{BAKERY}/products/{pid}").text
    assert not re.search(r'<input[^>]*name="featured"[^>]*checked', page)


def test_a_refused_form_keeps_the_box_ticked_and_writes_nothing(shop, owner):
    response = post(owner, f"{BAKERY}/products/new", form_data(title="", featured="1"))
    assert response.status_code == 422
    assert re.search(r'<input[^>]*name="featured"[^>]*checked', response.text)
    with shop.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Product)) == 0


# -- the product list ------------------------------------------------------------------------
def test_the_list_stars_featured_products_and_filters_them(shop, owner):
    star = make(shop, title="Star loaf", sku="STAR", featured=True)
    make(shop, title="Plain loaf", sku="PLAIN")
    html = owner.get(f"{BAKERY}/products").text
    rows = re.findall(r"<tr[^>]*data-product=.*?</tr>", html, re.S)
    starred = [r for r in rows if "data-featured" in r]
    assert len(starred) == 1 and "Star loaf" in starred[0]
    assert '<option value="yes"' in html and "Not featured" in html
    only = owner.get(f"{BAKERY}/products?featured=yes").text
    assert "Star loaf" in only and "Plain loaf" not in only
    others = owner.get(f"{BAKERY}/products?featured=no").text
    assert "Plain loaf" in others and "Star loaf" not in others
    # an unknown value is no filter
    every = owner.get(f"{BAKERY}/products?featured=%0d%0aperhaps").text
    assert "Plain loaf" in every and "Star loaf" in every
    assert star == int(re.search(r'data-product="(\d+)"', starred[0]).group(1))


def test_bulk_feature_and_unfeature_after_the_one_confirmation(shop, owner):
    ids = [make(shop, title=f"Loaf {i}", sku=f"L{i}") for i in range(3)]
    already = make(shop, title="Already", sku="AL", featured=True)
    query = "&".join(f"id={i}" for i in [*ids[:2], already])
    confirm = owner.get(f"{BAKERY}/products?bulk=feature&{query}")
    assert confirm.status_code == 200 and "Feature 2 products on the home page?" in confirm.text
    assert "Already so, left alone: Already." in confirm.text
    assert featured(shop, *ids) == [False, False, False]  # asking writes nothing
    response = post(owner, f"{BAKERY}/products/bulk", {"bulk": "feature", "id": ids[:2]})
    assert response.status_code == 302
    assert "2 products featured on the home page." in owner.get(response.location).text
    assert featured(shop, *ids, already) == [True, True, False, True]

    confirm = owner.get(f"{BAKERY}/products?bulk=unfeature&id={ids[0]}&id={ids[2]}")
    assert "Stop featuring 1 product?" in confirm.text
    response = post(owner, f"{BAKERY}/products/bulk", {"bulk": "unfeature", "id": [ids[0]]})
    assert response.status_code == 302
    assert "1 product no longer featured." in owner.get(response.location).text
    assert featured(shop, *ids, already) == [False, True, False, True]


def test_bulk_feature_with_htmx_answers_the_list_with_its_stars(shop, owner):
    pid = make(shop, title="Rye", sku="RYE")
    token = csrf_token(owner, f"{BAKERY}/products")
    headers = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#products-list"}
    response = owner.post(
        f"{BAKERY}/products/bulk",
        data={"bulk": "feature", "id": [pid], "csrf_token": token},
        headers=headers,
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert "data-featured" in response.text and "1 product featured" in response.text


def test_bulk_feature_ignores_another_shops_ids(shop, owner):
    mine = make(shop, title="Mine", sku="MINE")
    theirs = make(shop, vendor="bikes", title="Their wheel", sku="WHEEL")
    huge = "9" * 23
    response = post(owner, f"{BAKERY}/products/bulk", {"bulk": "feature", "id": [theirs, huge]})
    assert response.status_code == 422 and "Select at least one row first." in response.text
    response = post(owner, f"{BAKERY}/products/bulk", {"bulk": "feature", "id": [mine, theirs]})
    assert response.status_code == 302
    assert featured(shop, mine, theirs) == [True, False]


def test_bulk_feature_without_the_csrf_token_changes_nothing(shop, owner):
    pid = make(shop)
    csrf_token(owner, f"{BAKERY}/products")  # a session, but no token sent
    response = owner.post(f"{BAKERY}/products/bulk", data={"bulk": "feature", "id": [pid]})
    assert response.status_code == 400
    assert featured(shop, pid) == [False]


def test_read_only_staff_see_the_star_but_cannot_feature(shop, login_as):
    pid = make(shop, title="Star loaf", sku="STAR", featured=True)
    give_staff(shop, ["catalog.view"])
    staff = login_as(shop.test_client(), "bakery_staff")
    html = staff.get(f"{BAKERY}/products").text
    assert "data-featured" in html and 'data-bulk="' not in html
    page = staff.get(f"{BAKERY}/products/{pid}").text
    assert "<fieldset disabled" in page and re.search(r'name="featured"[^>]*checked', page)
    for key in ("feature", "unfeature"):
        response = post(staff, f"{BAKERY}/products/bulk", {"bulk": key, "id": [pid]})
        assert response.status_code == 403
    response = post(staff, f"{BAKERY}/products/{pid}", form_data(title="Star loaf", sku="STAR"))
    assert response.status_code == 403
    assert featured(shop, pid) == [True]


# -- the storefront home ---------------------------------------------------------------------
def test_the_home_shows_featured_products_first_newest_first(shop):
    with shop.app_context():
        old = data.product("bakery", "Old favourite", sku="OLD")
        new = data.product("bakery", "New favourite", sku="NEW")
        data.product("bakery", "Plain roll", sku="ROLL")
        data.product("bakery", "Secret draft", sku="DRAFT", status="draft")
        data.product("bakery", "Gone tart", sku="GONE", status="archived")
        data.product("bikes", "Their bike", sku="BIKE", price="999")
        start = datetime(2026, 6, 1, tzinfo=UTC)
        for n, product in enumerate(db.session.scalars(sa.select(Product).order_by(Product.id))):
            product.created_at = start + timedelta(days=n)
            product.featured = product.title != "Plain roll"
        db.session.commit()
        assert old.id < new.id
    html = shop.test_client().get(HOME).text
    featured_html, new_html = section(html, "featured"), section(html, "new")
    assert html.index('id="home-featured"') < html.index('id="home-new"')
    assert titles(featured_html) == ["New favourite", "Old favourite"]
    assert titles(new_html) == ["Plain roll"]  # no product twice on the page
    for hidden in ("Secret draft", "Gone tart", "Their bike"):
        assert hidden not in html


def test_without_featured_products_the_home_shows_only_new(shop):
    make(shop, title="Plain roll", sku="ROLL")
    make(shop, title="Draft star", sku="DS", featured=True, status="draft")
    html = shop.test_client().get(HOME).text
    assert 'id="home-featured"' not in html and section(html, "featured") == ""
    assert titles(section(html, "new")) == ["Plain roll"]


def test_the_home_shows_the_newest_featured_ones_and_the_rest_under_new(shop):
    with shop.app_context():
        data.many_products("bakery", HOME_FEATURED + 4, prefix="Star")
        db.session.execute(sa.update(Product).values(featured=True))
        db.session.commit()
    html = shop.test_client().get(HOME).text
    newest = HOME_FEATURED + 3
    expected = [f"Star product {n:05d}" for n in range(newest, -1, -1)]
    assert titles(section(html, "featured")) == expected[:HOME_FEATURED]
    assert titles(section(html, "new")) == expected[HOME_FEATURED:]


# -- the vendor API --------------------------------------------------------------------------
@pytest.fixture
def editor(shop, login_as):
    return session_caller(shop, login_as)


def new_body(**extra):
    return {
        "texts": {"en": {"title": "API loaf"}},
        "variants": [{"sku": "API-1", "price": "3.00"}],
        **extra,
    }


def test_the_api_creates_reads_changes_and_filters_featured(shop, editor):
    response = editor.post(f"{API}/products", json=new_body(featured=True, status="active"))
    assert response.status_code == 201, response.text
    pid = response.get_json()["id"]
    assert response.get_json()["featured"] is True
    plain = editor.post(
        f"{API}/products",
        json=new_body(
            texts={"en": {"title": "Plain"}}, variants=[{"sku": "API-2", "price": "2.00"}]
        ),
    )
    assert plain.status_code == 201 and plain.get_json()["featured"] is False
    listed = editor.get(f"{API}/products?featured=true").get_json()["items"]
    assert [p["id"] for p in listed] == [pid] and listed[0]["featured"] is True
    others = editor.get(f"{API}/products?featured=false").get_json()["items"]
    assert [p["id"] for p in others] == [plain.get_json()["id"]]
    # a change naming only something else keeps it; naming it changes it
    kept = editor.patch(f"{API}/products/{pid}", json={"vat_class": "reduced"})
    assert kept.status_code == 200 and kept.get_json()["featured"] is True
    changed = editor.patch(f"{API}/products/{pid}", json={"featured": False})
    assert changed.status_code == 200 and changed.get_json()["featured"] is False
    assert featured(shop, pid) == [False]
    assert editor.get(f"{API}/products/{pid}").get_json()["featured"] is False


@pytest.mark.parametrize("value", ["yes", 1, None, [], {"on": True}])
def test_the_api_refuses_a_featured_that_is_not_true_or_false(shop, editor, value):
    pid = make(shop)
    response = editor.patch(f"{API}/products/{pid}", json={"featured": value})
    if value is None:  # null: "not sent", as for the other fields of a change
        assert response.status_code == 200 and response.get_json()["featured"] is False
        return
    assert response.status_code == 422
    assert "featured" in response.text
    response = editor.post(f"{API}/products", json=new_body(featured=value))
    assert response.status_code == 422
    with shop.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Product)) == 1


def test_the_api_list_refuses_a_featured_filter_that_is_not_a_boolean(shop, editor):
    response = editor.get(f"{API}/products?featured=maybe")
    assert response.status_code == 422 and "featured" in response.text


def test_a_read_only_caller_cannot_feature_by_api(shop, login_as):
    pid = make(shop)
    give_staff(shop, ["catalog.view"])
    staff = session_caller(shop, login_as, who="bakery_staff")
    assert staff.get(f"{API}/products/{pid}").get_json()["featured"] is False
    assert staff.patch(f"{API}/products/{pid}", json={"featured": True}).status_code == 403
    assert featured(shop, pid) == [False]
