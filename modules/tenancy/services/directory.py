"""What an admin manages: the one scoping rule for platforms, companies, vendors and users.

A super admin manages everything; a platform admin manages one platform, its companies
and vendors, its platform admins and the teams of its vendors. Everything an admin page
lists or loads by id goes through `managed_query` / `get_managed_or_404`, so a platform
admin asking for another platform's row gets 404, never a hint that it exists.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from modules.tenancy.models import Company, Platform, Role, User, Vendor, VendorMembership
from wizamart.extensions import db


def is_super_admin(actor) -> bool:
    return actor.role == Role.SUPER_ADMIN.value


def managed_platform_ids(actor) -> set[int] | None:
    """Platforms `actor` administers: None means all (super admin); else a set, maybe empty."""
    if is_super_admin(actor):
        return None
    if actor.role == Role.PLATFORM_ADMIN.value and actor.platform_id:
        return {actor.platform_id}
    return set()


def _user_scope(query, managed: set[int]):
    """Platform admins of these platforms, and vendor users whose every team is here."""
    vendors_here = sa.select(Vendor.id).where(Vendor.platform_id.in_(managed))
    member_here = sa.select(VendorMembership.user_id).where(
        VendorMembership.vendor_id.in_(vendors_here)
    )
    member_elsewhere = sa.select(VendorMembership.user_id).where(
        VendorMembership.vendor_id.not_in(vendors_here)
    )
    return query.where(
        sa.or_(
            sa.and_(User.role == Role.PLATFORM_ADMIN.value, User.platform_id.in_(managed)),
            sa.and_(
                User.role == Role.VENDOR.value,
                User.id.in_(member_here),
                User.id.not_in(member_elsewhere),
            ),
        )
    )


def managed_query(model, actor=None):
    """SELECT of `model` rows that `actor` (default: the signed-in user) manages."""
    actor = actor if actor is not None else current_user
    query = sa.select(model)
    managed = managed_platform_ids(actor)
    if managed is None:
        return query
    if model is Platform:
        return query.where(Platform.id.in_(managed))
    if model is User:
        return _user_scope(query, managed)
    return query.where(model.platform_id.in_(managed))


def get_managed_or_404(model, pk: int, actor=None):
    """The `model` row with this id if `actor` manages it; 404 otherwise."""
    row = db.session.scalar(managed_query(model, actor).where(model.id == pk))
    if row is None:
        abort(404)
    return row


def list_platforms(actor=None) -> list[Platform]:
    """With their domains joined in (one statement)."""
    query = managed_query(Platform, actor).order_by(Platform.name)
    return list(db.session.scalars(query.options(joinedload(Platform.domains))).unique())


def list_companies(actor=None) -> list[Company]:
    """With their platform joined in (one statement)."""
    query = managed_query(Company, actor).order_by(Company.legal_name)
    return list(db.session.scalars(query.options(joinedload(Company.platform))))


def list_vendors(actor=None) -> list[Vendor]:
    """With their company and platform joined in: one statement however many vendors
    (selectinload would add one per 500 rows)."""
    query = managed_query(Vendor, actor).order_by(Vendor.name)
    query = query.options(joinedload(Vendor.company), joinedload(Vendor.platform))
    return list(db.session.scalars(query))


def list_users(actor=None) -> list[User]:
    """Super admins see everyone; a platform admin sees their platform's admins and the
    users whose every vendor team is on their platform (never super admins, translators
    or anyone who also works elsewhere). Their platform, teams and team vendors are
    joined in: one statement, whatever the number of users."""
    query = managed_query(User, actor).order_by(User.email)
    query = query.options(
        joinedload(User.platform),
        joinedload(User.memberships).joinedload(VendorMembership.vendor),
    )
    return list(db.session.scalars(query).unique())
