"""Rich text that people type (product descriptions, pages): cleaned HTML, plain excerpts.

`clean_html(text)` keeps an allow-list of tags and attributes with nh3 (the Rust
`ammonia` sanitiser): no scripts, styles, event handlers or `javascript:` links; links
get `rel="noopener noreferrer"`. Clean when saving, so what is stored is safe to show
with `|safe`; cleaning again when showing is harmless (idempotent).
`excerpt(html, length)` is the plain text of it, cut at a word, for lists and meta tags;
`plain_lines(html)` its text one block (paragraph, heading, list item) a line, for diffs.

Images (`clean_html(text, images=True)`, content pages): `<img>` stays only when it
points at this site's own media files and says what it shows:

- `src` is the media URL prefix (setting MEDIA_URL, WIZAMART_MEDIA_URL, default
  `/media/`) followed by a well-formed storage key (`wizamart.media.check_key`: lower-case
  letters, digits, `-_.` and `/`, no `..`, no query): never another host, `//host`,
  `data:`, `javascript:`, a path climbing out of the folder or a quote;
- `alt` is required (white space collapsed; an image without it is dropped whole);
- `width` and `height` are kept when they are whole numbers from 1 to 10000;
  nothing else (`srcset`, `onerror`, `style`, `class`, `loading`...).

Trix (the page editor) sends an inserted image as an attachment: `<figure
data-trix-attachment=... class="attachment ..."><img ...><figcaption
class="attachment__caption">...</figcaption></figure>`, inside the paragraph it was put
in. The cleaner keeps it as plain semantic HTML: `<figure><img src alt width
height><figcaption>caption</figcaption></figure>` (Trix's attributes dropped, an empty
caption dropped, a figure left without an image unwrapped, the empty paragraph the
figure splits off dropped). The editor turns that back into an attachment when it loads
the page (modules/cms/static/pages/editor.js), so the alt text and caption survive
editing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3
from flask import current_app, has_app_context

from wizamart.media import MediaError, check_key

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark",
        "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "code", "pre", "hr", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: With `images=True`: the image and its figure.
IMAGE_TAGS = frozenset({"img", "figure", "figcaption"})
IMAGE_ATTRIBUTES = {"img": {"src", "alt", "width", "height"}}
MAX_IMAGE_SIDE = 10_000


def media_prefix() -> str:
    """Where this site's media files are (setting MEDIA_URL), with a final slash."""
    prefix = (current_app.config.get("MEDIA_URL") if has_app_context() else None) or "/media/"
    return prefix if prefix.endswith("/") else prefix + "/"


def media_key_of(src: str | None, prefix: str | None = None) -> str | None:
    """The storage key an image URL names, if it is one of this site's media files
    (`prefix` + a well-formed key), else None."""
    prefix = prefix or media_prefix()
    if not src or not src.startswith(prefix):
        return None
    try:
        return check_key(src[len(prefix) :])
    except MediaError:
        return None


def _image_attribute(prefix: str):
    def check(tag: str, name: str, value: str) -> str | None:
        if tag != "img":
            return value
        if name == "src":
            return value if media_key_of(value, prefix) else None
        if name == "alt":
            return " ".join(value.split()) or None
        if name in ("width", "height"):
            ok = value.isascii() and value.isdigit() and 0 < int(value) <= MAX_IMAGE_SIDE
            return str(int(value)) if ok else None
        return None

    return check


# What nh3 (html5ever) writes: attribute values in double quotes, `"` as &quot;.
IMG_RE = re.compile(r'<img((?:\s+[a-z-]+="[^"]*")*)\s*/?>')
ATTR_RE = re.compile(r'([a-z-]+)="([^"]*)"')
FIGURE_RE = re.compile(r"<figure>((?:(?!<figure>|</figure>).)*)</figure>", re.S)
EMPTY_CAPTION_RE = re.compile(r"<figcaption>(?:\s|<br>)*</figcaption>")
EMPTY_P_RE = re.compile(r"<p>\s*</p>")
# A figure typed inside a paragraph splits it: `<p>a<figure/>b</p>` is parsed as
# `<p>a</p><figure/>b<p></p>`; the text after the figure goes back into a paragraph.
SPLIT_TAIL_RE = re.compile(r"</figure>(.+?)<p></p>", re.S)
BLOCK_TAG_RE = re.compile(
    r"</?(?:p|h[2-4]|ul|ol|li|blockquote|pre|table|thead|tbody|tr|th|td|figure|figcaption|hr)\b"
)


