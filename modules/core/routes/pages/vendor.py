"""Vendor dashboard and shop settings."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from modules.core.services.dashboard import vendor_figures
from modules.tenancy.exceptions import ValidationFailed
from modules.tenancy.services.vendors import rename_vendor
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


@router.route("/settings", methods=["GET", "POST"])
@permission_required("core.shop_settings")
def settings():
    errors: dict[str, list[str]] = {}
    name = g.vendor.name
    if request.method == "POST":
        name = request.form.get("name", "")
        try:
            rename_vendor(g.vendor.id, name)
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            flash(_("Your shop settings are saved."), "success")
            return redirect(url_for(".settings"))
    return render(
        "core/vendor/settings.html",
        name=name,
        errors=errors,
        status=422 if errors else 200,
        page_title=_("Shop settings"),
    )
