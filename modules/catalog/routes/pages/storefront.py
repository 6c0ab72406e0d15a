"""Shoppers' pages of the catalog: product list, categories, search, product page.

Mounted at /storefront/<vendor_code>/catalog (and the same paths on a vendor's own
domain). Only the vendor's active products; everything else is a 404. Every page works
without JavaScript; htmx only swaps the variant's price and availability.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from modules.catalog.config import setting
from modules.catalog.services import search as search_service
from modules.catalog.services import storefront as shop
from modules.catalog.services.settings import shop_settings
from modules.catalog.services.storefront import rendition_size
from wizamart import richtext
from wizamart.htmx import render
from wizamart.media import RENDITIONS, media_url, storage
from wizamart.memo import LRU
from wizamart.paging import page_arg
from wizamart.slugs import is_valid_slug

router = Blueprint("catalog_storefront", __name__)


def locale() -> str:
    return str(get_locale() or "en")


def context():
    """What every storefront page of the catalog needs (a few cached statements)."""
    settings = shop_settings(g.vendor.id)
    shows_stock = shop.inventory_enabled(settings.platform_id)
    return settings, shows_stock, shop.shop_tree(settings, locale())


@router.app_template_global("catalog_image")
def image_tag(image, size: str = "medium", css: str = "", sizes: str = "", eager=False) -> Markup:
    """An <img> of a product image's rendition, with its width and height (no layout
    jump) and a srcset of the renditions for the browser to choose from."""
    if image is None:
        return Markup("")
    key = (image.renditions or {}).get(size) or image.storage_key
    width, height = rendition_size(image, size)
    srcset = ", ".join(
        f"{media_url(image.renditions[name])} {rendition_size(image, name)[0]}w"
        for name in RENDITIONS
        if name in (image.renditions or {})
    )
    return Markup(
        '<img src="{src}" width="{w}" height="{h}" alt="{alt}" class="{css}"{srcset}{sizes}{lazy}>'
    ).format(
        src=media_url(key),
        w=width,
        h=height,
        alt=image.alt_text or "",
        css=css,
        srcset=Markup(' srcset="{}"').format(srcset) if srcset else "",
        sizes=Markup(' sizes="{}"').format(sizes) if sizes else "",
        lazy=Markup("") if eager else Markup(' loading="lazy" decoding="async"'),
    )


#: A slug no product or category has (slugs are lower case words joined by "-", this
#: one starts with a digit and names nothing): URLs of the form
#: `url_for(endpoint, slug=...)` are built once a request around it.
_PROBE_SLUG = "0-probe-0"


def _url_form(endpoint: str) -> tuple[str, str]:
    """(before, after) the slug in `endpoint`'s URL for this request: what url_for reads
    (host or path mode, vendor code, script root) worked out once a request."""
    forms = request.environ.setdefault("catalog.url_forms", {})
    form = forms.get(endpoint)
    if form is None:
        before, _probe, after = url_for(endpoint, slug=_PROBE_SLUG).rpartition(_PROBE_SLUG)
        form = forms[endpoint] = (before, after)
    return form


@router.app_template_global("slug_url")
def slug_url(endpoint: str, slug: str) -> str:
    """`url_for(endpoint, slug=slug)` for a product or category link: the URL map asked
    once a request, not once a link (a list page links 30 categories). A slug is
    letters, digits and "-", which a URL carries as they are; anything else (never
    stored, but cheap to be sure of) goes through url_for."""
    if not is_valid_slug(slug):
        return url_for(endpoint, slug=slug)
    before, after = _url_form(endpoint)
    return f"{before}{slug}{after}"


def _card_cache() -> LRU:
    cache = current_app.extensions.get("catalog.card_cache")
    if cache is None:
        cache = current_app.extensions["catalog.card_cache"] = LRU(setting("card_cache"))
    return cache


def _card_page_key() -> tuple:
    """What every card of this request's page depends on besides the card: the locale
    (money, the stock label), the product URL's form, the media storage (image URLs)."""
    key = request.environ.get("catalog.card_page_key")
    if key is None:
        key = request.environ["catalog.card_page_key"] = (
            locale(),
            _url_form("catalog_storefront.product"),
            id(storage()),
        )
    return key


