"""The cms pages of the vendor back office, under /vendor/<vendor_code>/content/...
(one child blueprint per area)."""

from __future__ import annotations

from flask import Blueprint

from modules.cms.routes.vendor_look import router as look_router
from modules.cms.routes.vendor_media import router as media_router
from modules.cms.routes.vendor_menus import router as menus_router
from modules.cms.routes.vendor_pages import router as pages_router

router = Blueprint("cms_vendor", __name__)
for child in (pages_router, menus_router, media_router, look_router):
    router.register_blueprint(child)
