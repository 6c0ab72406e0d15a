"""Featured products in the services: set_featured (the vendor's own rows only), saves
that do not name the flag keep it, and the shop's home reads both of its lists in the
same statements for 2 featured products or 60."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from modules.catalog.models import Product
from modules.catalog.services import products as product_service
from tests import storefront_data as data
from tests.http.test_catalog_featured import section, titles
from tests.integration.test_statement_counts import counting
from wizamart.extensions import db

HOME = "/storefront/bakery/"


@pytest.fixture
def shop(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
    return demo


def test_set_featured_changes_the_vendors_own_products_only(shop):
    with shop.app_context():
        mine = [data.product("bakery", f"Loaf {n}", sku=f"L{n}").id for n in range(3)]
        theirs = data.product("bikes", "Wheel", sku="W1").id
        bakery = data.vendor_id("bakery")
        raw = [str(mine[0]), mine[1], theirs, "9" * 23, "x", None, -1]
        assert product_service.set_featured(bakery, raw, True) == 2
        db.session.commit()
        assert product_service.set_featured(bakery, mine, True) == 1  # two already are
        db.session.commit()
        rows = db.session.scalars(sa.select(Product).order_by(Product.id)).all()
        assert {p.id: p.featured for p in rows} == {**dict.fromkeys(mine, True), theirs: False}
        assert product_service.set_featured(bakery, mine[:1], False) == 1
        db.session.commit()
        assert db.session.get(Product, mine[0]).featured is False


def test_a_save_that_does_not_name_it_keeps_the_flag(shop):
    """Updates start from `input_from_product` (the API's PATCH, the CSV import)."""
    with shop.app_context():
        product = data.product("bakery", "Loaf", sku="LOAF")
        product.featured = True
        db.session.commit()
        start = product_service.input_from_product(product)
        assert start.featured is True
        start.status = "archived"
        product_service.update_product(product, start)
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Product, product.id).featured is True


def add_featured(app, count: int, prefix: str) -> None:
    with app.app_context():
        data.many_products("bakery", count, prefix=prefix)
        db.session.execute(
            sa.update(Product).where(Product.title.like(f"{prefix} %")).values(featured=True)
        )
        data.many_products("bakery", count, prefix=f"{prefix}x")  # new, not featured
        db.session.commit()


def test_the_home_runs_the_same_statements_for_few_or_many_products(shop):
    client = shop.test_client()
    add_featured(shop, 2, "Few")
    assert client.get(HOME).status_code == 200  # warm: caches, templates
    with counting(shop) as few:
        html = client.get(HOME).text
    assert len(titles(section(html, "featured"))) == 2
    assert len(titles(section(html, "new"))) == 2  # the others
    add_featured(shop, 30, "Many")
    client.get(HOME)
    with counting(shop) as many:
        html = client.get(HOME).text
    assert titles(section(html, "featured")) == [f"Many product {n:05d}" for n in range(29, 21, -1)]
    assert len(titles(section(html, "new"))) == 8
    assert len(many) == len(few)
