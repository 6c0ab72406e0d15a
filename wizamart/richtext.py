"""Rich text that people type (product descriptions, pages): cleaned HTML, plain excerpts.

`clean_html(text)` keeps an allow-list of tags and attributes with nh3 (the Rust
`ammonia` sanitiser): no scripts, styles, event handlers or `javascript:` links; links
get `rel="noopener noreferrer"`. Clean when saving, so what is stored is safe to show
with `|safe`; cleaning again when showing is harmless (idempotent).
`excerpt(html, length)` is the plain text of it, cut at a word, for lists and meta tags;
`plain_lines(html)` its text one block (paragraph, heading, list item) a line, for diffs.
"""

from __future__ import annotations

import html
import re

import nh3

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


def clean_html(text: str | None) -> str:
    """`text` with only the allowed tags and attributes; links get rel="noopener noreferrer"."""
    if not text:
        return ""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


BLOCK_END_RE = re.compile(r"</(p|li|h[2-4]|blockquote|pre|tr)>|<br\s*/?>", re.I)
SPACE_RE = re.compile(r"\s+")


def plain_text(text: str | None) -> str:
    """The words of an HTML fragment, without tags, on one line."""
    if not text:
        return ""
    spaced = BLOCK_END_RE.sub(" ", text)
    stripped = nh3.clean(spaced, tags=set())  # removes every tag, keeps (escaped) text
    return SPACE_RE.sub(" ", html.unescape(stripped)).strip()


def plain_lines(text: str | None) -> list[str]:
    """The words of an HTML fragment, one line per block (paragraph, heading, list item,
    line break), blank lines dropped: what a reader compares between two versions."""
    if not text:
        return []
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
