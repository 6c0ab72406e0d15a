"""Schemas of the catalog's vendor API (/api/v1/vendor/<vendor_code>/catalog): they check
the shape of requests (types, unknown fields, ids) and describe them and the answers in
/api/v1/openapi.json. The rules of the data (titles, SKUs, prices, categories of this
shop...) stay in the services, as for the forms: `product_input` turns a body into the
services' ProductInput and `api_fields` their per-form-field errors into the API's
dotted paths.

Money travels as strings ("12.50"), never as JSON numbers: a number in JSON is a binary
float to most clients (12.1 is not exact), so a number where an amount is expected is a
422 that says to send a string.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Annotated, Literal

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, BeforeValidator, Field, StrictBool, StrictInt
from pydantic_core import PydanticCustomError

from modules.catalog.models import ProductStatus, VatClass
from modules.catalog.services.products import (
    MAX_OPTION_VALUES,
    MAX_OPTIONS,
    MAX_STOCK,
    MAX_VARIANTS,
    OptionInput,
    ProductInput,
    TextInput,
    VariantInput,
)
from wizamart.api import ApiSchema, Id, PageQuery, UtcDatetime

Language = Literal["en", "fr", "de", "lb"]


def money_string(value):
    if not isinstance(value, str):
        raise PydanticCustomError(
            "money_string", str(_l('Send amounts as strings, e.g. "12.50", not as numbers.'))
        )
    return value


#: An amount as a string: "12.50" (the shop's currency; checked by the service).
MoneyText = Annotated[
    str,
    BeforeValidator(money_string),
    Field(max_length=30, description='An exact amount as a string, e.g. "12.50".'),
]


# -- requests ------------------------------------------------------------------------------
class ProductQuery(PageQuery):
    """Filters of the product list (keyset pages by id)."""

    status: ProductStatus | None = None
    featured: bool | None = Field(None, description="Featured on the home page, or not.")
    category: Id | None = Field(None, description="A category's id (its subcategories too).")
    q: str | None = Field(None, max_length=100, description="Words in the title or a SKU.")


class TextIn(ApiSchema):
    title: str = ""
    slug: str = Field("", description="Empty: made from the title.")
    description: str = Field("", description="HTML; cleaned to safe tags.")
    seo_title: str = ""
    seo_description: str = ""


class TextChange(ApiSchema):
    """Only the fields sent change."""

    title: str | None = None
    slug: str | None = None
    description: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None


class OptionIn(ApiSchema):
    name: str
    values: list[str] = Field(max_length=MAX_OPTION_VALUES)


class VariantIn(ApiSchema):
    id: Id | None = Field(None, description="An existing variant of the product, to keep it.")
    sku: str
    price: MoneyText
    compare_at_price: MoneyText | None = None
    options: dict[str, str] = Field(
        default_factory=dict, description="A value of each of the product's options."
    )


class NewProduct(ApiSchema):
    texts: dict[Language, TextIn] = Field(
        description="Per language; the shop's default language needs a title."
    )
    status: ProductStatus = ProductStatus.DRAFT
    vat_class: VatClass = VatClass.STANDARD
    featured: StrictBool = Field(False, description="Shown on the shop's home page (if active).")
    category_ids: list[Id] = Field(default_factory=list, max_length=200)
    options: list[OptionIn] = Field(default_factory=list, max_length=MAX_OPTIONS)
    variants: list[VariantIn] = Field(min_length=1, max_length=MAX_VARIANTS)


class ProductChange(ApiSchema):
    """Only the fields sent change. `texts` changes the languages named (null removes
    one); `options`, `variants` and `category_ids` replace the whole list (variants not
    named by id are deleted)."""

    texts: dict[Language, TextChange | None] | None = None
    status: ProductStatus | None = None
    vat_class: VatClass | None = None
    featured: StrictBool | None = None
    category_ids: list[Id] | None = Field(None, max_length=200)
    options: list[OptionIn] | None = Field(None, max_length=MAX_OPTIONS)
    variants: list[VariantIn] | None = Field(None, min_length=1, max_length=MAX_VARIANTS)


class StatusChange(ApiSchema):
    ids: list[Id] = Field(min_length=1, max_length=200, description="Products of this shop.")
    status: ProductStatus


class VariantChange(ApiSchema):
    """Only the fields sent change; `compare_at_price: null` removes it."""

    price: MoneyText | None = None
    compare_at_price: MoneyText | None = None


class StockCount(ApiSchema):
    on_hand: StrictInt = Field(ge=0, le=MAX_STOCK, description="Units counted on hand.")


class NewCategory(ApiSchema):
    names: dict[Language, str] = Field(description="Per language; the default one required.")
    parent_id: Id | None = None


class CategoryChange(ApiSchema):
    """Only the fields sent change; a name null removes that language, `parent_id: null`
    moves the category to the top."""

    names: dict[Language, str | None] | None = None
    parent_id: Id | None = None


# -- answers -------------------------------------------------------------------------------
class CatalogVariant(BaseModel):
    id: int
    sku: str
    price: str = Field(description='Exact, VAT included, e.g. "4.50".')
    compare_at_price: str | None
    options: dict[str, str]
    stock_available: int | None = Field(description="As inventory reported it; null: unknown.")


class CatalogProductSummary(BaseModel):
    id: int
    title: str = Field(description="In the shop's default language.")
    status: ProductStatus
    vat_class: VatClass
    featured: bool = Field(description="Shown on the shop's home page (if active).")
    price: str = Field(description="The lowest variant price.")
    currency: str
    stock_available: int | None
    updated_at: UtcDatetime
    variants: list[CatalogVariant]


class CatalogText(BaseModel):
    title: str
    slug: str
    description: str
    seo_title: str
    seo_description: str


class CatalogOption(BaseModel):
    name: str
    values: list[str]


class CatalogCategoryRef(BaseModel):
    id: int
    name: str


class CatalogImage(BaseModel):
    id: int
    url: str
    renditions: dict[str, str] = Field(description="URL per size.")
    width: int
    height: int
    alt_text: str
    position: int
    variant_id: int | None


class CatalogProduct(CatalogProductSummary):
    created_at: UtcDatetime
    texts: dict[str, CatalogText]
    options: list[CatalogOption]
    categories: list[CatalogCategoryRef]
    images: list[CatalogImage]


class StatusChanged(BaseModel):
    changed: int = Field(description="How many products got the status.")


class StockCounted(BaseModel):
    variant_id: int
    on_hand: int
    stock_available: int | None
    confirmed: bool = Field(description="Whether inventory has recorded the count (else 202).")


class CatalogCategory(BaseModel):
    id: int
    parent_id: int | None
    depth: int
    position: int
    name: str = Field(description="In the shop's default language.")
    names: dict[str, str]
    slugs: dict[str, str]


# -- to and from the services ------------------------------------------------------------
def variant_input(row: VariantIn) -> VariantInput:
    return VariantInput(
        sku=row.sku,
        price=row.price,
        compare_at_price=row.compare_at_price or "",
        options=dict(row.options),
        id=row.id,
    )


def product_input(body: NewProduct | ProductChange, start: ProductInput) -> ProductInput:
    """`start` (a new product's defaults, or the product as it is) changed by what the
    body sends."""
    sent = body.model_fields_set
    data = replace(start, texts=dict(start.texts))
    if "texts" in sent and body.texts is not None:
        for language, text in body.texts.items():
            if text is None:
                data.texts.pop(language, None)
            else:
                base = data.texts.get(language) or TextInput()
                data.texts[language] = replace(base, **text.model_dump(exclude_unset=True))
    for name in ("status", "vat_class"):
        if name in sent and getattr(body, name) is not None:
            setattr(data, name, getattr(body, name).value)
    if "featured" in sent and body.featured is not None:
        data.featured = body.featured
    if "category_ids" in sent and body.category_ids is not None:
        data.category_ids = list(body.category_ids)
    if "options" in sent and body.options is not None:
        data.options = [OptionInput(o.name, list(o.values)) for o in body.options]
    if "variants" in sent and body.variants is not None:
        data.variants = [variant_input(v) for v in body.variants]
    return data


TEXT_FIELD = re.compile(r"^(seo_title|seo_description|title|slug|description)_([a-z]{2})$")
ROW_FIELD = re.compile(
    r"^(option_name|option_values|variant_sku|variant_price|variant_compare)_(\d+)$"
)
ROW_PATHS = {
    "option_name": "options.{}.name",
    "option_values": "options.{}.values",
    "variant_sku": "variants.{}.sku",
    "variant_price": "variants.{}.price",
    "variant_compare": "variants.{}.compare_at_price",
}
NAMES = {"categories": "category_ids", "variants": "variants"}
CATEGORY_NAME = re.compile(r"^name_([a-z]{2})$")


def api_fields(errors: dict[str, list]) -> dict[str, list]:
    """The services' errors (named after form fields: `title_en`, `variant_price_0`)
    under the API body's dotted paths (`texts.en.title`, `variants.0.price`)."""
    out: dict[str, list] = {}
    for name, messages in errors.items():
        if match := TEXT_FIELD.match(name):
            path = f"texts.{match.group(2)}.{match.group(1)}"
        elif match := ROW_FIELD.match(name):
            path = ROW_PATHS[match.group(1)].format(match.group(2))
        elif match := CATEGORY_NAME.match(name):
            path = f"names.{match.group(1)}"
        else:
            path = NAMES.get(name, name)
        out.setdefault(path, []).extend(messages)
    return out
