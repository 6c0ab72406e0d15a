"""Vendor pages of the tenancy module: the team, staff permissions and invitations, and
the shop's API tokens.

Everything here is scoped to g.vendor: a membership or invitation id of another vendor
answers 404 (services.staff.get_member_or_404), like an unknown one.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from modules.tenancy.exceptions import NotAllowed, ValidationFailed
from modules.tenancy.models import Vendor
from modules.tenancy.schemas.forms import ApiTokenForm, InviteStaffForm, StaffPermissionsForm
from modules.tenancy.services import api_tokens as token_service
from modules.tenancy.services import staff as staff_service
from wizamart.auth import permission_required
from wizamart.errors import render_error
from wizamart.extensions import db
from wizamart.htmx import render
from wizamart.paging import page_arg

router = Blueprint("tenancy_vendor", __name__)

# The one-time link is handed over through the session for one page view: the redirect
# after POST must not lose it, and the database only keeps the token's hash.
NEW_LINK_KEY = "tenancy.invitation_link"
NEW_TOKEN_KEY = "tenancy.api_token"  # the same for a new API token


@router.errorhandler(NotAllowed)
def not_allowed(exc: NotAllowed):
    return render_error(403, str(exc))


def current_vendor_row() -> Vendor:
    return db.session.get(Vendor, g.vendor.id)


def render_team(invite_form=None, status=200, confirm=None):
    """The team page; `confirm` (the arguments of macros/confirm.html) puts a
    confirmation on top, or is all a partial request for #confirm-panel gets."""
    vendor = current_vendor_row()
    grantable = staff_service.grantable_permissions(current_user, vendor)
    form = invite_form or InviteStaffForm(formdata=None)
    return render(
        "tenancy/vendor/staff.html",
        members=staff_service.team(vendor.id),
        invitations=staff_service.pending_invitations(vendor.id),
        offered=staff_service.vendor_permissions(vendor),
        form=form.set_choices(grantable),
        new_link=session.pop(NEW_LINK_KEY, None),
        is_expired=staff_service.is_expired,
        confirm=confirm,
        page_title=_("Team"),
        status=status,
    )


@router.route("/staff", methods=["GET", "POST"])
@permission_required("tenancy.manage_staff")
def staff():
    """The team page; its form POSTs here to create an invitation link."""
    if request.method == "GET":
        return render_team()
    vendor = current_vendor_row()
    form = InviteStaffForm().set_choices(staff_service.grantable_permissions(current_user, vendor))
    if form.validate_on_submit():
        try:
            invitation, token = staff_service.invite(current_user, vendor, **form.values())
        except ValidationFailed as exc:
            form.add_errors(exc.errors)
        else:
            link = url_for("tenancy_public.invitation", token=token, _external=True)
            session[NEW_LINK_KEY] = {"email": invitation.email, "url": link}
            flash(_("Invitation for %(email)s is ready.", email=invitation.email), "success")
            return redirect(url_for(".staff"))
    return render_team(form, status=422)


# Removing and withdrawing go through one confirmation (macros/confirm.html): GET
# shows it on the team page (or only the panel, for htmx), POST does it.


@router.route("/staff/invitations/<int:invitation_id>/revoke", methods=["GET", "POST"])
@permission_required("tenancy.manage_staff")
def revoke_invitation(invitation_id):
    invitation = staff_service.get_invitation_or_404(g.vendor.id, invitation_id)
    if request.method == "GET":
        return render_team(confirm=withdraw_confirmation(invitation))
    email = invitation.email
    staff_service.revoke_invitation(invitation)
    flash(_("The invitation for %(email)s is withdrawn.", email=email), "success")
    return redirect(url_for(".staff"))


@router.route("/staff/<int:member_id>", methods=["GET", "POST"])
@permission_required("tenancy.manage_staff")
def member(member_id):
    membership = staff_service.get_member_or_404(g.vendor.id, member_id)
    grantable = staff_service.grantable_permissions(current_user, membership.vendor)
    form = StaffPermissionsForm(data={"permissions": membership.permissions})
    form.set_choices(grantable)
    if form.validate_on_submit():
        try:
            staff_service.set_permissions(current_user, membership, form.permissions.data)
        except ValidationFailed as exc:
            form.add_errors(exc.errors)
        else:
            flash(_("Permissions of %(email)s are saved.", email=membership.user.email), "success")
            return redirect(url_for(".staff"))
    return render(
        "tenancy/vendor/staff_member.html",
        membership=membership,
        form=form,
        offered=staff_service.vendor_permissions(membership.vendor),
        status=422 if request.method == "POST" else 200,
        page_title=_("Permissions of %(email)s", email=membership.user.email),
    )


