"""Catalog services without HTTP: products, slugs, variants, categories, events, stock."""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal

import pytest
import sqlalchemy as sa

from modules.catalog.exceptions import ValidationFailed
from modules.catalog.models import (
    Category,
    CategoryText,
    Image,
    Option,
    Product,
    ProductText,
    SlugHistory,
    Variant,
    product_category,
)
from modules.catalog.services import categories as category_service
from modules.catalog.services import products as product_service
from modules.catalog.services.products import (
    OptionInput,
    ProductInput,
    TextInput,
    VariantInput,
)
from modules.tenancy.models import Vendor
from wizamart.events import _signals
from wizamart.extensions import db


def vendor_id(code: str) -> int:
    return db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == code))


@contextmanager
def recorded(*names):
    """Events delivered (after commit) while the block runs: [(name, payload dict)]."""
    seen = []

    def receiver(event):
        seen.append((event.name, event.payload.model_dump()))

    for name in names:
        _signals.signal(name).connect(receiver)
    try:
        yield seen
    finally:
        for name in names:
            _signals.signal(name).disconnect(receiver)


def simple(title="Sourdough loaf", sku="BREAD-1", price="4.50", **extra) -> ProductInput:
    return ProductInput(
        texts={"en": TextInput(title=title)},
        variants=[VariantInput(sku=sku, price=price, compare_at_price=extra.pop("compare", ""))],
        **extra,
    )


@pytest.fixture
def ctx(demo):
    """The demo's shops and users, without the demo's products and categories."""
    with demo.app_context():
        for model in (Image, Variant, Option, ProductText, SlugHistory, product_category,
                      Product, CategoryText, Category):  # fmt: skip
            db.session.execute(sa.delete(model))
        db.session.commit()
        yield demo


def test_a_simple_product_has_one_default_variant_and_a_slug_from_its_title(ctx):
    bakery = vendor_id("bakery")
    product = product_service.create_product(bakery, simple(title="Crème brûlée tart"))
    db.session.commit()
    assert [(v.sku, v.price, v.options) for v in product.variants] == [
        ("BREAD-1", Decimal("4.5000"), {})
    ]
    assert product.text("en").slug == "creme-brulee-tart"
    assert product.title == "Crème brûlée tart" and product.price == Decimal("4.5")


def test_slug_is_unique_per_vendor_and_stable_when_the_title_changes(ctx):
    bakery, bikes = vendor_id("bakery"), vendor_id("bikes")
    first = product_service.create_product(bakery, simple(title="Loaf", sku="A"))
    second = product_service.create_product(bakery, simple(title="Loaf", sku="B"))
    other_shop = product_service.create_product(bikes, simple(title="Loaf", sku="A"))
    db.session.commit()
    assert [first.text("en").slug, second.text("en").slug] == ["loaf", "loaf-2"]
    assert other_shop.text("en").slug == "loaf"  # another vendor: free

    data = product_service.input_from_product(first)
    data.texts["en"].title = "Big loaf"
    product_service.update_product(first, data)
    db.session.commit()
    assert first.text("en").slug == "loaf"  # stable

    data.texts["en"].slug = "big-loaf"
    product_service.update_product(first, data)
    db.session.commit()
    assert first.text("en").slug == "big-loaf"
    old = db.session.scalars(sa.select(SlugHistory.slug).where(SlugHistory.product_id == first.id))
    assert list(old) == ["loaf"]
    # The old slug still points at the first product: nobody else gets it.
    third = product_service.create_product(bakery, simple(title="Loaf", sku="C"))
    assert third.text("en").slug == "loaf-3"
    # Another product's slug (current or old) cannot be typed in.
    data2 = product_service.input_from_product(second)
    data2.texts["en"].slug = "loaf"
    with pytest.raises(ValidationFailed) as failed:
        product_service.update_product(second, data2)
    assert "slug_en" in failed.value.errors


def test_bad_input_lists_every_problem_and_writes_nothing(ctx):
    bakery = vendor_id("bakery")
    bad = ProductInput(
        texts={"en": TextInput(title="A\r\nB")},
        status="sold",
        vat_class="zero",
        category_ids=["99999999999999999999999"],
        variants=[VariantInput(sku="has space", price="-3", compare_at_price="abc")],
    )
    with pytest.raises(ValidationFailed) as failed:
        product_service.create_product(bakery, bad)
    assert set(failed.value.errors) == {
        "title_en",
        "status",
        "vat_class",
        "categories",
        "variant_sku_0",
        "variant_price_0",
        "variant_compare_0",
    }
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Product)) == 0


