"""The media library of a shop, or of the platform (`vendor_id` NULL): upload, alt text,
delete, and the images forms may point at.

What is accepted, decided by the content, never by the file's name or the browser's
content type:

- images that Pillow reads as JPEG, PNG, WebP or GIF (`wizamart.media.check_image`: at
  most MEDIA_MAX_BYTES bytes and MEDIA_MAX_PIXELS pixels, a decompression bomb refused
  before it is decoded). They are stored re-encoded as WebP without EXIF (GPS, camera),
  with the renditions of `wizamart.media.RENDITIONS` beside the original:
  `cms/<owner>/<random>/original.webp`, `.../thumb.webp`, `.../medium.webp`, ...
- PDFs: the bytes start with `%PDF-`, at most MEDIA_MAX_BYTES, not encrypted (we could
  not look inside), and no JavaScript: no `/JavaScript`, `/JS` or `/Launch` name in the
  file's objects, nor in its Flate-compressed object streams (names written with `#xx`
  escapes are decoded first). Stored as they came, under `cms/<owner>/<random>/<name>.pdf`.
- anything else (SVG, HTML, text, office files) is refused with a message saying what
  is accepted. SVG can carry scripts, so it is never taken.

Files are written only after the row's checks passed, and deleted again if the
transaction does not commit (`save_with_session`); a deleted item's files go once the
deletion commits (`delete_after_commit`). An image the owner's theme uses as logo or
favicon cannot be deleted. An image without alt text cannot be chosen for a page
(`choosable_image`).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
import zlib

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from modules.cms.exceptions import CmsError, ValidationFailed
from modules.cms.models import Media, MediaKind, Theme
from modules.cms.services.owners import Owner, as_id, owned_row
from wizamart.extensions import db
from wizamart.media import (
    DEFAULT_MAX_BYTES,
    RENDITIONS,
    ImageRejected,
    MediaChoice,
    PickerField,
    check_image,
    delete_after_commit,
    make_renditions,
    media_url,
    save_with_session,
    too_large_message,
)

#: Files one upload request may carry (the page's form; the API takes one).
MAX_FILES = 10
MAX_ALT = 300
MAX_FILENAME = 255
#: Images offered by the no-JavaScript select of a picker field (newest first).
PICKER_CHOICES = 200
KIND_LABELS = {MediaKind.IMAGE: _l("Image"), MediaKind.PDF: _l("PDF")}
USAGE_LABELS = {"logo": _l("Logo"), "favicon": _l("Favicon")}


class MediaRefused(ValidationFailed):
    """An upload that is not stored; `errors["file"]` says why, `status` is 413 for a
    file past the size limit, else 422."""

    def __init__(self, message: str, status: int = 422):
        super().__init__({"file": str(message)})
        self.status = status


class MediaInUse(CmsError):
    """The item is the owner's logo or favicon: it cannot be deleted."""


class MediaNotChoosable(CmsError):
    """Not an image of this owner with alt text: it cannot go on a page."""


# -- reading ---------------------------------------------------------------------------------
def media_rows(owner: Owner) -> sa.Select:
    """The owner's library as a statement (for lists; scoped again in a vendor's request)."""
    return sa.select(Media).where(owner.where(Media))


def get_media(owner: Owner, media_id) -> Media | None:
    """The owner's item `media_id`, or None (unknown, another owner's, not a number)."""
    return owned_row(owner, Media, media_id)


def rendition_key(media: Media, name: str) -> str:
    """The storage key of an image's rendition ("thumb", "medium", "large"); the
    original's key for a PDF or an unknown name."""
    if media.kind != MediaKind.IMAGE or name not in RENDITIONS:
        return media.key
    return f"{media.key.rsplit('/', 1)[0]}/{name}.webp"


def images_by_key(owner: Owner, keys) -> dict[str, Media]:
    """{storage key: the owner's image it is a file of} for the keys (the original's or
    a rendition's: `cms/v1/<random>/medium.webp`) of the owner's images: one statement.
    Keys of other owners, of PDFs and of anything else are left out."""
    names = {"original.webp", *(f"{name}.webp" for name in RENDITIONS)}
    originals: dict[str, list[str]] = {}
    for key in set(keys):
        folder, _sep, name = (key or "").rpartition("/")
        if folder and name in names:
            originals.setdefault(f"{folder}/original.webp", []).append(key)
    if not originals:
        return {}
    rows = db.session.scalars(
        media_rows(owner).where(Media.key.in_(originals), Media.kind == MediaKind.IMAGE.value)
    )
    return {key: media for media in rows for key in originals[media.key]}


def media_keys(media: Media) -> list[str]:
    """Every stored file of the item."""
    if media.kind != MediaKind.IMAGE:
        return [media.key]
    return [media.key, *(rendition_key(media, name) for name in RENDITIONS)]


