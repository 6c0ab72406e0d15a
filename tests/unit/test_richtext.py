"""Rich text: an allow-list of tags and attributes, safe links, plain excerpts; images
only of this site's media with alt text, and what Trix sends for them."""

from __future__ import annotations

import pytest
from flask import Flask

from wizamart.richtext import clean_html, excerpt, images_in, media_key_of, plain_lines, plain_text


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


# -- images (content pages: clean_html(..., images=True)) ----------------------------------
SRC = "/media/cms/v1/0a1b2c/medium.webp"
IMG = f'<img src="{SRC}" alt="Our bakery">'


def test_images_are_left_out_unless_asked_for():
    assert clean_html(IMG) == ""
    assert clean_html(f"<p>Hi{IMG}</p>") == "<p>Hi</p>"


def test_an_own_media_image_with_alt_text_stays_and_cleaning_is_idempotent():
    html = f'<p>{IMG}</p><figure><img src="{SRC}" alt="Loaves" width="600" height="400"></figure>'
    assert clean_html(html, images=True) == html
    assert clean_html(clean_html(html, images=True), images=True) == html
    assert images_in(html) == [
        {"src": SRC, "alt": "Our bakery"},
        {"src": SRC, "alt": "Loaves", "width": "600", "height": "400"},
    ]


@pytest.mark.parametrize(
    "dirty",
    [
        f'<img src="{SRC}">',  # no alt
        f'<img src="{SRC}" alt="">',
        f'<img src="{SRC}" alt="   ">',
        '<img src="https://evil.example/media/cms/v1/x/medium.webp" alt="x">',
        '<img src="//evil.example/media/cms/v1/x/medium.webp" alt="x">',
        '<img src="/media//evil.example/x.png" alt="x">',
        '<img src="/media/../instance/app.db" alt="x">',
        '<img src="/media/cms/../../secret/x.webp" alt="x">',
        '<img src="/media/cms/%2e%2e/x.webp" alt="x">',
        '<img src="/media\\cms\\x.webp" alt="x">',
        '<img src="/media/cms/v1/x/medium.webp?a=1" alt="x">',
        '<img src="/media/cms/v1/x/medium.webp#x" alt="x">',
        '<img src="/media/cms/v1/x/medium.webp\n" alt="x">',
        '<img src="/media/CMS/v1/x.webp" alt="x">',
        '<img src=" /media/cms/v1/x/medium.webp" alt="x">',
        '<img src="/mediax/cms/v1/x.webp" alt="x">',
        '<img src="/static/x/y.png" alt="x">',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">',
        '<img src="javascript:alert(1)" alt="x">',
        '<img src="jav&#x09;ascript:alert(1)" alt="x">',
        f'<img src="{SRC}&quot; onerror=&quot;alert(1)" alt="x">',
        f'<img src=\'{SRC}" onerror="alert(1)\' alt="x">',
        '<img alt="x">',
        f'<template><img src="{SRC}" alt="x"></template>',
    ],
)
def test_an_image_that_is_not_ours_or_says_nothing_is_dropped_whole(dirty):
    cleaned = clean_html(f"<p>before {dirty} after</p>", images=True)
    assert "<img" not in cleaned
    assert "evil" not in cleaned and "javascript" not in cleaned and "onerror" not in cleaned
    assert cleaned.startswith("<p>before") and cleaned.endswith("after</p>")


def test_event_handlers_srcset_and_other_attributes_go_the_image_stays():
    dirty = (
        f'<img src="{SRC}" alt="x" onerror="alert(1)" onload="alert(2)" srcset="//evil 2x" '
        'style="width:1px" class="attachment" loading="lazy" data-x="1" title="t">'
    )
    assert clean_html(dirty, images=True) == f'<img src="{SRC}" alt="x">'


def test_width_and_height_are_kept_only_as_whole_numbers():
    def size(w, h):
        return clean_html(f'<img src="{SRC}" alt="x" width="{w}" height="{h}">', images=True)

    assert size("600", "0400") == f'<img src="{SRC}" alt="x" width="600" height="400">'
    for bad in ("10px", "-5", "0", "99999", "1e3", "١٢", "50%", " 5", "5;"):
        assert size(bad, bad) == f'<img src="{SRC}" alt="x">', bad


