"""The cart on a shop (modules/cart): add from the product page, change, remove, with
and without htmx; the header's badge; bad quantities; a tampered cookie; stock; a
changed price; another shopper's or shop's line; merging at sign-in; the module off."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from modules.catalog.services.products import VariantInput
from tests import storefront_data as data
from tests.conftest import csrf_token
from wizamart.extensions import db

SHOP = "/storefront/bakery"
CART = f"{SHOP}/cart/"
ORIGIN = {"Origin": "http://localhost"}
SHOPPER = ("shopper@example.test", "demo-shopper")


def partial(target: str) -> dict:
    return {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": target, **ORIGIN}


@pytest.fixture
def shop(demo):
    """Bakery with the catalog and inventory on: a cake in two sizes (12 and 3 in
    stock), a loaf whose stock is not reported (no limit), a draft tart."""
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        data.set_module("bakery", "inventory", True)
        cake = data.product(
            "bakery",
            "Layer cake",
            sku="CAKE-S",
            options=[("Size", ["Small", "Large"])],
            variants=[
                VariantInput(sku="CAKE-S", price="18.00", options={"Size": "Small"}),
                VariantInput(sku="CAKE-L", price="32.00", options={"Size": "Large"}),
            ],
        )
        data.stock_changed(cake, cake.variants[0], 12)
        data.stock_changed(cake, cake.variants[1], 3)
        loaf = data.product("bakery", "Sourdough loaf", sku="LOAF-1", price="4.50")
        tart = data.product("bakery", "Tart", sku="TART-1", status="draft")
        ids = {
            "small": cake.variants[0].id,
            "large": cake.variants[1].id,
            "loaf": loaf.variants[0].id,
            "tart": tart.variants[0].id,
        }
    return demo, ids


def add(client, variant_id, quantity="1", headers=ORIGIN, shop="bakery", **extra):
    return client.post(
        f"/storefront/{shop}/cart/add",
        data={"variant_id": str(variant_id), "quantity": str(quantity), **extra},
        headers=headers,
    )


def rows(app, sql, **params):
    with app.app_context():
        return [dict(r) for r in db.session.execute(sa.text(sql), params).mappings()]


def lines(app):
    return rows(app, "SELECT * FROM cart_line ORDER BY id")


def badge(html: str) -> int:
    found = re.search(r'data-cart-count="(\d+)"', html)
    return int(found.group(1)) if found else 0


def form_token(client) -> str:
    return csrf_token(client, CART)


# -- adding ---------------------------------------------------------------------------------
def test_a_guest_adds_without_javascript_and_the_cart_shows_it(shop):
    app, ids = shop
    client = app.test_client()
    page = client.get(f"{SHOP}/catalog/products/layer-cake").get_data(as_text=True)
    assert 'action="/storefront/bakery/cart/add"' in page and "Add to cart" in page
    response = add(client, ids["small"], "2", next="/storefront/bakery/catalog/products/layer-cake")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/storefront/bakery/catalog/products/layer-cake")
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("cart_")]
    assert len(cookie) == 1 and "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]
    back = client.get(f"{SHOP}/catalog/products/layer-cake").get_data(as_text=True)
    assert "Added to your cart: Layer cake – Small." in back
    assert badge(back) == 2
    (line,) = lines(app)
    assert (line["variant_id"], line["quantity"]) == (ids["small"], 2)
    assert Decimal(line["unit_price_at_add"]) == Decimal("18.00")
    # the database keeps only the token's hash
    (cart,) = rows(app, "SELECT * FROM cart_cart")
    assert cart["customer_id"] is None and len(cart["token_hash"]) == 64
    assert cart["token_hash"] not in cookie[0]
    html = client.get(CART).get_data(as_text=True)
    assert "Layer cake – Small" in html and "36.00" in html
    # VAT included, per rate (standard 17 %): 36.00 * 17 / 117 = 5.23
    assert 'data-cart-vat="17"' in html and "5.23" in html


def test_adding_again_adds_up_and_with_htmx_the_badge_comes_out_of_band(shop):
    app, ids = shop
    client = app.test_client()
    assert add(client, ids["loaf"], "1").status_code == 302
    response = add(client, ids["loaf"], "3", headers=partial("div#cart-add-result"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Added to your cart: Sourdough loaf." in html
    assert "<html" not in html  # the block only
    assert '<hx-partial hx-target="#cart-badge">' in html
    assert badge(html.split('<hx-partial hx-target="#cart-badge">')[1]) == 4
    assert [x["quantity"] for x in lines(app)] == [4]


@pytest.mark.parametrize(
    "quantity, message",
    [
        ("0", "At least 1. To take it out of the cart, use Remove."),
        ("-1", "Enter a whole number from 1 to 999."),
        ("1000000000", "At most 999 at a time."),
        ("abc", "Enter a whole number from 1 to 999."),
        ("", "Enter a whole number from 1 to 999."),
        ("1.5", "Enter a whole number from 1 to 999."),
    ],
)
def test_bad_quantities_are_refused_and_change_nothing(shop, quantity, message):
    app, ids = shop
    client = app.test_client()
    response = add(client, ids["loaf"], quantity)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("cart_")]
    assert rows(app, "SELECT id FROM cart_cart") == []
    htmx = add(client, ids["loaf"], quantity, headers=partial("div#cart-add-result"))
    assert htmx.status_code == 422 and message in htmx.get_data(as_text=True)
    assert "<html" not in htmx.get_data(as_text=True)


def test_stock_limits_what_can_be_added(shop):
    app, ids = shop
    client = app.test_client()
    response = add(client, ids["large"], "4")
    assert response.status_code == 422
    assert "Only 3 left." in response.get_data(as_text=True)
    assert add(client, ids["large"], "2").status_code == 302
    again = add(client, ids["large"], "2")
    assert again.status_code == 422
    assert "Only 3 left, and 2 are in your cart already." in again.get_data(as_text=True)
    assert [x["quantity"] for x in lines(app)] == [2]
    # stock not reported: no limit but the maximum
    assert add(client, ids["loaf"], "999").status_code == 302
    over = add(client, ids["loaf"], "1")
    assert over.status_code == 422
    assert "At most 999 of one product: 999 are in your cart already." in over.get_data(
        as_text=True
    )


def test_unknown_draft_and_other_shops_variants_cannot_be_added(shop):
    app, ids = shop
    client = app.test_client()
    for variant in (ids["tart"], 999999, "x"):
        response = add(client, variant, "1")
        assert response.status_code == 422, variant
    assert "no longer available" in add(client, ids["tart"]).get_data(as_text=True)
    # bakery's variant in bikes' shop
    assert (
        add(
            client, ids["small"], "1", shop="bikes", headers={"Origin": "http://localhost"}
        ).status_code
        == 422
    )
    assert lines(app) == []


def test_adding_from_another_site_is_refused(shop):
    app, ids = shop
    client = app.test_client()
    for headers in ({}, {"Origin": "https://evil.example"}, {"Referer": "https://evil.example/x"}):
        response = add(client, ids["loaf"], "1", headers=headers)
        assert response.status_code == 400, headers
        assert "from the shop&#39;s own pages" in response.get_data(as_text=True)
    assert (
        add(client, ids["loaf"], "1", headers={"Referer": "http://localhost/x"}).status_code == 302
    )
    assert len(lines(app)) == 1


# -- changing and removing -------------------------------------------------------------
def test_change_and_remove_without_javascript(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["small"], "1")
    add(client, ids["loaf"], "2")
    small, loaf = lines(app)
    token = form_token(client)
    response = client.post(
        f"{CART}lines/{small['id']}", data={"quantity": "5", "csrf_token": token}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/cart/")
    html = client.get(CART).get_data(as_text=True)
    assert "Quantity changed: Layer cake – Small." in html
    assert badge(html) == 7
    response = client.post(f"{CART}lines/{loaf['id']}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    html = client.get(CART).get_data(as_text=True)
    assert "Removed from your cart: Sourdough loaf." in html and badge(html) == 5
    assert [(x["variant_id"], x["quantity"]) for x in lines(app)] == [(ids["small"], 5)]


def test_change_and_remove_with_htmx_swap_the_body_and_the_badge(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["small"], "1")
    add(client, ids["loaf"], "2")
    small, loaf = lines(app)
    token = form_token(client)
    headers = partial("div#cart-body")
    response = client.post(
        f"{CART}lines/{small['id']}", data={"quantity": "3", "csrf_token": token}, headers=headers
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and "data-cart-lines" in html
    assert '<hx-partial hx-target="#flash">' in html and "Quantity changed" in html
    assert badge(html.split('<hx-partial hx-target="#cart-badge">')[1]) == 5
    response = client.post(
        f"{CART}lines/{loaf['id']}/remove", data={"csrf_token": token}, headers=headers
    )
    html = response.get_data(as_text=True)
    assert "Sourdough loaf" not in html.split("<hx-partial")[0]
    assert badge(html.split('<hx-partial hx-target="#cart-badge">')[1]) == 3
    small_removed = client.post(
        f"{CART}lines/{small['id']}/remove", data={"csrf_token": token}, headers=headers
    ).get_data(as_text=True)
    assert "Your cart is empty." in small_removed
    assert badge(small_removed.split('<hx-partial hx-target="#cart-badge">')[1]) == 0


@pytest.mark.parametrize("quantity", ["0", "-1", "1000000000", "abc", "4"])
def test_bad_changes_answer_422_beside_the_line_and_change_nothing(shop, quantity):
    app, ids = shop
    client = app.test_client()
    add(client, ids["large"], "2")
    (line,) = lines(app)
    token = form_token(client)
    for headers in ({}, partial("div#cart-body")):
        response = client.post(
            f"{CART}lines/{line['id']}",
            data={"quantity": quantity, "csrf_token": token},
            headers=headers,
        )
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert f'data-cart-error="quantity-{line["id"]}"' in html
    assert [x["quantity"] for x in lines(app)] == [2]


def test_changes_need_the_csrf_token(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["loaf"], "2")
    (line,) = lines(app)
    assert client.post(f"{CART}lines/{line['id']}", data={"quantity": "1"}).status_code == 400
    assert client.post(f"{CART}lines/{line['id']}/remove").status_code == 400
    assert [x["quantity"] for x in lines(app)] == [2]


def test_another_guests_or_shops_line_is_404(shop):
    app, ids = shop
    first, second = app.test_client(), app.test_client()
    add(first, ids["loaf"], "2")
    (line,) = lines(app)
    add(second, ids["small"], "1")
    token = form_token(second)
    for path in (f"{CART}lines/{line['id']}", f"{CART}lines/{line['id']}/remove"):
        assert second.post(path, data={"quantity": "1", "csrf_token": token}).status_code == 404
    bikes = "/storefront/bikes/cart/"
    bikes_token = csrf_token(first, CART)
    for path in (f"{bikes}lines/{line['id']}", f"{bikes}lines/{line['id']}/remove"):
        assert (
            first.post(path, data={"quantity": "1", "csrf_token": bikes_token}).status_code == 404
        )
    assert lines(app)[0]["quantity"] == 2


# -- the cookie ------------------------------------------------------------------------------
def test_a_tampered_cookie_opens_no_cart_and_changes_nothing(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["loaf"], "2")
    (line,) = lines(app)
    token = form_token(client)
    name = next(c.key for c in client._cookies.values() if c.key.startswith("cart_"))
    value = client.get_cookie(name).value
    client.set_cookie(name, value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    page = client.get(CART)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "We could not read your cart" in html and "Your cart is empty." in html
    client.set_cookie(name, value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    response = client.post(f"{CART}lines/{line['id']}", data={"quantity": "1", "csrf_token": token})
    assert response.status_code == 400
    assert "We could not read your cart" in response.get_data(as_text=True)
    client.set_cookie(name, "garbage")
    refused = add(client, ids["small"], "1")
    assert refused.status_code == 400
    assert "We could not read your cart" in refused.get_data(as_text=True)
    assert [(x["variant_id"], x["quantity"]) for x in lines(app)] == [(ids["loaf"], 2)]
    # the cookie is deleted: the next add starts a new cart
    assert add(client, ids["small"], "1").status_code == 302
    assert len(rows(app, "SELECT id FROM cart_cart")) == 2


def test_a_cookie_of_one_shop_opens_nothing_in_another(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["loaf"], "2")
    name = next(c.key for c in client._cookies.values() if c.key.startswith("cart_"))
    with app.app_context():
        bikes = data.vendor_id("bikes")
    client.set_cookie(f"cart_{bikes}", client.get_cookie(name).value)
    html = client.get("/storefront/bikes/cart/").get_data(as_text=True)
    assert "We could not read your cart" in html and badge(html) == 0


# -- prices and availability --------------------------------------------------------------
def set_price(app, variant_id, price):
    with app.app_context():
        db.session.execute(
            sa.text("UPDATE catalog_variant SET price = :p WHERE id = :id"),
            {"p": price, "id": variant_id},
        )
        db.session.commit()


def checkout_view(app, client):
    """What the checkout module would get for this browser's guest cart."""
    from flask import g

    from modules.cart.services import cookie
    from modules.cart.services.carts import cart_for_checkout
    from modules.tenancy.services.access import access

    name = next(c.key for c in client._cookies.values() if c.key.startswith("cart_"))
    with app.test_request_context(
        CART, headers={"Cookie": f"{name}={client.get_cookie(name).value}"}
    ):
        g.vendor = access.vendor_by_code(access.platform_by_code("main").id, "bakery")
        g.platform = access.platform_by_code("main")
        g.vendor_code = "bakery"
        token = cookie.read(g.vendor.id).token
        return cart_for_checkout(g.vendor.id, token=token)


