"""Products: create and update with texts, options and variants; status, featured on
the home page, bulk actions, inline price and stock count; catalog's copy of inventory's
stock figures.

Every function takes the vendor explicitly (jobs and the CLI have no request vendor) and
checks all input before writing anything, raising `ValidationFailed` with messages per
form field. Events (modules/catalog/events.py) are published inside the transaction and
delivered after the caller commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.catalog.exceptions import Problems, ValidationFailed
from modules.catalog.models import (
    Category,
    Image,
    Option,
    Product,
    ProductStatus,
    ProductText,
    SlugHistory,
    Variant,
    VatClass,
    product_category,
)
from modules.catalog.services.settings import ShopSettings, shop_settings
from wizamart.events import publish
from wizamart.extensions import db
from wizamart.media import delete_after_commit
from wizamart.money import MoneyError, parse_money
from wizamart.paging import MAX_ID
from wizamart.richtext import clean_html
from wizamart.slugs import (
    MAX_SLUG,
    first_free,
    is_valid_slug,
    slugify,
    taken_slugs,
)

MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
MAX_SEO_TITLE = 200
MAX_SEO_DESCRIPTION = 400
MAX_SKU = 64
MAX_OPTIONS = 3
MAX_OPTION_VALUES = 30
MAX_VARIANTS = 100
MAX_STOCK = 1_000_000_000
SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]*$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def utcnow() -> datetime:
    return datetime.now(UTC)


# -- input ----------------------------------------------------------------------------
@dataclass
class TextInput:
    title: str = ""
    slug: str = ""
    description: str = ""
    seo_title: str = ""
    seo_description: str = ""


@dataclass
class OptionInput:
    name: str
    values: list[str]


@dataclass
class VariantInput:
    sku: str = ""
    price: str = ""
    compare_at_price: str = ""
    options: dict[str, str] = field(default_factory=dict)
    id: int | None = None  # an existing variant of the product


@dataclass
class ProductInput:
    """What the product form says, as plain strings (the service checks them)."""

    texts: dict[str, TextInput] = field(default_factory=dict)
    status: str = ProductStatus.DRAFT.value
    vat_class: str = VatClass.STANDARD.value
    category_ids: list = field(default_factory=list)
    featured: bool = False  # on the shop's home page (a checkbox: ticked or not)
    options: list[OptionInput] = field(default_factory=list)
    variants: list[VariantInput] = field(default_factory=lambda: [VariantInput()])


def money_text(settings: ShopSettings, amount) -> str:
    """An amount as the form shows it: "12.50" (empty for None)."""
    return "" if amount is None else str(settings.money(amount).amount)


def input_from_product(product: Product) -> ProductInput:
    """The form's starting values for an existing product."""
    settings = shop_settings(product.vendor_id)
    return ProductInput(
        texts={
            t.language: TextInput(t.title, t.slug, t.description, t.seo_title, t.seo_description)
            for t in product.texts
        },
        status=product.status,
        vat_class=product.vat_class,
        category_ids=[c.id for c in product.categories],
        featured=product.featured,
        options=[OptionInput(o.name, list(o.values)) for o in product.options],
        variants=[
            VariantInput(
                v.sku,
                money_text(settings, v.price),
                money_text(settings, v.compare_at_price),
                dict(v.options or {}),
                v.id,
            )
            for v in product.variants
        ],
    )


# -- checks -----------------------------------------------------------------------------
def clean_line(value) -> str:
    """One line of text: stripped; CR, LF and other control characters refused later."""
    return (value or "").strip() if isinstance(value, str) else ""


def check_line(problems: Problems, name: str, value: str, limit: int, required=False) -> None:
    if required and not value:
        problems.add(name, _l("This field is required."))
    elif len(value) > limit:
        problems.add(name, _l("At most %(limit)d characters.", limit=limit))
    elif CONTROL_RE.search(value):
        problems.add(name, _l("Line breaks and control characters are not allowed here."))


@dataclass
class CheckedVariant:
    id: int | None
    sku: str
    price: Decimal
    compare_at_price: Decimal | None
    options: dict[str, str]


