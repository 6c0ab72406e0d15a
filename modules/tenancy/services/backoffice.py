"""Which back office the signed-in user's own pages (profile, password) open in."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g
from flask_login import current_user

from modules.tenancy.models import Vendor, VendorMembership
from modules.tenancy.services.access import VENDOR_COLUMNS, access
from wizamart.backoffice import enter_backoffice, last_vendor_code
from wizamart.extensions import db
from wizamart.modules.definition import FrontendType
from wizamart.tenancy import VendorRef

_MEMBERSHIP = VendorMembership.__table__
# The vendors a user works for on one platform, in the order they joined.
VENDORS_OF_USER = (
    sa.select(*VENDOR_COLUMNS)
    .join(_MEMBERSHIP, _MEMBERSHIP.c.vendor_id == Vendor.__table__.c.id)
    .where(
        _MEMBERSHIP.c.user_id == sa.bindparam("user_id"),
        Vendor.__table__.c.platform_id == sa.bindparam("platform_id"),
    )
    .order_by(_MEMBERSHIP.c.id)
)


def account_vendor(user, platform_id: int, preferred_code: str | None) -> VendorRef | None:
    """The vendor whose back office to show: the one the user came from (`preferred_code`)
    if they work for it on this platform, else the first they joined here."""
    if not user.memberships:
        return None  # an admin or a user in no team: no statement
    rows = db.session.execute(VENDORS_OF_USER, {"user_id": user.id, "platform_id": platform_id})
    vendors = [VendorRef(*row[:4], bool(row[4])) for row in rows]
    chosen = next((v for v in vendors if v.code == preferred_code), None)
    return chosen or next(iter(vendors), None)


def first_vendor_code(user) -> str | None:
    """The code of the first vendor among the user's memberships (the sign-in's landing
    page), by id: the signed-in user's memberships are light rows without their vendor."""
    membership = next(iter(user.memberships), None)
    if membership is None:
        return None
    return db.session.scalar(sa.select(Vendor.vendor_code).where(Vendor.id == membership.vendor_id))


def enter_account_backoffice() -> None:
    """Open the current user's account page inside their back office: the admin's for
    an admin of this platform (a translator's admin has only their own entries), else
    the vendor's they work for, else a back office without a menu."""
    user = current_user._get_current_object()
    platform = g.get("platform")
    if platform is None:
        enter_backoffice(None)
        return
    managed = access.admin_platform_ids(user)
    if access.can_use_admin(user) and (managed is None or platform.id in managed):
        enter_backoffice(FrontendType.ADMIN)
        return
    vendor = account_vendor(user, platform.id, last_vendor_code())
    enter_backoffice(FrontendType.VENDOR if vendor else None, vendor)