def image_attributes(tag: str) -> dict[str, str]:
    """The attributes of an `<img ...>` as cleaned (values unescaped)."""
    return {name: html.unescape(value) for name, value in ATTR_RE.findall(tag)}


def _keep_image(match: re.Match) -> str:
    attrs = image_attributes(match.group(1))
    return match.group(0) if attrs.get("src") and attrs.get("alt") else ""


def _figure(match: re.Match) -> str:
    inner = EMPTY_CAPTION_RE.sub("", match.group(1))
    if "<img" in inner:
        return f"<\x00figure>{inner}</\x00figure>"  # done: hidden from the next round
    return inner.replace("<figcaption>", "<p>").replace("</figcaption>", "</p>")


def _split_tail(match: re.Match) -> str:
    inner = match.group(1)
    return match.group(0) if BLOCK_TAG_RE.search(inner) else f"</figure><p>{inner}</p>"


def _tidy_images(cleaned: str) -> str:
    """Images without a src or alt left go; figures keep an image and a caption that
    says something, or are unwrapped; the paragraph a figure split is mended (its tail
    in a paragraph again, the empty one dropped)."""
    cleaned = IMG_RE.sub(_keep_image, cleaned)
    while True:
        tidied = FIGURE_RE.sub(_figure, cleaned)
        if tidied == cleaned:
            break
        cleaned = tidied
    cleaned = SPLIT_TAIL_RE.sub(_split_tail, cleaned.replace("\x00", ""))
    return EMPTY_P_RE.sub("", cleaned)


def clean_html(text: str | None, *, images: bool = False) -> str:
    """`text` with only the allowed tags and attributes; links get rel="noopener noreferrer".
    `images=True` also keeps this site's own images with alt text (module docstring)."""
    if not text:
        return ""
    tags = set(ALLOWED_TAGS)
    attributes = {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()}
    extra = {}
    if images:
        tags |= IMAGE_TAGS
        attributes.update({tag: set(attrs) for tag, attrs in IMAGE_ATTRIBUTES.items()})
        extra["attribute_filter"] = _image_attribute(media_prefix())
    cleaned = nh3.clean(
        text,
        tags=tags,
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
        **extra,
    )
    if images:
        cleaned = _tidy_images(cleaned)
    return cleaned.strip()


def images_in(cleaned: str) -> list[dict[str, str]]:
    """The images of a cleaned fragment, as their attributes (src, alt, width, height)."""
    return [image_attributes(m.group(1)) for m in IMG_RE.finditer(cleaned or "")]


BLOCK_END_RE = re.compile(r"</(p|li|h[2-4]|blockquote|pre|tr)>|<br\s*/?>", re.I)
SPACE_RE = re.compile(r"\s+")


def plain_text(text: str | None) -> str:
    """The words of an HTML fragment, without tags, on one line."""
    if not text:
        return ""
    spaced = BLOCK_END_RE.sub(" ", text)
    stripped = nh3.clean(spaced, tags=set())  # removes every tag, keeps (escaped) text
    return SPACE_RE.sub(" ", html.unescape(stripped)).strip()


def plain_lines(text: str | None, image_line: Callable[[str], str] | None = None) -> list[str]:
    """The words of an HTML fragment, one line per block (paragraph, heading, list item,
    line break), blank lines dropped: what a reader compares between two versions.
    With `image_line`, each image is a line of its own, `image_line(alt text)`."""
    if not text:
        return []
    if image_line is not None:
        text = IMG_RE.sub(
            lambda m: (
                "\n" + html.escape(image_line(image_attributes(m.group(1)).get("alt", ""))) + "\n"
            ),
            text,
        )
    broken = BLOCK_END_RE.sub("\n", text)
    stripped = html.unescape(nh3.clean(broken, tags=set()))
    lines = (SPACE_RE.sub(" ", line).strip() for line in stripped.split("\n"))
    return [line for line in lines if line]


def excerpt(text: str | None, length: int = 160) -> str:
    """The plain text of an HTML fragment, at most `length` characters, cut at a word
    with "…" when shortened."""
    words = plain_text(text)
    if len(words) <= length:
        return words
    cut = words[: length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"
