"""The media library's cheap checks of uploads: PDFs (magic bytes, encryption, scripts
in plain and in compressed object streams), SVG recognised by content, names made safe
for storage keys."""

from __future__ import annotations

import zlib

import pytest

from modules.cms.services.media import (
    clean_alt_text,
    clean_filename,
    looks_like_svg,
    pdf_problem,
    safe_stem,
)
from wizamart import create_app


@pytest.fixture(autouse=True)
def request_context(tmp_path):
    app = create_app(
        {
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "secret_key": "x",
            "env": "testing",
        }
    )
    with app.test_request_context():
        yield


def object_stream_pdf(content: bytes) -> bytes:
    packed = zlib.compress(content)
    return (
        b"%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n%%EOF\n"
    )


def test_a_plain_pdf_passes():
    assert pdf_problem(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF") is None
    assert pdf_problem(object_stream_pdf(b"1 0 << /Type /Catalog /Pages 2 0 R >>")) is None


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4 << /OpenAction << /S /JavaScript /JS (x) >> >>",
        b"%PDF-1.4 << /AA << /O << /JS 7 0 R >> >> >>",
        b"%PDF-1.4 << /S /Launch /F (cmd.exe) >>",
        b"%PDF-1.4 << /S /#4a#61vaScript >>",
        object_stream_pdf(b"1 0 << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
    ],
)
def test_scripts_and_launch_actions_are_found(data):
    assert "JavaScript" in pdf_problem(data)


def test_encrypted_pdfs_are_refused():
    assert "Encrypted" in pdf_problem(b"%PDF-1.7\ntrailer << /Encrypt 3 0 R >>")


def test_a_name_that_only_starts_like_js_is_fine():
    assert pdf_problem(b"%PDF-1.4 << /JSONData 1 /JavaScriptless 2 >>") is None


def test_svg_is_recognised_by_its_content():
    assert looks_like_svg(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert looks_like_svg(b"\xef\xbb\xbf  <svg width='1'></svg>")
    assert not looks_like_svg(b"<html><body>no</body></html>")
    assert not looks_like_svg(b"\x89PNG\r\n\x1a\n<svg")


def test_names_and_alt_texts_are_cleaned():
    assert clean_filename("C:\\Users\\me\\Menü\x00 2025.pdf") == "Menü 2025.pdf"
    assert clean_filename("") == "upload"
    assert safe_stem("Menü Herbst 2025.pdf") == "menu-herbst-2025"
    assert safe_stem("???.pdf") == "document"
    assert clean_alt_text("  A\tloaf\n of\x07 bread ") == "A loaf of bread"
