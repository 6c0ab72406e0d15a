"""A vendor's team: staff permissions, invitations and their acceptance.

Owners hold every vendor permission and stay owners: the team page cannot remove or
demote them. Whoever manages staff gives only permissions they hold themselves, and
never edits their own. Invitations are one-time links valid for 7 days; the database
keeps only the SHA-256 of the token, so a leaked table does not open any team.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from modules.tenancy.exceptions import InvitationError, NotAllowed, Problems
from modules.tenancy.models import Role, StaffInvitation, User, Vendor, VendorMembership, utcnow
from modules.tenancy.services.access import access, declared_permissions
from modules.tenancy.services.accounts import EMAIL_RE
from modules.tenancy.services.passwords import MIN_PASSWORD_LENGTH
from modules.tenancy.services.users import create_user, get_user_by_email, normalise_email
from wizamart.extensions import db
from wizamart.modules.definition import FrontendType

INVITATION_LIFETIME = timedelta(days=7)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def vendor_permissions(vendor: Vendor) -> dict[str, object]:
    """VENDOR permissions of the modules enabled on the vendor's platform, by code."""
    return declared_permissions(FrontendType.VENDOR, vendor.platform_id)


def grantable_permissions(actor, vendor: Vendor) -> dict[str, object]:
    """What `actor` may give on this vendor's team: all for owners and platform admins,
    their own permissions for staff who manage staff."""
    declared = vendor_permissions(vendor)
    if access.is_admin_of(actor, vendor.platform_id):
        return declared
    membership = access.membership(actor, vendor.id)
    if membership is None:
        return {}
    if membership.is_owner:
        return declared
    return {code: p for code, p in declared.items() if code in membership.permissions}


def team(vendor_id: int) -> list[VendorMembership]:
    """The vendor's members, owners first, with their users joined in (the team page
    shows each one's email: one statement, however large the team)."""
    return list(
        db.session.scalars(
            sa.select(VendorMembership)
            .options(joinedload(VendorMembership.user))
            .where(VendorMembership.vendor_id == vendor_id)
            .order_by(VendorMembership.is_owner.desc(), VendorMembership.id)
        )
    )


def pending_invitations(vendor_id: int) -> list[StaffInvitation]:
    """Invitations not yet accepted (expired ones included, marked by the template)."""
    return list(
        db.session.scalars(
            sa.select(StaffInvitation)
            .where(StaffInvitation.vendor_id == vendor_id, StaffInvitation.accepted_at.is_(None))
            .order_by(StaffInvitation.created_at.desc(), StaffInvitation.id.desc())
        )
    )


def is_expired(invitation: StaffInvitation, now: datetime | None = None) -> bool:
    return as_utc(invitation.expires_at) <= (now or utcnow())


def get_member_or_404(vendor_id: int, member_id: int) -> VendorMembership:
    """A membership of this vendor; another vendor's id is 404 like an unknown one."""
    membership = db.session.scalar(
        sa.select(VendorMembership).where(
            VendorMembership.id == member_id, VendorMembership.vendor_id == vendor_id
        )
    )
    if membership is None:
        abort(404)
    return membership


def get_invitation_or_404(vendor_id: int, invitation_id: int) -> StaffInvitation:
    invitation = db.session.scalar(
        sa.select(StaffInvitation).where(
            StaffInvitation.id == invitation_id, StaffInvitation.vendor_id == vendor_id
        )
    )
    if invitation is None:
        abort(404)
    return invitation


def check_permission_choice(problems: Problems, actor, vendor: Vendor, permissions) -> list[str]:
    """The picked permission codes, sorted; a problem on "permissions" for a code the
    vendor does not offer or `actor` may not give (staff and API tokens alike)."""
    grantable = grantable_permissions(actor, vendor)
    offered = vendor_permissions(vendor)
    chosen = sorted(set(permissions or ()))
    if any(code not in offered for code in chosen):
        problems.add("permissions", _l("Pick permissions from the list."))
    elif any(code not in grantable for code in chosen):
        problems.add("permissions", _l("You can only give permissions you hold yourself."))
    return chosen


def _check_invitee(problems: Problems, vendor: Vendor, email: str) -> None:
    if not EMAIL_RE.match(email) or len(email) > 255:
        problems.add("email", _l("Please enter a valid email address."))
        return
    user = get_user_by_email(email)
    if user is None:
        return
    if user.role != Role.VENDOR.value:
        problems.add(
            "email",
            _l("This email belongs to an admin or translator account; it cannot join a team."),
        )
    elif any(m.vendor_id == vendor.id for m in user.memberships):
        problems.add("email", _l("%(email)s is already in the team.", email=email))


