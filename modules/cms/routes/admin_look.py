"""The look of the platform's public site and sign-in page: logo, favicon, colours and
fonts (the platform's name is tenancy's: the page links to where it is edited)."""

from __future__ import annotations

from flask import Blueprint, g, url_for
from flask_babel import gettext as _

from modules.cms.routes import look_pages
from wizamart.auth import has_permission, permission_required

router = Blueprint("look", __name__, url_prefix="/content/look")
TEMPLATE = "cms/admin/look/edit.html"


def context() -> dict:
    platform = g.platform
    return {
        "owner_name": platform.name,
        "can_edit": True,
        "platform_url": (
            url_for("tenancy_admin.edit_platform", platform_code=platform.code)
            if has_permission("tenancy.manage_platforms")
            else None
        ),
        "page_title": _("Look of the public site"),
    }


@router.get("")
@permission_required("cms.platform_content")
def edit():
    return look_pages.show(TEMPLATE, **context())


@router.post("")
@permission_required("cms.platform_content")
def save():
    return look_pages.save(TEMPLATE, _("The public site's look is saved."), **context())


@router.post("/preview")
@permission_required("cms.platform_content")
def preview():
    return look_pages.preview(TEMPLATE, **context())