def test_a_changed_price_is_shown_and_can_be_accepted(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["small"], "2")
    set_price(app, ids["small"], "19.50")
    html = client.get(CART).get_data(as_text=True)
    assert "Price changed from €18.00 to €19.50." in html
    assert "Accept the new prices" in html and "39.00" in html
    assert checkout_view(app, client).ready is False
    assert "The price changed from €18.00 to €19.50." in " ".join(
        checkout_view(app, client).problems
    )
    token = form_token(client)
    response = client.post(f"{CART}accept-prices", data={"csrf_token": token})
    assert response.status_code == 302
    html = client.get(CART).get_data(as_text=True)
    assert "Price changed" not in html and "Your cart shows today&#39;s prices." in html
    assert Decimal(lines(app)[0]["unit_price_at_add"]) == Decimal("19.50")
    view = checkout_view(app, client)
    assert view.ready and view.problems == []
    assert str(view.total) == "39.00 EUR" and [str(v) for _r, v in view.vat] == ["5.67 EUR"]


def test_a_product_gone_or_out_of_stock_is_shown_as_a_problem(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["large"], "3")
    add(client, ids["loaf"], "1")
    with app.app_context():
        db.session.execute(
            sa.text("UPDATE catalog_variant SET stock_available = 1 WHERE id = :id"),
            {"id": ids["large"]},
        )
        db.session.execute(
            sa.text(
                "UPDATE catalog_product SET status = 'archived' WHERE id = "
                "(SELECT product_id FROM catalog_variant WHERE id = :id)"
            ),
            {"id": ids["loaf"]},
        )
        db.session.commit()
    html = client.get(CART).get_data(as_text=True)
    assert "Only 1 left: lower the quantity." in html
    assert "data-cart-unavailable" in html and "No longer available" in html