def invite(actor, vendor: Vendor, *, email: str, permissions=()) -> tuple[StaffInvitation, str]:
    """Invite `email` to the team; returns the invitation and its one-time token.

    A newer invitation to the same address replaces the pending one.
    """
    email = normalise_email(email)
    problems = Problems()
    _check_invitee(problems, vendor, email)
    chosen = check_permission_choice(problems, actor, vendor, permissions)
    problems.raise_if_any()
    db.session.execute(
        sa.delete(StaffInvitation).where(
            StaffInvitation.vendor_id == vendor.id,
            StaffInvitation.email == email,
            StaffInvitation.accepted_at.is_(None),
        )
    )
    token = secrets.token_urlsafe(32)
    invitation = StaffInvitation(
        vendor_id=vendor.id,
        email=email,
        token_hash=hash_token(token),
        permissions=chosen,
        invited_by_id=actor.id,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.commit()
    return invitation, token


def revoke_invitation(invitation: StaffInvitation) -> None:
    db.session.delete(invitation)
    db.session.commit()


def _refuse_owner_and_self(actor, membership: VendorMembership, what) -> None:
    if membership.is_owner:
        raise NotAllowed(what)
    if membership.user_id == actor.id:
        raise NotAllowed(_l("You cannot change your own place in the team; ask the owner."))


def set_permissions(actor, membership: VendorMembership, permissions) -> VendorMembership:
    """Replace what `actor` may give of a staff member's permissions.

    The rest stays as it is: permissions of modules switched off on the platform (so
    switching a module back on gives staff back what they had) and those beyond the
    actor's own reach.
    """
    _refuse_owner_and_self(
        actor, membership, _l("The owner holds every permission; that cannot change.")
    )
    vendor = membership.vendor
    problems = Problems()
    chosen = check_permission_choice(problems, actor, vendor, permissions)
    problems.raise_if_any()
    grantable = grantable_permissions(actor, vendor)
    kept = [code for code in membership.permissions if code not in grantable]
    membership.permissions = sorted(set(chosen) | set(kept))
    db.session.commit()
    return membership


def check_removable(actor, membership: VendorMembership) -> None:
    """NotAllowed unless `actor` may take `membership` off the team (not the owner, not
    oneself): asked before the confirmation is shown, and again on removal."""
    _refuse_owner_and_self(actor, membership, _l("The owner cannot be removed from the team."))


def remove_member(actor, membership: VendorMembership) -> None:
    """Take a staff member off the team (their account stays)."""
    check_removable(actor, membership)
    db.session.delete(membership)
    db.session.commit()


# --- accepting ------------------------------------------------------------------------


def find_invitation(token: str, platform_id: int) -> StaffInvitation:
    """The open invitation for this token on this platform, or InvitationError (with the
    HTTP status to answer: 404 unknown, 410 used or expired)."""
    invitation = db.session.scalar(
        sa.select(StaffInvitation).where(StaffInvitation.token_hash == hash_token(token or ""))
    )
    if invitation is None or invitation.vendor.platform_id != platform_id:
        raise InvitationError(
            _l("This invitation link is not valid. Check that you copied all of it."), 404
        )
    if invitation.accepted_at is not None:
        raise InvitationError(_l("This invitation has already been used."), 410)
    if is_expired(invitation):
        raise InvitationError(
            _l("This invitation has expired. Ask the shop owner for a new one."), 410
        )
    return invitation


def _claim(invitation: StaffInvitation) -> None:
    """Mark the invitation used in one conditional UPDATE: of two clicks, one wins."""
    claimed = db.session.execute(
        sa.update(StaffInvitation)
        .where(StaffInvitation.id == invitation.id, StaffInvitation.accepted_at.is_(None))
        .values(accepted_at=utcnow())
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise InvitationError(_l("This invitation has already been used."), 410)


def accept_as_new_user(invitation: StaffInvitation, password: str, language: str) -> User:
    """Create the invitee's account with `password` and put it on the team."""
    if get_user_by_email(invitation.email) is not None:
        raise InvitationError(_l("You already have an account: sign in to accept."), 409)
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems = Problems()
        problems.add(
            "password",
            _l("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
        )
        problems.raise_if_any()
    _claim(invitation)
    user = create_user(invitation.email, password, Role.VENDOR, language=language)
    _join(user, invitation)
    return user


def accept_as_user(invitation: StaffInvitation, user: User) -> VendorMembership:
    """Put the signed-in user on the team; only the invited address may accept."""
    if normalise_email(user.email) != invitation.email:
        raise InvitationError(
            _l(
                "This invitation is for %(email)s. Sign out and sign in with that address.",
                email=invitation.email,
            ),
            403,
        )
    if any(m.vendor_id == invitation.vendor_id for m in user.memberships):
        raise InvitationError(_l("You are already in this team."), 409)
    _claim(invitation)
    return _join(user, invitation)


def _join(user: User, invitation: StaffInvitation) -> VendorMembership:
    membership = VendorMembership(
        user=user, vendor_id=invitation.vendor_id, permissions=list(invitation.permissions)
    )
    db.session.add(membership)
    db.session.commit()
    return membership
