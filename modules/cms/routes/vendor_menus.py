"""A shop's header and footer menus: /vendor/<vendor_code>/content/menus."""

from __future__ import annotations

from flask import Blueprint, g
from flask_babel import lazy_gettext as _l

from modules.cms.routes.menus_views import add_menu_views
from modules.cms.services.menus import KIND_LABELS, Owner

router = Blueprint("menus", __name__, url_prefix="/content/menus")


def shop() -> Owner:
    return Owner(g.vendor.platform_id, g.vendor.id)


add_menu_views(
    router,
    owner=shop,
    template="cms/vendor/menus/index.html",
    view_permission="cms.view",
    edit_permission="cms.edit",
    page_title=_l("Menus"),
    kind_labels=KIND_LABELS,
    empty_footer_note=_l(
        "While the footer menu is empty, the shop links its published legal pages there: "
        "imprint, terms, privacy notice, shipping and returns."
    ),
)