def test_with_the_catalog_off_lines_are_unavailable_and_the_cart_kept(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["small"], "2")
    with app.app_context():
        data.set_module("bakery", "catalog", False)
    html = client.get(CART).get_data(as_text=True)
    assert "The shop's products cannot be shown right now" in html
    assert "Layer cake – Small" in html and "data-cart-unavailable" in html
    assert badge(html) == 2
    refused = add(client, ids["small"], "1")
    assert refused.status_code == 422
    assert "cannot be bought right now" in refused.get_data(as_text=True)


# -- accounts ---------------------------------------------------------------------------
def shopper_login(client):
    base = f"{SHOP}/account"
    return client.post(
        f"{base}/login",
        data={
            "email": SHOPPER[0],
            "password": SHOPPER[1],
            "csrf_token": csrf_token(client, f"{base}/login"),
        },
    )


def test_a_guest_cart_merges_into_the_accounts_at_sign_in(shop):
    app, ids = shop
    # the account already holds one small cake
    earlier = app.test_client()
    assert shopper_login(earlier).status_code == 302
    assert add(earlier, ids["small"], "1").status_code == 302
    assert not [c for c in earlier._cookies.values() if c.key.startswith("cart_")]
    guest = app.test_client()
    add(guest, ids["small"], "2")
    add(guest, ids["loaf"], "1")
    assert len(rows(app, "SELECT id FROM cart_cart")) == 2
    response = shopper_login(guest)
    assert response.status_code == 302
    assert any(
        c.startswith("cart_") and "Expires=Thu, 01 Jan 1970" in c
        for c in response.headers.getlist("Set-Cookie")
    )
    (cart,) = rows(app, "SELECT * FROM cart_cart")
    assert cart["customer_id"] is not None and cart["token_hash"] is None
    assert sorted((x["variant_id"], x["quantity"]) for x in lines(app)) == sorted(
        [(ids["small"], 3), (ids["loaf"], 1)]
    )
    assert badge(guest.get(CART).get_data(as_text=True)) == 4
    assert badge(earlier.get(CART).get_data(as_text=True)) == 4


