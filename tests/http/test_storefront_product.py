"""The product page: variant choice (htmx fragment and plain GET), gallery, and stock
shown only when the inventory module is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.catalog.services.products import VariantInput
from tests import storefront_data as data
from tests.conftest import close_app, seed_demo

SHOP = "/storefront/bakery/catalog"
STAND_IN = Path(__file__).parent.parent / "fixtures" / "modsets" / "storefront"
PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#buy-box"}


def make_cake():
    cake = data.product(
        "bakery",
        "Layer cake",
        sku="CAKE-S",
        options=[("Size", ["Small", "Large"])],
        variants=[
            VariantInput(sku="CAKE-S", price="18.00", options={"Size": "Small"}),
            VariantInput(
                sku="CAKE-L", price="32.00", compare_at_price="36.00", options={"Size": "Large"}
            ),
        ],
    )
    return cake


@pytest.fixture
def shop(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        if "inventory" in demo.extensions["wizamart.registry"]:  # installed: on by default
            data.set_module("bakery", "inventory", False)
        cake = make_cake()
        ids = [v.id for v in cake.variants]
    return demo, ids


@pytest.fixture
def stocked(app, make_app):
    """An app with an `inventory` module (the real one when installed, else a stand-in)
    switched on, and a cake whose sizes have 12 and 3 in stock, a loaf with none."""
    registry = app.extensions["wizamart.registry"]
    other = None if "inventory" in registry else make_app(extra_modules_dirs=[STAND_IN])
    shop_app = other or app
    seed_demo(shop_app)
    with shop_app.app_context():
        data.set_module("bakery", "catalog", True)
        data.set_module("bakery", "inventory", True)
        cake = make_cake()
        loaf = data.product("bakery", "Sourdough loaf", sku="LOAF-1")
        # as inventory tells it: catalog's subscriber keeps its copy
        for variant, available in ((cake.variants[0], 12), (cake.variants[1], 3)):
            data.stock_changed(cake, variant, available)
        data.stock_changed(loaf, loaf.variants[0], 0)
        ids = [v.id for v in cake.variants]
    yield shop_app, ids
    if other is not None:
        close_app(other)


def test_the_first_variant_is_shown_and_a_get_parameter_picks_another(shop):
    app, (small, large) = shop
    client = app.test_client()
    html = client.get(f"{SHOP}/products/layer-cake").get_data(as_text=True)
    assert "data-sku>CAKE-S<" in html and "18.00" in html
    assert f'id="variant-{small}" value="{small}" autocomplete="off" checked' in html
    html = client.get(f"{SHOP}/products/layer-cake?variant={large}").get_data(as_text=True)
    assert "data-sku>CAKE-L<" in html and "32.00" in html and "36.00" in html
    assert f'id="variant-{large}" value="{large}" autocomplete="off" checked' in html


@pytest.mark.parametrize("junk", ["abc", "-1", "9" * 23, "0", "1e3", "%0d%0a"])
def test_a_variant_that_is_not_this_products_shows_the_first(shop, junk):
    app, _ids = shop
    response = app.test_client().get(f"{SHOP}/products/layer-cake?variant={junk}")
    assert response.status_code == 200
    assert "data-sku>CAKE-S<" in response.get_data(as_text=True)


def test_another_products_variant_id_shows_this_products_first(shop):
    app, _ids = shop
    with app.app_context():
        other = data.product("bakery", "Baguette", sku="BAG-1")
        other_variant = other.variants[0].id
    html = app.test_client().get(f"{SHOP}/products/layer-cake?variant={other_variant}")
    assert "data-sku>CAKE-S<" in html.get_data(as_text=True)


def test_htmx_gets_only_the_buy_box(shop):
    app, (_small, large) = shop
    response = app.test_client().get(f"{SHOP}/products/layer-cake?variant={large}", headers=PARTIAL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "data-sku>CAKE-L<" in html and "32.00" in html
    assert "HX-Request" in response.vary


def test_no_stock_is_shown_while_inventory_is_off(shop):
    app, _ids = shop
    html = app.test_client().get(f"{SHOP}/products/layer-cake").get_data(as_text=True)
    assert "data-availability" not in html
    html = app.test_client().get(f"{SHOP}/").get_data(as_text=True)
    assert 'name="in_stock"' not in html  # no stock filter either


def test_stock_states_with_inventory_on(stocked):
    app, (small, large) = stocked
    client = app.test_client()
    html = client.get(f"{SHOP}/products/layer-cake").get_data(as_text=True)
    assert 'data-availability="in_stock"' in html and "In stock" in html
    html = client.get(f"{SHOP}/products/layer-cake?variant={large}", headers=PARTIAL)
    assert "Only 3 left" in html.get_data(as_text=True)
    html = client.get(f"{SHOP}/products/sourdough-loaf").get_data(as_text=True)
    assert 'data-availability="out"' in html and "Out of stock" in html


def test_in_stock_filter_with_inventory_on(stocked):
    app, _ids = stocked
    client = app.test_client()
    html = client.get(f"{SHOP}/").get_data(as_text=True)
    assert "Layer cake" in html and "Sourdough loaf" in html
    html = client.get(f"{SHOP}/?in_stock=1").get_data(as_text=True)
    assert "Layer cake" in html and "Sourdough loaf" not in html