def urls(media: Media) -> dict[str, str]:
    """{"original": url, "thumb": url, ...} (a PDF has only "original")."""
    found = {"original": media_url(media.key)}
    if media.kind == MediaKind.IMAGE:
        found.update({name: media_url(rendition_key(media, name)) for name in RENDITIONS})
    return found


def as_choice(media: Media) -> MediaChoice:
    return MediaChoice(
        id=media.id,
        url=media_url(rendition_key(media, "large")),
        thumb_url=media_url(rendition_key(media, "thumb")),
        alt_text=media.alt_text or "",
        filename=media.filename,
        width=media.width,
        height=media.height,
    )


def usage(owner: Owner, media_ids) -> dict[int, list[str]]:
    """{media id: ["logo", "favicon"]}: what the owner's theme uses them as (one statement)."""
    ids = list(media_ids)
    if not ids:
        return {}
    found: dict[int, list[str]] = {}
    rows = db.session.execute(
        sa.select(Theme.logo_media_id, Theme.favicon_media_id).where(owner.where(Theme))
    )
    for logo, favicon in rows:
        for media_id, what in ((logo, "logo"), (favicon, "favicon")):
            if media_id in ids:
                found.setdefault(media_id, []).append(what)
    return found


# -- checks ----------------------------------------------------------------------------------
def max_bytes() -> int:
    return current_app.config.get("MEDIA_MAX_BYTES", DEFAULT_MAX_BYTES)


def clean_alt_text(text) -> str:
    """One line: control characters dropped, white space collapsed, trimmed."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def check_alt_text(text) -> str:
    alt = clean_alt_text(text)
    if len(alt) > MAX_ALT:
        raise ValidationFailed(
            {"alt_text": _("At most %(limit)d characters, please.", limit=MAX_ALT)}
        )
    return alt


def clean_filename(name) -> str:
    """The name the file was uploaded under, for showing: no folders, no control
    characters, at most 255 characters; "upload" when nothing is left."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    return name[-MAX_FILENAME:] or "upload"


