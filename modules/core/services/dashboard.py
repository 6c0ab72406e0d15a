"""Figures for the dashboards (core requires tenancy, so it may use its tables)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from modules.tenancy.models import Vendor, VendorMembership
from wizamart.extensions import db
from wizamart.modules.service import module_service


def admin_figures(platform_id: int) -> dict[str, int]:
    registry = current_app.extensions["wizamart.registry"]
    enabled = module_service.get_platform_modules(platform_id)
    vendors = db.session.scalar(
        sa.select(sa.func.count()).select_from(Vendor).where(Vendor.platform_id == platform_id)
    )
    return {"modules_on": len(enabled), "modules_total": len(registry), "vendors": vendors or 0}


def vendor_figures(vendor_id: int) -> dict[str, int]:
    team = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(VendorMembership)
        .where(VendorMembership.vendor_id == vendor_id)
    )
    return {"team": team or 0}