def card_key(card, heading: str) -> tuple:
    """Everything `product_card` shows of `card`: a change to the price, title, slug,
    image or stock gives another key, so the next request renders the new card."""
    price, image, available = card.price, card.image, card.availability
    return (
        _card_page_key(),
        heading,
        card.id,
        card.title,
        card.slug,
        None if price is None else (str(price.amount), price.currency),
        None
        if image is None
        else (
            image.id,
            image.storage_key,
            tuple(sorted((image.renditions or {}).items())),
            image.width,
            image.height,
            image.alt_text,
        ),
        None if available is None else (available.state, available.count),
    )


@router.app_template_global("cached_card")
def cached_card(card, heading: str, render_card) -> Markup:
    """`render_card(card, heading)` (the product_card macro), kept per process under
    `card_key`: a pure function of its key, so a worker never shows a card another worker
    has changed (docs/performance.md, "Product cards")."""
    cache = _card_cache()
    if not cache.size:
        return render_card(card, heading)
    try:
        key = card_key(card, heading)
        html = cache.get(key)
    except TypeError:  # something unhashable in an image's renditions: no caching
        return render_card(card, heading)
    if html is None:
        html = render_card(card, heading)
        cache.put(key, html)
    return html


def kept_args(**values) -> dict:
    """The query string's values for a redirect to the same page elsewhere: never
    url_for's own `_external`, `_scheme`... nor a value that would replace `values`."""
    kept = {k: v for k, v in request.args.items() if not k.startswith("_") and k not in values}
    return {**kept, **values}


def list_url(endpoint: str, **values) -> str:
    return url_for(endpoint, **{k: v for k, v in values.items() if v not in (None, "", False)})


def render_list(template: str, *, query, category=None, status=200, **extra):
    settings, shows_stock, tree = context()
    page = shop.list_products(settings, query, locale(), shows_stock, tree)
    endpoint = ".category" if category else ".products"
    base = {"slug": category.slug} if category else {}
    filters = {
        "min_price": request.args.get("min_price", "").strip()[:20],
        "max_price": request.args.get("max_price", "").strip()[:20],
        "in_stock": "1" if query.in_stock and shows_stock else None,
        "sort": query.sort if query.sort != shop.DEFAULT_SORT else None,
    }
    links = {
        "first": list_url(endpoint, **base, **filters) if not page.is_first else None,
        "prev": list_url(endpoint, **base, **filters, before=page.prev_cursor)
        if page.prev_cursor
        else None,
        "next": list_url(endpoint, **base, **filters, after=page.next_cursor)
        if page.next_cursor
        else None,
        "last": list_url(endpoint, **base, **filters, page="last") if page.has_last else None,
    }
    canonical = url_for(endpoint, **base, _external=True)
    alternates = list_alternates(settings, category)
    return render(
        template,
        status=status if not query.errors else 422,
        page=page,
        query=query,
        links=links,
        filters=filters,
        sorts=shop.SORTS,
        tree=tree,
        category=category,
        shows_stock=shows_stock,
        settings=settings,
        canonical=alternates.get(locale(), canonical),
        alternates=alternates,
        form_action=url_for(endpoint, **base),
        **extra,
    )


@router.route("/")
def products():
    query = shop.parse_list_query(request.args)
    return render_list(
        "catalog/storefront/products.html",
        query=query,
        page_title=_("All products"),
        meta_description=_("All products of %(shop)s.", shop=g.vendor.name),
        breadcrumbs=[],
    )


@router.route("/categories/<slug>")
def category(slug):
    settings, _shows_stock, tree = context()
    category_id = shop.category_by_slug(settings.vendor_id, slug)
    node = tree.by_id.get(category_id) if category_id else None
    if node is None:
        abort(404)
    if node.slug and node.slug != slug:  # a slug of another language: this language's URL
        return redirect(url_for(".category", **kept_args(slug=node.slug)), 301)
    query = shop.parse_list_query(request.args)
    query.category_id = node.id
    path = tree.path(node.id)
    crumbs = [(_("Products"), url_for(".products"))]
    crumbs += [(n.name, url_for(".category", slug=n.slug)) for n in path[:-1] if n.slug]
    return render_list(
        "catalog/storefront/products.html",
        query=query,
        category=node,
        subcategories=tree.children(node.id),
        page_title=node.name,
        meta_description=_("%(category)s at %(shop)s.", category=node.name, shop=g.vendor.name),
        breadcrumbs=crumbs,
    )


