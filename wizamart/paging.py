"""Numbers that come from URLs: ids in paths and page numbers in query strings.

A URL is typed by anyone, so an id of 23 digits or `?page=99999999999999999999999` must
answer like any id or page that does not exist (404, or an empty page), never overflow
the database driver into a 500.
"""

from __future__ import annotations

from flask import request
from werkzeug.routing import IntegerConverter

#: The largest id a database column holds (BIGINT, SQLite INTEGER).
MAX_ID = 2**63 - 1
#: Far beyond any real list; keeps OFFSET (page - 1) * per_page inside BIGINT.
MAX_PAGE = 1_000_000


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a positive integer no larger than a database id;
    anything larger does not match, so the URL answers 404 (more digits than MAX_ID has
    do not even match the path: otherwise werkzeug answers 405 for a method that the
    same path has under another rule)."""

    regex = rf"\d{{1,{len(str(MAX_ID))}}}"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def page_arg(name: str = "page") -> int:
    """The page number of a list from the query string (or form): 1 when missing or not a
    number, at most MAX_PAGE (a page past the end is simply empty)."""
    page = request.values.get(name, 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)