def check_sku(problems: Problems, name: str, sku: str) -> None:
    if not sku:
        problems.add(name, _l("Give the variant a SKU."))
    elif len(sku) > MAX_SKU:
        problems.add(name, _l("At most %(limit)d characters.", limit=MAX_SKU))
    elif not SKU_RE.match(sku):
        problems.add(name, _l("Letters, digits and . _ / - only, starting with a letter or digit."))


def check_price(problems: Problems, name: str, text: str, currency: str, required=True):
    if not (text or "").strip():
        if required:
            problems.add(name, _l("Enter a price."))
        return None
    try:
        return parse_money(text, currency).amount
    except MoneyError as exc:
        problems.add(name, str(exc))
        return None


def parse_id(value) -> int | None:
    """An id from a form: a positive integer a column can hold, else None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def check_options(problems: Problems, options: list[OptionInput]) -> list[OptionInput]:
    checked: list[OptionInput] = []
    names: set[str] = set()
    for index, option in enumerate(options):
        name = clean_line(option.name)
        values = []
        for value in option.values:
            value = clean_line(value)
            if value and value not in values:
                values.append(value)
        if not name and not values:
            continue
        key = f"option_name_{index}"
        check_line(problems, key, name, 60, required=True)
        if name.lower() in names:
            problems.add(key, _l("Two options have this name."))
        names.add(name.lower())
        if not values:
            problems.add(f"option_values_{index}", _l("List the values, separated by commas."))
        elif len(values) > MAX_OPTION_VALUES:
            problems.add(
                f"option_values_{index}", _l("At most %(limit)d values.", limit=MAX_OPTION_VALUES)
            )
        for value in values:
            if len(value) > 60 or CONTROL_RE.search(value):
                problems.add(f"option_values_{index}", _l("Values are short words, one line."))
                break
        checked.append(OptionInput(name, values))
    if len(checked) > MAX_OPTIONS:
        problems.add("option_name_0", _l("At most %(limit)d options.", limit=MAX_OPTIONS))
    return checked


def check_variants(
    problems: Problems,
    data: ProductInput,
    options: list[OptionInput],
    settings: ShopSettings,
    product: Product | None,
) -> list[CheckedVariant]:
    rows = data.variants or [VariantInput()]
    if len(rows) > MAX_VARIANTS:
        problems.add("variants", _l("At most %(limit)d variants.", limit=MAX_VARIANTS))
        return []
    own_ids = {v.id for v in product.variants} if product is not None else set()
    checked: list[CheckedVariant] = []
    seen_skus: dict[str, int] = {}
    seen_combos: set[tuple] = set()
    used_ids: set[int | None] = set()
    for index, row in enumerate(rows):
        sku = clean_line(row.sku)
        check_sku(problems, f"variant_sku_{index}", sku)
        price = check_price(problems, f"variant_price_{index}", row.price, settings.currency)
        compare = check_price(
            problems,
            f"variant_compare_{index}",
            row.compare_at_price,
            settings.currency,
            required=False,
        )
        if price is not None and compare is not None and compare <= price:
            problems.add(
                f"variant_compare_{index}",
                _l("The compare-at price must be higher than the price."),
            )
        if sku and sku.lower() in seen_skus:
            problems.add(f"variant_sku_{index}", _l("Two variants have this SKU."))
        seen_skus[sku.lower()] = index
        variant_id = parse_id(row.id) if row.id not in (None, "") else None
        if row.id not in (None, "") and (variant_id not in own_ids or variant_id in used_ids):
            problems.add("variants", _l("A variant does not belong to this product."))
        used_ids.add(variant_id)
        values = {k: clean_line(v) for k, v in (row.options or {}).items()}
        if options:
            wanted = {o.name: o.values for o in options}
            if set(values) != set(wanted) or any(values[k] not in wanted[k] for k in wanted):
                problems.add(
                    f"variant_sku_{index}",
                    _l("This variant's options do not match the product's options."),
                )
            combo = tuple(values.get(o.name) for o in options)
            if combo in seen_combos:
                problems.add(f"variant_sku_{index}", _l("Two variants have the same options."))
            seen_combos.add(combo)
            values = {o.name: values.get(o.name, "") for o in options}  # in option order
        else:
            values = {}
        checked.append(CheckedVariant(variant_id, sku, price, compare, values))
    if not options and len(checked) > 1:
        problems.add("variants", _l("A product without options has one variant."))
    if seen_skus:
        clash = db.session.scalars(
            sa.select(Variant.sku).where(
                Variant.vendor_id == settings.vendor_id,
                sa.func.lower(Variant.sku).in_([s for s in seen_skus if s]),
                Variant.id.not_in(own_ids) if own_ids else sa.true(),
            )
        ).all()
        for sku in clash:
            problems.add(
                f"variant_sku_{seen_skus[sku.lower()]}",
                _l("Another product already has the SKU %(sku)s.", sku=sku),
            )
    return checked


def check_categories(problems: Problems, vendor_id: int, raw_ids) -> list[Category]:
    ids = []
    for raw in raw_ids or []:
        number = parse_id(raw)
        if number is None:
            problems.add("categories", _l("Pick categories from the list."))
            return []
        ids.append(number)
    if not ids:
        return []
    found = db.session.scalars(
        sa.select(Category).where(Category.vendor_id == vendor_id, Category.id.in_(set(ids)))
    ).all()
    if len(found) != len(set(ids)):
        problems.add("categories", _l("Pick categories from the list."))
        return []
    return list(found)


@dataclass
class CheckedText:
    language: str
    title: str
    slug: str  # "" = generate
    description: str
    seo_title: str
    seo_description: str


def check_texts(
    problems: Problems, data: ProductInput, settings: ShopSettings, product: Product | None
) -> list[CheckedText]:
    checked = []
    for language in settings.languages:
        raw = data.texts.get(language) or TextInput()
        title = clean_line(raw.title)
        slug = clean_line(raw.slug).lower()
        description = raw.description or ""
        seo_title = clean_line(raw.seo_title)
        seo_description = clean_line(raw.seo_description)
        is_default = language == settings.default_language
        check_line(problems, f"title_{language}", title, MAX_TITLE, required=is_default)
        if not title and (slug or description.strip() or seo_title or seo_description):
            problems.add(
                f"title_{language}", _l("Give a title in this language, or leave it empty.")
            )
        if slug and not is_valid_slug(slug):
            problems.add(
                f"slug_{language}",
                _l(
                    "Lower-case letters, digits and hyphens (at most %(limit)d).",
                    limit=MAX_SLUG,
                ),
            )
        if len(description) > MAX_DESCRIPTION:
            problems.add(
                f"description_{language}",
                _l("At most %(limit)d characters.", limit=MAX_DESCRIPTION),
            )
        check_line(problems, f"seo_title_{language}", seo_title, MAX_SEO_TITLE)
        check_line(problems, f"seo_description_{language}", seo_description, MAX_SEO_DESCRIPTION)
        if title:
            checked.append(
                CheckedText(
                    language,
                    title,
                    slug,
                    clean_html(description),
                    seo_title,
                    seo_description,
                )
            )
    # An edited slug must be free: not another product's current or old slug.
    product_id = product.id if product is not None else None
    for text in checked:
        if not text.slug:
            continue
        current = product.text(text.language) if product is not None else None
        if current is not None and current.slug == text.slug:
            continue
        if slug_owner(settings.vendor_id, text.language, text.slug) not in (None, product_id):
            problems.add(f"slug_{text.language}", _l("Another product uses this slug."))
    return checked


def slug_owner(vendor_id: int, language: str, slug: str) -> int | None:
    """The product whose current or old slug `slug` is (in `language`), or None."""
    current = db.session.scalar(
        sa.select(ProductText.product_id).where(
            ProductText.vendor_id == vendor_id,
            ProductText.language == language,
            ProductText.slug == slug,
        )
    )
    if current is not None:
        return current
    return db.session.scalar(
        sa.select(SlugHistory.product_id).where(
            SlugHistory.vendor_id == vendor_id,
            SlugHistory.language == language,
            SlugHistory.slug == slug,
        )
    )


def free_slug(vendor_id: int, language: str, title: str, product_id: int | None) -> str:
    """A slug for `title` that no other product has (now or before) in `language`."""
    base = slugify(title)
    taken = taken_slugs(
        [
            sa.select(ProductText.slug).where(
                ProductText.vendor_id == vendor_id,
                ProductText.language == language,
                ProductText.product_id != (product_id or 0),
            ),
            sa.select(SlugHistory.slug).where(
                SlugHistory.vendor_id == vendor_id,
                SlugHistory.language == language,
                SlugHistory.product_id != (product_id or 0),
            ),
        ],
        base,
    )
    return first_free(base, taken)


# -- writing ----------------------------------------------------------------------------
def create_product(vendor_id: int, data: ProductInput) -> Product:
    """A new product with its texts, options and variants (checked first: ValidationFailed)."""
    settings = shop_settings(vendor_id)
    product = Product(vendor_id=vendor_id)
    return _save(product, data, settings, new=True)


def save_product(product: Product | None, vendor_id: int, data: ProductInput) -> Product:
    """Create (product None) or update."""
    if product is None:
        return create_product(vendor_id, data)
    return update_product(product, data)


def update_product(product: Product, data: ProductInput) -> Product:
    """Change everything the form holds. Variants keep their ids when the input names
    them (inventory keys on them); variants left out are deleted."""
    return _save(product, data, shop_settings(product.vendor_id), new=False)


def _save(product: Product, data: ProductInput, settings: ShopSettings, new: bool) -> Product:
    problems = Problems()
    existing = None if new else product
    texts = check_texts(problems, data, settings, existing)
    if data.status not in ProductStatus.__members__.values():
        problems.add("status", _l("Pick a status from the list."))
    if data.vat_class not in VatClass.__members__.values():
        problems.add("vat_class", _l("Pick a VAT rate from the list."))
    categories = check_categories(problems, settings.vendor_id, data.category_ids)
    options = check_options(problems, data.options)
    variants = check_variants(problems, data, options, settings, existing)
    problems.raise_if_any()

    now = utcnow()
    product.status = data.status
    product.vat_class = data.vat_class
    product.featured = data.featured is True
    product.updated_at = now
    product.categories = categories
    if new:
        db.session.add(product)
        db.session.flush()
    _apply_texts(product, texts, settings)
    product.title = next(t.title for t in texts if t.language == settings.default_language)
    product.options = [
        Option(vendor_id=product.vendor_id, name=o.name, values=o.values, position=i)
        for i, o in enumerate(options)
    ]
    deleted = _apply_variants(product, variants, now)
    product.price = min(v.price for v in variants)
    db.session.flush()
    _sync_product_stock(product.id)
    for variant_id in deleted:
        publish(
            "catalog.variant_deleted",
            platform_id=settings.platform_id,
            vendor_id=product.vendor_id,
            product_id=product.id,
            variant_id=variant_id,
        )
    publish_variants(product, settings)
    return product


def _apply_texts(product: Product, texts: list[CheckedText], settings: ShopSettings) -> None:
    keep = {t.language for t in texts}
    for old in [t for t in product.texts if t.language not in keep]:
        _remember_slug(product, old.language, old.slug)
        product.texts.remove(old)
    db.session.flush()
    for text in texts:
        row = product.text(text.language)
        if row is None:
            slug = text.slug or free_slug(product.vendor_id, text.language, text.title, product.id)
            row = ProductText(vendor_id=product.vendor_id, language=text.language, slug=slug)
        elif text.slug and text.slug != row.slug:
            _remember_slug(product, text.language, row.slug)
            row.slug = text.slug
        row.title = text.title
        row.description = text.description
        row.seo_title = text.seo_title
        row.seo_description = text.seo_description
        with db.session.no_autoflush:
            _forget_own_slug(product, text.language, row.slug)  # taken back from its history
        if row not in product.texts:
            product.texts.append(row)
        db.session.flush()


def _remember_slug(product: Product, language: str, slug: str) -> None:
    exists = db.session.scalar(
        sa.select(SlugHistory.id).where(
            SlugHistory.vendor_id == product.vendor_id,
            SlugHistory.language == language,
            SlugHistory.slug == slug,
        )
    )
    if exists is None:
        db.session.add(
            SlugHistory(
                vendor_id=product.vendor_id, product_id=product.id, language=language, slug=slug
            )
        )


def _forget_own_slug(product: Product, language: str, slug: str) -> None:
    db.session.execute(
        sa.delete(SlugHistory).where(
            SlugHistory.vendor_id == product.vendor_id,
            SlugHistory.product_id == product.id,
            SlugHistory.language == language,
            SlugHistory.slug == slug,
        )
    )


def _apply_variants(product: Product, variants: list[CheckedVariant], now) -> list[int]:
    """Update, create and delete variant rows; returns the ids deleted."""
    by_id = {v.id: v for v in product.variants}
    keep = {v.id for v in variants if v.id is not None}
    deleted = [vid for vid in by_id if vid not in keep]
    if deleted:  # their images stay, for the whole product (ON DELETE SET NULL, by hand)
        for image in product.images:
            if image.variant_id in deleted:
                image.variant_id = None
    for vid in deleted:
        product.variants.remove(by_id[vid])
    db.session.flush()  # free the deleted rows' SKUs before others take them
    for position, item in enumerate(variants):
        row = by_id.get(item.id) if item.id is not None else None
        if row is None:
            row = Variant(vendor_id=product.vendor_id, created_at=now)
            product.variants.append(row)
        row.sku = item.sku
        row.price = item.price
        row.compare_at_price = item.compare_at_price
        row.options = item.options
        row.position = position
        row.updated_at = now
    return deleted


def variant_title(product_title: str, variant: Variant) -> str:
    """The title inventory shows: the product's, plus " – M / Blue" for an option variant."""
    label = variant.option_label
    return f"{product_title} – {label}" if label else product_title