def test_a_guest_cart_becomes_the_accounts_when_it_has_none(shop):
    app, ids = shop
    guest = app.test_client()
    add(guest, ids["loaf"], "2")
    assert shopper_login(guest).status_code == 302
    (cart,) = rows(app, "SELECT * FROM cart_cart")
    assert cart["customer_id"] is not None and cart["token_hash"] is None
    assert badge(guest.get(CART).get_data(as_text=True)) == 2
    # signing out leaves the cart with the account
    token = csrf_token(guest, f"{SHOP}/account/")
    guest.post(f"{SHOP}/account/logout", data={"csrf_token": token})
    assert badge(guest.get(CART).get_data(as_text=True)) == 0
    assert len(lines(app)) == 1


# -- the module off, caching, expiry ---------------------------------------------------------
def test_with_the_cart_off_its_urls_are_404_and_no_badge(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["loaf"], "2")
    with app.app_context():
        data.set_module("bakery", "cart", False)
    assert client.get(CART).status_code == 404
    assert add(client, ids["loaf"], "1").status_code == 404
    page = client.get(f"{SHOP}/catalog/products/layer-cake").get_data(as_text=True)
    assert 'data-module="cart"' not in page and "Add to cart" not in page
    assert len(lines(app)) == 1  # the carts stay
    with app.app_context():
        data.set_module("bakery", "cart", True)
    assert badge(client.get(CART).get_data(as_text=True)) == 2


