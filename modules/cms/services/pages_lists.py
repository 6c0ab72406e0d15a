"""The back-office lists of pages (wizamart/lists.py): a shop's or the platform's pages
(search by title or address, filter by status and role, sort by title, address or last
change) and a page's versions (filter by language).

A page of the list costs the same statements for 5 pages or 5,000: the count, the rows,
and their texts with their current versions (selectinload).
"""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from modules.cms.models import (
    ROLE_LABELS,
    STATUS_LABELS,
    Page,
    PageRole,
    PageStatus,
    PageText,
    PageVersion,
)
from modules.cms.services.pages import WITH_TEXTS
from modules.tenancy.models import User
from wizamart.extensions import db
from wizamart.i18n.locale import LANGUAGE_NAMES
from wizamart.lists import Column, Filter, ListSpec, contains


def current_title(language: str):
    """The title of the page's current version in `language` (a correlated subquery)."""
    return (
        sa.select(PageVersion.title)
        .join(PageText, PageText.current_version_id == PageVersion.id)
        .where(PageText.page_id == Page.id, PageText.language == language)
        .scalar_subquery()
    )


def search(statement, term):
    titles = (
        sa.select(PageText.id)
        .join(PageVersion, PageVersion.id == PageText.current_version_id)
        .where(PageText.page_id == Page.id, contains(term, PageVersion.title))
    )
    return statement.where(sa.or_(contains(term, Page.slug), titles.exists()))


STATUS_FILTER = Filter(
    "status",
    _l("Status"),
    [(s.value, STATUS_LABELS[s]) for s in PageStatus],
    lambda statement, value: statement.where(Page.status == value),
)
ROLE_FILTER = Filter(
    "role",
    _l("Role"),
    [(r.value, ROLE_LABELS[r]) for r in PageRole],
    lambda statement, value: statement.where(Page.role == value),
    any_label=_l("Any role"),
)


@cache
def page_list(language: str) -> ListSpec:
    """The list of pages, titles sorted in the owner's default language."""
    return ListSpec(
        name="pages",
        columns=[
            Column("title", _l("Title"), sort=sa.func.lower(current_title(language))),
            Column("slug", _l("Address"), sort=Page.slug, class_="d-none d-md-table-cell"),
            Column("status", _l("Status")),
            Column("languages", _l("Languages"), class_="d-none d-lg-table-cell"),
            Column("updated", _l("Changed"), sort=Page.updated_at, class_="d-none d-sm-table-cell"),
        ],
        id_column=Page.id,
        filters=[STATUS_FILTER, ROLE_FILTER],
        search=search,
        search_label=_l("Search by title or address"),
        default_sort="-updated",
        page_sizes=(25, 50, 100),
        describe=lambda p: p.slug,
        empty=_l("No pages yet."),
        row_data=("page", "id"),
    )


def page_rows(owner) -> sa.Select:
    """The owner's pages with their texts and current versions (two more statements)."""
    return sa.select(Page).where(owner.where(Page)).options(*WITH_TEXTS)


def language_choices():
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]


VERSIONS = ListSpec(
    name="versions",
    columns=[
        Column("number", _l("Version"), sort=PageVersion.number),
        Column("language", _l("Language"), class_="d-none d-sm-table-cell"),
        Column("title", _l("Title"), class_="d-none d-md-table-cell"),
        Column("author", _l("By"), class_="d-none d-lg-table-cell"),
        Column("created", _l("Saved"), sort=PageVersion.created_at),
        Column("actions", None),
    ],
    id_column=PageVersion.id,
    filters=[
        Filter(
            "language",
            _l("Language"),
            language_choices,
            lambda statement, value: statement.where(PageVersion.language == value),
            any_label=_l("All languages"),
        )
    ],
    default_sort="-created",
    page_sizes=(25, 50, 100),
    describe=lambda v: f"{v.language} {v.number}",
    empty=_l("No versions."),
    row_data=("version", "id"),
)


def author_emails(versions) -> dict[int, str]:
    """The e-mail of each author of these versions (one statement)."""
    ids = {v.author_id for v in versions if v.author_id}
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.id, User.email).where(User.id.in_(ids))).all())
