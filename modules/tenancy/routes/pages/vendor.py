"""Vendor pages of the tenancy module: the owner's team."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, g
from flask_babel import gettext as _

from modules.tenancy.models import VendorMembership
from wizamart.auth import permission_required
from wizamart.extensions import db
from wizamart.htmx import render

router = Blueprint("tenancy_vendor", __name__)


@router.route("/staff")
@permission_required("tenancy.manage_staff")
def staff():
    members = db.session.scalars(
        sa.select(VendorMembership)
        .where(VendorMembership.vendor_id == g.vendor.id)
        .order_by(VendorMembership.is_owner.desc(), VendorMembership.id)
    ).all()
    return render("tenancy/vendor/staff.html", members=members, page_title=_("Team"))
