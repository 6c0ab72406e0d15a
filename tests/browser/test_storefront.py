"""A shopper in Chromium: searches a German word, opens the product, picks a size and
sees price and availability change — with JavaScript (htmx swaps the buy box) and
without (the form's GET). Screenshots of home, list, product and search, desktop and
phone.

Stock shows only with the inventory module on: this file serves an app that has one
(the real module once installed, else the stand-in in tests/fixtures/modsets/storefront)
from its own server thread, over the same test database as the shared one.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests import storefront_data as data
from tests.browser.conftest import DESKTOP, PHONE, TIMEOUT_MS, QuietRequestHandler
from tests.conftest import SHOP_MODULES, close_app
from tests.conftest import test_settings as settings_for
from wizamart import create_app

STAND_IN = Path(__file__).parent.parent / "fixtures" / "modsets" / "storefront"
SHOP = "/storefront/bakery"


@pytest.fixture(scope="module")
def stocked_server(migrated_database, _shop_app):
    dirs = [SHOP_MODULES]
    if "inventory" not in _shop_app.extensions["wizamart.registry"]:
        dirs.append(STAND_IN)
    app = create_app(settings_for(migrated_database, extra_modules_dirs=dirs))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="storefront-server", daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    close_app(app)


@pytest.fixture
def store(shop, stocked_server):
    """The demo data plus a bakery catalogue with stock: the cake's sizes 12 and 3."""
    app, url = stocked_server
    with app.app_context():
        data.set_module("bakery", "catalog", True)
        data.set_module("bakery", "inventory", True)
        made = data.showcase()
        cake = made["Layer cake"]
        data.stock_changed(cake, cake.variants[0], 12)
        data.stock_changed(cake, cake.variants[1], 3)
        for name, row in made.items():
            if name != "Layer cake":
                data.stock_changed(row, row.variants[0], 0 if name == "Baguette" else 40)
    return url


def german(browser, url, **options):
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(
        base_url=url,
        extra_http_headers={"Accept-Language": "de"},
        reduced_motion="reduce",
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def shop_for_a_layer_cake(page):
    page.goto(f"{SHOP}/")
    page.get_by_role("searchbox", name="Produkte suchen").fill("Schichttorte")
    page.get_by_role("searchbox", name="Produkte suchen").press("Enter")
    page.wait_for_url("**/catalog/search?q=Schichttorte")
    page.get_by_role("link", name="Schichttorte").click()
    page.wait_for_url("**/catalog/products/schichttorte")
    buy_box = page.locator("#buy-box")
    assert "18,00" in buy_box.inner_text() and "CAKE-S" in buy_box.inner_text()
    assert "Auf Lager" in buy_box.inner_text()
    return buy_box


def test_with_javascript_the_buy_box_follows_the_size(browser, store):
    context = german(browser, store)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    buy_box = shop_for_a_layer_cake(page)
    page.locator("#buy-box").evaluate("el => el.dataset.before = 'kept'")
    page.get_by_text("Large", exact=True).click()
    page.wait_for_function("document.querySelector('#buy-box [data-sku]').textContent === 'CAKE-L'")
    text = buy_box.inner_text()
    assert "32,00" in text and "36,00" in text and "Nur noch 3" in text
    assert page.locator("#buy-box").get_attribute("data-before") == "kept"  # swapped, not reloaded
    assert "variant=" in page.url
    assert errors == []
    context.close()


def test_without_javascript_the_form_shows_the_size(browser, store):
    context = german(browser, store, java_script_enabled=False)
    page = context.new_page()
    buy_box = shop_for_a_layer_cake(page)
    page.get_by_text("Large", exact=True).click()
    page.get_by_role("button", name="Diese Auswahl zeigen").click()
    page.wait_for_url("**/schichttorte?variant=*")
    text = buy_box.inner_text()
    assert "32,00" in text and "CAKE-L" in text and "Nur noch 3" in text
    context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots(browser, store, screenshot, size):
    context = german(browser, store, viewport=DESKTOP if size == "desktop" else PHONE)
    page = context.new_page()
    for name, path in [
        ("home", f"{SHOP}/"),
        ("list", f"{SHOP}/catalog/"),
        ("product", f"{SHOP}/catalog/products/schichttorte"),
        ("search", f"{SHOP}/catalog/search?q=brot"),
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        # every picture has its size before it loads: nothing moves when it arrives
        assert page.locator("img:not([width])").count() == 0
        heights = page.evaluate("document.body.scrollHeight")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load
        page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        page.evaluate("window.scrollTo(0, 0)")
        assert page.evaluate("document.body.scrollHeight") == heights
        print(screenshot(page, f"storefront-{name}-{size}"))
    context.close()
