"""A shop's media library and the picker: /vendor/<vendor_code>/content/media/...
(the views: routes/media_pages.py). `cms.view` reads, `cms.edit` changes."""

from __future__ import annotations

from flask import Blueprint

from modules.cms.routes.media_pages import Side, install

router = Blueprint("media", __name__, url_prefix="/content/media")

install(
    router,
    Side(
        template="cms/vendor/media/index.html",
        item_template="cms/vendor/media/item.html",
        view_permission="cms.view",
        edit_permission="cms.edit",
        theme_endpoint="cms_vendor.look.edit",
    ),
)
