"""Schemas of the catalog's storefront API (/api/v1/storefront/<vendor_code>/catalog):
they check the query strings and describe the answers in /api/v1/openapi.json."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from wizamart.api import ApiSchema

Sort = Literal["newest", "price_asc", "price_desc", "name"]
Language = Literal["en", "fr", "de", "lb"]


class ProductListQuery(ApiSchema):
    """Filters, sort and keyset cursor of the product list."""

    category: str | None = Field(None, max_length=140, description="A category's slug.")
    min_price: Decimal | None = Field(None, ge=0, le=9_999_999_999, allow_inf_nan=False)
    max_price: Decimal | None = Field(None, ge=0, le=9_999_999_999, allow_inf_nan=False)
    in_stock: bool = Field(False, description="Only products in stock (inventory on).")
    sort: Sort = "newest"
    after: str | None = Field(None, max_length=600, description="`next` of the last answer.")
    before: str | None = Field(None, max_length=600, description="`prev` of the last answer.")
    lang: Language | None = Field(None, description="The language of the words.")


class SearchQuery(ApiSchema):
    q: str = Field(min_length=1, max_length=200, description="The words to look for.")
    page: int = Field(1, ge=1, le=50)
    lang: Language | None = None


class DetailQuery(ApiSchema):
    lang: Language | None = None


class Price(BaseModel):
    amount: str = Field(description='Exact decimal, VAT included, e.g. "4.50".')
    currency: str = Field(description="ISO 4217 code, e.g. EUR.")


class Availability(BaseModel):
    state: Literal["in_stock", "low", "out"]
    available: int


class ImageOut(BaseModel):
    url: str
    width: int
    height: int
    alt: str


class ProductSummary(BaseModel):
    id: int
    slug: str
    title: str
    language: str = Field(description="The language of title and slug.")
    price: Price | None
    image: ImageOut | None
    availability: Availability | None = Field(
        description="Null while the inventory module is off or has not reported."
    )
    url: str


class ProductList(BaseModel):
    items: list[ProductSummary]
    next: str | None = Field(description="Cursor for `after=`; null on the last page.")
    prev: str | None = Field(description="Cursor for `before=`; null on the first page.")


class SearchResults(BaseModel):
    items: list[ProductSummary]
    next_page: int | None
    similar: bool = Field(description="Found by similar titles (a typo), not the words.")


class VariantOut(BaseModel):
    id: int
    sku: str
    price: Price
    compare_at_price: Price | None
    options: dict[str, str]
    availability: Availability | None


class CategoryRef(BaseModel):
    id: int
    name: str
    slug: str | None


class ProductDetail(BaseModel):
    id: int
    slug: str
    title: str
    language: str
    description_html: str = Field(description="Cleaned HTML (safe tags only).")
    images: list[ImageOut]
    variants: list[VariantOut]
    categories: list[CategoryRef]
    url: str