def publish_variants(product: Product, settings: ShopSettings | None = None) -> None:
    """catalog.variant_changed for each of the product's variants, and product_changed."""
    settings = settings or shop_settings(product.vendor_id)
    for variant in product.variants:
        publish_variant_changed(settings, product, variant)
    publish_product_changed(settings, product.id)


def publish_variant_changed(settings: ShopSettings, product: Product, variant: Variant) -> None:
    """catalog.variant_changed for one variant (what inventory keeps of it)."""
    publish(
        "catalog.variant_changed",
        platform_id=settings.platform_id,
        vendor_id=product.vendor_id,
        product_id=product.id,
        variant_id=variant.id,
        sku=variant.sku,
        title=variant_title(product.title, variant)[:255],
        status=product.status,
    )


def publish_product_changed(settings: ShopSettings, product_id: int) -> None:
    publish(
        "catalog.product_changed",
        platform_id=settings.platform_id,
        vendor_id=settings.vendor_id,
        product_id=product_id,
    )


# -- status and bulk actions ------------------------------------------------------------
def products_by_ids(vendor_id: int, raw_ids) -> list[Product]:
    """The vendor's products among `raw_ids` (anything else is ignored), with variants."""
    ids = {n for n in (parse_id(r) for r in raw_ids or []) if n is not None}
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Product)
            .where(Product.vendor_id == vendor_id, Product.id.in_(ids))
            .options(sa.orm.selectinload(Product.variants))
            .order_by(Product.id)
        )
    )


