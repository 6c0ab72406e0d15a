"""Uploaded media: a small storage interface, image checks and renditions.

Storage
    `Storage` is what a module needs from a place that keeps files: `save(data, key)`,
    `open(key)`, `url(key)`, `delete(key)`, `exists(key)`. `LocalStorage` keeps them under
    `WIZAMART_MEDIA_ROOT` (default `instance/media`) and the framework serves them at
    `WIZAMART_MEDIA_URL` (default `/media/`; in production let nginx serve that folder:
    `location /media/ { alias /srv/wizamart/instance/media/; }`). An S3-compatible storage
    is another class with the same five methods, set with `set_storage(app, storage)`.
    `storage()` is the app's storage.

All-or-nothing
    A request that writes files and then fails must leave none behind, and a file must
    not vanish before the row that names it is gone. So: `save_with_session(key, data)`
    writes now and deletes the file again if the session's transaction ends without a
    commit; `delete_after_commit(key)` deletes only once the transaction has committed.

Images
    `check_image(data)` opens the bytes with Pillow and verifies them (the content
    decides, never the file name): only JPEG, PNG, WebP and GIF, at most
    `MEDIA_MAX_BYTES` bytes and `MEDIA_MAX_PIXELS` pixels (a decompression bomb is
    refused before it is decoded). `make_renditions(image)` gives the original
    re-encoded without EXIF (orientation applied) and the thumbnail sizes of
    `RENDITIONS`, as WebP. Errors are `ImageRejected` with a translated message (and a
    `reason` code: empty, too_large, format, pixels, unreadable).

Serving
    `/media/<key>` answers with the content type its extension stands for in
    `SERVED_TYPES` (only types a module proved at upload: WebP, PNG, JPEG, GIF, PDF),
    never one guessed from the system's MIME table: any other extension (`.html`,
    `.svg`, ...) goes out as `application/octet-stream` and as a download. Every answer
    carries `X-Content-Type-Options: nosniff` and a sandboxing CSP; PDFs are sent as
    attachments (the browser's PDF viewer never runs them on our origin). Production
    setups that let nginx serve the folder do the same: docs/cms.md, "Media library".

Choosing media in any form
    A module's form offers a media field with the `media_picker` macro
    (`macros/media.html`) without knowing which module keeps the library: the macro asks
    `media_picker_field(value)`, which asks the hook `media.picker`; `describe_media(ids)`
    asks `media.describe` for the URLs and alt texts of chosen ids (`MediaChoice`).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import sqlalchemy as sa
from babel.numbers import format_decimal
from flask import Flask, abort, current_app, send_from_directory
from flask_babel import get_locale
from flask_babel import gettext as _

from wizamart.config import INSTANCE_DIR

#: Keys are relative paths of safe characters: "catalog/12/3f9a.../thumb.webp".
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_\-.]*)*$")

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000  # 40 megapixels: a phone photo is 12-50
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
#: Rendition name -> the box the image is fitted into (aspect kept).
RENDITIONS = {"thumb": (160, 160), "medium": (600, 600), "large": (1200, 1200)}


class MediaError(ValueError):
    """A file that cannot be stored; the message is fit to show."""


class ImageRejected(MediaError):
    """Bytes that are not an acceptable image. `reason`: empty, too_large, format,
    pixels or unreadable (a caller may say more, e.g. "SVG is not accepted")."""

    def __init__(self, message, reason: str = "unreadable"):
        super().__init__(message)
        self.reason = reason


def size_in_mb(size: int) -> str:
    """A byte count in MB for people, in the request's language: "10", "1,5"."""
    return format_decimal(round(size / 1048576, 1), locale=str(get_locale() or "en"))


def too_large_message(max_bytes: int) -> str:
    """The sentence "The file is too large: at most 10 MB." in the request's language."""
    return _("The file is too large: at most %(size)s MB.", size=size_in_mb(max_bytes))


class Storage(Protocol):
    def save(self, data: bytes, key: str) -> None: ...
    def open(self, key: str) -> BinaryIO: ...
    def url(self, key: str) -> str: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


def check_key(key: str) -> str:
    if not isinstance(key, str) or not KEY_RE.fullmatch(key) or ".." in key or len(key) > 255:
        raise MediaError(f"Not a media key: {key!r}")
    return key


class LocalStorage:
    """Files under `root`, URLs under `base_url`."""

    def __init__(self, root: Path | str, base_url: str = "/media/") -> None:
        self.root = Path(root)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def save(self, data: bytes, key: str) -> None:
        """Write atomically: a temp file in the same folder, then rename."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")

    def url(self, key: str) -> str:
        return self.base_url + check_key(key)

    def delete(self, key: str) -> None:
        path = self.path(key)
        path.unlink(missing_ok=True)
        # Drop folders left empty, up to the root.
        parent = path.parent
        while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()


def storage() -> Storage:
    """The app's media storage."""
    return current_app.extensions["wizamart.media"]


