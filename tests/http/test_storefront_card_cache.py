"""Product cards are kept rendered per process (modules/catalog/routes/pages/storefront.py,
`cached_card`), keyed by everything a card shows: a change to a product's price, title,
slug, image or stock shows on the very next request, on every page that lists it, and a
cached card is byte for byte the card rendered afresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from modules.catalog.models import Image, Product, Variant
from modules.catalog.services import images as image_service
from modules.catalog.services import products as product_service
from tests import storefront_data as data
from tests.conftest import close_app, seed_demo
from wizamart.extensions import db
from wizamart.memo import LRU

SHOP = "/storefront/bakery/catalog"
STAND_IN = Path(__file__).parent.parent / "fixtures" / "modsets" / "storefront"
# every page with product cards: the list, a search, the shop's home (the catalog's hook)
PAGES = [f"{SHOP}/", f"{SHOP}/search?q=sourdough", "/storefront/bakery/"]


@pytest.fixture
def shop(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        if "inventory" in demo.extensions["wizamart.registry"]:  # installed: on by default
            data.set_module("bakery", "inventory", False)
        loaf = data.product(
            "bakery",
            "Sourdough loaf",
            sku="LOAF-1",
            price="4.50",
            texts={"de": ("Sauerteigbrot", "")},
        )
        image_service.add_image(loaf, data.picture(30, "loaf"), alt_text="A loaf")
        db.session.commit()
        data.product("bakery", "Rye roll", sku="ROLL-1", price="0.80")
    return demo


def card(html: str, title: str) -> str:
    """The card (<article>...</article>) whose link text is `title`."""
    for found in re.findall(r"<article class=\"card.*?</article>", html, re.S):
        if f">{title}</a>" in found:
            return found
    raise AssertionError(f"no card for {title!r}")


def cache(app) -> LRU:
    return app.extensions["catalog.card_cache"]


def loaf_variant() -> Variant:
    return db.session.scalar(sa.select(Variant).where(Variant.sku == "LOAF-1"))


def test_a_second_visit_reads_the_cards_from_the_cache_and_they_are_the_same(shop):
    client = shop.test_client()
    first = client.get(f"{SHOP}/").get_data()
    hits = cache(shop).hits
    assert client.get(f"{SHOP}/").get_data() == first
    assert cache(shop).hits == hits + 2  # both cards
    shop.extensions["catalog.card_cache"] = LRU(0)  # no cache: every card rendered afresh
    assert client.get(f"{SHOP}/").get_data() == first


@pytest.mark.parametrize("path", PAGES)
def test_a_price_change_shows_on_the_next_request(shop, path):
    client = shop.test_client()
    assert "€4.50" in card(client.get(path).get_data(as_text=True), "Sourdough loaf")
    with shop.app_context():
        product_service.set_price(loaf_variant(), "5.10")
        db.session.commit()
    html = card(client.get(path).get_data(as_text=True), "Sourdough loaf")
    assert "€5.10" in html and "4.50" not in html


def test_a_new_title_and_slug_show_on_the_next_request(shop):
    client = shop.test_client()
    old = card(client.get(f"{SHOP}/").get_data(as_text=True), "Sourdough loaf")
    assert f'href="{SHOP}/products/sourdough-loaf"' in old
    with shop.app_context():
        product = db.session.get(Product, loaf_variant().product_id)
        changes = product_service.input_from_product(product)
        changes.texts["en"].title = "Country loaf"
        changes.texts["en"].slug = "country-loaf"
        product_service.update_product(product, changes)
        db.session.commit()
    new = card(client.get(f"{SHOP}/").get_data(as_text=True), "Country loaf")
    assert f'href="{SHOP}/products/country-loaf"' in new and "sourdough-loaf" not in new


def test_an_image_change_shows_on_the_next_request(shop):
    client = shop.test_client()
    before = card(client.get(f"{SHOP}/").get_data(as_text=True), "Sourdough loaf")
    assert 'alt="A loaf"' in before
    with shop.app_context():
        image = db.session.scalar(sa.select(Image))
        image_service.set_alt_text(image, "A dark loaf")
        db.session.commit()
    html = card(client.get(f"{SHOP}/").get_data(as_text=True), "Sourdough loaf")
    assert 'alt="A dark loaf"' in html
    with shop.app_context():
        image_service.remove_image(db.session.scalar(sa.select(Image)))
        db.session.commit()
    html = card(client.get(f"{SHOP}/").get_data(as_text=True), "Sourdough loaf")
    assert "<img" not in html and "product-card-placeholder" in html
    with shop.app_context():
        roll = db.session.get(
            Product, db.session.scalar(sa.select(Variant).where(Variant.sku == "ROLL-1")).product_id
        )
        image_service.add_image(roll, data.picture(200, "circle"), alt_text="A roll")
        db.session.commit()
    html = card(client.get(f"{SHOP}/").get_data(as_text=True), "Rye roll")
    assert 'alt="A roll"' in html and "srcset=" in html


def test_each_language_gets_its_own_card(shop):
    client = shop.test_client()
    for _ in range(2):  # the second round from the cache
        german = client.get(f"{SHOP}/", headers={"Accept-Language": "de"}).get_data(as_text=True)
        assert "€" in card(german, "Sauerteigbrot") and "4,50" in card(german, "Sauerteigbrot")
        english = client.get(f"{SHOP}/", headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert "€4.50" in card(english, "Sourdough loaf")


def test_the_cache_keeps_at_most_its_size(shop):
    shop.extensions["catalog.card_cache"] = small = LRU(1)
    client = shop.test_client()
    first = client.get(f"{SHOP}/").get_data()
    assert len(small) == 1
    assert client.get(f"{SHOP}/").get_data() == first  # the evicted card rendered again


@pytest.fixture
def stocked(app, make_app):
    """An app with an `inventory` module (the real one when installed, else the stand-in)
    switched on, and a loaf with 12 in stock."""
    registry = app.extensions["wizamart.registry"]
    other = None if "inventory" in registry else make_app(extra_modules_dirs=[STAND_IN])
    shop_app = other or app
    seed_demo(shop_app)
    with shop_app.app_context():
        data.set_module("bakery", "catalog", True)
        data.set_module("bakery", "inventory", True)
        loaf = data.product("bakery", "Sourdough loaf", sku="LOAF-1")
        data.stock_changed(loaf, loaf.variants[0], 12)
    yield shop_app
    if other is not None:
        close_app(other)


def test_a_stock_change_shows_on_the_next_request(stocked):
    client = stocked.test_client()
    for available, state, words in (
        (12, "in_stock", "In stock"),
        (3, "low", "Only 3 left"),
        (2, "low", "Only 2 left"),
        (0, "out", "Out of stock"),
    ):
        with stocked.app_context():
            variant = loaf_variant()
            data.stock_changed(variant.product, variant, available)
        html = card(client.get(f"{SHOP}/").get_data(as_text=True), "Sourdough loaf")
        assert f'data-availability="{state}"' in html and words in html


@pytest.mark.parametrize("endpoint", ["catalog_storefront.category", "catalog_storefront.product"])
@pytest.mark.parametrize("slug", ["rye-bread", "a", "x-1-2", "Not A Slug", "über", "a/b"])
def test_slug_links_are_the_links_url_for_builds(shop, endpoint, slug):
    from flask import g, url_for

    from modules.catalog.routes.pages.storefront import slug_url

    with shop.test_request_context("/storefront/bakery/catalog/"):
        g.vendor_code = "bakery"
        assert slug_url(endpoint, slug) == url_for(endpoint, slug=slug)
        assert "/storefront/bakery/catalog/" in slug_url(endpoint, slug)


def test_category_links_on_the_list_page(shop):
    with shop.app_context():
        data.category("bakery", "Rye bread", "Roggenbrot")
    html = shop.test_client().get(f"{SHOP}/").get_data(as_text=True)
    assert f'href="{SHOP}/categories/rye-bread"' in html
    german = shop.test_client().get(f"{SHOP}/", headers={"Accept-Language": "de"})
    assert f'href="{SHOP}/categories/roggenbrot"' in german.get_data(as_text=True)
