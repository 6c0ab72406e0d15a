"""A shop's content pages: list, editor, versions, compare, restore, preview, publish
(the views are shared with the platform's pages: pages_editor.py)."""

from __future__ import annotations

from flask import Blueprint

from modules.cms.routes.pages_editor import Side, register

router = Blueprint("pages", __name__, url_prefix="/content/pages")

SIDE = Side(
    frontend="vendor",
    endpoint="cms_vendor.pages",
    view_permission="cms.view",
    edit_permission="cms.edit",
    publish_permission="cms.publish",
    preview_template="cms/storefront/pages/page.html",
)
register(router, SIDE)
