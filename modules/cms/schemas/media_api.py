"""Schemas of the media part of the shop's API (/api/v1/vendor/<vendor_code>/content/media):
the shape of requests and answers, described in /api/v1/openapi.json. What a file must
be (an image or a PDF, its size) is checked by the service, as for the pages."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from modules.cms.services.media import MAX_ALT
from wizamart.api import ApiSchema, PageQuery, UtcDatetime


class MediaQuery(PageQuery):
    """Filters of the library (keyset pages by id)."""

    q: str | None = Field(None, max_length=100, description="In the file name or alt text.")
    kind: Literal["image", "pdf"] | None = None


class MediaUpload(ApiSchema):
    """The text fields of an upload (multipart/form-data, with the file in `file`)."""

    alt_text: str = Field("", max_length=MAX_ALT, description="What the image shows.")


class MediaChange(ApiSchema):
    alt_text: str = Field(max_length=MAX_ALT, description='What the image shows; "" for none.')


class MediaItem(BaseModel):
    id: int
    kind: Literal["image", "pdf"]
    filename: str
    content_type: str = Field(
        description="What /media/ sends it as: image/webp or application/pdf."
    )
    size: int = Field(description="Bytes of the stored file.")
    width: int | None = None
    height: int | None = None
    alt_text: str
    url: str = Field(description="The stored file (an image re-encoded as WebP, without EXIF).")
    renditions: dict[str, str] = Field(
        description="Resized copies of an image by name (thumb, medium, large); empty for a PDF."
    )
    used_as: list[Literal["logo", "favicon"]] = Field(
        description="What the shop's look uses it as; such an item cannot be deleted."
    )
    created_at: UtcDatetime
