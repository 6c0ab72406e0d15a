"""Admin pages of the tenancy module: platforms, their modules, companies, vendors, users."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user
from markupsafe import Markup

from modules.tenancy.exceptions import NotAllowed, ValidationFailed
from modules.tenancy.models import Company, User, Vendor
from modules.tenancy.schemas.forms import (
    CompanyForm,
    EditPlatformForm,
    EditUserForm,
    EditVendorForm,
    PlatformForm,
    UserForm,
    VendorForm,
)
from modules.tenancy.services import accounts
from modules.tenancy.services import companies as company_service
from modules.tenancy.services import platforms as platform_service
from modules.tenancy.services import vendors as vendor_service
from modules.tenancy.services.directory import (
    get_managed_or_404,
    list_companies,
    list_platforms,
    list_vendors,
)
from modules.tenancy.services.lists import (
    COMPANIES,
    PLATFORMS,
    USERS,
    VENDORS,
    company_rows,
    platform_rows,
    user_rows,
    vendor_rows,
)
from modules.tenancy.services.module_admin import (
    BadFilter,
    ModuleFilter,
    check_health,
    menu_entries,
    module_rows,
    modules_by_tier,
)
from modules.tenancy.services.platforms import can_create_platforms, get_managed_platform_or_404
from wizamart.auth import permission_required
from wizamart.errors import render_error
from wizamart.htmx import is_htmx, render
from wizamart.lists import bulk_done, render_list
from wizamart.modules.registry import current_registry
from wizamart.modules.service import ModuleServiceError, module_service
from wizamart.modules.upgrades import UPGRADE_COMMAND
from wizamart.paging import page_arg

router = Blueprint("tenancy_admin", __name__)

ACTIONS = ("enable", "disable")


@router.errorhandler(BadFilter)
def bad_filter(exc: BadFilter):
    return render_error(400, str(exc))


def render_modules_page(
    platform, *, plan=None, bulk=None, selected=None, status=200, oob=(), **context
):
    """The modules page: the filtered list, and a plan's confirmation next to what it
    concerns (a module's card, or the bulk bar for a combined plan)."""
    filters = ModuleFilter.from_args(request.values)
    tiers = modules_by_tier(platform.id, filters)
    return render(
        "tenancy/admin/modules.html",
        platform=platform,
        filters=filters,
        tiers=tiers,
        visible={row.module.code for _tier, rows in tiers for row in rows},
        shown=sum(len(rows) for _tier, rows in tiers),
        upgrade_command=UPGRADE_COMMAND,
        total=len(current_registry()),
        plan=plan,
        bulk=bulk,
        selected=set(request.values.getlist("code") if selected is None else selected),
        registry=current_registry(),
        page_title=_("Modules of %(platform)s", platform=platform.name),
        status=status,
        oob=oob,
        **context,
    )


def back_to_modules(platform):
    """The modules page, with the filters the admin was looking at."""
    filters = ModuleFilter.from_args(request.values)
    return url_for(".platform_modules", platform_code=platform.code, **filters.as_args())


def after_change(platform, message):
    """Flash the outcome; then the page again (PRG), or for htmx the list with the
    sidebar menu and flash area updated out of band in the same response."""
    flash(message, "success")
    if not is_htmx():
        return redirect(back_to_modules(platform))
    return render_modules_page(platform, selected=(), oob=("sidebar", "flash"))


def with_undo(message, platform, action: str, codes: list[str]) -> Markup:
    """The success message with an Undo link: the reverse plan, through the same
    confirmation as any other change."""
    url = url_for(".plan_modules", platform_code=platform.code, action=action, code=codes)
    return Markup('{} <a class="alert-link" href="{}" data-undo>{}</a>').format(
        message, url, _("Undo")
    )


@router.route("/modules")
@permission_required("tenancy.manage_modules")
def current_platform_modules():
    return redirect(url_for(".platform_modules", platform_code=g.platform.code))


@router.route("/platforms/<platform_code>/modules")
@permission_required("tenancy.manage_modules")
def platform_modules(platform_code):
    """Every module of the platform; ?q= searches names and codes, ?tier= and ?state=
    (on, off, upgrade) filter."""
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
        return render_modules_page(platform, status=409, oob=("flash",))
    message = change_message(plan)
    if not plan.noop:
        reverse = "disable" if plan.action == "enable" else "enable"
        message = with_undo(message, platform, reverse, plan.changes)
    return after_change(platform, message)


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


def bulk_selection():
    """The action and the picked codes of a bulk request: 400 for an action the page
    does not offer, 404 for a module that does not exist."""
    action = request.values.get("action")
    if action not in ACTIONS:
        abort(400)
    codes = request.values.getlist("code")
    if any(code not in current_registry() for code in codes):
        abort(404)
    return action, codes


def refuse_bulk(platform, message: str, status: int):
    """A bulk request that cannot go ahead: the list again, the reason at the bulk bar."""
    return render_modules_page(platform, status=status, bulk_error=message)


@router.route("/platforms/<platform_code>/modules/plan")
@permission_required("tenancy.manage_modules")
def plan_modules(platform_code):
    """The combined plan for the picked modules, with one confirmation."""
    platform = get_managed_platform_or_404(platform_code)
    action, codes = bulk_selection()
    if not codes:
        return refuse_bulk(platform, _("Select at least one module."), 422)
    try:
        plan = module_service.plan_many(platform.id, action, codes)
    except ModuleServiceError as exc:
        return refuse_bulk(platform, str(exc), 409)
    return render_modules_page(platform, bulk=plan)


@router.route("/platforms/<platform_code>/modules/apply", methods=["POST"])
@permission_required("tenancy.manage_modules")
def apply_modules(platform_code):
    """Switch the picked modules and what follows from them, in one transaction."""
    platform = get_managed_platform_or_404(platform_code)
    action, codes = bulk_selection()
    if not codes:
        return refuse_bulk(platform, _("Select at least one module."), 422)
    try:
        plan = module_service.apply_many(platform.id, action, codes, user=current_user)
    except ModuleServiceError as exc:
        return refuse_bulk(platform, str(exc), 409)
    return after_change(platform, bulk_message(plan, platform))


def bulk_message(plan, platform):
    registry = current_registry()
    if plan.noop:
        if plan.action == "enable":
            return _("Nothing to change: the selected modules are already on.")
        return _("Nothing to change: the selected modules are already off.")
    names = ", ".join(str(registry[c].name) for c in plan.changes)
    if plan.action == "enable":
        message = _("Switched on: %(modules)s.", modules=names)
    else:
        message = _("Switched off: %(modules)s.", modules=names)
    return with_undo(message, platform, plan.reverse_action, plan.changes)


@router.route("/platforms/<platform_code>/modules/log")
@permission_required("tenancy.manage_modules")
def module_log(platform_code):
    platform = get_managed_platform_or_404(platform_code)
    page = page_arg()
    changes, has_next = module_service.module_history(platform.id, page=page, per_page=50)
    return render(
        "tenancy/admin/module_log.html",
        platform=platform,
        changes=changes,
        page=page,
        has_next=has_next,
        page_title=_("Module changes on %(platform)s", platform=platform.name),
    )


@router.route("/platforms/<platform_code>/modules/<module_code>")
@permission_required("tenancy.manage_modules")
def module_detail(platform_code, module_code):
    """One module on one platform: what it is, needs and brings, its migrations, its
    health check's answer and its change history here."""
    platform = get_managed_platform_or_404(platform_code)
    module = current_registry().get(module_code)
    if module is None:
        abort(404)
    page = page_arg()
    history, has_next = module_service.module_history(platform.id, module.code, page=page)
    row = next(r for r in module_rows(platform.id) if r.module.code == module.code)
    return render(
        "tenancy/admin/module_detail.html",
        platform=platform,
        row=row,
        m=module,
        enabled=module_service.get_platform_modules(platform.id),
        health=check_health(module),
        module_menu=menu_entries(module),
        history=history,
        page=page,
        has_next=has_next,
        registry=current_registry(),
        upgrade_command=UPGRADE_COMMAND,
        page_title=_("Module %(module)s", module=module.name),
    )


# --- platforms, companies, vendors, users -------------------------------------------
# List pages, then create and edit forms. Views build the form, hand its values to a
# service (which holds the rules and the scoping) and render; bad input comes back as
# ValidationFailed and is shown on the form with 422.


@router.errorhandler(NotAllowed)
def not_allowed(exc: NotAllowed):
    return render_error(403, str(exc))


def list_endpoint(spec) -> str:
    """Each list's page is the view named after it (`VENDORS` -> `.vendors`)."""
    return f"{router.name}.{spec.name}"


def save_form(form, save, *, done, next_url, template: str, **context):
    """POST: validate, `save(**values)`, flash `done(result)` and redirect (PRG).
    GET or bad input: the page with the form (422 after a refused POST)."""
    if form.validate_on_submit():
        try:
            result = save(**form.values())
        except ValidationFailed as exc:
            form.add_errors(exc.errors)
        else:
            flash(done(result), "success")
            return redirect(next_url(result) if callable(next_url) else next_url)
    status = 422 if request.method == "POST" else 200
    return render(template, form=form, status=status, **context)


# platforms


@router.route("/platforms")
@permission_required("tenancy.manage_platforms")
def platforms():
    return render_list(
        "tenancy/admin/platforms.html",
        PLATFORMS,
        platform_rows(),
        can_create=can_create_platforms(),
        page_title=_("Platforms"),
    )


@router.route("/platforms/new", methods=["GET", "POST"])
@permission_required("tenancy.manage_platforms")
def new_platform():
    if not can_create_platforms():
        abort(403)
    return save_form(
        PlatformForm().set_choices(),
        partial(platform_service.create_platform, current_user),
        done=lambda p: _("Platform %(name)s is created.", name=p.name),
        next_url=url_for(".platforms"),
        template="tenancy/admin/platform_form.html",
        platform=None,
        page_title=_("New platform"),
    )


@router.route("/platforms/<platform_code>/edit", methods=["GET", "POST"])
@permission_required("tenancy.manage_platforms")
def edit_platform(platform_code):
    platform = get_managed_platform_or_404(platform_code)
    form = EditPlatformForm.for_platform(platform)
    if not can_create_platforms():
        del form.is_default  # only super admins pick the default platform
    return save_form(
        form,
        partial(
            platform_service.update_platform,
            current_user,
            platform,
            current_host=request.host.rsplit(":", 1)[0].lower(),
        ),
        done=lambda p: _("Platform %(name)s is saved.", name=p.name),
        next_url=url_for(".platforms"),
        template="tenancy/admin/platform_form.html",
        platform=platform,
        can_delete=can_create_platforms(),
        page_title=_("Edit platform %(name)s", name=platform.name),
    )


@router.route("/platforms/<platform_code>/delete", methods=["GET", "POST"])
@permission_required("tenancy.manage_platforms")
def delete_platform(platform_code):
    platform = get_managed_platform_or_404(platform_code)
    if request.method == "GET":  # the confirmation (macros/confirm.html)
        if not can_create_platforms():
            abort(403)
        return render_platform_form(platform, confirm=platform_deletion(platform))
    name = platform.name
    try:
        platform_service.delete_platform(current_user, platform)
    except ValidationFailed as exc:
        form = EditPlatformForm.for_platform(platform)
        form.add_errors(exc.errors)
        return render_platform_form(platform, form=form, status=409)
    flash(_("Platform %(name)s is deleted.", name=name), "success")
    return redirect(url_for(".platforms"))


def render_platform_form(platform, form=None, status=200, confirm=None):
    """The edit page of a platform, with a refused delete's errors or the delete's
    confirmation on top."""
    return render(
        "tenancy/admin/platform_form.html",
        form=form or EditPlatformForm.for_platform(platform),
        platform=platform,
        can_delete=True,
        confirm=confirm,
        status=status,
        page_title=_("Edit platform %(name)s", name=platform.name),
    )


def platform_deletion(platform) -> dict:
    return {
        "title": _("Delete the platform %(name)s?", name=platform.name),
        "message": _("The platform, its domains and its module settings are deleted."),
        "consequences": [
            _("Only a platform without companies, vendors or users can be deleted."),
            _("This cannot be undone."),
        ],
        "action": url_for(".delete_platform", platform_code=platform.code),
        "confirm_label": _("Yes, delete"),
        "cancel_url": url_for(".edit_platform", platform_code=platform.code),
        "icon": "trash",
    }


# companies


@router.route("/companies")
@permission_required("tenancy.manage_vendors")
def companies():
    return render_list(
        "tenancy/admin/companies.html", COMPANIES, company_rows(), page_title=_("Companies")
    )


@router.route("/companies/new", methods=["GET", "POST"])
@permission_required("tenancy.manage_vendors")
def new_company():
    return save_form(
        CompanyForm(platform_id=g.platform.id).set_choices(list_platforms()),
        partial(company_service.create_company, current_user),
        done=lambda c: _("Company %(name)s is created.", name=c.legal_name),
        next_url=url_for(".companies"),
        template="tenancy/admin/company_form.html",
        company=None,
        page_title=_("New company"),
    )


@router.route("/companies/<int:company_id>/edit", methods=["GET", "POST"])
@permission_required("tenancy.manage_vendors")
def edit_company(company_id):
    company = get_managed_or_404(Company, company_id)
    return save_form(
        CompanyForm(obj=company).set_choices(list_platforms()),
        partial(company_service.update_company, current_user, company),
        done=lambda c: _("Company %(name)s is saved.", name=c.legal_name),
        next_url=url_for(".companies"),
        template="tenancy/admin/company_form.html",
        company=company,
        page_title=_("Edit company %(name)s", name=company.legal_name),
    )


# vendors


@router.route("/vendors")
@permission_required("tenancy.manage_vendors")
def vendors():
    selection = VENDORS.selection(request.args, vendor_rows(), list_endpoint(VENDORS))
    return render_list(
        "tenancy/admin/vendors.html",
        VENDORS,
        vendor_rows(),
        selection=selection,
        page_title=_("Vendors"),
    )


@router.route("/vendors/bulk", methods=["POST"])
@permission_required("tenancy.manage_vendors")
def vendors_bulk():
    """Suspend or reactivate the selected vendors, after the list's one confirmation.
    Ids of vendors the admin does not manage are left out (VENDORS.selection)."""
    selection = VENDORS.selection(request.form, vendor_rows(), list_endpoint(VENDORS))
    if selection is None:
        abort(400)
    if not selection.rows:
        return render_list(
            "tenancy/admin/vendors.html",
            VENDORS,
            vendor_rows(),
            values=request.form,
            endpoint=list_endpoint(VENDORS),
            selection=selection,
            page_title=_("Vendors"),
        )
    active = selection.action.key == "reactivate"
    changed = vendor_service.set_active(current_user, (v.id for v in selection.to_change), active)
    if active:
        message = ngettext(
            "%(num)d vendor is reactivated.", "%(num)d vendors are reactivated.", changed
        )
    else:
        message = ngettext(
            "%(num)d vendor is suspended.", "%(num)d vendors are suspended.", changed
        )
    return bulk_done(
        message,
        "tenancy/admin/vendors.html",
        VENDORS,
        vendor_rows(),
        selection,
        page_title=_("Vendors"),
    )


@router.route("/vendors/new", methods=["GET", "POST"])
@permission_required("tenancy.manage_vendors")
def new_vendor():
    form = VendorForm(platform_id=g.platform.id).set_choices(list_platforms(), list_companies())
    return save_form(
        form,
        partial(vendor_service.create_vendor, current_user),
        done=lambda v: _("Vendor %(name)s is created.", name=v.name),
        next_url=url_for(".vendors"),
        template="tenancy/admin/vendor_form.html",
        vendor=None,
        has_companies=bool(form.company_id.choices),
        page_title=_("New vendor"),
    )


@router.route("/vendors/<int:vendor_id>/edit", methods=["GET", "POST"])
@permission_required("tenancy.manage_vendors")
def edit_vendor(vendor_id):
    vendor = get_managed_or_404(Vendor, vendor_id)
    same_platform = [c for c in list_companies() if c.platform_id == vendor.platform_id]
    return save_form(
        EditVendorForm(obj=vendor).set_choices([], same_platform),
        partial(vendor_service.update_vendor, current_user, vendor),
        done=lambda v: _("Vendor %(name)s is saved.", name=v.name),
        next_url=url_for(".vendors"),
        template="tenancy/admin/vendor_form.html",
        vendor=vendor,
        has_companies=True,
        page_title=_("Edit vendor %(name)s", name=vendor.name),
    )


# users


@router.route("/users")
@permission_required("tenancy.manage_users")
def users():
    return render_list("tenancy/admin/users.html", USERS, user_rows(), page_title=_("Users"))


def user_form_choices(form):
    """The roles, platforms, vendors and languages the current admin may hand out."""
    allowed = accounts.assignable_roles(current_user)
    roles = [(key, label) for key, label in accounts.ROLE_CHOICES if key in allowed]
    return form.set_choices(
        roles, list_platforms(), list_vendors(), accounts.translator_languages_offered()
    )


@router.route("/users/new", methods=["GET", "POST"])
@permission_required("tenancy.manage_users")
def new_user():
    form = UserForm(role=accounts.VENDOR_STAFF, language=g.platform.default_language)
    return save_form(
        user_form_choices(form),
        partial(accounts.create_user_as, current_user),
        done=lambda u: _("User %(email)s is created.", email=u.email),
        next_url=url_for(".users"),
        template="tenancy/admin/user_form.html",
        user=None,
        page_title=_("New user"),
    )


@router.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required("tenancy.manage_users")
def edit_user(user_id):
    user = get_managed_or_404(User, user_id)
    return save_form(
        user_form_choices(EditUserForm.for_user(user)),
        partial(update_user, user),
        done=lambda u: _("User %(email)s is saved.", email=u.email),
        next_url=url_for(".users"),
        template="tenancy/admin/user_form.html",
        user=user,
        page_title=_("Edit user %(email)s", email=user.email),
    )


def update_user(user, **values):
    """Save through the service; an admin who gives themselves a new password stays in."""
    user = accounts.update_user_as(current_user, user, **values)
    if user.id == current_user.id and values.get("password"):
        login_user(user)
    return user
