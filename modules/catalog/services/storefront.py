"""The shoppers' view of a vendor's catalog: product lists, categories, product pages.

Only active products are shown. Words come in the shopper's language, else the vendor's
default language. Lists page with a keyset on (sort key, id): each page is one seek in
an index of catalog_product, the last page as cheap as the first, and the number of
statements a page runs does not grow with the number of products (docs/catalog.md,
"Storefront").
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask import g
from flask_babel import lazy_gettext as _l

from modules.catalog.models import (
    Category,
    CategoryText,
    Image,
    Product,
    ProductStatus,
    ProductText,
    SlugHistory,
    Variant,
    product_category,
)
from modules.catalog.services.categories import tree_order
from modules.catalog.services.images import first_images
from modules.catalog.services.settings import ShopSettings, shop_settings
from modules.tenancy.services.access import run_core
from wizamart.extensions import db
from wizamart.modules.service import module_service
from wizamart.money import Money
from wizamart.paging import MAX_ID
from wizamart.slugs import is_valid_slug

PER_PAGE = 24
#: "only N left" from this many down (and above 0).
LOW_STOCK = 5
MAX_PRICE = Decimal("9999999999")

SORTS = {
    # name: (label, column attribute, descending)
    "newest": (_l("Newest"), "created_at", True),
    "price_asc": (_l("Price: low to high"), "price", False),
    "price_desc": (_l("Price: high to low"), "price", True),
    "name": (_l("Name"), "title", False),
}
DEFAULT_SORT = "newest"


def inventory_enabled(platform_id: int) -> bool:
    """Stock is shown only when the inventory module is on for the platform."""
    return module_service.is_module_enabled(platform_id, "inventory")


# -- words in the shopper's language ----------------------------------------------------
def reading_languages(settings: ShopSettings, locale: str) -> tuple[str, ...]:
    """The shopper's language, then the vendor's default (what the shop falls back to)."""
    if locale == settings.default_language or locale not in settings.languages:
        return (settings.default_language,)
    return (locale, settings.default_language)


def preferred_languages(settings: ShopSettings, locale: str) -> tuple[str, ...]:
    """Every language of the shop, the ones the shopper reads first."""
    first = reading_languages(settings, locale)
    return first + tuple(code for code in settings.languages if code not in first)


def pick_text(texts, languages: tuple[str, ...]):
    """The first of `texts` (objects with `.language`) in the order of `languages`."""
    by_language = {t.language: t for t in texts}
    return next((by_language[code] for code in languages if code in by_language), None)


def product_texts(vendor_id: int, product_ids: list[int], languages) -> dict[int, sa.Row]:
    """Each product's title and slug in the first of `languages` it has: one statement,
    plain rows (a card shows no description)."""
    if not product_ids:
        return {}
    rows = run_core(
        sa.select(
            ProductText.product_id, ProductText.language, ProductText.title, ProductText.slug
        ).where(
            ProductText.vendor_id == vendor_id,
            ProductText.product_id.in_(product_ids),
            ProductText.language.in_(languages),
        )
    ).all()
    grouped: dict[int, list[sa.Row]] = {}
    for row in rows:
        grouped.setdefault(row.product_id, []).append(row)
    return {pid: pick_text(texts, languages) for pid, texts in grouped.items()}


# -- availability -----------------------------------------------------------------------
@dataclass(frozen=True)
class Availability:
    state: str  # in_stock | low | out
    count: int

    @property
    def label(self) -> str:
        if self.state == "out":
            return str(_l("Out of stock"))
        if self.state == "low":
            return str(_l("Only %(count)d left", count=self.count))
        return str(_l("In stock"))


def availability(stock: int | None, shows_stock: bool) -> Availability | None:
    """What to tell the shopper; None when inventory is off or has not reported."""
    if not shows_stock or stock is None:
        return None
    if stock <= 0:
        return Availability("out", 0)
    if stock <= LOW_STOCK:
        return Availability("low", stock)
    return Availability("in_stock", stock)


# -- images ----------------------------------------------------------------------------
def rendition_size(image, size: str) -> tuple[int, int]:
    """The size of a rendition: the original scaled to fit the rendition's box."""
    from wizamart.media import RENDITIONS

    box = RENDITIONS.get(size)
    width, height = image.width or 1, image.height or 1
    if box is None or (width <= box[0] and height <= box[1]):
        return width, height
    scale = min(box[0] / width, box[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


# -- cards -------------------------------------------------------------------------------
@dataclass
class Card:
    id: int
    title: str
    slug: str
    language: str
    price: Money | None
    image: Image | sa.Row | None  # the columns `image_tag` reads
    availability: Availability | None
    created_at: datetime | None = None


#: What a card and the list's cursor read of a product: plain rows (`cards` takes them or
#: Product entities alike).
CARD_COLUMNS = (
    Product.id,
    Product.title,
    Product.price,
    Product.stock_available,
    Product.featured,
    Product.created_at,
)


def cards(settings: ShopSettings, products: list, locale: str, shows_stock: bool) -> list[Card]:
    """Cards for products: texts and first images in two statements, whatever the count.

    The list statements here (products, texts, images, categories) are Core selects of
    columns run on the session's connection, naming the vendor themselves: ORM entities
    and the vendor-scoping hook cost about 0.5 ms a statement, most of a page's SQL time
    (docs/performance.md)."""
    ids = [p.id for p in products]
    languages = reading_languages(settings, locale)
    texts = product_texts(settings.vendor_id, ids, languages)
    images = first_images(settings.vendor_id, ids)
    out = []
    for product in products:
        text = texts.get(product.id)
        if text is None:  # no words in a language the shop shows: not listed
            continue
        out.append(
            Card(
                id=product.id,
                title=text.title,
                slug=text.slug,
                language=text.language,
                price=settings.money(product.price),
                image=images.get(product.id),
                availability=availability(product.stock_available, shows_stock),
                created_at=product.created_at,
            )
        )
    return out


# -- list filters and keyset paging ------------------------------------------------------
@dataclass
class ListQuery:
    """A product list as the URL asks for it (checked by `parse_list_query`)."""

    category_id: int | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    sort: str = DEFAULT_SORT
    after: tuple | None = None
    before: tuple | None = None
    last: bool = False
    errors: dict[str, str] = field(default_factory=dict)


def parse_price(text) -> Decimal | None:
    """A price from a filter box: "12", "12.5", "12,50"; ValueError when not a price."""
    value = (text or "").strip().replace(",", ".") if isinstance(text, str) else ""
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError from exc
    if not number.is_finite() or number < 0 or number > MAX_PRICE:
        raise ValueError
    return number


def encode_cursor(sort: str, value, product_id: int) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    raw = json.dumps([sort, value, product_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(sort: str, token) -> tuple | None:
    """(sort key value, id) from a cursor made for this sort; None for anything else (a
    cursor from another sort, edited by hand, or garbage)."""
    if not token or not isinstance(token, str) or len(token) > 600:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        name, value, product_id = json.loads(raw)
        if name != sort or not isinstance(product_id, int) or not 0 < product_id <= MAX_ID:
            return None
        column = SORTS[sort][1]
        if column == "created_at":
            value = datetime.fromisoformat(value)
        elif column == "price":
            value = Decimal(value)
            if not value.is_finite():
                return None
        elif not isinstance(value, str):
            return None
        return (value, product_id)
    except (ValueError, TypeError, InvalidOperation, UnicodeDecodeError):
        return None


def parse_list_query(args) -> ListQuery:
    """The list's filters, sort and cursor from the query string; bad values are named
    in `errors` (a message per field) and left out of the filter."""
    query = ListQuery()
    sort = args.get("sort", DEFAULT_SORT)
    query.sort = sort if sort in SORTS else DEFAULT_SORT
    for name in ("min_price", "max_price"):
        try:
            setattr(query, name, parse_price(args.get(name)))
        except ValueError:
            query.errors[name] = str(_l("Enter a price, such as 12.50."))
    low, high = query.min_price, query.max_price
    if low is not None and high is not None and low > high:
        query.errors["max_price"] = str(_l("The highest price is below the lowest."))
        query.max_price = None
    query.in_stock = args.get("in_stock") in ("1", "on", "true")
    query.after = decode_cursor(query.sort, args.get("after"))
    query.before = decode_cursor(query.sort, args.get("before")) if not query.after else None
    query.last = args.get("page") == "last" and not (query.after or query.before)
    return query


@dataclass
class ProductPage:
    cards: list[Card]
    next_cursor: str | None
    prev_cursor: str | None
    has_last: bool
    is_first: bool


def active_products():
    return sa.select(Product).where(
        Product.status == ProductStatus.ACTIVE.value, Product.price.is_not(None)
    )


def category_ids_below(vendor_id: int, category_id: int) -> list[int]:
    """The category and every category under it (one statement)."""
    rows = db.session.execute(
        sa.select(Category.id, Category.parent_id).where(Category.vendor_id == vendor_id)
    ).all()
    children: dict[int | None, list[int]] = {}
    for cid, parent in rows:
        children.setdefault(parent, []).append(cid)
    found, stack = [category_id], [category_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.append(child)
                stack.append(child)
    return found


def filtered(statement, settings: ShopSettings, query: ListQuery, shows_stock: bool, tree=None):
    statement = statement.where(Product.vendor_id == settings.vendor_id)
    if query.category_id is not None:
        ids = (
            [n.id for n in tree.subtree(query.category_id)]
            if tree is not None
            else category_ids_below(settings.vendor_id, query.category_id)
        )
        statement = statement.where(
            sa.exists().where(
                product_category.c.product_id == Product.id,
                product_category.c.category_id.in_(ids),
            )
        )
    if query.min_price is not None:
        statement = statement.where(Product.price >= query.min_price)
    if query.max_price is not None:
        statement = statement.where(Product.price <= query.max_price)
    if query.in_stock and shows_stock:
        statement = statement.where(Product.stock_available > 0)
    return statement


def list_products(
    settings: ShopSettings,
    query: ListQuery,
    locale: str,
    shows_stock: bool,
    tree: Tree | None = None,
    per_page: int = PER_PAGE,
) -> ProductPage:
    """One page of the shop's active products: one statement for the products, one for
    their texts, one for their images. No OFFSET: the cursor is the last row's
    (sort key, id), the last page is the first one read backwards."""
    _label, column_name, descending = SORTS[query.sort]
    column = getattr(Product, column_name)
    backwards = bool(query.before) or query.last
    statement = filtered(active_products(), settings, query, shows_stock, tree)
    cursor = query.after or query.before
    if cursor is not None:
        key = sa.tuple_(column, Product.id)
        value = sa.tuple_(sa.literal(cursor[0], column.type), sa.literal(cursor[1]))
        # forward on an ascending sort: rows after the cursor are greater
        greater = descending == backwards
        statement = statement.where(key > value if greater else key < value)
    reverse = descending != backwards
    order = (column.desc(), Product.id.desc()) if reverse else (column.asc(), Product.id.asc())
    statement = statement.with_only_columns(*CARD_COLUMNS)
    rows = run_core(statement.order_by(*order).limit(per_page + 1)).all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    page_cards = cards(settings, rows, locale, shows_stock)
    has_next = (not backwards and more) or (bool(query.before) and bool(rows))
    has_prev = (backwards and more) or bool(query.after)
    first_row, last_row = (rows[0], rows[-1]) if rows else (None, None)
    return ProductPage(
        cards=page_cards,
        next_cursor=(
            encode_cursor(query.sort, getattr(last_row, column_name), last_row.id)
            if has_next
            else None
        ),
        prev_cursor=(
            encode_cursor(query.sort, getattr(first_row, column_name), first_row.id)
            if has_prev
            else None
        ),
        has_last=has_next,
        is_first=not has_prev,
    )


# -- categories --------------------------------------------------------------------------
@dataclass
class Node:
    id: int
    parent_id: int | None
    depth: int
    name: str
    slug: str | None
    slugs: dict[str, str] = field(default_factory=dict)  # every language's slug


class Tree:
    """The vendor's category tree in the shopper's language (one statement, once a
    request): names, slugs, paths for breadcrumbs."""

    def __init__(self, settings: ShopSettings, locale: str):
        languages = reading_languages(settings, locale)
        categories: dict[int, tuple] = {}  # id: (row, {language: (name, slug)})
        for row in run_core(
            sa.select(
                Category.id,
                Category.parent_id,
                Category.name,
                CategoryText.language,
                CategoryText.name.label("text_name"),
                CategoryText.slug,
            )
            .outerjoin(CategoryText, CategoryText.category_id == Category.id)
            .where(Category.vendor_id == settings.vendor_id)
            .order_by(Category.position, Category.id)
        ):
            entry = categories.setdefault(row.id, (row, {}))
            if row.language is not None:
                entry[1][row.language] = (row.text_name, row.slug)
        self.nodes: list[Node] = []
        for row, depth in tree_order([row for row, _texts in categories.values()]):
            texts = categories[row.id][1]
            text = next((texts[code] for code in languages if code in texts), None)
            self.nodes.append(
                Node(
                    row.id,
                    row.parent_id,
                    depth,
                    text[0] if text else row.name,
                    text[1] if text else None,
                    {language: slug for language, (_name, slug) in texts.items()},
                )
            )
        self.by_id = {n.id: n for n in self.nodes}

    @property
    def top(self) -> list[Node]:
        return [n for n in self.nodes if n.depth == 0 and n.slug]

    def children(self, node_id: int) -> list[Node]:
        return [n for n in self.nodes if n.parent_id == node_id and n.slug]

    def path(self, node_id: int) -> list[Node]:
        """The node and its ancestors, top first."""
        out = []
        node = self.by_id.get(node_id)
        while node is not None and len(out) < 100:
            out.append(node)
            node = self.by_id.get(node.parent_id)
        return list(reversed(out))

    def subtree(self, node_id: int) -> list[Node]:
        found = [self.by_id[node_id]] if node_id in self.by_id else []
        index = 0
        while index < len(found):
            found += [n for n in self.nodes if n.parent_id == found[index].id]
            index += 1
        return found


def shop_tree(settings: ShopSettings, locale: str) -> Tree:
    """The request's category tree (built once a request)."""
    cache = g.setdefault("catalog_storefront_tree", {})
    key = (settings.vendor_id, locale)
    if key not in cache:
        cache[key] = Tree(settings, locale)
    return cache[key]


def category_by_slug(vendor_id: int, slug: str) -> int | None:
    """The category whose slug (in any language) is `slug`."""
    if not is_valid_slug(slug):
        return None
    return db.session.scalar(
        sa.select(CategoryText.category_id)
        .where(CategoryText.vendor_id == vendor_id, CategoryText.slug == slug)
        .limit(1)
    )


# -- one product -------------------------------------------------------------------------
@dataclass
class Found:
    """What a product slug leads to: the product, or a redirect to its current slug."""

    product: Product | None = None
    language: str | None = None
    redirect_slug: str | None = None


def find_product(settings: ShopSettings, slug: str, locale: str) -> Found:
    """The active product whose current slug (any of the shop's languages) is `slug`; an
    old slug gives the current slug of the same language to redirect to; anything else
    nothing (404).

    Both look-ups name the languages (the shopper's, the default, then the others), so
    each is a few seeks in the unique (vendor_id, language, slug) index instead of a
    scan of the shop's texts (28 ms at 100,000 products on PostgreSQL)."""
    if not is_valid_slug(slug):
        return Found()
    languages = preferred_languages(settings, locale)
    preference = sa.case(
        {code: index for index, code in enumerate(languages)}, value=ProductText.language
    )
    row = db.session.execute(
        sa.select(ProductText.product_id, ProductText.language)
        .join(Product, Product.id == ProductText.product_id)
        .where(
            ProductText.vendor_id == settings.vendor_id,
            ProductText.language.in_(languages),
            ProductText.slug == slug,
            Product.status == ProductStatus.ACTIVE.value,
        )
        .order_by(preference)
        .limit(1)
    ).first()
    if row is None:
        old = db.session.execute(
            sa.select(ProductText.slug)
            .join(SlugHistory, SlugHistory.product_id == ProductText.product_id)
            .join(Product, Product.id == ProductText.product_id)
            .where(
                SlugHistory.vendor_id == settings.vendor_id,
                SlugHistory.language.in_(languages),
                SlugHistory.slug == slug,
                ProductText.language == SlugHistory.language,
                Product.status == ProductStatus.ACTIVE.value,
            )
            .order_by(
                sa.case(
                    {code: index for index, code in enumerate(languages)},
                    value=SlugHistory.language,
                )
            )
            .limit(1)
        ).first()
        return Found(redirect_slug=old[0]) if old else Found()
    product = db.session.scalar(
        sa.select(Product)
        .where(Product.id == row.product_id, Product.vendor_id == settings.vendor_id)
        .options(
            sa.orm.selectinload(Product.texts),
            sa.orm.selectinload(Product.variants),
            sa.orm.selectinload(Product.images),
            sa.orm.selectinload(Product.options),
            sa.orm.selectinload(Product.categories),
        )
    )
    return Found(product=product, language=row.language)


def choose_variant(product: Product, raw) -> Variant:
    """The variant `?variant=<id>` names if it is this product's, else the first."""
    try:
        wanted = int(str(raw))
    except (TypeError, ValueError):
        wanted = None
    return next((v for v in product.variants if v.id == wanted), product.variants[0])


def gallery(product: Product, variant: Variant, raw_image=None) -> list[Image]:
    """The product's images, the one `?image=<id>` names first, else the chosen
    variant's own first."""
    own = [i for i in product.images if i.variant_id == variant.id]
    images = own + [i for i in product.images if i.variant_id != variant.id]
    try:
        wanted = int(str(raw_image))
    except (TypeError, ValueError):
        return images
    chosen = [i for i in images if i.id == wanted]
    return chosen + [i for i in images if i.id != wanted] if chosen else images


def variant_label(variant: Variant) -> str:
    return variant.option_label or variant.sku


def product_json_ld(
    card_title: str, description: str, url: str, variant, settings, image_url, available=None
):
    """schema.org Product data for search engines (availability when stock is shown)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": card_title,
        "sku": variant.sku,
        "url": url,
        "offers": {
            "@type": "Offer",
            "price": str(settings.money(variant.price).amount),
            "priceCurrency": settings.currency,
        },
    }
    if available is not None:
        state = "OutOfStock" if available.state == "out" else "InStock"
        data["offers"]["availability"] = f"https://schema.org/{state}"
    if description:
        data["description"] = description
    if image_url:
        data["image"] = image_url
    return data


HOME_FEATURED = 8  # featured products on the shop's home page
HOME_NEW = 8  # newest products on the shop's home page


@dataclass
class HomeProducts:
    featured: list[Card]
    new: list[Card]


def home_products(settings: ShopSettings, locale: str, shows_stock: bool) -> HomeProducts:
    """The shop's home page: the vendor's newest featured active products, then its newest
    active products not already shown as featured (no product twice on the page). One
    statement reads the rows of both lists (two limited id lists, united), two more their
    texts and first images."""
    newest = (Product.created_at.desc(), Product.id.desc())
    mine = (
        active_products()
        .where(Product.vendor_id == settings.vendor_id)
        .with_only_columns(Product.id)
        .order_by(*newest)
    )
    featured_ids = mine.where(Product.featured.is_(True)).limit(HOME_FEATURED).subquery()
    # The newest HOME_FEATURED + HOME_NEW hold the newest HOME_NEW outside the featured
    # ones: anything older is older than each of them.
    newest_ids = mine.limit(HOME_FEATURED + HOME_NEW).subquery()
    ids = sa.union_all(sa.select(featured_ids.c.id), sa.select(newest_ids.c.id))
    rows = run_core(sa.select(*CARD_COLUMNS).where(Product.id.in_(ids)).order_by(*newest)).all()
    # The newest HOME_FEATURED featured rows here are `featured_ids` (any other featured
    # row here is older than each of them).
    featured = [p for p in rows if p.featured][:HOME_FEATURED]
    taken = {p.id for p in featured}
    new = [p for p in rows if p.id not in taken][:HOME_NEW]
    shown = {c.id: c for c in cards(settings, rows, locale, shows_stock)}
    return HomeProducts(
        featured=[shown[p.id] for p in featured if p.id in shown],
        new=[shown[p.id] for p in new if p.id in shown],
    )


# -- sitemap -----------------------------------------------------------------------------
def _sitemap_products(vendor_id: int):
    settings = shop_settings(vendor_id)
    return (
        sa.select(Product.id, Product.updated_at, ProductText.slug)
        .join(
            ProductText,
            sa.and_(
                ProductText.product_id == Product.id,
                ProductText.language == settings.default_language,
            ),
        )
        .where(
            Product.vendor_id == vendor_id,
            Product.status == ProductStatus.ACTIVE.value,
            Product.price.is_not(None),
        )
    )


def count_products(vendor_id: int) -> int:
    statement = _sitemap_products(vendor_id).with_only_columns(sa.func.count())
    return db.session.scalar(statement.order_by(None))


def product_urls(vendor_id: int, offset: int, limit: int):
    """(absolute URL, last change) of active products, by id: plain rows read in
    batches, never ORM objects (a sitemap may list 50,000)."""
    from flask import url_for

    template = url_for("catalog_storefront.products", _external=True) + "products/"
    result = db.session.execute(
        _sitemap_products(vendor_id).order_by(Product.id).offset(offset).limit(limit),
        execution_options={"yield_per": 2000},
    )
    for _id, updated_at, slug in result:
        yield template + slug, updated_at


def _sitemap_categories(vendor_id: int):
    settings = shop_settings(vendor_id)
    return sa.select(CategoryText.category_id, CategoryText.slug).where(
        CategoryText.vendor_id == vendor_id,
        CategoryText.language == settings.default_language,
    )


def count_categories(vendor_id: int) -> int:
    statement = _sitemap_categories(vendor_id).with_only_columns(sa.func.count())
    return db.session.scalar(statement)


def category_urls(vendor_id: int, offset: int, limit: int):
    from flask import url_for

    template = url_for("catalog_storefront.products", _external=True) + "categories/"
    result = db.session.execute(
        _sitemap_categories(vendor_id)
        .order_by(CategoryText.category_id)
        .offset(offset)
        .limit(limit)
    )
    for _id, slug in result:
        yield template + slug, None