def safe_stem(filename: str) -> str:
    """A storage-key-safe stem of a file name: "Menü Herbst 2025.pdf" -> "menu-herbst-2025"."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60].strip("-")
    return slug or "document"


SVG_HINT = re.compile(rb"<svg[\s>]|<!doctype\s+svg", re.I)
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
#: Names that make a PDF run something: scripts, or another program.
PDF_ACTIVE_NAMES = frozenset({b"JavaScript", b"JS", b"Launch"})
#: How much of a PDF's compressed object streams is inflated to look for those names.
PDF_INFLATE_BUDGET = 32 * 1024 * 1024


def looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(SVG_HINT.search(head)) and (head[:1] == b"<")


def _names(chunk: bytes) -> set[bytes]:
    """The PDF names in `chunk`, `#xx` escapes decoded (`/J#61vaScript` is /JavaScript)."""
    found = set()
    for match in PDF_NAME.finditer(chunk):
        name = match.group(1)
        if b"#" in name:
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)
        found.add(name)
    return found


def pdf_problem(data: bytes) -> str | None:
    """Why a PDF is refused, or None. Cheap checks: encryption (we could not look
    inside), and the names of scripts or launch actions in its objects and in its
    Flate-compressed object streams (where a dictionary can hide)."""
    names = _names(data)
    if b"Encrypt" in names:
        return _("Encrypted PDFs are not accepted: save it without a password and try again.")
    budget = PDF_INFLATE_BUDGET
    for match in PDF_STREAM.finditer(data):
        # the stream's dictionary: from its object's "obj" to the keyword
        window = data[max(0, match.start() - 1024) : match.start()]
        dictionary = _names(window[window.rfind(b"obj") + 1 :])
        if b"ObjStm" not in dictionary or b"FlateDecode" not in dictionary or budget <= 0:
            continue
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[match.end() : match.end() + budget], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        names |= _names(inflated)
    if names & PDF_ACTIVE_NAMES:
        return _("PDFs with JavaScript or launch actions are not accepted.")
    return None


def check_upload(filename: str, data: bytes):
    """("image", CheckedImage) or ("pdf", None) for an acceptable upload, else
    MediaRefused with a message naming the file."""
    limit = max_bytes()
    if len(data) > limit:
        raise MediaRefused(
            _("%(name)s: %(problem)s", name=filename, problem=too_large_message(limit)), 413
        )
    if not data:
        raise MediaRefused(_("%(name)s is empty.", name=filename))
    if data.startswith(b"%PDF-"):
        problem = pdf_problem(data)
        if problem:
            raise MediaRefused(_("%(name)s: %(problem)s", name=filename, problem=problem))
        return MediaKind.PDF, None
    try:
        return MediaKind.IMAGE, check_image(data, max_bytes=limit)
    except ImageRejected as exc:
        if exc.reason in ("unreadable", "format"):
            if looks_like_svg(data) or filename.lower().endswith((".svg", ".svgz")):
                message = _(
                    "%(name)s is an SVG image. SVG is not accepted (it can carry scripts): "
                    "upload a PNG, JPEG, WebP or GIF.",
                    name=filename,
                )
            else:
                message = _(
                    "%(name)s is not a JPEG, PNG, WebP or GIF image or a PDF, whatever its "
                    "name says.",
                    name=filename,
                )
            raise MediaRefused(message) from None
        raise MediaRefused(_("%(name)s: %(problem)s", name=filename, problem=str(exc))) from None


# -- changing --------------------------------------------------------------------------------
def upload(owner: Owner, filename, data: bytes, alt_text="", user_id=None) -> Media:
    """Check one file and store it (and its renditions) with its row; MediaRefused or
    ValidationFailed (alt text) without anything written."""
    name = clean_filename(filename)
    alt = check_alt_text(alt_text)
    kind, checked = check_upload(name, data)
    folder = f"cms/{owner.folder}/{secrets.token_hex(8)}"
    files: dict[str, bytes] = {}
    if kind == MediaKind.IMAGE:
        renditions = make_renditions(checked)
        original, width, height = renditions.pop("original")
        key = f"{folder}/original.webp"
        files[key] = original
        files.update({f"{folder}/{n}.webp": r[0] for n, r in renditions.items()})
        content_type, size = "image/webp", len(original)
    else:
        key = f"{folder}/{safe_stem(name)}.pdf"
        files[key] = data
        width = height = None
        content_type, size = "application/pdf", len(data)
    media = Media(
        platform_id=owner.platform_id,
        vendor_id=owner.vendor_id,
        kind=kind.value,
        key=key,
        filename=name,
        content_type=content_type,
        size=size,
        width=width,
        height=height,
        alt_text=alt,
        uploaded_by=user_id,
    )
    db.session.add(media)
    db.session.flush()  # the row is valid: now the files
    for file_key, content in files.items():
        save_with_session(file_key, content)
    return media


def set_alt_text(media: Media, text) -> None:
    media.alt_text = check_alt_text(text)


def delete(owner: Owner, media: Media) -> None:
    """Delete the row now and its files once that commits; MediaInUse while the owner's
    theme shows it as logo or favicon."""
    used = usage(owner, [media.id]).get(media.id)
    if used:
        what = ", ".join(str(USAGE_LABELS[u]) for u in used)
        raise MediaInUse(
            _(
                "%(name)s is your %(what)s: choose another one in the look settings first.",
                name=media.filename,
                what=what.lower(),
            )
        )
    for key in media_keys(media):
        delete_after_commit(key)
    db.session.delete(media)
    db.session.flush()


# -- choosing --------------------------------------------------------------------------------
def not_choosable(media: Media | None) -> str | None:
    """Why `media` (one of the owner's items, or None: not the owner's, unknown) cannot
    be chosen for a page or a look, or None when it can: an image with alt text."""
    if media is None or media.kind != MediaKind.IMAGE:
        return _("Choose one of your images.")
    if not media.alt_text:
        return _("%(name)s has no alt text: add alt text first.", name=media.filename)
    return None


def choosable_image(owner: Owner, media_id) -> Media:
    """The owner's image `media_id` if a page may show it (it has alt text); else
    MediaNotChoosable saying why. Pages and other forms check their media ids with it
    (several at once: `images(owner, ids)` and `not_choosable`)."""
    media = get_media(owner, media_id)
    problem = not_choosable(media)
    if problem:
        raise MediaNotChoosable(problem)
    return media


def images(owner: Owner, ids) -> dict[int, Media]:
    """{id: Media} of the owner's images among `ids` (ids of other owners, PDFs and
    anything that is not an id are left out): one statement, none without ids."""
    wanted = {i for i in (as_id(v) for v in ids) if i is not None}
    if not wanted:
        return {}
    rows = db.session.scalars(
        media_rows(owner).where(Media.id.in_(wanted), Media.kind == MediaKind.IMAGE.value)
    )
    return {m.id: m for m in rows}


def describe(owner: Owner, ids) -> dict[int, MediaChoice]:
    """{id: MediaChoice} of the owner's images among `ids` (one statement)."""
    return {ident: as_choice(m) for ident, m in images(owner, ids).items()}


def picker_field(owner: Owner, value, picker_url, library_url) -> PickerField:
    """What a media field shows (wizamart.media.PickerField): the chosen image and the
    newest images with alt text for the select of browsers without JavaScript."""
    newest = db.session.scalars(
        media_rows(owner)
        .where(Media.kind == MediaKind.IMAGE.value, Media.alt_text != "")
        .order_by(Media.created_at.desc(), Media.id.desc())
        .limit(PICKER_CHOICES)
    ).all()
    choices = [as_choice(m) for m in newest]
    selected = next((c for c in choices if c.id == value), None)
    if value is not None and selected is None:
        selected = describe(owner, [value]).get(value)
        if selected is not None:
            choices.insert(0, selected)
    return PickerField(picker_url, library_url, selected, tuple(choices))
