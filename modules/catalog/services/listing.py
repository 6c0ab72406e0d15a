"""The vendor's product list (wizamart/lists.py): search by title or SKU, filters
(status, featured, category, stock), sorts (title, price, updated, stock), keyset pages,
bulk activate / archive / feature / unfeature / delete.

Stock (column, filter, sort) exists only while the inventory module is on for the
platform: `product_list(platform_id)` picks the spec. A page costs the same number of
statements for 10 products or 100,000: the rows, their variants (selectinload) and their
first images.
"""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from flask import g
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from modules.catalog.models import (
    STATUS_LABELS,
    Product,
    ProductStatus,
    Variant,
    product_category,
)
from modules.catalog.services.categories import category_names, category_tree
from wizamart.lists import BulkAction, Column, Filter, ListSpec, contains
from wizamart.modules.service import module_service


def inventory_on(platform_id: int) -> bool:
    """Whether catalog shows stock: the inventory module is enabled on the platform."""
    return module_service.is_module_enabled(platform_id, "inventory")


def search(statement, term):
    skus = sa.select(Variant.id).where(
        Variant.product_id == Product.id, contains(term, Variant.sku)
    )
    return statement.where(sa.or_(contains(term, Product.title), skus.exists()))


def category_choices():
    vendor = g.get("vendor")
    if vendor is None:
        return []
    return list(category_names(vendor.id).items())


def in_category(statement, value):
    """Products in the category or any category below it."""
    vendor = g.get("vendor")
    wanted = int(value)
    ids = {wanted}
    for node in category_tree(vendor.id, texts=False):  # tree order: parents come first
        if node.category.parent_id in ids:
            ids.add(node.category.id)
    linked = sa.select(product_category.c.product_id).where(product_category.c.category_id.in_(ids))
    return statement.where(Product.id.in_(linked))


STOCK_FILTERS = {
    "in": lambda s: s.where(Product.stock_available > 0),
    "out": lambda s: s.where(Product.stock_available <= 0),
    "unknown": lambda s: s.where(Product.stock_available.is_(None)),
}

STATUS_FILTER = Filter(
    "status",
    _l("Status"),
    [(s.value, STATUS_LABELS[s]) for s in ProductStatus],
    lambda statement, value: statement.where(Product.status == value),
)
FEATURED_FILTER = Filter(
    "featured",
    _l("Featured"),
    [("yes", _l("Featured")), ("no", _l("Not featured"))],
    lambda statement, value: statement.where(Product.featured.is_(value == "yes")),
)
CATEGORY_FILTER = Filter(
    "category", _l("Category"), category_choices, in_category, any_label=_l("All categories")
)
STOCK_FILTER = Filter(
    "stock",
    _l("Stock"),
    [("in", _l("In stock")), ("out", _l("Out of stock")), ("unknown", _l("Not counted"))],
    lambda statement, value: STOCK_FILTERS[value](statement),
)


def bulk(key, label, title, confirm_label, confirm_text, applies, danger=False, icon=None):
    return BulkAction(
        key,
        label,
        title=title,
        confirm_label=confirm_label,
        confirm_text=confirm_text,
        permission="catalog.edit",
        applies=applies,
        danger=danger,
        icon=icon,
    )


BULK_ACTIONS = [
    bulk(
        "activate",
        _l("Activate"),
        lambda n: ngettext("Activate %(num)d product?", "Activate %(num)d products?", n),
        _l("Yes, activate"),
        _l("Shoppers can find and buy them."),
        lambda p: p.status != ProductStatus.ACTIVE,
        icon="eye",
    ),
    bulk(
        "archive",
        _l("Archive"),
        lambda n: ngettext("Archive %(num)d product?", "Archive %(num)d products?", n),
        _l("Yes, archive"),
        _l("They leave the shop; you can activate them again later."),
        lambda p: p.status != ProductStatus.ARCHIVED,
        icon="archive",
    ),
    bulk(
        "feature",
        _l("Feature"),
        lambda n: ngettext(
            "Feature %(num)d product on the home page?",
            "Feature %(num)d products on the home page?",
            n,
        ),
        _l("Yes, feature"),
        _l("The active ones show in the Featured section of the shop's home page."),
        lambda p: not p.featured,
        icon="star-fill",
    ),
    bulk(
        "unfeature",
        _l("Unfeature"),
        lambda n: ngettext(
            "Stop featuring %(num)d product?", "Stop featuring %(num)d products?", n
        ),
        _l("Yes, unfeature"),
        _l("They leave the Featured section of the home page and stay in the shop."),
        lambda p: p.featured,
        icon="star",
    ),
    bulk(
        "delete",
        _l("Delete"),
        lambda n: ngettext("Delete %(num)d product?", "Delete %(num)d products?", n),
        _l("Yes, delete"),
        _l("Their variants, texts and images are deleted for good."),
        lambda p: True,
        danger=True,
        icon="trash",
    ),
]

COLUMNS = [
    Column("image", None, class_="d-none d-sm-table-cell"),
    Column("title", _l("Product"), sort=Product.title),
    Column("status", _l("Status"), class_="d-none d-md-table-cell"),
    Column("price", _l("Price"), sort=Product.price),
    Column(
        "stock", _l("Stock"), sort=sa.func.coalesce(Product.stock_available, -1)
    ),  # NULL (not counted) sorts first
    Column("updated", _l("Updated"), sort=Product.updated_at, class_="d-none d-lg-table-cell"),
]

PRODUCTS_WITH_STOCK = ListSpec(
    name="products",
    columns=COLUMNS,
    id_column=Product.id,
    filters=[STATUS_FILTER, FEATURED_FILTER, CATEGORY_FILTER, STOCK_FILTER],
    search=search,
    search_label=_l("Search by title or SKU"),
    default_sort="-updated",
    page_sizes=(25, 50, 100),
    keyset=True,
    bulk_actions=BULK_ACTIONS,
    describe=lambda p: p.title,
    empty=_l("No products yet. Add your first one."),
    row_data=("product", "id"),
)
PRODUCTS = replace(
    PRODUCTS_WITH_STOCK,
    columns=[c for c in COLUMNS if c.key != "stock"],
    filters=[STATUS_FILTER, FEATURED_FILTER, CATEGORY_FILTER],
)


def product_list(platform_id: int) -> ListSpec:
    return PRODUCTS_WITH_STOCK if inventory_on(platform_id) else PRODUCTS


def product_rows(vendor_id: int) -> sa.Select:
    """The vendor's products with their variants (one more statement per page)."""
    return (
        sa.select(Product)
        .where(Product.vendor_id == vendor_id)
        .options(sa.orm.selectinload(Product.variants))
    )
