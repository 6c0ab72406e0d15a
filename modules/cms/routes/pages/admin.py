"""The cms pages of the admin back office, under /admin/content/... (one child blueprint
per area): the platform's own pages, menus, media and look, and default-page templates."""

from __future__ import annotations

from flask import Blueprint

from modules.cms.routes.admin_look import router as look_router
from modules.cms.routes.admin_media import router as media_router
from modules.cms.routes.admin_menus import router as menus_router
from modules.cms.routes.admin_pages import router as pages_router
from modules.cms.routes.admin_templates import router as templates_router

router = Blueprint("cms_admin", __name__)
for child in (pages_router, templates_router, menus_router, media_router, look_router):
    router.register_blueprint(child)
