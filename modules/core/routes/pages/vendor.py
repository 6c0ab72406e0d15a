"""Vendor dashboard and shop settings."""

from __future__ import annotations

from flask import Blueprint, g
from flask_babel import gettext as _

from modules.core.services.dashboard import vendor_figures
from wizamart.auth import permission_required
from wizamart.htmx import render

router = Blueprint("core_vendor", __name__)


@router.route("/")
@permission_required("core.view_dashboard")
def dashboard():
    return render(
        "core/vendor/dashboard.html",
        figures=vendor_figures(g.vendor.id),
        page_title=_("Dashboard"),
    )


@router.route("/settings")
@permission_required("core.shop_settings")
def settings():
    return render("core/vendor/settings.html", page_title=_("Shop settings"))
