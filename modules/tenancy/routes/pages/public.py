"""Sign in, sign out, change password: pages outside any frontend."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from modules.tenancy.exceptions import InvitationError, TenancyError, ValidationFailed
from modules.tenancy.schemas.forms import AcceptInvitationForm, ChangePasswordForm, LoginForm
from modules.tenancy.services import staff as staff_service
from modules.tenancy.services.backoffice import enter_account_backoffice, first_vendor_code
from modules.tenancy.services.users import (
    authenticate,
    change_password,
    get_user_by_email,
    get_user_record,
    normalise_email,
)
from wizamart.htmx import render
from wizamart.ratelimit import throttle
from wizamart.redirects import safe_next

router = Blueprint("tenancy_public", __name__)


def home_for(user) -> str:
    from wizamart.tenancy import tenancy_backend

    if tenancy_backend().can_use_admin(user):
        return url_for("core_admin.dashboard")
    code = first_vendor_code(user)
    if code is not None:
        return url_for("core_vendor.dashboard", vendor_code=code)
    return url_for("core_public.profile")


def login_throttle_keys() -> list[tuple[str, str, str]]:
    """(limit, scope, identifier): failed sign-ins are counted per account and per address."""
    email = normalise_email(request.form.get("email", ""))
    return [
        (current_app.config["LOGIN_RATE_LIMIT"], "login-account", email),
        (current_app.config["LOGIN_IP_RATE_LIMIT"], "login-ip", request.remote_addr or "-"),
    ]


@router.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(home_for(current_user))
    status = 200
    if request.method == "POST" and any(throttle().is_blocked(*k) for k in login_throttle_keys()):
        abort(429)
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or home_for(user))
        for key in login_throttle_keys():
            throttle().hit(*key)
        form.password.errors.append(_("Email or password is not correct."))
    if request.method == "POST":
        status = 422
    return render("tenancy/public/login.html", form=form, status=status, page_title=_("Sign in"))


@router.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("tenancy_public.login"))


@router.route("/account/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_page():
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = get_user_record(current_user.id)
            change_password(user, form.current_password.data, form.new_password.data)
        except TenancyError as exc:
            form.current_password.errors.append(str(exc))
        else:
            # the session now carries the new session_version
            login_user(user)
            flash(_("Your password is changed. Other sessions are signed out."), "success")
            return redirect(url_for("tenancy_public.change_password"))
    if request.method == "POST":
        status = 422
    enter_account_backoffice()
    return render(
        "tenancy/public/password.html",
        form=form,
        status=status,
        page_title=_("Change password"),
        breadcrumbs=[(_("Your profile"), url_for("core_public.profile"))],
    )


# --- staff invitations ---------------------------------------------------------------


def render_invitation(invitation=None, *, form=None, error=None, status=200):
    return render(
        "tenancy/public/invitation.html",
        invitation=invitation,
        form=form,
        error=error,
        has_account=invitation is not None and get_user_by_email(invitation.email) is not None,
        wrong_account=status == 403,
        status=status,
        page_title=_("Join a team"),
    )


def vendor_home(invitation) -> str:
    return url_for("core_vendor.dashboard", vendor_code=invitation.vendor.vendor_code)


@router.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token):
    """The invitee's page: set a password (new user) or, signed in as the invited
    address, accept. Unknown, used and expired links get a clear 404 or 410."""
    try:
        invitation = staff_service.find_invitation(token, g.platform.id)
    except InvitationError as exc:
        return render_invitation(error=str(exc), status=exc.status)
    if current_user.is_authenticated:
        return accept_signed_in(invitation)
    return accept_new_account(invitation)


def accept_signed_in(invitation):
    user = current_user._get_current_object()
    if normalise_email(user.email) != invitation.email:
        message = _(
            "This invitation is for %(email)s, but you are signed in as %(me)s. "
            "Sign out, then open the link again.",
            email=invitation.email,
            me=user.email,
        )
        return render_invitation(invitation, error=message, status=403)
    if request.method == "POST":
        try:
            staff_service.accept_as_user(invitation, get_user_record(user.id))
        except InvitationError as exc:
            return render_invitation(invitation, error=str(exc), status=exc.status)
        flash(_("Welcome to the team of %(vendor)s.", vendor=invitation.vendor.name), "success")
        return redirect(vendor_home(invitation))
    return render_invitation(invitation)


def accept_new_account(invitation):
    if get_user_by_email(invitation.email) is not None:
        # An existing account signs in first and comes back here (login's ?next=).
        return render_invitation(invitation, status=409 if request.method == "POST" else 200)
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = staff_service.accept_as_new_user(
                invitation, form.password.data, language=g.platform.default_language
            )
        except ValidationFailed as exc:
            form.password.errors.extend(exc.errors.get("password", [str(exc)]))
        except InvitationError as exc:
            return render_invitation(invitation, error=str(exc), status=exc.status)
        else:
            login_user(user)
            flash(
                _("Your account is ready. Welcome to %(vendor)s.", vendor=invitation.vendor.name),
                "success",
            )
            return redirect(vendor_home(invitation))
    status = 422 if request.method == "POST" else 200
    return render_invitation(invitation, form=form, status=status)
