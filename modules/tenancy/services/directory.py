"""Listing and finding companies, vendors and users within what an admin manages."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import current_user

from modules.tenancy.models import Company, Platform, User, Vendor
from modules.tenancy.services.access import access
from wizamart.extensions import db


def _scope(query, platform_column):
    managed = access.admin_platform_ids(current_user)
    if managed is not None:
        query = query.where(platform_column.in_(managed))
    return query


def list_platforms() -> list[Platform]:
    return list(
        db.session.scalars(_scope(sa.select(Platform).order_by(Platform.name), Platform.id))
    )


def list_companies() -> list[Company]:
    query = sa.select(Company).order_by(Company.legal_name)
    return list(db.session.scalars(_scope(query, Company.platform_id)))


def list_vendors() -> list[Vendor]:
    query = sa.select(Vendor).order_by(Vendor.name)
    return list(db.session.scalars(_scope(query, Vendor.platform_id)))


def list_users() -> list[User]:
    """Super admins see everyone; a platform admin sees their platform's admins and the
    teams of their platform's vendors."""
    query = sa.select(User).order_by(User.email)
    managed = access.admin_platform_ids(current_user)
    if managed is not None:
        from modules.tenancy.models import VendorMembership

        vendor_users = (
            sa.select(VendorMembership.user_id).join(Vendor).where(Vendor.platform_id.in_(managed))
        )
        query = query.where(sa.or_(User.platform_id.in_(managed), User.id.in_(vendor_users)))
    return list(db.session.scalars(query))
