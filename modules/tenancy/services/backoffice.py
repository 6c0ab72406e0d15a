"""Which back office the signed-in user's own pages (profile, password) open in."""

from __future__ import annotations

from flask import g
from flask_login import current_user

from modules.tenancy.services.access import access, vendor_ref
from wizamart.backoffice import enter_backoffice, last_vendor_code
from wizamart.modules.definition import FrontendType
from wizamart.tenancy import VendorRef


def account_vendor(user, platform_id: int, preferred_code: str | None) -> VendorRef | None:
    """The vendor whose back office to show: the one the user came from (`preferred_code`)
    if they work for it on this platform, else the first they joined here."""
    vendors = [
        m.vendor
        for m in sorted(user.memberships, key=lambda m: m.id)
        if m.vendor.platform_id == platform_id
    ]
    chosen = next((v for v in vendors if v.vendor_code == preferred_code), None)
    chosen = chosen or next(iter(vendors), None)
    return vendor_ref(chosen) if chosen is not None else None


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
