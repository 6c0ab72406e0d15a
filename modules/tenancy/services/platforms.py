"""Platforms as an admin sees them: which ones the current user may manage."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from modules.tenancy.models import Platform
from modules.tenancy.services.access import access
from wizamart.extensions import db


def managed_platforms_query():
    """Platforms the signed-in admin manages (all for a super admin)."""
    query = sa.select(Platform).order_by(Platform.name)
    managed = access.admin_platform_ids(current_user)
    if managed is not None:
        query = query.where(Platform.id.in_(managed))
    return query


def get_managed_platform_or_404(code: str) -> Platform:
    """The platform with this code if the current admin manages it; 404 otherwise.

    404 rather than 403: an admin of one platform learns nothing about another.
    """
    platform = db.session.scalar(managed_platforms_query().where(Platform.code == code))
    if platform is None:
        abort(404)
    return platform