def set_status(vendor_id: int, raw_ids, status: str) -> int:
    """Give the vendor's products among `raw_ids` the status; returns how many changed."""
    if status not in ProductStatus.__members__.values():
        raise ValidationFailed({"": [_l("Pick a status from the list.")]})
    # Inventory keeps each variant's status: tell it about every variant.
    return _set_on_products(vendor_id, raw_ids, "status", status, publish_variants)


def set_featured(vendor_id: int, raw_ids, featured: bool) -> int:
    """Feature (or stop featuring) the vendor's products among `raw_ids` on the shop's
    home page; returns how many changed."""
    return _set_on_products(
        vendor_id,
        raw_ids,
        "featured",
        featured,
        lambda product, settings: publish_product_changed(settings, product.id),
    )


def _set_on_products(vendor_id: int, raw_ids, attribute: str, value, announce) -> int:
    """Set one attribute of the vendor's products among `raw_ids`, leaving those that
    already have it; `announce(product, settings)` publishes each change."""
    settings = shop_settings(vendor_id)
    changed = 0
    now = utcnow()
    for product in products_by_ids(vendor_id, raw_ids):
        if getattr(product, attribute) == value:
            continue
        setattr(product, attribute, value)
        product.updated_at = now
        changed += 1
        announce(product, settings)
    return changed


