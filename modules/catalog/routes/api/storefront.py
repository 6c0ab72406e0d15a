"""The catalog's storefront API at /api/v1/storefront/<vendor_code>/catalog: list,
search and detail of the shop's active products, for shoppers (no sign-in)."""

from __future__ import annotations

from flask import Blueprint, g, redirect, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from modules.catalog.schemas.storefront_api import (
    DetailQuery,
    ProductDetail,
    ProductList,
    ProductListQuery,
    SearchQuery,
    SearchResults,
)
from modules.catalog.services import search as search_service
from modules.catalog.services import storefront as shop
from modules.catalog.services.settings import shop_settings
from modules.catalog.services.storefront import rendition_size
from wizamart.api import ApiError, api_view
from wizamart.media import media_url

router = Blueprint("catalog_api_storefront", __name__)


def price(settings, amount):
    if amount is None:
        return None
    money = settings.money(amount)
    return {"amount": str(money.amount), "currency": money.currency}


def image(item, size="medium"):
    if item is None:
        return None
    key = (item.renditions or {}).get(size) or item.storage_key
    width, height = rendition_size(item, size)
    return {"url": media_url(key), "width": width, "height": height, "alt": item.alt_text or ""}


def availability(value):
    return {"state": value.state, "available": value.count} if value else None


def summary(settings, card):
    return {
        "id": card.id,
        "slug": card.slug,
        "title": card.title,
        "language": card.language,
        "price": price(settings, card.price.amount if card.price else None),
        "image": image(card.image),
        "availability": availability(card.availability),
        "url": url_for("catalog_storefront.product", slug=card.slug, _external=True),
    }


def context():
    settings = shop_settings(g.vendor.id)
    locale = str(get_locale() or "en")
    return settings, locale, shop.inventory_enabled(settings.platform_id)


@router.get("/products")
@api_view(query=ProductListQuery, response=ProductList)
def products(query: ProductListQuery):
    """The shop's active products, a page at a time (keyset: pass `next` as `after`)."""
    settings, locale, shows_stock = context()
    tree = shop.shop_tree(settings, locale)
    wanted = shop.ListQuery(
        min_price=query.min_price,
        max_price=query.max_price,
        in_stock=query.in_stock,
        sort=query.sort,
        after=shop.decode_cursor(query.sort, query.after),
        before=shop.decode_cursor(query.sort, query.before),
    )
    if query.category is not None:
        wanted.category_id = shop.category_by_slug(settings.vendor_id, query.category)
        if wanted.category_id is None:
            raise ApiError(404, _l("There is no such category in this shop."))
    page = shop.list_products(settings, wanted, locale, shows_stock, tree)
    return {
        "items": [summary(settings, card) for card in page.cards],
        "next": page.next_cursor,
        "prev": page.prev_cursor,
    }


@router.get("/products/search")
@api_view(query=SearchQuery, response=SearchResults)
def search(query: SearchQuery):
    """Products matching words, best first, in the shopper's language."""
    settings, locale, shows_stock = context()
    result = search_service.search_products(settings, query.q, locale, query.page)
    cards = shop.cards(
        settings,
        search_service.products_in_order(settings.vendor_id, result.product_ids),
        locale,
        shows_stock,
    )
    return {
        "items": [summary(settings, card) for card in cards],
        "next_page": query.page + 1 if result.more else None,
        "similar": result.similar,
    }


@router.get("/products/<slug>")
@api_view(query=DetailQuery, response=ProductDetail, errors=(404,))
def product(slug, query: DetailQuery):
    """One active product with its variants, images and categories."""
    settings, locale, shows_stock = context()
    found = shop.find_product(settings, slug, locale)
    if found.redirect_slug:  # an old slug: where the product is now
        return redirect(url_for(".product", slug=found.redirect_slug), 301)
    item = found.product
    text = shop.pick_text(item.texts, shop.reading_languages(settings, locale)) if item else None
    if text is None:
        raise ApiError(404, _l("There is no such product in this shop."))
    tree = shop.shop_tree(settings, locale)
    return {
        "id": item.id,
        "slug": text.slug,
        "title": text.title,
        "language": text.language,
        "description_html": text.description or "",
        "images": [image(i, "large") for i in item.images],
        "variants": [
            {
                "id": v.id,
                "sku": v.sku,
                "price": price(settings, v.price),
                "compare_at_price": price(settings, v.compare_at_price),
                "options": {str(k): str(val) for k, val in (v.options or {}).items()},
                "availability": availability(shop.availability(v.stock_available, shows_stock)),
            }
            for v in item.variants
        ],
        "categories": [
            {"id": c.id, "name": tree.by_id[c.id].name, "slug": tree.by_id[c.id].slug}
            for c in item.categories
            if c.id in tree.by_id
        ],
        "url": url_for("catalog_storefront.product", slug=text.slug, _external=True),
    }