@router.route("/staff/<int:member_id>/remove", methods=["GET", "POST"])
@permission_required("tenancy.manage_staff")
def remove_member(member_id):
    membership = staff_service.get_member_or_404(g.vendor.id, member_id)
    if request.method == "GET":
        staff_service.check_removable(current_user, membership)
        return render_team(confirm=removal_confirmation(membership))
    email = membership.user.email
    staff_service.remove_member(current_user, membership)
    flash(_("%(email)s is no longer in the team.", email=email), "success")
    return redirect(url_for(".staff"))


def removal_confirmation(membership) -> dict:
    email = membership.user.email
    return {
        "title": _("Remove %(email)s from the team?", email=email),
        "message": _(
            "%(email)s can no longer open the back office of %(vendor)s.",
            email=email,
            vendor=membership.vendor.name,
        ),
        "consequences": [
            _("Their account stays, and so does what they did in the shop."),
            _("You can invite them again at any time."),
        ],
        "action": url_for(".remove_member", member_id=membership.id),
        "confirm_label": _("Yes, remove"),
        "cancel_url": url_for(".staff"),
        "icon": "person-dash",
    }


def withdraw_confirmation(invitation) -> dict:
    return {
        "title": _("Withdraw the invitation for %(email)s?", email=invitation.email),
        "message": _("The link you passed on stops working."),
        "consequences": [_("You can invite them again at any time.")],
        "action": url_for(".revoke_invitation", invitation_id=invitation.id),
        "confirm_label": _("Yes, withdraw"),
        "cancel_url": url_for(".staff"),
        "tone": "warning",
        "icon": "x-circle",
    }


# --- API tokens -------------------------------------------------------------------------


def render_tokens(form=None, status=200, confirm=None):
    """The API tokens page; `confirm` as on the team page. The vendor is `g.vendor`
    (its id and platform are all that is needed: no statement to load the row)."""
    vendor = g.vendor
    page = page_arg()
    tokens, has_next = token_service.vendor_tokens(vendor.id, page)
    form = form or ApiTokenForm(formdata=None)
    return render(
        "tenancy/vendor/api_tokens.html",
        tokens=tokens,
        page=page,
        has_next=has_next,
        token_status=token_service.status,
        offered=staff_service.vendor_permissions(vendor),
        form=form.set_choices(staff_service.grantable_permissions(current_user, vendor)),
        new_token=session.pop(NEW_TOKEN_KEY, None),
        confirm=confirm,
        page_title=_("API tokens"),
        status=status,
    )


@router.route("/api-tokens", methods=["GET", "POST"])
@permission_required("tenancy.manage_api_tokens")
def api_tokens():
    """The shop's API tokens; its form POSTs here to create one (shown once)."""
    if request.method == "GET":
        return render_tokens()
    vendor = g.vendor
    form = ApiTokenForm().set_choices(staff_service.grantable_permissions(current_user, vendor))
    if form.validate_on_submit():
        try:
            token, secret = token_service.create_token(current_user, vendor, **form.values())
        except ValidationFailed as exc:
            form.add_errors(exc.errors)
        else:
            session[NEW_TOKEN_KEY] = {"name": token.name, "token": secret}
            flash(_("The API token “%(name)s” is ready.", name=token.name), "success")
            return redirect(url_for(".api_tokens"))
    return render_tokens(form, status=422)


@router.route("/api-tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@permission_required("tenancy.manage_api_tokens")
def revoke_api_token(token_id):
    token = token_service.get_token_or_404(token_id)
    if request.method == "GET":
        return render_tokens(confirm=revoke_token_confirmation(token))
    token_service.revoke_token(token)
    flash(_("The API token “%(name)s” is revoked.", name=token.name), "success")
    return redirect(url_for(".api_tokens"))


def revoke_token_confirmation(token) -> dict:
    return {
        "title": _("Revoke the API token “%(name)s”?", name=token.name),
        "message": _("Programs that use it get “401 Unauthorized” from now on."),
        "consequences": [_("This cannot be undone: create a new token to give access again.")],
        "action": url_for(".revoke_api_token", token_id=token.id),
        "confirm_label": _("Yes, revoke"),
        "cancel_url": url_for(".api_tokens"),
        "icon": "key",
    }