def delete_products(vendor_id: int, raw_ids) -> int:
    """Delete the vendor's products among `raw_ids` with their texts, variants and images
    (the image files go once the deletion commits); returns how many."""
    settings = shop_settings(vendor_id)
    products = products_by_ids(vendor_id, raw_ids)
    if not products:
        return 0
    ids = [p.id for p in products]
    images = db.session.scalars(
        sa.select(Image).where(Image.vendor_id == vendor_id, Image.product_id.in_(ids))
    ).all()
    for image in images:
        for key in image_keys(image):
            delete_after_commit(key)
    for product in products:
        for variant in product.variants:
            publish(
                "catalog.variant_deleted",
                platform_id=settings.platform_id,
                vendor_id=vendor_id,
                product_id=product.id,
                variant_id=variant.id,
            )
        publish_product_changed(settings, product.id)
    # Child rows first, in a fixed number of statements; spelled out because the
    # database's ON DELETE CASCADE does not run on SQLite.
    for model in (Image, Variant, Option, ProductText, SlugHistory):
        db.session.execute(
            sa.delete(model)
            .where(model.vendor_id == vendor_id, model.product_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
    db.session.execute(sa.delete(product_category).where(product_category.c.product_id.in_(ids)))
    db.session.execute(
        sa.delete(Product)
        .where(Product.vendor_id == vendor_id, Product.id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    for row in [*products, *images]:  # gone from the database: out of the session too
        if row in db.session:
            db.session.expunge(row)
    return len(products)


def image_keys(image: Image) -> list[str]:
    return [image.storage_key, *(image.renditions or {}).values()]


# -- inline edits -----------------------------------------------------------------------
KEEP = object()


def set_price(variant: Variant, text: str, compare_text=KEEP) -> Variant:
    """The variant's price from what was typed in the list (ValidationFailed: "price"),
    and its compare-at price when given ("" for none; ValidationFailed:
    "compare_at_price")."""
    settings = shop_settings(variant.vendor_id)
    problems = Problems()
    price = check_price(problems, "price", text, settings.currency)
    compare = variant.compare_at_price
    if compare_text is not KEEP:
        compare = check_price(
            problems, "compare_at_price", compare_text, settings.currency, required=False
        )
    if price is not None and compare is not None and compare <= price:
        problems.add(
            "price" if compare_text is KEEP else "compare_at_price",
            _l("The compare-at price must be higher than the price."),
        )
    problems.raise_if_any()
    now = utcnow()
    variant.price = price
    variant.compare_at_price = compare
    variant.updated_at = now
    product = variant.product
    product.price = min(v.price for v in product.variants)
    product.updated_at = now
    publish_variant_changed(settings, product, variant)
    publish_product_changed(settings, product.id)
    return variant


def parse_stock(text) -> int:
    """A stock count typed by a person: a whole number from 0 (ValidationFailed: "stock")."""
    value = (text or "").strip() if isinstance(text, str) else ""
    if not value:
        raise ValidationFailed({"stock": [_l("Enter a number.")]})
    if not re.fullmatch(r"\d+", value):
        raise ValidationFailed({"stock": [_l("Enter a whole number from 0.")]})
    number = int(value)
    if number > MAX_STOCK:
        raise ValidationFailed({"stock": [_l("That number is too large.")]})
    return number


def count_stock(variant: Variant, text, user=None) -> int:
    """A vendor typed a new stock count: announce it (catalog.stock_counted). Inventory,
    when enabled, records it and answers with inventory.stock_changed, which
    `apply_stock_changed` applies; the caller commits, then re-reads the variant."""
    on_hand = parse_stock(text)
    settings = shop_settings(variant.vendor_id)
    publish(
        "catalog.stock_counted",
        platform_id=settings.platform_id,
        vendor_id=variant.vendor_id,
        product_id=variant.product_id,
        variant_id=variant.id,
        on_hand=on_hand,
        user_id=getattr(user, "id", None),
        user_email=getattr(user, "email", None),
    )
    return on_hand


def apply_stock_changed(vendor_id: int, product_id: int, variant_id: int, available: int) -> bool:
    """Inventory reported a variant's available stock: store it on the variant and the
    product's sum (two statements). False when the variant is not the vendor's."""
    result = db.session.execute(
        sa.update(Variant)
        .where(
            Variant.vendor_id == vendor_id,
            Variant.id == variant_id,
            Variant.product_id == product_id,
        )
        .values(stock_available=available)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    _sync_product_stock(product_id)
    return True


def _sync_product_stock(product_id: int) -> None:
    """catalog_product.stock_available = the sum of its variants' reported figures."""
    total = (
        sa.select(sa.func.sum(Variant.stock_available))
        .where(Variant.product_id == product_id)
        .scalar_subquery()
    )
    db.session.execute(
        sa.update(Product)
        .where(Product.id == product_id)
        .values(stock_available=total)
        .execution_options(synchronize_session=False)
    )


# -- variants from options ----------------------------------------------------------------
def plan_variants(data: ProductInput) -> ProductInput:
    """The form's variant rows for its options: one per combination of option values, in
    order. A row whose options match an existing row keeps its SKU, price and id; new rows
    start with the first row's price. Without options: the first row alone.
    ValidationFailed when the options are incomplete or give too many combinations."""
    problems = Problems()
    options = check_options(problems, data.options)
    combos: list[dict[str, str]] = [{}]
    for option in options:
        combos = [{**c, option.name: v} for c in combos for v in option.values]
    if len(combos) > MAX_VARIANTS:
        problems.add(
            "option_values_0",
            _l(
                "These options give %(count)d variants; at most %(limit)d.",
                count=len(combos),
                limit=MAX_VARIANTS,
            ),
        )
    problems.raise_if_any()
    rows = data.variants or [VariantInput()]
    if not options:
        first = rows[0]
        return replace(data, options=[], variants=[replace(first, options={})])
    by_combo = {tuple(sorted((r.options or {}).items())): r for r in rows}
    price = rows[0].price if rows else ""
    planned = []
    for combo in combos:
        found = by_combo.get(tuple(sorted(combo.items())))
        planned.append(
            replace(found, options=combo) if found else VariantInput(price=price, options=combo)
        )
    return replace(data, options=options, variants=planned)


# -- reading, for the storefront ---------------------------------------------------------------
def find_by_slug(vendor_id: int, language: str, slug: str) -> tuple[Product | None, str | None]:
    """The product whose slug is `slug` in `language` (or in the vendor's default language),
    and, when `slug` is an old one, the current slug to answer 301 with.

    (product, None): the slug is current; (product, "new-slug"): redirect; (None, None): 404.
    """
    settings = shop_settings(vendor_id)
    for lang in dict.fromkeys((language, settings.default_language)):
        product_id = db.session.scalar(
            sa.select(ProductText.product_id).where(
                ProductText.vendor_id == vendor_id,
                ProductText.language == lang,
                ProductText.slug == slug,
            )
        )
        if product_id is not None:
            return db.session.get(Product, product_id), None
    for lang in dict.fromkeys((language, settings.default_language)):
        old = db.session.scalar(
            sa.select(SlugHistory.product_id).where(
                SlugHistory.vendor_id == vendor_id,
                SlugHistory.language == lang,
                SlugHistory.slug == slug,
            )
        )
        if old is not None:
            product = db.session.get(Product, old)
            text = text_for(product, language)
            return product, text.slug if text else None
    return None, None


def text_for(product: Product, language: str) -> ProductText | None:
    """The product's text in `language`, else in the vendor's default language."""
    return product.text(language) or product.text(shop_settings(product.vendor_id).default_language)
