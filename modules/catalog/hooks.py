"""What the catalog adds to pages other modules own (wizamart.hooks): the storefront
home's featured products, categories and newest products, the header's search box and
category links, the product and category URLs of the shop's sitemap, and the pages a
shop's menus may link to (the product list and each category)."""

from __future__ import annotations

from functools import partial

from flask import g, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from wizamart.hooks import fill
from wizamart.links import LinkTarget
from wizamart.sitemap import SitemapSource


def _shop():
    from modules.catalog.services import storefront as shop
    from modules.catalog.services.settings import shop_settings

    settings = shop_settings(g.vendor.id)
    locale = str(get_locale() or "en")
    return shop, settings, locale


@fill("storefront.home", order=10)
def home_products():
    shop, settings, locale = _shop()
    shows_stock = shop.inventory_enabled(settings.platform_id)
    home = shop.home_products(settings, locale, shows_stock)
    return render_template(
        "catalog/storefront/_home.html",
        featured=home.featured,
        cards=home.new,
        tree=shop.shop_tree(settings, locale),
    )


@fill("storefront.header", order=10)
def search_box():
    if g.get("vendor") is None:  # an error page outside a shop
        return ""
    return render_template("catalog/storefront/_search_box.html")


@fill("storefront.nav", order=10)
def category_links():
    if g.get("vendor") is None:
        return ""
    shop, settings, locale = _shop()
    return render_template(
        "catalog/storefront/_category_nav.html", tree=shop.shop_tree(settings, locale)
    )


@fill("storefront.sitemap", order=10)
def sitemap_sources():
    from modules.catalog.services import storefront as sitemap

    vendor_id = g.vendor.id
    return [
        SitemapSource(
            "products",
            count=lambda: sitemap.count_products(vendor_id),
            urls=lambda offset, limit: sitemap.product_urls(vendor_id, offset, limit),
        ),
        SitemapSource(
            "categories",
            count=lambda: sitemap.count_categories(vendor_id),
            urls=lambda offset, limit: sitemap.category_urls(vendor_id, offset, limit),
        ),
        SitemapSource(
            "catalog",
            count=lambda: 1,
            urls=lambda offset, limit: iter(
                [(url_for("catalog_storefront.products", _external=True), None)]
                if offset == 0
                else []
            ),
        ),
    ]


@fill("cms.link_targets", order=20)
def link_targets(frontend: str):
    """The product list and every category with a slug, in the request's language (the
    category tree the header's category links use: no statement of its own)."""
    if frontend != "storefront" or g.get("vendor") is None:
        return []
    shop, settings, locale = _shop()
    targets = [
        LinkTarget("products", _("All products"), partial(url_for, "catalog_storefront.products"))
    ]
    group = _("Categories")
    for node in shop.shop_tree(settings, locale).nodes:
        if node.slug:
            url = partial(url_for, "catalog_storefront.category", slug=node.slug)
            targets.append(LinkTarget(f"categories/{node.id}", node.name, url, group, node.depth))
    return targets


@fill("catalog.variants")
def variant_lookup(vendor_id: int, variant_ids, locale: str | None = None):
    """The question other modules ask (the cart): title, price, VAT, stock... of the
    vendor's `variant_ids`, one statement (services/lookup.py); [VariantInfo]."""
    from modules.catalog.services.lookup import variants

    return variants(vendor_id, variant_ids, locale or str(get_locale() or "en"))