def test_compare_at_price_must_exceed_the_price_and_decimals_are_exact(ctx):
    bakery = vendor_id("bakery")
    with pytest.raises(ValidationFailed) as failed:
        product_service.create_product(bakery, simple(price="5.00", compare="5"))
    assert "variant_compare_0" in failed.value.errors
    with pytest.raises(ValidationFailed) as failed:
        product_service.create_product(bakery, simple(price="5.005"))
    assert "variant_price_0" in failed.value.errors
    product = product_service.create_product(bakery, simple(price="5,10", compare="6"))
    assert product.variants[0].price == Decimal("5.10")


def test_sku_is_unique_per_vendor(ctx):
    bakery, bikes = vendor_id("bakery"), vendor_id("bikes")
    product_service.create_product(bakery, simple(sku="SKU-1"))
    db.session.commit()
    with pytest.raises(ValidationFailed) as failed:
        product_service.create_product(bakery, simple(title="Other", sku="sku-1"))
    assert "variant_sku_0" in failed.value.errors
    db.session.rollback()
    product_service.create_product(bikes, simple(sku="SKU-1"))  # another shop: fine
    db.session.commit()


def test_variants_from_options_and_events_per_the_contract(ctx):
    bikes = vendor_id("bikes")
    data = ProductInput(
        texts={"en": TextInput(title="Jersey")},
        status="active",
        options=[OptionInput("Size", ["S", "M"]), OptionInput("Colour", ["Red"])],
        variants=[
            VariantInput("J-S", "30", options={"Size": "S", "Colour": "Red"}),
            VariantInput("J-M", "32", options={"Size": "M", "Colour": "Red"}),
        ],
    )
    with recorded("catalog.variant_changed", "catalog.product_changed") as seen:
        product = product_service.create_product(bikes, data)
        db.session.commit()
    changed = [p for name, p in seen if name == "catalog.variant_changed"]
    assert [(p["sku"], p["title"], p["status"]) for p in changed] == [
        ("J-S", "Jersey – S / Red", "active"),
        ("J-M", "Jersey – M / Red", "active"),
    ]
    assert ("catalog.product_changed", {"product_id": product.id}) in seen
    assert product.price == Decimal("30")

    # Drop one variant, keep the other's id: variant_deleted for the dropped one.
    kept = product.variants[1].id
    dropped = product.variants[0].id
    edit = product_service.input_from_product(product)
    edit.options[0].values = ["M"]
    edit.variants = [edit.variants[1]]
    with recorded("catalog.variant_deleted", "catalog.variant_changed") as seen:
        product_service.update_product(product, edit)
        db.session.commit()
    assert ("catalog.variant_deleted", {"product_id": product.id, "variant_id": dropped}) in seen
    assert [v.id for v in product.variants] == [kept]

    # A variant whose options do not match the product's options is refused.
    edit = product_service.input_from_product(product)
    edit.variants[0].options = {"Size": "XL", "Colour": "Red"}
    with pytest.raises(ValidationFailed):
        product_service.update_product(product, edit)


def test_stock_changed_updates_variant_and_product_sum(ctx):
    bikes = vendor_id("bikes")
    data = ProductInput(
        texts={"en": TextInput(title="Tube")},
        options=[OptionInput("Size", ["26", "28"])],
        variants=[
            VariantInput("T26", "5", options={"Size": "26"}),
            VariantInput("T28", "5", options={"Size": "28"}),
        ],
    )
    product = product_service.create_product(bikes, data)
    db.session.commit()
    a, b = product.variants
    assert product_service.apply_stock_changed(bikes, product.id, a.id, 3)
    db.session.commit()
    assert db.session.get(Product, product.id).stock_available == 3
    assert product_service.apply_stock_changed(bikes, product.id, b.id, 4)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Product, product.id).stock_available == 7
    assert db.session.get(Variant, b.id).stock_available == 4
    # Another vendor's variant id is not touched.
    assert not product_service.apply_stock_changed(vendor_id("bakery"), product.id, a.id, 99)