def set_storage(app: Flask, backend: Storage) -> None:
    app.extensions["wizamart.media"] = backend


def media_url(key: str | None) -> str:
    """The URL of a stored file (Jinja: `{{ key|media_url }}`)."""
    return storage().url(key) if key else ""


# -- all-or-nothing with the database session ----------------------------------------
WRITTEN = "wizamart.media.written"  # keys to delete if the transaction does not commit
DOOMED = "wizamart.media.doomed"  # keys to delete once it commits
COMMITTED = "wizamart.media.committed"


def _root_transaction(session):
    transaction = session.get_transaction() or session.begin()
    while transaction.parent is not None:
        transaction = transaction.parent
    return transaction


def save_with_session(key: str, data: bytes) -> str:
    """Store `data` under `key` now; it is deleted again unless the current database
    transaction commits. Returns the key."""
    from wizamart.extensions import db

    session = db.session()
    transaction = _root_transaction(session)
    storage().save(data, key)
    session.info.setdefault(WRITTEN, {}).setdefault(transaction, []).append((storage(), key))
    return key


def delete_after_commit(key: str) -> None:
    """Delete the stored file `key` once the current database transaction commits."""
    from wizamart.extensions import db

    session = db.session()
    transaction = _root_transaction(session)
    session.info.setdefault(DOOMED, {}).setdefault(transaction, []).append((storage(), key))


def _on_commit(session) -> None:
    transaction = session.get_transaction()
    if transaction is not None and transaction.parent is None:
        session.info.setdefault(COMMITTED, set()).add(transaction)


def _on_transaction_end(session, transaction) -> None:
    if transaction.parent is not None:
        return
    committed = transaction in session.info.get(COMMITTED, ())
    session.info.get(COMMITTED, set()).discard(transaction)
    written = session.info.get(WRITTEN, {}).pop(transaction, [])
    doomed = session.info.get(DOOMED, {}).pop(transaction, [])
    for backend, key in doomed if committed else written:
        try:
            backend.delete(key)
        except OSError:  # a file already gone is what we wanted
            current_app.logger.warning("media: could not delete %s", key)


def _listen_to_sessions() -> None:
    from wizamart.extensions import db

    for name, listener in (
        ("after_commit", _on_commit),
        ("after_transaction_end", _on_transaction_end),
    ):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)


# -- images ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckedImage:
    """An image that passed `check_image`: its format and size, and Pillow's image."""

    format: str
    width: int
    height: int
    image: object  # PIL.Image.Image, loaded


