"""The media library's pages, the same for a shop (/vendor/<code>/content/media) and for
the platform (/admin/content/media): `install(router, side)` adds them to the child
blueprint of each back office, so both have the same endpoints (`.index`, `.upload`,
`.item`, `.alt`, `.delete`, `.picker`, `.picker_upload`, `.picker_alt`).

- index: the list (wizamart/lists.py) with the upload form above it.
- upload: several files at once; each is checked and stored on its own, the refused
  ones are named with the reason (422). Without JavaScript a plain POST and a redirect.
- item: one file: preview, links, renditions, alt text, what uses it, delete.
- alt: the alt text of one item, inline with htmx (the cell again; 422 with the message
  and the typed text), or a plain POST.
- delete: the confirmation panel (GET), the deletion (POST); refused (409) while the
  owner's theme uses the image.
- picker: the body of the picker dialog (`macros/media.html`): the owner's images with
  their alt text, search, pages, an upload and alt text in place.

Ids in URLs are looked up in the owner's library only: another owner's id is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from modules.cms.exceptions import ValidationFailed
from modules.cms.models import Media, MediaKind
from modules.cms.services import media as media_service
from modules.cms.services.media import MAX_FILES, MediaInUse
from modules.cms.services.media_lists import LIBRARY, PICKER, images_only
from modules.cms.services.owners import Owner, owned_row_or_404, owner_or_404
from wizamart.auth import has_permission, permission_required
from wizamart.errors import render_error
from wizamart.extensions import db
from wizamart.htmx import is_htmx, render
from wizamart.lists import render_list
from wizamart.media import RENDITIONS, media_url, rendition_size, size_in_mb
from wizamart.redirects import safe_next

#: Room for the form's other fields and the multipart framing.
FORM_OVERHEAD = 256 * 1024
PICKER_TEMPLATE = "cms/shared/media/picker.html"
CELL_TEMPLATE = "cms/shared/media/alt_cell.html"


@dataclass(frozen=True)
class Side:
    """One back office's media pages: its templates, permissions and look page."""

    template: str
    item_template: str
    view_permission: str
    edit_permission: str
    theme_endpoint: str  # the look page, where the logo and favicon are chosen

    def owner(self) -> Owner:
        """The request's library: the shop's in its back office, the platform's in the
        admin."""
        return owner_or_404()

    def theme_url(self) -> str:
        return url_for(self.theme_endpoint)


def thumb_url(media) -> str:
    return media_url(media_service.rendition_key(media, "thumb"))


def max_upload_body() -> int:
    return MAX_FILES * media_service.max_bytes() + FORM_OVERHEAD


