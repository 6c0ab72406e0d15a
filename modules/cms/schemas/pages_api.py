"""Schemas of the pages API (/api/v1/vendor/<vendor_code>/content/pages): the shape of
requests and answers. The rules (titles, slugs, roles, cleaning) stay in the service,
as for the editor; `api_fields` turns its per-form-field errors into the body's paths."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from modules.cms.models import PageRole, PageStatus
from wizamart.api import ApiSchema, PageQuery, UtcDatetime

Language = Literal["en", "fr", "de", "lb"]


class PagesQuery(PageQuery):
    """Filters of the page list (keyset pages by id)."""

    status: PageStatus | None = None
    q: str | None = Field(None, max_length=100, description="Words in the title or slug.")


class PageTextIn(ApiSchema):
    title: str = Field("", max_length=1000)
    body: str = Field("", description="HTML; cleaned to safe tags on the server.")
    seo_title: str = Field("", max_length=1000)
    seo_description: str = Field("", max_length=2000)


class NewPage(ApiSchema):
    texts: dict[Language, PageTextIn] = Field(
        description="A text per language; the platform's default language is required."
    )
    slug: str = Field("", max_length=200, description="Empty: made from the title.")
    role: PageRole | None = Field(None, description="What the page is for (unique per shop).")


class PageChange(ApiSchema):
    """A new version of each language sent; languages not sent and fields left out stay."""

    texts: dict[Language, PageTextIn] | None = None
    slug: str | None = Field(None, max_length=200)
    role: PageRole | Literal[""] | None = Field(None, description='"" takes the role away.')


class CmsPageSummary(BaseModel):
    id: int
    slug: str
    role: str | None
    status: PageStatus
    title: str = Field(description="In the platform's default language.")
    unpublished_changes: bool
    updated_at: UtcDatetime
    published_at: UtcDatetime | None


class CmsPageText(BaseModel):
    title: str
    body: str
    seo_title: str
    seo_description: str
    version: int = Field(description="Number of the current version of this language.")
    published_version: int | None = Field(description="The version shoppers see, if any.")


class CmsPage(CmsPageSummary):
    texts: dict[str, CmsPageText]
    url: str = Field(description="Where shoppers find it once published.")


TEXT_FIELD = re.compile(r"^(title|body|seo_title|seo_description)_([a-z]{2})$")


def api_fields(errors: dict[str, str]) -> dict[str, list[str]]:
    """The service's errors (named after the editor's fields: `title_en`) under the body's
    dotted paths (`texts.en.title`)."""
    out: dict[str, list[str]] = {}
    for name, message in errors.items():
        match = TEXT_FIELD.match(name)
        path = f"texts.{match.group(2)}.{match.group(1)}" if match else name
        out.setdefault(path, []).append(message)
    return out
