"""The platform's public site menus: /admin/content/menus (the platform of the host)."""

from __future__ import annotations

from flask import Blueprint, g
from flask_babel import lazy_gettext as _l

from modules.cms.routes.menus_views import add_menu_views
from modules.cms.services.menus import SITE_KIND_LABELS, Owner

router = Blueprint("menus", __name__, url_prefix="/content/menus")


def platform() -> Owner:
    return Owner(g.platform.id)


add_menu_views(
    router,
    owner=platform,
    template="cms/admin/menus/index.html",
    view_permission="cms.platform_content",
    edit_permission="cms.platform_content",
    page_title=_l("Site menus"),
    kind_labels=SITE_KIND_LABELS,
)
