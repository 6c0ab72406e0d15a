"""Slugs: the words of a URL made from a title ("Crème brûlée" -> "creme-brulee").

Shared by the modules that give rows readable URLs (catalog's products and categories,
cms's pages). Each keeps its own rules of uniqueness and history; these helpers only
make, check and number slugs:
- `slugify(text)`: lower-case ASCII words joined by "-", at most MAX_SLUG characters;
- `is_valid_slug(slug)`: what a typed slug must look like;
- `taken_slugs(statements, base)` and `first_free(base, taken)`: "-2", "-3"... when the
  base is taken among the rows the caller's statements select.
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa

from wizamart.extensions import db

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 120


def slugify(text: str, fallback: str = "product") -> str:
    """ASCII words of `text` joined by "-", at most MAX_SLUG characters."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            break
        slug = candidate
    return slug or fallback


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_RE.match(slug or "")) and len(slug) <= MAX_SLUG


def taken_slugs(statements, base: str) -> set[str]:
    """Slugs equal to `base` or `base-N` that the statements (selects of one slug
    column, already filtered to vendor and language) find."""
    found: set[str] = set()
    for statement in statements:
        column = statement.selected_columns[0]
        found.update(
            db.session.scalars(statement.where(sa.or_(column == base, column.like(f"{base}-%"))))
        )
    return found


def first_free(base: str, taken: set[str]) -> str:
    """`base` if free, else `base-2`, `base-3`... (kept within MAX_SLUG)."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: MAX_SLUG - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1
