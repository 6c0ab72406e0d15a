"""The media library's lists (wizamart/lists.py): the library page (search by file name
or alt text, kind and alt-text filters, keyset pages: a page of 100,000 items costs what
the first does) and the picker's grid of images."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.cms.models import Media, MediaKind
from wizamart.lists import Column, Filter, ListSpec, contains


def search(statement, term):
    return statement.where(contains(term, Media.filename, Media.alt_text))


ALT_FILTERS = {
    "missing": lambda s: s.where(Media.alt_text == ""),
    "present": lambda s: s.where(Media.alt_text != ""),
}

LIBRARY = ListSpec(
    name="media",
    columns=[
        Column("preview", None, class_="media-preview-col"),
        Column("filename", _l("File"), sort=Media.filename),
        Column("alt", _l("Alt text")),
        Column("size", _l("Size"), sort=Media.size, class_="d-none d-md-table-cell"),
        Column("created", _l("Uploaded"), sort=Media.created_at, class_="d-none d-lg-table-cell"),
        Column("actions", None, class_="d-none d-sm-table-cell"),
    ],
    id_column=Media.id,
    filters=[
        Filter(
            "kind",
            _l("Kind"),
            [(MediaKind.IMAGE.value, _l("Images")), (MediaKind.PDF.value, _l("PDFs"))],
            lambda statement, value: statement.where(Media.kind == value),
        ),
        Filter(
            "alt",
            _l("Alt text"),
            [("missing", _l("Missing")), ("present", _l("Given"))],
            lambda statement, value: ALT_FILTERS[value](statement),
        ),
    ],
    search=search,
    search_label=_l("Search by file name or alt text"),
    default_sort="-created",
    page_sizes=(25, 50, 100),
    keyset=True,
    describe=lambda m: m.filename,
    empty=_l("No files yet. Upload images or PDFs above."),
    row_data=("media", "id"),
)

#: The picker's images: newest first, 12 a page.
PICKER = ListSpec(
    name="picker",
    columns=[Column("created", _l("Uploaded"), sort=Media.created_at)],
    id_column=Media.id,
    search=search,
    search_label=_l("Search by file name or alt text"),
    default_sort="-created",
    page_sizes=(12,),
    keyset=True,
    describe=lambda m: m.filename,
    empty=_l("No images yet: upload one below."),
)


def images_only(statement: sa.Select) -> sa.Select:
    return statement.where(Media.kind == MediaKind.IMAGE.value)
