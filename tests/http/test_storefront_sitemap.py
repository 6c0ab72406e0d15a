"""The shop's sitemap.xml and robots.txt (core serves them; the catalog adds its URLs
through the `storefront.sitemap` hook)."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from sqlalchemy import update

from modules.tenancy.models import Vendor
from tests import storefront_data as data
from wizamart import sitemap
from wizamart.extensions import db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def shop(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        data.category("bakery", "Bread")
        data.product("bakery", "Sourdough loaf", sku="LOAF-1")
        data.product("bakery", "<script>x</script> & cake", sku="XSS-1")
        data.product("bakery", "Secret", sku="DRAFT-1", status="draft")
        data.product("bikes", "Road bike", sku="BIKE-1")
    return demo


def locs(xml: bytes, tag="url") -> list[str]:
    root = ElementTree.fromstring(xml)
    return [e.text for e in root.findall(f"s:{tag}/s:loc", NS)]


def test_sitemap_lists_home_catalog_categories_and_active_products(shop):
    response = shop.test_client().get("/storefront/bakery/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    urls = locs(response.get_data())
    base = "http://localhost/storefront/bakery"
    assert urls[0] == f"{base}/"
    assert f"{base}/catalog/products/sourdough-loaf" in urls
    assert f"{base}/catalog/products/script-x-script-cake" in urls
    assert f"{base}/catalog/categories/bread" in urls
    assert not [u for u in urls if "secret" in u or "road-bike" in u]


def test_sitemap_without_the_catalog_lists_the_home_page_and_content_pages(shop):
    with shop.app_context():
        data.set_module("bakery", "catalog", False)
    urls = locs(shop.test_client().get("/storefront/bakery/sitemap.xml").get_data())
    assert urls[0] == "http://localhost/storefront/bakery/"
    assert "http://localhost/storefront/bakery/pages/about-us" in urls  # cms's source
    assert not [u for u in urls[1:] if "/pages/" not in u]


def test_over_the_limit_the_sitemap_is_an_index_of_pages(shop, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 1)
    monkeypatch.setattr("modules.core.routes.pages.storefront.MAX_URLS", 1)
    client = shop.test_client()
    index = locs(client.get("/storefront/bakery/sitemap.xml").get_data(), "sitemap")
    assert "http://localhost/storefront/bakery/sitemap-products-2.xml" in index
    pages = [locs(client.get(url.replace("http://localhost", "")).get_data()) for url in index]
    assert sorted(u for page in pages for u in page if "/products/" in u) == [
        "http://localhost/storefront/bakery/catalog/products/script-x-script-cake",
        "http://localhost/storefront/bakery/catalog/products/sourdough-loaf",
    ]
    assert client.get("/storefront/bakery/sitemap-products-3.xml").status_code == 404
    assert client.get("/storefront/bakery/sitemap-nothing-1.xml").status_code == 404
    assert client.get(f"/storefront/bakery/sitemap-products-{'9' * 23}.xml").status_code == 404


def test_robots_txt_points_at_the_sitemap(shop):
    response = shop.test_client().get("/storefront/bakery/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "Sitemap: http://localhost/storefront/bakery/sitemap.xml" in text
    assert "Disallow: /vendor/" in text


def test_a_vendors_own_domain_serves_them_at_the_root(shop):
    with shop.app_context():
        db.session.execute(
            update(Vendor).where(Vendor.vendor_code == "bakery").values(custom_domain="bakery.test")
        )
        db.session.commit()
    client = shop.test_client()
    response = client.get("/sitemap.xml", headers={"Host": "bakery.test"})
    assert response.status_code == 200
    assert "http://bakery.test/storefront/bakery/catalog/products/sourdough-loaf" in locs(
        response.get_data()
    )
    robots = client.get("/robots.txt", headers={"Host": "bakery.test"}).get_data(as_text=True)
    assert "Sitemap: http://bakery.test/storefront/bakery/sitemap.xml" in robots
