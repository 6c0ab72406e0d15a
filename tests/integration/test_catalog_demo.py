"""The demo catalog (`flask demo seed`) and the bulk generator (`--products N --vendor`)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from modules.catalog.models import Category, Image, Product, ProductText, Variant
from modules.tenancy.models import Platform, Vendor
from tests.conftest import seed_demo
from wizamart.extensions import db
from wizamart.modules.service import module_service


@pytest.fixture
def demo_catalog(app):
    app.config["CATALOG_DEMO_PRODUCTS"] = True
    yield app
    app.config["CATALOG_DEMO_PRODUCTS"] = False


def shop_figures(code: str) -> dict:
    vendor_id = db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == code))

    def count(model, *where):
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(model)
            .where(model.vendor_id == vendor_id, *where)
        )

    return {
        "products": count(Product),
        "variants": count(Variant),
        "images": count(Image),
        "categories": count(Category),
        "texts": {
            language: count(ProductText, ProductText.language == language)
            for language in ("en", "de", "fr")
        },
    }


def test_demo_seed_fills_the_shops_once_and_again_changes_nothing(demo_catalog):
    seed_demo(demo_catalog)
    with demo_catalog.app_context():
        first = {code: shop_figures(code) for code in ("bakery", "bikes", "books")}
        for code in ("bakery", "bikes"):
            figures = first[code]
            assert figures["products"] >= 40
            assert figures["images"] >= 40  # a generated image each (not the starter products)
            assert figures["categories"] >= 5
            assert min(figures["texts"].values()) >= 40  # en, de, fr
        assert first["books"]["products"] >= 20
        bike = db.session.scalar(sa.select(Product).join(Variant).where(Variant.sku == "BK-101-M"))
        assert [v.options for v in bike.variants] == [
            {"Frame size": size} for size in ("S", "M", "L", "XL")
        ]
        assert bike.text("de").title.startswith("Rennrad") and bike.text("fr").title.startswith(
            "Vélo de route"
        )
        for platform_id in db.session.scalars(sa.select(Platform.id)):
            assert module_service.is_module_enabled(platform_id, "catalog")
    seed_demo(demo_catalog)
    with demo_catalog.app_context():
        again = {code: shop_figures(code) for code in ("bakery", "bikes", "books")}
    assert again == first


def test_demo_seed_switches_catalog_back_on_where_an_admin_switched_it_off(demo):
    with demo.app_context():
        main = db.session.scalar(sa.select(Platform.id).where(Platform.code == "main"))
        module_service.disable_module(main, "catalog")
        db.session.commit()
        assert not module_service.is_module_enabled(main, "catalog")
    seed_demo(demo)
    with demo.app_context():
        assert module_service.is_module_enabled(main, "catalog")


def test_the_generator_adds_n_products_with_texts_variants_and_categories(demo):
    with demo.app_context():
        start = shop_figures("bikes")
        start_skus = start["variants"]
    runner = demo.test_cli_runner()
    result = runner.invoke(args=["demo", "seed", "--products", "25", "--vendor", "bikes"])
    assert result.exit_code == 0, result.output
    assert "25 products (39 variants) generated for bikes" in result.output
    result = runner.invoke(args=["demo", "seed", "--products", "5", "--vendor", "bikes"])
    assert result.exit_code == 0, result.output
    with demo.app_context():
        figures = shop_figures("bikes")
        assert figures["products"] == start["products"] + 30
        for language in ("en", "de", "fr"):
            assert figures["texts"][language] == start["texts"][language] + 30
        assert figures["categories"] == start["categories"] + 10
        skus = list(db.session.scalars(sa.select(Variant.sku).where(Variant.sku.like("GEN%"))))
        assert len(skus) == len(set(skus)) == 39 + 9
        assert figures["variants"] == start_skus + 39 + 9
        slugs = db.session.execute(
            sa.select(ProductText.language, ProductText.slug)
            .join(Vendor)
            .where(Vendor.vendor_code == "bikes")
        ).all()
        assert len(slugs) == len(set(slugs))  # unique per vendor and language


def test_the_generator_refuses_an_unknown_vendor_or_a_half_given_option(demo):
    runner = demo.test_cli_runner()
    result = runner.invoke(args=["demo", "seed", "--products", "5", "--vendor", "nope"])
    assert result.exit_code != 0 and "No vendor with the code 'nope'" in result.output
    result = runner.invoke(args=["demo", "seed", "--products", "5"])
    assert result.exit_code != 0 and "--products and --vendor go together" in result.output
    result = runner.invoke(args=["demo", "seed", "--products", "-3", "--vendor", "bikes"])
    assert result.exit_code != 0


def test_flask_demo_seed_counts_stock_in_two_locations_which_the_catalog_shows(app):
    from modules.inventory.models import Item, Level, Location

    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "in two locations" in result.output
    with app.app_context():
        for code in ("bakery", "bikes"):
            vendor_id = db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == code))
            places = db.session.scalars(
                sa.select(Location.code).where(Location.vendor_id == vendor_id)
            ).all()
            assert sorted(places) == ["main", "warehouse"]
            on_hand = dict(
                db.session.execute(
                    sa.select(Variant.id, sa.func.sum(Level.on_hand))
                    .join(Item, Item.id == Level.item_id)
                    .join(Variant, Variant.id == Item.variant_id)
                    .where(Variant.vendor_id == vendor_id)
                    .group_by(Variant.id)
                ).all()
            )
            stock = dict(
                db.session.execute(
                    sa.select(Variant.id, Variant.stock_available).where(
                        Variant.vendor_id == vendor_id
                    )
                ).all()
            )
            assert stock == on_hand and len(stock) >= 3  # the catalog's copy of each figure
    again = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert "in two locations" not in again.output  # counted once
