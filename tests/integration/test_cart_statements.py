"""What the cart costs in statements: nothing for a visitor without a cart, one (the
badge) on a shop page for a guest with one, and a cart page whose count does not grow
with its lines."""

from __future__ import annotations

from modules.catalog.services.products import VariantInput
from tests import storefront_data as data
from tests.integration.test_statement_counts import counting

HOME = "/storefront/bakery/"
CART = "/storefront/bakery/cart/"


def statements(app, client, path) -> list[str]:
    assert client.get(path).status_code == 200  # warm
    with counting(app) as run:
        assert client.get(path).status_code == 200
    return run


def test_a_cart_costs_one_statement_on_shop_pages_and_its_page_is_constant(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        made = [
            data.product(
                "bakery",
                f"Bun {n}",
                sku=f"BUN-{n}",
                variants=[VariantInput(sku=f"BUN-{n}", price=f"{n}.50")],
            )
            for n in range(1, 7)
        ]
        variants = [p.variants[0].id for p in made]
    visitor = demo.test_client()
    without_cart = statements(demo, visitor, HOME)
    assert not [s for s in without_cart if "cart_" in s]
    empty_cart = statements(demo, visitor, CART)
    guest = demo.test_client()

    def add(variant):
        response = guest.post(
            "/storefront/bakery/cart/add",
            data={"variant_id": str(variant), "quantity": "2"},
            headers={"Origin": "http://localhost"},
        )
        assert response.status_code == 302

    add(variants[0])
    guest.get(CART)  # the flash is read
    home = statements(demo, guest, HOME)
    assert len(home) == len(without_cart) + 1
    assert "cart_line" in " ".join(home)
    one_line = statements(demo, guest, CART)
    for variant in variants[1:]:
        add(variant)
    guest.get(CART)
    six_lines = statements(demo, guest, CART)
    assert len(six_lines) == len(one_line)
    assert len(empty_cart) < len(one_line)