@router.route("/search")
def search():
    settings, shows_stock, tree = context()
    text = request.args.get("q", "")
    text = text.strip()[: search_service.MAX_QUERY] if isinstance(text, str) else ""
    page = min(page_arg(), search_service.MAX_PAGE)
    result = search_service.search_products(settings, text, locale(), page)
    found = shop.cards(
        settings,
        search_service.products_in_order(settings.vendor_id, result.product_ids),
        locale(),
        shows_stock,
    )
    title = _("Search results for “%(words)s”", words=text) if text else _("Search")
    return render(
        "catalog/storefront/search.html",
        text=text,
        result=result,
        cards=found,
        page_number=page,
        prev_url=url_for(".search", q=text, page=page - 1) if page > 1 else None,
        next_url=url_for(".search", q=text, page=page + 1) if result.more else None,
        tree=tree,
        settings=settings,
        page_title=title,
        breadcrumbs=[(_("Products"), url_for(".products"))],
        canonical=None,
        noindex=True,
    )


@router.route("/products/<slug>")
def product(slug):
    settings, shows_stock, tree = context()
    found = shop.find_product(settings, slug, locale())
    if found.redirect_slug:
        return redirect(url_for(".product", **kept_args(slug=found.redirect_slug)), 301)
    if found.product is None:
        abort(404)
    item = found.product
    languages = shop.reading_languages(settings, locale())
    text = shop.pick_text(item.texts, languages)
    if text is None:
        abort(404)
    variant = shop.choose_variant(item, request.args.get("variant"))
    available = shop.availability(variant.stock_available, shows_stock)
    images = shop.gallery(item, variant, request.args.get("image"))
    crumbs = [(_("Products"), url_for(".products"))]
    if item.categories:
        for node in tree.path(item.categories[0].id):
            if node.slug:
                crumbs.append((node.name, url_for(".category", slug=node.slug)))
    alternates = product_alternates(item, settings)
    canonical = alternates.get(text.language) or url_for(".product", slug=text.slug, _external=True)
    excerpt = text.seo_description or richtext.excerpt(text.description)
    image_url = (
        absolute(media_url((images[0].renditions or {}).get("large") or images[0].storage_key))
        if images
        else None
    )
    return render(
        "catalog/storefront/product.html",
        product=item,
        text=text,
        variant=variant,
        images=images,
        availability=available,
        shows_stock=shows_stock,
        settings=settings,
        tree=tree,
        page_title=text.title,
        seo_title=text.seo_title,
        meta_description=excerpt,
        canonical=canonical,
        alternates=alternates,
        og_type="product",
        og_image=image_url,
        breadcrumbs=crumbs,
        json_ld=shop.product_json_ld(
            text.title,
            excerpt,
            canonical,
            variant,
            settings,
            image_url,
            available,
        ),
        variant_url=url_for(".product", slug=text.slug),
        thumbnails=sorted(images, key=lambda i: (i.position, i.id)),
    )


def absolute(url: str) -> str:
    """A URL of this site as an absolute one (OpenGraph wants them)."""
    if url.startswith(("http://", "https://")):
        return url
    return request.host_url.rstrip("/") + url


def list_alternates(settings, category=None) -> dict[str, str]:
    """{language: absolute URL} of the product list (or a category, in each language it
    has a slug in); the default language without `?lang=`."""
    out = {}
    for language in settings.languages:
        lang = None if language == settings.default_language else language
        if category is None:
            out[language] = url_for(".products", lang=lang, _external=True)
        elif language in category.slugs:
            slug = category.slugs[language]
            out[language] = url_for(".category", slug=slug, lang=lang, _external=True)
    return out


def product_alternates(item, settings) -> dict[str, str]:
    """{language: absolute URL} of the product in each language it has words in; the
    default language without `?lang=` (it is what a shopper gets by default)."""
    out = {}
    for t in item.texts:
        if t.language not in settings.languages:
            continue
        lang = None if t.language == settings.default_language else t.language
        out[t.language] = url_for(".product", slug=t.slug, lang=lang, _external=True)
    return out
