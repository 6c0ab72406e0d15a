"""Admin pages of the tenancy module: platforms, their modules, companies, vendors, users."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from modules.tenancy.services.directory import (
    list_companies,
    list_platforms,
    list_users,
    list_vendors,
)
from modules.tenancy.services.module_admin import modules_by_tier
from modules.tenancy.services.platforms import get_managed_platform_or_404
from wizamart.auth import permission_required
from wizamart.htmx import is_htmx, render
from wizamart.modules.registry import current_registry
from wizamart.modules.service import ModuleServiceError, module_service

router = Blueprint("tenancy_admin", __name__)

ACTIONS = ("enable", "disable")


def render_modules_page(platform, plan=None, status=200, oob=()):
    return render(
        "tenancy/admin/modules.html",
        platform=platform,
        tiers=modules_by_tier(platform.id),
        plan=plan,
        registry=current_registry(),
        page_title=_("Modules of %(platform)s", platform=platform.name),
        status=status,
        oob=oob,
    )


@router.route("/modules")
@permission_required("tenancy.manage_modules")
def current_platform_modules():
    return redirect(url_for(".platform_modules", platform_code=g.platform.code))


@router.route("/platforms/<platform_code>/modules")
@permission_required("tenancy.manage_modules")
def platform_modules(platform_code):
    platform = get_managed_platform_or_404(platform_code)
    return render_modules_page(platform)


@router.route("/platforms/<platform_code>/modules/<code>/confirm")
@permission_required("tenancy.manage_modules")
def confirm_module_change(platform_code, code):
    """The dry run: what else this change switches, with a confirm button."""
    platform = get_managed_platform_or_404(platform_code)
    action = request.args.get("action")
    if action not in ACTIONS or code not in current_registry():
        abort(404)
    try:
        plan = getattr(module_service, f"plan_{action}")(platform.id, code)
    except ModuleServiceError as exc:
        flash(str(exc), "error")
        return render_modules_page(platform, status=409, oob=("flash",))
    return render_modules_page(platform, plan=plan)


@router.route("/platforms/<platform_code>/modules/<code>/<action>", methods=["POST"])
@permission_required("tenancy.manage_modules")
def change_module(platform_code, code, action):
    platform = get_managed_platform_or_404(platform_code)
    if action not in ACTIONS or code not in current_registry():
        abort(404)
    try:
        plan = getattr(module_service, f"{action}_module")(platform.id, code, user=current_user)
    except ModuleServiceError as exc:
        flash(str(exc), "error")
        return render_modules_page(platform, status=409, oob=("flash", "confirm_panel"))
    flash(change_message(plan), "success")
    if not is_htmx():
        return redirect(url_for(".platform_modules", platform_code=platform.code))
    # One response updates the list, the sidebar menu, the flash area and clears the dialog.
    return render_modules_page(platform, oob=("sidebar", "flash", "confirm_panel"))


def change_message(plan) -> str:
    registry = current_registry()
    name = str(registry[plan.module].name)
    others = ", ".join(str(registry[c].name) for c in plan.also)
    if plan.noop:
        return _("Nothing to change: %(module)s is already so.", module=name)
    if plan.action == "enable":
        if others:
            return _("%(module)s is on, and with it: %(others)s.", module=name, others=others)
        return _("%(module)s is on.", module=name)
    if others:
        return _("%(module)s is off, and with it: %(others)s.", module=name, others=others)
    return _("%(module)s is off.", module=name)


@router.route("/platforms/<platform_code>/modules/log")
@permission_required("tenancy.manage_modules")
def module_log(platform_code):
    platform = get_managed_platform_or_404(platform_code)
    return render(
        "tenancy/admin/module_log.html",
        platform=platform,
        changes=module_service.change_log(platform.id),
        registry=current_registry(),
        page_title=_("Module changes on %(platform)s", platform=platform.name),
    )


# --- platforms, companies, vendors, users -------------------------------------------
# (list pages; create and edit forms below)


@router.route("/platforms")
@permission_required("tenancy.manage_platforms")
def platforms():
    return render(
        "tenancy/admin/platforms.html", platforms=list_platforms(), page_title=_("Platforms")
    )


@router.route("/companies")
@permission_required("tenancy.manage_vendors")
def companies():
    return render(
        "tenancy/admin/companies.html", companies=list_companies(), page_title=_("Companies")
    )


@router.route("/vendors")
@permission_required("tenancy.manage_vendors")
def vendors():
    return render("tenancy/admin/vendors.html", vendors=list_vendors(), page_title=_("Vendors"))


@router.route("/users")
@permission_required("tenancy.manage_users")
def users():
    return render("tenancy/admin/users.html", users=list_users(), page_title=_("Users"))