def install(router, side: Side) -> None:  # noqa: C901 - one closure per view, on purpose
    """Add the media pages to `router` (a child blueprint of a back office)."""

    @router.url_value_preprocessor
    def limit_upload_size(endpoint, values):
        """Refuse a too large upload before anything reads its body (the CSRF check
        reads the form before the view): werkzeug raises 413, answered below."""
        if endpoint and endpoint.endswith((".upload", ".picker_upload")):
            request.max_content_length = max_upload_body()

    @router.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        return render_error(
            413,
            _(
                "Too much at once: at most %(count)d files, each at most %(size)s MB.",
                count=MAX_FILES,
                size=size_in_mb(media_service.max_bytes()),
            ),
        )

    def owned_or_404(media_id):
        return owned_row_or_404(side.owner(), Media, media_id)

    def library(status=200, oob=(), values=None, **extra):
        owner = side.owner()
        rows = media_service.media_rows(owner)
        extra.setdefault("upload_errors", [])
        return render_list(
            side.template,
            LIBRARY,
            rows,
            values=values,
            endpoint=".index" if values is not None else None,
            status=status,
            oob=oob,
            usage_of=lambda items: media_service.usage(owner, [m.id for m in items]),
            thumb_url=thumb_url,
            can_edit=has_permission(side.edit_permission),
            max_files=MAX_FILES,
            max_mb=size_in_mb(media_service.max_bytes()),
            kind_labels=media_service.KIND_LABELS,
            usage_labels=media_service.USAGE_LABELS,
            theme_url=side.theme_url(),
            page_title=_("Media library"),
            **extra,
        )

    @router.get("")
    @permission_required(side.view_permission)
    def index():
        return library()

    @router.post("/upload")
    @permission_required(side.edit_permission)
    def upload():
        files = [f for f in request.files.getlist("files") if f and f.filename]
        alt_text = request.form.get("alt_text", "")
        errors = []
        if not files:
            errors.append(_("Choose one or more files to upload."))
        elif len(files) > MAX_FILES:
            errors.append(_("At most %(count)d files at a time, please.", count=MAX_FILES))
        stored = []
        if not errors:
            limit = media_service.max_bytes()
            for file in files:
                data = file.read(limit + 1)  # one byte more tells "too large"
                try:
                    stored.append(
                        media_service.upload(
                            side.owner(), file.filename, data, alt_text, current_user.id
                        )
                    )
                except ValidationFailed as exc:
                    errors.extend(exc.errors.values())
        db.session.commit()
        if stored:
            flash(
                ngettext("%(num)d file uploaded.", "%(num)d files uploaded.", len(stored)),
                "success",
            )
        if not errors and not is_htmx():
            return redirect(url_for(".index"))
        return library(
            status=422 if errors else 200,
            oob=("media_list", "flash"),
            values={},
            upload_errors=errors,
            upload_alt=alt_text if errors else "",
        )

    @router.get("/<int:media_id>")
    @permission_required(side.view_permission)
    def item(media_id):
        return item_page(owned_or_404(media_id))

    def item_page(media, confirm=None, blocked=False, alt_error=None, alt_value=None, status=200):
        return render(
            side.item_template,
            media=media,
            urls=media_service.urls(media),
            renditions=RENDITIONS,
            used_as=media_service.usage(side.owner(), [media.id]).get(media.id, []),
            usage_labels=media_service.USAGE_LABELS,
            kind_labels=media_service.KIND_LABELS,
            can_edit=has_permission(side.edit_permission),
            confirm=confirm,
            blocked=blocked,
            thumb_url=thumb_url,
            alt_error=alt_error,
            alt_value=alt_value,
            theme_url=side.theme_url(),
            breadcrumbs=[(_("Media library"), url_for(".index"))],
            page_title=media.filename,
            status=status,
        )

    @router.post("/<int:media_id>/alt")
    @permission_required(side.edit_permission)
    def alt(media_id):
        """Alt text, inline (htmx: the cell), or from the item's page (a redirect)."""
        media = owned_or_404(media_id)
        typed = request.form.get("alt_text", "")
        try:
            media_service.set_alt_text(media, typed)
        except ValidationFailed as exc:
            db.session.rollback()
            message = exc.errors["alt_text"]
            if is_htmx():
                return render(
                    CELL_TEMPLATE,
                    media=owned_or_404(media_id),
                    error=message,
                    value=typed,
                    can_edit=True,
                    status=422,
                )
            return item_page(owned_or_404(media_id), alt_error=message, alt_value=typed, status=422)
        db.session.commit()
        if is_htmx():
            return render(CELL_TEMPLATE, media=media, note=_("Saved"), can_edit=True)
        flash(_("The alt text of %(name)s is saved.", name=media.filename), "success")
        return redirect(safe_next(request.form.get("next")) or url_for(".item", media_id=media.id))

    @router.route("/<int:media_id>/delete", methods=["GET", "POST"])
    @permission_required(side.edit_permission)
    def delete(media_id):
        media = owned_or_404(media_id)
        used_as = media_service.usage(side.owner(), [media.id]).get(media.id, [])
        back = safe_next(request.values.get("next")) or url_for(".index")
        confirm = {
            "title": _("Delete %(name)s?", name=media.filename),
            "message": _("The file and its resized copies are deleted for good."),
            "consequences": [_("Pages that show it lose the image; links to it stop working.")],
            "action": url_for(".delete", media_id=media.id),
            "confirm_label": _("Yes, delete"),
            "cancel_url": back,
            "hidden": {"next": back},
            "icon": "trash",
        }
        if request.method == "GET":
            return item_page(media, confirm=confirm, blocked=bool(used_as))
        name = media.filename
        try:
            media_service.delete(side.owner(), media)
        except MediaInUse as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return item_page(owned_or_404(media_id), blocked=True, status=409)
        db.session.commit()
        flash(_("%(name)s is deleted.", name=name), "success")
        if back.startswith(url_for(".item", media_id=media_id)):  # that page is gone
            back = url_for(".index")
        return redirect(back)

    # -- the picker ----------------------------------------------------------------------
    def picker_page(status=200, values=None, **extra):
        rows = images_only(media_service.media_rows(side.owner()))
        extra.setdefault("upload_errors", [])
        return render_list(
            PICKER_TEMPLATE,
            PICKER,
            rows,
            values=values,
            endpoint=".picker" if values is not None else None,
            status=status,
            can_edit=has_permission(side.edit_permission),
            library_url=url_for(".index"),
            thumb_url=thumb_url,
            large_url=lambda m: media_url(media_service.rendition_key(m, "large")),
            medium_url=lambda m: media_url(media_service.rendition_key(m, "medium")),
            medium_size=lambda m: rendition_size(m.width, m.height, "medium") or ("", ""),
            max_mb=size_in_mb(media_service.max_bytes()),
            **extra,
        )

    @router.get("/picker")
    @permission_required(side.view_permission)
    def picker():
        """The picker dialog's body: images to choose from (those without alt text are
        shown disabled, with a field to add it), a search, pages, an upload."""
        return picker_page()

    @router.post("/picker/upload")
    @permission_required(side.edit_permission)
    def picker_upload():
        """One image uploaded from the picker, with its alt text: shown first, ready to
        choose (422 with the reason when refused)."""
        file = request.files.get("file")
        alt_text = request.form.get("alt_text", "")
        errors, added = [], None
        if file is None or not file.filename:
            errors.append(_("Choose an image to upload."))
        else:
            data = file.read(media_service.max_bytes() + 1)
            try:
                added = media_service.upload(
                    side.owner(), file.filename, data, alt_text, current_user.id
                )
                if added.kind != MediaKind.IMAGE:
                    raise ValidationFailed({"file": _("Only images can be chosen here.")})
            except ValidationFailed as exc:
                db.session.rollback()
                errors.extend(exc.errors.values())
                added = None
        if added is not None:
            db.session.commit()
        return picker_page(
            status=422 if errors else 200,
            values=request.form,
            upload_errors=errors,
            upload_alt=alt_text if errors else "",
            added_id=added.id if added else None,
        )

    @router.post("/picker/<int:media_id>/alt")
    @permission_required(side.edit_permission)
    def picker_alt(media_id):
        """Alt text added in the picker, so the image can be chosen."""
        media = owned_or_404(media_id)
        typed = request.form.get("alt_text", "")
        error = None
        try:
            media_service.set_alt_text(media, typed)
            if not media.alt_text:
                raise ValidationFailed({"alt_text": _("Describe what the image shows.")})
        except ValidationFailed as exc:
            db.session.rollback()
            error = exc.errors["alt_text"]
        else:
            db.session.commit()
        return picker_page(
            status=422 if error else 200,
            values=request.form,
            alt_errors={media_id: (error, typed)} if error else {},
            added_id=None if error else media_id,
        )
