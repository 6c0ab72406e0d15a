"""Inventory and catalog together, through their events only: catalog's variants fill
inventory's items, a count typed in catalog's product list becomes a "count"
adjustment whose stock_changed comes back into catalog's stock column, a deleted
variant's item is marked gone; and with inventory off, catalog works without it."""

from __future__ import annotations

import sqlalchemy as sa

from modules.catalog.models import Product, Variant
from modules.inventory.models import Adjustment, Item, Level
from modules.inventory.services import items as item_service
from modules.inventory.services import stock
from modules.tenancy.services.access import access
from tests.conftest import csrf_token
from tests.integration.test_inventory_services import USER
from wizamart.extensions import db
from wizamart.modules.service import module_service

CATALOG = "/vendor/bakery/catalog"
HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def sourdough(app):
    with app.app_context():
        return db.session.execute(
            sa.select(Product.id, Variant.id, Variant.sku)
            .join(Variant, Variant.product_id == Product.id)
            .where(Product.title == "Sourdough loaf")
        ).one()


def test_catalogs_variants_are_inventorys_items(demo):
    product_id, variant_id, sku = sourdough(demo)
    with demo.app_context():
        item = db.session.scalars(sa.select(Item).where(Item.variant_id == variant_id)).one()
        assert (item.product_id, item.sku, item.title) == (product_id, sku, "Sourdough loaf")
        vendor_ids = set(db.session.scalars(sa.select(Item.vendor_id)))
        variants = db.session.scalar(sa.select(sa.func.count(Variant.id)))
        assert db.session.scalar(sa.select(sa.func.count(Item.id))) == variants
        assert len(vendor_ids) >= 1


def test_a_count_typed_in_the_product_list_is_an_adjustment_and_comes_back(demo, login_as):
    product_id, variant_id, _sku = sourdough(demo)
    owner = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(owner, f"{CATALOG}/products")
    response = owner.post(
        f"{CATALOG}/variants/{variant_id}/stock",
        data={"csrf_token": token, "stock": "7"},
        headers=HTMX,
    )
    assert response.status_code == 200 and 'value="7"' in response.text
    with demo.app_context():
        count = db.session.scalars(sa.select(Adjustment)).one()
        assert (count.reason, count.delta, count.on_hand_after) == ("count", 7, 7)
        assert count.user_email == "owner@bakery.test"
        product = db.session.get(Product, product_id)
        assert product.stock_available == 7
        assert db.session.get(Variant, variant_id).stock_available == 7


def test_inventorys_own_changes_reach_catalogs_stock_column(demo):
    product_id, variant_id, _sku = sourdough(demo)
    with demo.app_context():
        item = db.session.scalars(sa.select(Item).where(Item.variant_id == variant_id)).one()
        main = item_service.default_location(item.vendor_id)
        stock.adjust(item, main, 12, "received", USER)
        db.session.commit()
        stock.adjust(item, main, -5, "damaged", USER)
        db.session.commit()
        assert db.session.get(Variant, variant_id).stock_available == 7


def test_a_deleted_variant_leaves_its_item_marked_gone(demo, login_as):
    product_id, variant_id, _sku = sourdough(demo)
    owner = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(owner, f"{CATALOG}/products")
    response = owner.post(
        f"{CATALOG}/products/bulk",
        data={"csrf_token": token, "bulk": "delete", "id": [str(product_id)]},
    )
    assert response.status_code in (302, 200), response.status_code
    with demo.app_context():
        item = db.session.scalars(sa.select(Item).where(Item.variant_id == variant_id)).one()
        assert item.gone_at is not None


def test_with_inventory_off_catalog_lists_products_and_has_no_stock_column(demo, login_as):
    with demo.app_context():
        module_service.disable_module(access.platform_by_code("main").id, "inventory")
    owner = login_as(demo.test_client(), "bakery_owner")
    response = owner.get(f"{CATALOG}/products")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Sourdough loaf" in html and 'name="stock"' not in html
    with demo.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Level.id))) == 0


def test_a_count_below_what_carts_hold_is_refused_and_nothing_changes(demo, login_as, caplog):
    from datetime import timedelta

    from modules.inventory.services import reservations

    product_id, variant_id, _sku = sourdough(demo)
    with demo.app_context():
        item = db.session.scalars(sa.select(Item).where(Item.variant_id == variant_id)).one()
        stock.adjust(item, item_service.default_location(item.vendor_id), 5, "received", USER)
        reservations.reserve(item.vendor_id, {item.id: 4}, "cart-1", timedelta(hours=1))
        db.session.commit()
    owner = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(owner, f"{CATALOG}/products")
    response = owner.post(
        f"{CATALOG}/variants/{variant_id}/stock",
        data={"csrf_token": token, "stock": "2"},
        headers=HTMX,
    )
    assert response.status_code < 500
    assert "refused" in caplog.text
    with demo.app_context():
        assert tuple(db.session.execute(sa.select(Level.on_hand, Level.reserved)).one()) == (5, 4)
        assert db.session.get(Variant, variant_id).stock_available == 1
