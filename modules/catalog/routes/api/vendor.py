"""The catalog's vendor API at /api/v1/vendor/<vendor_code>/catalog: products (list,
detail, create, change, delete, status), variants (price, stock count), images (list,
remove) and the category tree, for the vendor's team (a session with its CSRF token, or
an API token). `catalog.view` reads, `catalog.edit` writes.

The services check the data exactly as for the vendor pages; their per-field errors
come back as a 422 under the body's dotted paths (schemas/vendor_api.py). Every id in a
URL is loaded with `get_for_vendor_or_404` (another vendor's id: 404).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from modules.catalog.exceptions import ValidationFailed
from modules.catalog.models import Category, Image, Product, Variant
from modules.catalog.schemas.vendor_api import (
    CatalogCategory,
    CatalogImage,
    CatalogProduct,
    CatalogProductSummary,
    CatalogVariant,
    CategoryChange,
    NewCategory,
    NewProduct,
    ProductChange,
    ProductQuery,
    StatusChange,
    StatusChanged,
    StockCount,
    StockCounted,
    VariantChange,
    api_fields,
    product_input,
)
from modules.catalog.services import categories as category_service
from modules.catalog.services import images as image_service
from modules.catalog.services import products as product_service
from modules.catalog.services.listing import in_category, inventory_on, search
from modules.catalog.services.products import money_text
from modules.catalog.services.settings import shop_settings
from wizamart.api import Page, PageQuery, api_view, invalid, page_of
from wizamart.auth import permission_required
from wizamart.extensions import db
from wizamart.media import media_url
from wizamart.scoping import get_for_vendor_or_404

router = Blueprint("catalog_api_vendor", __name__)

#: Ids in the URLs, and what they name.
URL_IDS = {"product_id": Product, "variant_id": Variant, "image_id": Image, "category_id": Category}


@router.before_request
def ids_of_this_shop():
    """Another shop's id answers 404 before anything else is looked at (the body, the
    permission): the same answer as for an id that does not exist. Runs after the gate,
    which has found the vendor and the caller."""
    for name, value in (request.view_args or {}).items():
        if name in URL_IDS:
            get_for_vendor_or_404(URL_IDS[name], value)


load = sa.orm.selectinload


def settings():
    return shop_settings(g.vendor.id)


# -- answers ---------------------------------------------------------------------------------
def variant_out(shop, variant: Variant) -> dict:
    return {
        "id": variant.id,
        "sku": variant.sku,
        "price": money_text(shop, variant.price),
        "compare_at_price": money_text(shop, variant.compare_at_price) or None,
        "options": {str(k): str(v) for k, v in (variant.options or {}).items()},
        "stock_available": variant.stock_available,
    }


def summary_out(shop, product: Product) -> dict:
    return {
        "id": product.id,
        "title": product.title,
        "status": product.status,
        "vat_class": product.vat_class,
        "featured": product.featured,
        "price": money_text(shop, product.price),
        "currency": shop.currency,
        "stock_available": product.stock_available,
        "updated_at": product.updated_at,
        "variants": [variant_out(shop, v) for v in product.variants],
    }


def image_out(image: Image) -> dict:
    return {
        "id": image.id,
        "url": media_url(image.storage_key),
        "renditions": {size: media_url(key) for size, key in (image.renditions or {}).items()},
        "width": image.width,
        "height": image.height,
        "alt_text": image.alt_text or "",
        "position": image.position,
        "variant_id": image.variant_id,
    }


def detail_out(product: Product) -> dict:
    shop = settings()
    return {
        **summary_out(shop, product),
        "created_at": product.created_at,
        "texts": {
            t.language: {
                "title": t.title,
                "slug": t.slug,
                "description": t.description or "",
                "seo_title": t.seo_title or "",
                "seo_description": t.seo_description or "",
            }
            for t in product.texts
        },
        "options": [{"name": o.name, "values": list(o.values)} for o in product.options],
        "categories": [{"id": c.id, "name": c.name} for c in product.categories],
        "images": [image_out(i) for i in product.images],
    }


DETAIL = (
    load(Product.texts),
    load(Product.variants),
    load(Product.options),
    load(Product.images),
    load(Product.categories),
)


def load_product(product_id) -> Product:
    return get_for_vendor_or_404(Product, product_id, options=DETAIL)


# -- products --------------------------------------------------------------------------------
@router.get("/products")
@permission_required("catalog.view")
@api_view(query=ProductQuery, response=Page[CatalogProductSummary])
def list_products(query: ProductQuery):
    """The shop's products by id, a page at a time, filtered by status, featured, category
    or words."""
    shop = settings()
    statement = (
        sa.select(Product)
        .where(Product.vendor_id == g.vendor.id)
        .options(load(Product.variants))
        .order_by(Product.id)
        .limit(query.limit + 1)
    )
    if query.after is not None:
        statement = statement.where(Product.id > query.after)
    if query.status is not None:
        statement = statement.where(Product.status == query.status.value)
    if query.featured is not None:
        statement = statement.where(Product.featured.is_(query.featured))
    if query.q:
        statement = search(statement, query.q)
    if query.category is not None:
        exists = db.session.scalar(
            sa.select(Category.id).where(
                Category.vendor_id == g.vendor.id, Category.id == query.category
            )
        )
        if exists is None:
            raise invalid({"category": [_l("There is no such category in this shop.")]})
        statement = in_category(statement, query.category)
    rows = db.session.scalars(statement).all()
    page = page_of(rows, query.limit)
    page["items"] = [summary_out(shop, p) for p in page["items"]]
    return page


@router.get("/products/<int:product_id>")
@permission_required("catalog.view")
@api_view(response=CatalogProduct)
def get_product(product_id):
    """One product with its texts per language, options, variants, categories and images."""
    return detail_out(load_product(product_id))


def check_languages(body) -> None:
    """Texts in a language the shop does not write in are refused, not dropped."""
    languages = settings().languages
    wrong = [lang for lang in (body.texts or {}) if lang not in languages]
    if wrong:
        message = _l(
            "This shop writes in %(languages)s only.", languages=", ".join(languages).upper()
        )
        raise invalid({f"texts.{lang}": [message] for lang in wrong})


def save(product: Product | None, body) -> Product:
    """Check and save through the service (as the product form does): 422 with the
    service's messages under the body's paths, nothing written."""
    check_languages(body)
    for attempt in (1, 2):
        start = (
            product_service.input_from_product(product)
            if product is not None
            else product_service.ProductInput(variants=[])
        )
        data = product_input(body, start)
        try:
            saved = product_service.save_product(product, g.vendor.id, data)
            db.session.commit()
            return saved
        except ValidationFailed as exc:
            db.session.rollback()
            raise invalid(api_fields(exc.errors)) from None
        except IntegrityError:
            # Another request took a SKU or slug between the check and the write: check
            # again, and this time the check sees it (a 422 naming the field).
            db.session.rollback()
            if attempt == 2:
                raise
            if product is not None:
                product = load_product(product.id)
    raise AssertionError("unreachable")


@router.post("/products")
@permission_required("catalog.edit")
@api_view(body=NewProduct, response=CatalogProduct, status=201)
def create_product(body: NewProduct):
    """Add a product with its texts, options and variants (checked as the product form)."""
    product = save(None, body)
    return detail_out(load_product(product.id))


@router.patch("/products/<int:product_id>")
@permission_required("catalog.edit")
@api_view(body=ProductChange, response=CatalogProduct)
def change_product(product_id, body: ProductChange):
    """Change the fields sent; the rest stays as it is."""
    product = save(load_product(product_id), body)
    db.session.expire_all()
    return detail_out(load_product(product.id))


@router.delete("/products/<int:product_id>")
@permission_required("catalog.edit")
@api_view(status=204)
def delete_product(product_id):
    """Delete a product with its variants, texts and images."""
    product = get_for_vendor_or_404(Product, product_id)
    product_service.delete_products(g.vendor.id, [product.id])
    db.session.commit()
    return None


@router.post("/products/status")
@permission_required("catalog.edit")
@api_view(body=StatusChange, response=StatusChanged)
def set_status(body: StatusChange):
    """Give products of this shop a status (ids of other shops are ignored)."""
    changed = product_service.set_status(g.vendor.id, body.ids, body.status.value)
    db.session.commit()
    return {"changed": changed}


# -- variants ------------------------------------------------------------------------------
@router.patch("/variants/<int:variant_id>")
@permission_required("catalog.edit")
@api_view(body=VariantChange, response=CatalogVariant)
def change_variant(variant_id, body: VariantChange):
    """Change a variant's price and/or compare-at price (as the list's inline edit)."""
    variant = get_for_vendor_or_404(Variant, variant_id)
    sent = body.model_fields_set
    if not sent:
        raise invalid({"": [_l("Send a price or a compare-at price.")]})
    shop = settings()
    price = (body.price or "") if "price" in sent else money_text(shop, variant.price)
    try:
        if "compare_at_price" in sent:
            product_service.set_price(variant, price, body.compare_at_price or "")
        else:
            product_service.set_price(variant, price)
    except ValidationFailed as exc:
        db.session.rollback()
        raise invalid(exc.errors) from None
    db.session.commit()
    return variant_out(shop, variant)


@router.post("/variants/<int:variant_id>/stock")
@permission_required("catalog.edit")
@api_view(body=StockCount, response=StockCounted)
def count_stock(variant_id, body: StockCount):
    """Record a stock count (catalog.stock_counted, as the list's inline edit); 202 while
    inventory has not confirmed it. Only while the inventory module is on."""
    variant = get_for_vendor_or_404(Variant, variant_id)
    if not inventory_on(g.vendor.platform_id):
        abort(404)
    try:
        on_hand = product_service.count_stock(variant, str(body.on_hand), current_user)
    except ValidationFailed as exc:
        db.session.rollback()
        raise invalid({"on_hand": exc.errors.get("stock", [])}) from None
    db.session.commit()  # inventory's handler answers here
    db.session.expire_all()
    variant = get_for_vendor_or_404(Variant, variant_id)
    arrived = variant.stock_available is not None
    answer = {
        "variant_id": variant.id,
        "on_hand": on_hand,
        "stock_available": variant.stock_available,
        "confirmed": arrived,
    }
    return answer, 200 if arrived else 202


# -- images --------------------------------------------------------------------------------
@router.get("/products/<int:product_id>/images")
@permission_required("catalog.view")
@api_view(response=list[CatalogImage])
def list_images(product_id):
    """A product's images in order (at most 20)."""
    product = get_for_vendor_or_404(Product, product_id, options=(load(Product.images),))
    return [image_out(i) for i in product.images]


@router.delete("/images/<int:image_id>")
@permission_required("catalog.edit")
@api_view(status=204)
def delete_image(image_id):
    """Remove an image and its files."""
    image = get_for_vendor_or_404(Image, image_id)
    image_service.remove_image(image)
    db.session.commit()
    return None


# -- categories ------------------------------------------------------------------------------
def category_out(node, languages) -> dict:
    category = node.category
    texts = sorted(category.texts, key=lambda t: languages.index(t.language))
    return {
        "id": category.id,
        "parent_id": category.parent_id,
        "depth": node.depth,
        "position": category.position,
        "name": category.name,
        "names": {t.language: t.name for t in texts},
        "slugs": {t.language: t.slug for t in texts},
    }


@router.get("/categories")
@permission_required("catalog.view")
@api_view(query=PageQuery, response=Page[CatalogCategory])
def list_categories(query: PageQuery):
    """The category tree in order (parents before their children), a page at a time:
    `after` is the id of the last category seen."""
    tree = category_service.category_tree(g.vendor.id)
    start = 0
    if query.after is not None:
        ids = [node.category.id for node in tree]
        if query.after not in ids:
            raise invalid({"after": [_l("This category is gone; start from the first page.")]})
        start = ids.index(query.after) + 1
    languages = list(settings().languages)
    rows = tree[start : start + query.limit + 1]
    page = page_of(rows, query.limit, key=lambda node: node.category.id)
    page["items"] = [category_out(node, languages) for node in page["items"]]
    return page


def category_node(category: Category):
    """The category as the tree has it (depth), after a change."""
    tree = category_service.category_tree(g.vendor.id)
    return next(node for node in tree if node.category.id == category.id)


def save_category(body, category: Category | None):
    names = {t.language: t.name for t in category.texts} if category is not None else {}
    sent = body.model_fields_set
    if "names" in sent and body.names is not None:
        for language, name in body.names.items():
            if name is None:
                names.pop(language, None)
            else:
                names[language] = name
    languages = settings().languages
    wrong = [lang for lang in (body.names or {}) if lang not in languages]
    if wrong:
        message = _l(
            "This shop writes in %(languages)s only.", languages=", ".join(languages).upper()
        )
        raise invalid({f"names.{lang}": [message] for lang in wrong})
    if "parent_id" in sent:
        parent_id = body.parent_id
    else:
        parent_id = category.parent_id if category is not None else None
    try:
        saved = category_service.save_category(g.vendor.id, names, parent_id, category=category)
    except ValidationFailed as exc:
        db.session.rollback()
        raise invalid(api_fields(exc.errors)) from None
    db.session.commit()
    return category_out(category_node(saved), list(languages))


@router.post("/categories")
@permission_required("catalog.edit")
@api_view(body=NewCategory, response=CatalogCategory, status=201)
def create_category(body: NewCategory):
    """Add a category (names per language, under a parent or at the top)."""
    return save_category(body, None)


@router.patch("/categories/<int:category_id>")
@permission_required("catalog.edit")
@api_view(body=CategoryChange, response=CatalogCategory)
def change_category(category_id, body: CategoryChange):
    """Rename or move a category (never under itself)."""
    return save_category(body, get_for_vendor_or_404(Category, category_id))


@router.delete("/categories/<int:category_id>")
@permission_required("catalog.edit")
@api_view(status=204)
def delete_category(category_id):
    """Delete a category: its children move up a level, its products stay."""
    category_service.delete_category(get_for_vendor_or_404(Category, category_id))
    db.session.commit()
    return None
