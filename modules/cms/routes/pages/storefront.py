"""A shop's content pages as shoppers see them: /storefront/<vendor_code>/pages/<slug>.

Only published pages, in the shopper's language or the platform's default language;
anything else (unknown, unpublished, another shop's slug) is 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, g

from modules.cms.services.pages import page_url, published_page
from wizamart.htmx import render

router = Blueprint("cms_storefront", __name__)


@router.route("/pages/<slug>")
def page(slug):
    view = published_page(slug, vendor_id=g.vendor.id)
    if view is None:
        abort(404)
    code = g.vendor.code
    return render(
        "cms/storefront/pages/page.html",
        view=view,
        canonical=page_url(view.slug, code, _external=True),
        alternates={
            lang: page_url(view.slug, code, lang=lang, _external=True) for lang in view.languages
        }
        if len(view.languages) > 1
        else {},
        page_title=view.seo_title or view.title,
    )
