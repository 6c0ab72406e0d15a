"""The platform's content pages on its own host: /pages/<slug> (published only, in the
visitor's language or the platform's default; anything else is 404)."""

from __future__ import annotations

from flask import Blueprint, abort, g

from modules.cms.services.pages import page_url, published_page
from wizamart.htmx import render

router = Blueprint("cms_public", __name__)


@router.route("/pages/<slug>")
def page(slug):
    platform = g.get("platform")
    if platform is None:
        abort(404)
    view = published_page(slug, platform_id=platform.id)
    if view is None:
        abort(404)
    return render(
        "cms/public/pages/page.html",
        view=view,
        canonical=page_url(view.slug, _external=True),
        alternates={},
        page_title=view.seo_title or view.title,
    )
