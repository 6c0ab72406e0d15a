"""The catalog's storefront API: list with keyset cursor, search, detail; 404s and
isolation; bad input is a 422; the schemas are in the OpenAPI document."""

from __future__ import annotations

import pytest

from tests import storefront_data as data

API = "/api/v1/storefront/bakery/catalog"


@pytest.fixture
def shop(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        data.category("bakery", "Bread", "Brot")
        data.product(
            "bakery",
            "Sourdough loaf",
            sku="LOAF-1",
            price="4.50",
            texts={"de": ("Sauerteigbrot", "<p>Langsam gereift.</p>")},
        )
        data.product("bakery", "<script>alert(1)</script>", sku="XSS-1", price="2")
        data.product("bakery", "Secret", sku="DRAFT-1", status="draft")
        data.product("bikes", "Road bike", sku="BIKE-1", price="999")
        data.many_products("bakery", 60)
    return demo


def test_list_pages_with_a_cursor_through_every_active_product(shop):
    client = shop.test_client()
    seen, url = [], f"{API}/products?sort=name"
    while url:
        body = client.get(url).get_json()
        seen += [item["title"] for item in body["items"]]
        url = f"{API}/products?sort=name&after={body['next']}" if body["next"] else None
    assert len(seen) == len(set(seen)) == 62
    assert "Secret" not in seen and "Road bike" not in seen
    assert "<script>alert(1)</script>" in seen  # JSON carries the text as it is...


def test_a_script_title_is_a_json_string_never_html(shop):
    response = shop.test_client().get(f"{API}/products?sort=price_asc")
    # JSON strings carry the text as it is; a browser never reads it as HTML
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    titles = [item["title"] for item in response.get_json()["items"]]
    assert "<script>alert(1)</script>" in titles
    item = response.get_json()["items"][0]
    assert item["price"] == {"amount": "1.99", "currency": "EUR"}


def test_detail_in_german_with_variants(shop):
    body = shop.test_client().get(f"{API}/products/sourdough-loaf?lang=de").get_json()
    assert body["title"] == "Sauerteigbrot" and body["language"] == "de"
    assert body["variants"][0]["sku"] == "LOAF-1"
    assert body["variants"][0]["price"] == {"amount": "4.50", "currency": "EUR"}
    assert body["variants"][0]["availability"] is None  # inventory is off


def test_search_finds_a_german_word(shop):
    body = shop.test_client().get(f"{API}/products/search?q=sauerteig&lang=de").get_json()
    assert [item["title"] for item in body["items"]] == ["Sauerteigbrot"]


@pytest.mark.parametrize(
    "path",
    [
        f"{API}/products/secret",
        f"{API}/products/road-bike",
        "/api/v1/storefront/bikes/catalog/products/sourdough-loaf",
        f"{API}/products?category=nowhere",
    ],
)
def test_not_found(shop, path):
    response = shop.test_client().get(path)
    assert response.status_code == 404 and response.mimetype == "application/json"


@pytest.mark.parametrize(
    "query",
    [
        "sort=random",
        "min_price=-1",
        "min_price=abc",
        "min_price=NaN",
        f"min_price={'9' * 23}",
        "unknown=1",
        "in_stock=maybe",
        f"after={'a' * 700}",
    ],
)
def test_bad_list_input_is_a_422(shop, query):
    response = shop.test_client().get(f"{API}/products?{query}")
    assert response.status_code == 422, query
    assert response.get_json()["error"]["fields"]


def test_bad_search_input_is_a_422(shop):
    client = shop.test_client()
    assert client.get(f"{API}/products/search").status_code == 422
    assert client.get(f"{API}/products/search?q=" + "x" * 201).status_code == 422
    assert client.get(f"{API}/products/search?q=x&page=0").status_code == 422


def test_api_answers_are_cacheable_and_set_no_cookie(shop):
    response = shop.test_client().get(f"{API}/products")
    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert response.headers["ETag"] and response.headers.getlist("Set-Cookie") == []


def test_the_openapi_document_describes_the_storefront_api(shop):
    spec = shop.test_client().get("/api/v1/openapi.json").get_json()
    paths = [p for p in spec["paths"] if p.startswith("/api/v1/storefront/")]
    assert any(p.endswith("/catalog/products") for p in paths)
    assert any(p.endswith("/catalog/products/search") for p in paths)
    schemas = spec["components"]["schemas"]
    assert {"ProductList", "ProductDetail", "SearchResults"} <= set(schemas)