def check_image(data: bytes, *, max_bytes: int | None = None, max_pixels: int | None = None):
    """The image in `data` if it is one we accept, else ImageRejected (message translated).

    Checks, in order: byte size; Pillow recognises the content as JPEG, PNG, WebP or GIF
    (the name it was uploaded under plays no part); pixel count (before decoding, so a
    decompression bomb costs nothing); `verify()`, then a full decode.
    """
    from PIL import Image, UnidentifiedImageError

    config = current_app.config if current_app else {}
    max_bytes = max_bytes or config.get("MEDIA_MAX_BYTES", DEFAULT_MAX_BYTES)
    max_pixels = max_pixels or config.get("MEDIA_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    if not data:
        raise ImageRejected(_("The uploaded file is empty."), "empty")
    if len(data) > max_bytes:
        raise ImageRejected(too_large_message(max_bytes), "too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            kind = probe.format
            width, height = probe.size
            if kind not in FORMATS:
                raise ImageRejected(_("Upload a JPEG, PNG, WebP or GIF image."), "format")
            if width * height > max_pixels:
                raise ImageRejected(_("The image has too many pixels."), "pixels")
            probe.verify()  # structure and checksums; the object is unusable afterwards
            image = Image.open(io.BytesIO(data))
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(_("The image has too many pixels."), "pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRejected(_("This file is not an image we can read."), "unreadable") from None
    return CheckedImage(kind, width, height, image)


def make_renditions(checked: CheckedImage) -> dict[str, tuple[bytes, int, int]]:
    """{"original": (bytes, w, h), "thumb": ..., ...}: each re-encoded as WebP without
    metadata (EXIF, GPS), the EXIF orientation applied first."""
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(checked.image)
    if image.mode not in ("RGB", "RGBA"):
        alpha = "transparency" in image.info or "A" in image.mode
        image = image.convert("RGBA" if alpha else "RGB")
    out = {"original": _webp(image)}
    for name, box in RENDITIONS.items():
        copy = image.copy()
        copy.thumbnail(box, Image.Resampling.LANCZOS)
        out[name] = _webp(copy)
    return out


def rendition_size(width: int | None, height: int | None, name: str) -> tuple[int, int] | None:
    """The size of rendition `name` of a `width` x `height` image (fitted into its box,
    never enlarged; within a pixel of Pillow's `thumbnail`), for an <img>'s width and
    height; None when the image's size is unknown."""
    if not width or not height or name not in RENDITIONS:
        return None
    box_width, box_height = RENDITIONS[name]
    scale = min(1.0, box_width / width, box_height / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _webp(image) -> tuple[bytes, int, int]:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=85, method=4)  # a fresh file: no EXIF carried over
    return buffer.getvalue(), image.width, image.height


# -- serving -----------------------------------------------------------------------------
#: The content types /media/ sends, by extension: only what a module proved at upload
#: (images re-encoded by Pillow, PDFs checked by their magic bytes). Never the system's
#: MIME table, which would send a stored `.html` or `.svg` as a page or an image that
#: runs scripts.
SERVED_TYPES = {
    "webp": "image/webp",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "pdf": "application/pdf",
}
#: Sent as downloads, never shown inline (PDF viewers run scripts and forms).
ATTACHMENT_TYPES = frozenset({"application/pdf"})
UNKNOWN_TYPE = "application/octet-stream"


def served_type(key: str) -> tuple[str, bool]:
    """(content type, as attachment) of the stored file `key` when /media/ serves it."""
    name = key.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = SERVED_TYPES.get(extension, UNKNOWN_TYPE)
    return content_type, content_type in ATTACHMENT_TYPES or content_type == UNKNOWN_TYPE


def serve_file(root: Path, key: str):
    """The stored file `key` under `root` with its proven content type, `nosniff`, a
    sandboxing CSP, and `Content-Disposition: attachment` for PDFs and unknown kinds."""
    try:
        check_key(key)
    except MediaError:
        abort(404)
    content_type, attachment = served_type(key)
    response = send_from_directory(
        root,
        key,
        mimetype=content_type,
        as_attachment=attachment,
        download_name=key.rsplit("/", 1)[-1],
        max_age=31536000,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# -- choosing media in forms of any module -------------------------------------------------
@dataclass(frozen=True)
class MediaChoice:
    """An image a form may point at: what a preview and a page need."""

    id: int
    url: str  # the full-size rendition
    thumb_url: str
    alt_text: str
    filename: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class PickerField:
    """What the `media_picker` macro shows for a field: the dialog's URL (None: no
    picker in this back office), the library's page, the chosen image, and the choices
    of the no-JavaScript select (newest images with alt text, at most `CHOICES`)."""

    picker_url: str | None
    library_url: str | None
    selected: MediaChoice | None
    choices: tuple[MediaChoice, ...] = ()


def media_picker_field(
    value=None, picker_url: str | None = None, choices: bool = True
) -> PickerField | None:
    """The picker of the module that keeps the media library (hook `media.picker`, called
    with `value`: the chosen id or None, and `choices`: False when only the dialog is
    wanted, as for `media_insert_button`, so no list of images is read), or None when
    no module offers one here."""
    from wizamart.hooks import hook_results

    for _code, field in hook_results("media.picker", value=_as_id(value), choices=choices):
        if field is not None:
            if picker_url:
                field = PickerField(picker_url, field.library_url, field.selected, field.choices)
            return field
    return None


def describe_media(ids) -> dict[int, MediaChoice]:
    """{id: MediaChoice} for the ids the current owner (vendor, or platform in the admin)
    has as images (hook `media.describe`); unknown and other owners' ids are left out."""
    from wizamart.hooks import hook_results

    wanted = [i for i in (_as_id(v) for v in ids) if i is not None]
    found: dict[int, MediaChoice] = {}
    if wanted:
        for _code, answer in hook_results("media.describe", ids=wanted):
            found.update(answer or {})
    return found


def _as_id(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


# -- app set-up -----------------------------------------------------------------------
def init_app(app: Flask) -> None:
    """Local storage from the settings, the /media/ route (unless MEDIA_SERVE is False),
    the Jinja filter `media_url` and global `media_picker_field`, the session listeners."""
    root = Path(app.config.get("MEDIA_ROOT") or INSTANCE_DIR / "media")
    base_url = app.config.get("MEDIA_URL") or "/media/"
    set_storage(app, LocalStorage(root, base_url))
    app.jinja_env.filters["media_url"] = media_url
    app.jinja_env.globals["media_picker_field"] = media_picker_field
    _listen_to_sessions()
    if app.config.get("MEDIA_SERVE", True) and base_url.startswith("/"):

        def serve_media(key):
            return serve_file(root, key)

        app.add_url_rule(base_url + "<path:key>", "media", serve_media)