def test_bulk_status_and_delete(ctx):
    bakery, bikes = vendor_id("bakery"), vendor_id("bikes")
    ours = [product_service.create_product(bakery, simple(sku=f"S{i}")) for i in range(3)]
    theirs = product_service.create_product(bikes, simple(sku="X"))
    db.session.commit()
    ids = [p.id for p in ours] + [theirs.id, "junk", "99999999999999999999999"]
    assert product_service.set_status(bakery, ids, "active") == 3
    assert product_service.delete_products(bakery, ids) == 3
    db.session.commit()
    left = db.session.scalars(sa.select(Product.id)).all()
    assert left == [theirs.id] and db.session.get(Product, theirs.id).status == "draft"


def test_categories_tree_no_cycles(ctx):
    bakery = vendor_id("bakery")
    bread = category_service.save_category(bakery, {"en": "Bread"})
    rye = category_service.save_category(bakery, {"en": "Rye", "de": "Roggen"}, bread.id)
    db.session.commit()
    assert [(n.category.name, n.depth) for n in category_service.category_tree(bakery)] == [
        ("Bread", 0),
        ("Rye", 1),
    ]
    with pytest.raises(ValidationFailed) as failed:
        category_service.save_category(bakery, {"en": "Bread"}, rye.id, category=bread)
    assert "parent_id" in failed.value.errors
    other = category_service.save_category(vendor_id("bikes"), {"en": "Wheels"})
    with pytest.raises(ValidationFailed):
        category_service.save_category(bakery, {"en": "X"}, other.id)
    assert rye.text("de").slug == "roggen"


def test_find_by_slug_follows_old_slugs_and_falls_back_to_the_default_language(ctx):
    bakery = vendor_id("bakery")
    product = product_service.create_product(
        bakery,
        ProductInput(
            texts={"en": TextInput(title="Loaf"), "de": TextInput(title="Laib")},
            variants=[VariantInput(sku="L", price="1")],
        ),
    )
    db.session.commit()
    assert product_service.find_by_slug(bakery, "de", "laib") == (product, None)
    assert product_service.find_by_slug(bakery, "fr", "loaf") == (product, None)  # fallback
    assert product_service.text_for(product, "fr").title == "Loaf"
    data = product_service.input_from_product(product)
    data.texts["de"].slug = "brotlaib"
    product_service.update_product(product, data)
    db.session.commit()
    assert product_service.find_by_slug(bakery, "de", "laib") == (product, "brotlaib")
    assert product_service.find_by_slug(vendor_id("bikes"), "de", "brotlaib") == (None, None)


def test_deleting_leaves_no_rows_behind(ctx):
    """ON DELETE CASCADE does not run on SQLite: the services delete what hangs on a row."""
    from modules.catalog.models import product_category as links

    bakery = vendor_id("bakery")
    bread = category_service.save_category(bakery, {"en": "Bread"})
    product = product_service.create_product(bakery, simple(title="Loaf", category_ids=[bread.id]))
    db.session.commit()
    data = product_service.input_from_product(product)
    data.texts["en"].slug = "new-loaf"
    product_service.update_product(product, data)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SlugHistory)) == 1

    category_service.delete_category(bread)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(links)) == 0
    product_service.delete_products(bakery, [product.id])
    db.session.commit()
    for model in (Product, ProductText, Variant, SlugHistory, Option):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0, model
    # The old slug is free again.
    again = product_service.create_product(bakery, simple(title="Loaf", sku="L2"))
    assert again.text("en").slug == "loaf"


def test_an_inline_price_change_announces_the_variant(ctx):
    bakery = vendor_id("bakery")
    product = product_service.create_product(bakery, simple(title="Bun", sku="BUN"))
    db.session.commit()
    with recorded("catalog.variant_changed", "catalog.product_changed") as seen:
        product_service.set_price(product.variants[0], "0,95")
        db.session.commit()
    assert [name for name, _p in seen] == ["catalog.variant_changed", "catalog.product_changed"]
    assert seen[0][1]["sku"] == "BUN" and product.price == Decimal("0.95")
    with pytest.raises(ValidationFailed):
        product_service.set_price(product.variants[0], "-1")
