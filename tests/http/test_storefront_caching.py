"""Anonymous storefront pages can be kept by a shared cache: no cookie, public
Cache-Control, an ETag and 304; a product change makes the next answer differ; a
shopper with a session gets private answers."""

from __future__ import annotations

import pytest

from modules.catalog.services import products as product_service
from tests import storefront_data as data
from wizamart.extensions import db

SHOP = "/storefront/bakery/catalog"
PAGES = [
    "/storefront/bakery/",
    f"{SHOP}/",
    f"{SHOP}/products/sourdough-loaf",
    f"{SHOP}/search?q=sourdough",
    "/storefront/bakery/sitemap.xml",
]


@pytest.fixture
def shop(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        data.product("bakery", "Sourdough loaf", sku="LOAF-1", price="4.50")
    return demo


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_pages_are_public_with_no_cookie(shop, path):
    response = shop.test_client().get(path)
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == []
    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert {"Accept-Language", "Cookie", "HX-Request"} <= set(response.vary)


def test_etag_and_304(shop):
    client = shop.test_client()
    first = client.get(f"{SHOP}/products/sourdough-loaf")
    assert first.headers["ETag"]
    again = client.get(
        f"{SHOP}/products/sourdough-loaf", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.get_data() == b""


def test_a_product_change_makes_the_next_response_differ(shop):
    client = shop.test_client()
    before = client.get(f"{SHOP}/products/sourdough-loaf")
    listing = client.get(f"{SHOP}/")
    with shop.app_context():
        variant = db.session.scalar(db.text("SELECT id FROM catalog_variant WHERE sku='LOAF-1'"))
        from modules.catalog.models import Variant

        product_service.set_price(db.session.get(Variant, variant), "5.10")
        db.session.commit()
    after = client.get(
        f"{SHOP}/products/sourdough-loaf", headers={"If-None-Match": before.headers["ETag"]}
    )
    assert after.status_code == 200 and "5.10" in after.get_data(as_text=True)
    assert after.headers["ETag"] != before.headers["ETag"]
    relisted = client.get(f"{SHOP}/", headers={"If-None-Match": listing.headers["ETag"]})
    assert relisted.status_code == 200


def test_the_page_depends_on_the_language_it_varies_on(shop):
    client = shop.test_client()
    en = client.get(f"{SHOP}/", headers={"Accept-Language": "en"})
    de = client.get(f"{SHOP}/", headers={"Accept-Language": "de"})
    assert en.headers["ETag"] != de.headers["ETag"]


def test_a_shopper_with_a_session_gets_private_answers(shop):
    client = shop.test_client()
    client.get("/language", query_string={"language": "de", "next": "/"})
    response = client.get(f"{SHOP}/")
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["ETag"]


def test_signed_in_users_get_private_answers(shop, login_as):
    client = login_as(shop.test_client(), "bakery_owner")
    response = client.get(f"{SHOP}/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_back_office_is_not_affected(shop, login_as):
    client = login_as(shop.test_client(), "bakery_owner")
    response = client.get("/vendor/bakery/")
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers
