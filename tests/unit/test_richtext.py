"""Rich text: an allow-list of tags and attributes, safe links, plain excerpts."""

from __future__ import annotations

from wizamart.richtext import clean_html, excerpt, plain_text


def test_scripts_styles_and_event_handlers_go():
    dirty = (
        '<p onclick="steal()" style="color:red">Hi<script>alert(1)</script>'
        "<style>p{}</style><img src=x onerror=alert(1)><iframe src=//evil></iframe></p>"
    )
    assert clean_html(dirty) == "<p>Hi</p>"


def test_links_keep_safe_urls_and_get_rel():
    html = clean_html('<a href="https://example.com" target="_blank">x</a>')
    assert html == '<a href="https://example.com" rel="noopener noreferrer">x</a>'
    assert "javascript" not in clean_html('<a href="javascript:alert(1)">x</a>')
    assert "data:" not in clean_html('<a href="data:text/html,x">x</a>')


def test_allowed_formatting_stays_and_cleaning_is_idempotent():
    html = "<h2>Title</h2><p><strong>b</strong> <em>i</em></p><ul><li>one</li></ul>"
    assert clean_html(html) == html
    assert clean_html(clean_html(html)) == html
    assert clean_html(None) == "" and clean_html("") == ""


def test_plain_text_and_excerpt():
    assert plain_text("<p>Fish &amp; chips</p><p>two</p>") == "Fish & chips two"
    long = "<p>" + "word " * 40 + "</p>"
    cut = excerpt(long, 30)
    assert len(cut) <= 30 and cut.endswith("…") and "<" not in cut
    assert excerpt("<p>short</p>") == "short"