def test_no_checkout_is_offered_without_a_checkout_module(shop):
    app, ids = shop
    client = app.test_client()
    add(client, ids["loaf"], "2")
    html = client.get(CART).get_data(as_text=True)
    assert "checkout" not in html.lower()


def test_pages_of_a_visitor_with_a_cart_are_private(shop):
    app, ids = shop
    client = app.test_client()
    product = f"{SHOP}/catalog/products/layer-cake"
    first = client.get(product)
    assert first.headers["Cache-Control"].startswith("public")
    assert "data-cart-count" not in first.get_data(as_text=True)
    add(client, ids["loaf"], "1")
    client.get(CART)  # reads the flash
    assert client.get(product).headers["Cache-Control"] == "private, no-cache"


def test_the_periodic_job_deletes_expired_carts(shop):
    from datetime import UTC, datetime, timedelta

    from modules.cart.services.carts import expire

    app, ids = shop
    old, fresh = app.test_client(), app.test_client()
    add(old, ids["loaf"], "1")
    add(fresh, ids["small"], "1")
    first, _second = rows(app, "SELECT * FROM cart_cart ORDER BY id")
    with app.app_context():
        db.session.execute(
            sa.text("UPDATE cart_cart SET expires_at = :t WHERE id = :id"),
            {"t": datetime.now(UTC) - timedelta(minutes=1), "id": first["id"]},
        )
        db.session.commit()
        assert expire() == 1
        assert expire() == 0
    assert [x["variant_id"] for x in lines(app)] == [ids["small"]]
    (kept,) = rows(app, "SELECT * FROM cart_cart")
    expires = kept["expires_at"]
    if isinstance(expires, str):
        expires = datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)