def test_alt_text_is_escaped_and_its_spaces_collapsed():
    cleaned = clean_html(f'<img src="{SRC}" alt=\'Say "hi" <b>\n now\'>', images=True)
    assert cleaned == f'<img src="{SRC}" alt="Say &quot;hi&quot; &lt;b&gt; now">'
    assert images_in(cleaned)[0]["alt"] == 'Say "hi" <b> now'


def test_the_media_prefix_is_the_settings():
    app = Flask(__name__)
    app.config["MEDIA_URL"] = "https://cdn.example.com/files"
    with app.app_context():
        cdn = '<img src="https://cdn.example.com/files/cms/v1/ab/medium.webp" alt="x">'
        assert clean_html(cdn, images=True) == cdn
        assert clean_html(IMG, images=True) == ""  # /media/ is not where files are here
        assert media_key_of("https://cdn.example.com/files/cms/v1/ab/medium.webp") == (
            "cms/v1/ab/medium.webp"
        )
    assert media_key_of(SRC) == "cms/v1/0a1b2c/medium.webp"
    assert media_key_of("/media/../x") is None and media_key_of(None) is None


TRIX_IMAGE = (
    '<figure data-trix-attachment="{&quot;alt&quot;:&quot;Our bakery&quot;,&quot;contentType'
    f"&quot;:&quot;image&quot;,&quot;height&quot;:200,&quot;url&quot;:&quot;{SRC}&quot;,"
    '&quot;width&quot;:600}" data-trix-content-type="image" data-trix-attributes="{&quot;'
    'presentation&quot;:&quot;gallery&quot;}" class="attachment attachment--preview">'
    f'<img src="{SRC}" width="600" height="200" alt="Our bakery">'
    '<figcaption class="attachment__caption">{caption}</figcaption></figure>'
)


def test_what_trix_sends_becomes_a_plain_figure():
    """Trix puts the figure inside the paragraph it was inserted in; the cleaner splits
    the paragraph, keeps the image with its size and alt text and drops Trix's markup
    and the empty paragraph and caption."""
    sent = f"<p>Fresh bread{TRIX_IMAGE.replace('{caption}', '')}</p><p>More text</p>"
    assert clean_html(sent, images=True) == (
        f'<p>Fresh bread</p><figure><img src="{SRC}" width="600" height="200" '
        'alt="Our bakery"></figure><p>More text</p>'
    )
    with_caption = TRIX_IMAGE.replace("{caption}", "Our oven, 1952")
    assert clean_html(with_caption, images=True) == (
        f'<figure><img src="{SRC}" width="600" height="200" alt="Our bakery">'
        "<figcaption>Our oven, 1952</figcaption></figure>"
    )
    gallery = f'<div class="attachment-gallery">{TRIX_IMAGE}{TRIX_IMAGE}</div>'.replace(
        "{caption}", ""
    )
    assert clean_html(gallery, images=True).count("<figure><img") == 2


def test_the_paragraph_a_figure_was_typed_into_is_mended():
    sent = f"<p>Our counter:<figure>{IMG}</figure>Come <b>early</b>.</p><ul><li>x</li></ul>"
    assert clean_html(sent, images=True) == (
        f"<p>Our counter:</p><figure>{IMG}</figure><p>Come <b>early</b>.</p><ul><li>x</li></ul>"
    )
    in_a_list = f"<ul><li>a<figure>{IMG}</figure>b</li></ul>"  # a figure may be in a list item
    assert clean_html(in_a_list, images=True) == in_a_list


def test_a_figure_whose_image_is_refused_keeps_only_its_caption_as_a_paragraph():
    sent = (
        '<figure><img src="https://evil.example/x.png" alt="x">'
        "<figcaption>Cap</figcaption></figure>"
    )
    assert clean_html(sent, images=True) == "<p>Cap</p>"
    assert clean_html("<figure><figcaption> </figcaption></figure>", images=True) == ""


def test_images_are_lines_of_their_own_when_comparing():
    body = f"<p>One</p><figure>{IMG}</figure><p>Two</p>"
    assert plain_lines(body) == ["One", "Two"]
    assert plain_lines(body, lambda alt: f"Image: {alt}") == ["One", "Image: Our bakery", "Two"]
