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
    `RENDITIONS`, as WebP. Errors are `ImageRejected` with a translated message.
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
    """Bytes that are not an acceptable image."""


class Storage(Protocol):
    def save(self, data: bytes, key: str) -> None: ...
    def open(self, key: str) -> BinaryIO: ...
    def url(self, key: str) -> str: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


def check_key(key: str) -> str:
    if not isinstance(key, str) or not KEY_RE.match(key) or ".." in key or len(key) > 255:
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
        raise ImageRejected(_("The uploaded file is empty."))
    if len(data) > max_bytes:
        size = format_decimal(round(max_bytes / 1048576, 1), locale=str(get_locale() or "en"))
        raise ImageRejected(_("The file is too large: at most %(size)s MB.", size=size))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            kind = probe.format
            width, height = probe.size
            if kind not in FORMATS:
                raise ImageRejected(_("Upload a JPEG, PNG, WebP or GIF image."))
            if width * height > max_pixels:
                raise ImageRejected(_("The image has too many pixels."))
            probe.verify()  # structure and checksums; the object is unusable afterwards
            image = Image.open(io.BytesIO(data))
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(_("The image has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRejected(_("This file is not an image we can read.")) from None
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


def _webp(image) -> tuple[bytes, int, int]:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=85, method=4)  # a fresh file: no EXIF carried over
    return buffer.getvalue(), image.width, image.height


# -- app set-up -----------------------------------------------------------------------
def init_app(app: Flask) -> None:
    """Local storage from the settings, the /media/ route (unless MEDIA_SERVE is False),
    the Jinja filter `media_url`, the session listeners."""
    root = Path(app.config.get("MEDIA_ROOT") or INSTANCE_DIR / "media")
    base_url = app.config.get("MEDIA_URL") or "/media/"
    set_storage(app, LocalStorage(root, base_url))
    app.jinja_env.filters["media_url"] = media_url
    _listen_to_sessions()
    if app.config.get("MEDIA_SERVE", True) and base_url.startswith("/"):

        def serve_media(key):
            try:
                check_key(key)
            except MediaError:
                abort(404)
            response = send_from_directory(root, key, max_age=31536000)
            response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
            return response

        app.add_url_rule(base_url + "<path:key>", "media", serve_media)
