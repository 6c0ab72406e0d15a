"""The cms JSON API of a shop, under /api/v1/vendor/<vendor_code>/content/..."""

from __future__ import annotations

from flask import Blueprint

from modules.cms.routes.api_vendor_media import router as media_router
from modules.cms.routes.api_vendor_pages import router as pages_router

router = Blueprint("cms_api_vendor", __name__)
for child in (pages_router, media_router):
    router.register_blueprint(child)
