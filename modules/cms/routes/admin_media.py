"""The platform's media library (its own files: vendor_id NULL) and the picker:
/admin/content/media/... (the views: routes/media_pages.py), for admins holding
`cms.platform_content`, on the platform of the host."""

from __future__ import annotations

from flask import Blueprint

from modules.cms.routes.media_pages import Side, install

router = Blueprint("media", __name__, url_prefix="/content/media")

install(
    router,
    Side(
        template="cms/admin/media/index.html",
        item_template="cms/admin/media/item.html",
        view_permission="cms.platform_content",
        edit_permission="cms.platform_content",
        theme_endpoint="cms_admin.look.edit",
    ),
)
