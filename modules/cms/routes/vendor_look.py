"""A shop's look: logo, favicon, colours, fonts, header layout (cms.view reads it,
cms.edit saves it), with a live preview."""

from __future__ import annotations

from flask import Blueprint, g
from flask_babel import gettext as _

from modules.cms.routes import look_pages
from wizamart.auth import has_permission, permission_required

router = Blueprint("look", __name__, url_prefix="/content/look")
TEMPLATE = "cms/vendor/look/edit.html"


def context() -> dict:
    return {
        "owner_name": g.vendor.name,
        "can_edit": has_permission("cms.edit"),
        "page_title": _("Look of the shop"),
    }


@router.get("")
@permission_required("cms.view")
def edit():
    return look_pages.show(TEMPLATE, **context())


@router.post("")
@permission_required("cms.edit")
def save():
    return look_pages.save(TEMPLATE, _("The shop's look is saved."), **context())


@router.post("/preview")
@permission_required("cms.view")
def preview():
    return look_pages.preview(TEMPLATE, **context())
