"""JSON: a shop's content pages, under /api/v1/vendor/<vendor_code>/content/pages: list,
read, create, change (a new version of each language sent), publish and unpublish.
`cms.view` reads, `cms.edit` writes, `cms.publish` publishes. The service checks the data
exactly as for the editor; its errors come back as a 422 under the body's paths."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from modules.cms.exceptions import ValidationFailed
from modules.cms.models import Page
from modules.cms.schemas.pages_api import (
    CmsPage,
    CmsPageSummary,
    NewPage,
    PageChange,
    PagesQuery,
    api_fields,
)
from modules.cms.services import pages as service
from modules.cms.services.owners import owner_or_404 as owner
from modules.cms.services.pages_lists import search
from wizamart.api import Page as ApiPage
from wizamart.api import api_view, invalid, page_of
from wizamart.auth import permission_required
from wizamart.extensions import db
from wizamart.scoping import get_for_vendor_or_404

router = Blueprint("pages", __name__, url_prefix="/content/pages")

TEXTS = service.WITH_TEXTS


@router.before_request
def ids_of_this_shop():
    """Another shop's page id answers 404 before the body or the permission is looked at."""
    if "page_id" in (request.view_args or {}):
        get_for_vendor_or_404(Page, request.view_args["page_id"])


def summary_out(page: Page, language: str) -> dict:
    version = service.current_version(page, language)
    return {
        "id": page.id,
        "slug": page.slug,
        "role": page.role,
        "status": page.status,
        "title": version.title if version else page.slug,
        "unpublished_changes": service.has_unpublished_changes(page),
        "updated_at": page.updated_at,
        "published_at": page.published_at,
    }


def detail_out(page: Page) -> dict:
    who = owner()
    published = {t.language: t.published for t in page.texts}
    return {
        **summary_out(page, who.default_language),
        "url": service.page_url(page.slug, g.vendor.code, _external=True),
        "texts": {
            t.language: {
                "title": t.current.title,
                "body": t.current.body,
                "seo_title": t.current.seo_title,
                "seo_description": t.current.seo_description,
                "version": t.current.number,
                "published_version": published[t.language].number
                if published[t.language]
                else None,
            }
            for t in page.texts
        },
    }


def load(page_id) -> Page:
    return get_for_vendor_or_404(Page, page_id, options=TEXTS)


@router.get("")
@permission_required("cms.view")
@api_view(query=PagesQuery, response=ApiPage[CmsPageSummary])
def list_pages(query: PagesQuery):
    """The shop's pages, a page at a time (by id)."""
    statement = (
        sa.select(Page)
        .where(Page.vendor_id == g.vendor.id, Page.id > (query.after or 0))
        .options(*TEXTS)
        .order_by(Page.id)
        .limit(query.limit + 1)
    )
    if query.status:
        statement = statement.where(Page.status == query.status.value)
    if query.q:
        statement = search(statement, query.q)
    rows = db.session.scalars(statement).all()
    language = owner().default_language
    result = page_of(rows, query.limit)
    result["items"] = [summary_out(p, language) for p in result["items"]]
    return result


@router.get("/<int:page_id>")
@permission_required("cms.view")
@api_view(response=CmsPage)
def get_page(page_id):
    """One page with its current text in each language."""
    return detail_out(load(page_id))


def save(page: Page | None, data: service.PageInput) -> Page:
    try:
        saved = service.save_page(owner(), page, data, author_id=current_user.id)
        db.session.commit()
    except ValidationFailed as exc:
        db.session.rollback()
        raise invalid(api_fields(exc.errors)) from None
    except IntegrityError:
        db.session.rollback()
        taken = _l("Another page just took this address or role; try again.")
        raise invalid({"slug": [taken]}) from None
    return load(saved.id)


def texts_in(body_texts) -> dict[str, service.TextInput]:
    return {lang: service.TextInput(**text.model_dump()) for lang, text in body_texts.items()}


@router.post("")
@permission_required("cms.edit")
@api_view(body=NewPage, response=CmsPage, status=201)
def create_page(body: NewPage):
    """Add a page (a draft)."""
    data = service.PageInput(
        texts=texts_in(body.texts), slug=body.slug, role=body.role.value if body.role else ""
    )
    return detail_out(save(None, data))


@router.patch("/<int:page_id>")
@permission_required("cms.edit")
@api_view(body=PageChange, response=CmsPage)
def change_page(page_id, body: PageChange):
    """Change a page: a new version of each language sent (the others stay)."""
    page = load(page_id)
    data = service.input_from_page(page)
    if body.texts is not None:
        data.texts.update(texts_in(body.texts))
    if body.slug is not None:
        data.slug = body.slug
    if body.role is not None:
        data.role = body.role.value if body.role else ""
    return detail_out(save(page, data))


def published(page_id, change) -> dict:
    change(load(page_id))
    db.session.commit()
    return detail_out(load(page_id))


@router.post("/<int:page_id>/publish")
@permission_required("cms.publish")
@api_view(response=CmsPage)
def publish_page(page_id):
    """Publish the current version of every language."""
    return published(page_id, service.publish)


@router.post("/<int:page_id>/unpublish")
@permission_required("cms.publish")
@api_view(response=CmsPage)
def unpublish_page(page_id):
    """Hide the page from visitors (404); texts and versions stay."""
    return published(page_id, service.unpublish)
