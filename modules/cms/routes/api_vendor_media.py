"""JSON: a shop's media library, /api/v1/vendor/<vendor_code>/content/media: list, one
item, upload (multipart/form-data: `file` and `alt_text`; the body may be as large as
MEDIA_MAX_BYTES plus the form, not only API_MAX_BODY), alt text, delete. `cms.view`
reads, `cms.edit` writes; another shop's id is a 404 before anything else is read.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from modules.cms.exceptions import ValidationFailed
from modules.cms.models import Media
from modules.cms.schemas.media_api import MediaChange, MediaItem, MediaQuery, MediaUpload
from modules.cms.services import media as media_service
from modules.cms.services.media import MediaInUse
from modules.cms.services.media_lists import search
from modules.cms.services.owners import owner_or_404 as owner
from wizamart.api import ApiError, Page, api_view, invalid, page_of
from wizamart.auth import permission_required
from wizamart.extensions import db

router = Blueprint("media", __name__, url_prefix="/content/media")

#: Room for the form's other fields and the multipart framing.
FORM_OVERHEAD = 64 * 1024


def upload_limit() -> int:
    return media_service.max_bytes() + FORM_OVERHEAD


@router.before_request
def ids_of_this_shop():
    """Another shop's id answers 404 before the body or the permission is looked at."""
    media_id = (request.view_args or {}).get("media_id")
    if media_id is not None:
        loaded(media_id)


def loaded(media_id) -> Media:
    media = media_service.get_media(owner(), media_id)
    if media is None:
        raise ApiError(404, _("Not found."))
    return media


def item_out(media: Media, used: dict[int, list[str]]) -> dict:
    urls = media_service.urls(media)
    return {
        "id": media.id,
        "kind": media.kind,
        "filename": media.filename,
        "content_type": media.content_type,
        "size": media.size,
        "width": media.width,
        "height": media.height,
        "alt_text": media.alt_text or "",
        "url": urls.pop("original"),
        "renditions": urls,
        "used_as": used.get(media.id, []),
        "created_at": media.created_at,
    }


def one(media: Media) -> dict:
    return item_out(media, media_service.usage(owner(), [media.id]))


@router.get("")
@permission_required("cms.view")
@api_view(query=MediaQuery, response=Page[MediaItem])
def list_media(query: MediaQuery):
    """The shop's media library, a page at a time (oldest first)."""
    statement = media_service.media_rows(owner())
    if query.after:
        statement = statement.where(Media.id > query.after)
    if query.q:
        statement = search(statement, query.q)
    if query.kind:
        statement = statement.where(Media.kind == query.kind)
    rows = db.session.scalars(statement.order_by(Media.id).limit(query.limit + 1)).all()
    used = media_service.usage(owner(), [m.id for m in rows])
    page = page_of(rows, query.limit)
    page["items"] = [item_out(m, used) for m in page["items"]]
    return page


@router.get("/<int:media_id>")
@permission_required("cms.view")
@api_view(response=MediaItem)
def get_media(media_id):
    """One file of the library."""
    return one(loaded(media_id))


@router.post("")
@permission_required("cms.edit")
@api_view(
    form=MediaUpload,
    files=("file",),
    max_body=upload_limit,
    response=MediaItem,
    status=201,
    errors=(413,),
)
def upload(form: MediaUpload):
    """Upload an image (JPEG, PNG, WebP, GIF: stored as WebP without EXIF, with resized
    copies) or a PDF, as multipart/form-data. Anything else, SVG included, is a 422;
    a file past the size limit a 413."""
    file = request.files["file"]
    data = file.read(media_service.max_bytes() + 1)
    try:
        media = media_service.upload(owner(), file.filename, data, form.alt_text, current_user.id)
    except ValidationFailed as exc:
        db.session.rollback()
        status = getattr(exc, "status", 422)
        message = next(iter(exc.errors.values()))
        raise ApiError(status, message, fields={k: [v] for k, v in exc.errors.items()}) from None
    db.session.commit()
    return one(media)


@router.patch("/<int:media_id>")
@permission_required("cms.edit")
@api_view(body=MediaChange, response=MediaItem)
def change_media(media_id, body: MediaChange):
    """Change the alt text."""
    media = loaded(media_id)
    try:
        media_service.set_alt_text(media, body.alt_text)
    except ValidationFailed as exc:
        db.session.rollback()
        raise invalid({k: [v] for k, v in exc.errors.items()}) from None
    db.session.commit()
    return one(media)


@router.delete("/<int:media_id>")
@permission_required("cms.edit")
@api_view(status=204, errors=(409,))
def delete_media(media_id):
    """Delete a file and its resized copies; 409 while the shop's logo or favicon."""
    media = loaded(media_id)
    try:
        media_service.delete(owner(), media)
    except MediaInUse as exc:
        db.session.rollback()
        raise ApiError(409, str(exc)) from None
    db.session.commit()
    return None
