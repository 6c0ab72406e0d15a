"""The platform's own content pages (home blocks, about, contact): the same editor as a
shop's (pages_editor.py), on rows with vendor_id NULL of the admin's platform."""

from __future__ import annotations

from flask import Blueprint

from modules.cms.routes.pages_editor import Side, register

router = Blueprint("pages", __name__, url_prefix="/content/pages")

SIDE = Side(
    frontend="admin",
    endpoint="cms_admin.pages",
    view_permission="cms.platform_content",
    edit_permission="cms.platform_content",
    publish_permission="cms.platform_content",
    preview_template="cms/public/pages/page.html",
)
register(router, SIDE)
