"""Admin dashboard and platform settings."""

from __future__ import annotations

from flask import Blueprint, g
from flask_babel import gettext as _

from modules.core.services.dashboard import admin_figures
from wizamart.auth import permission_required
from wizamart.htmx import render

router = Blueprint("core_admin", __name__)


@router.route("/")
@permission_required("core.admin_dashboard")
def dashboard():
    return render(
        "core/admin/dashboard.html",
        figures=admin_figures(g.platform.id),
        page_title=_("Dashboard"),
    )


@router.route("/settings")
@permission_required("core.platform_settings")
def settings():
    return render("core/admin/settings.html", page_title=_("Platform settings"))
