"""Media: local storage, image checks by content (not name), limits, renditions without
EXIF, and files that follow the database transaction."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from wizamart import create_app
from wizamart.extensions import db
from wizamart.media import (
    ImageRejected,
    LocalStorage,
    MediaError,
    check_image,
    delete_after_commit,
    make_renditions,
    save_with_session,
    storage,
)


def image_bytes(fmt="PNG", size=(64, 48), exif=None, mode="RGB") -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, (200, 100, 50) if mode == "RGB" else 128)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "secret_key": "x",
            "env": "testing",
            "media_root": tmp_path / "media",
        }
    )
    with app.test_request_context():
        yield app
        db.session.remove()


def test_local_storage_saves_opens_and_deletes(tmp_path):
    store = LocalStorage(tmp_path, "/media/")
    store.save(b"hello", "catalog/1/a.txt")
    assert store.exists("catalog/1/a.txt") and store.open("catalog/1/a.txt").read() == b"hello"
    assert store.url("catalog/1/a.txt") == "/media/catalog/1/a.txt"
    store.delete("catalog/1/a.txt")
    assert not store.exists("catalog/1/a.txt") and not (tmp_path / "catalog").exists()
    for bad in ["../etc/passwd", "/abs", "a/../../b", "A B", ""]:
        with pytest.raises(MediaError):
            store.save(b"x", bad)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_accepted_formats(app, fmt):
    checked = check_image(image_bytes(fmt))
    assert (checked.format, checked.width, checked.height) == (fmt, 64, 48)


def test_the_content_decides_not_the_name(app):
    with pytest.raises(ImageRejected, match="not an image we can read"):
        check_image(b"just some text, renamed to photo.png")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "BMP")
    with pytest.raises(ImageRejected, match="JPEG, PNG, WebP or GIF"):
        check_image(buffer.getvalue())
    truncated = image_bytes("PNG", (300, 300))[:200]
    with pytest.raises(ImageRejected):
        check_image(truncated)


def test_size_and_pixel_limits(app):
    with pytest.raises(ImageRejected, match="too large"):
        check_image(image_bytes(), max_bytes=100)
    with pytest.raises(ImageRejected, match="too many pixels"):
        check_image(image_bytes(size=(200, 200)), max_pixels=10_000)
    with pytest.raises(ImageRejected, match="empty"):
        check_image(b"")


def test_a_decompression_bomb_is_refused_before_decoding(app):
    # A tiny file that claims 20000 x 20000 pixels (400 MP): a 1-bit PNG compresses well.
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    data = buffer.getvalue()
    assert len(data) < 200_000
    with pytest.raises(ImageRejected, match="too many pixels"):
        check_image(data)


def test_renditions_are_webp_without_exif_and_fit_their_box(app):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # Orientation: rotated 90°
    checked = check_image(image_bytes("JPEG", (1600, 1000), exif=exif))
    renditions = make_renditions(checked)
    original, width, height = renditions["original"]
    assert (width, height) == (1000, 1600)  # the orientation was applied
    assert b"SecretCam" not in original
    reopened = Image.open(io.BytesIO(original))
    assert reopened.format == "WEBP" and not reopened.getexif()
    _thumb, tw, th = renditions["thumb"]
    assert max(tw, th) == 160


def test_files_follow_the_transaction(app):
    db.session.begin()
    save_with_session("t/kept.webp", b"1")
    db.session.commit()
    assert storage().exists("t/kept.webp")

    db.session.begin()
    save_with_session("t/dropped.webp", b"2")
    assert storage().exists("t/dropped.webp")
    db.session.rollback()
    assert not storage().exists("t/dropped.webp")

    delete_after_commit("t/kept.webp")
    db.session.rollback()
    assert storage().exists("t/kept.webp")  # not deleted: the transaction did not commit
    delete_after_commit("t/kept.webp")
    db.session.commit()
    assert not storage().exists("t/kept.webp")
