"""The vendor API of core, at /api/v1/vendor/<vendor_code>/: the shop's settings."""

from __future__ import annotations

from flask import Blueprint, g

from modules.core.schemas.api import Shop, ShopChange
from modules.tenancy.exceptions import ValidationFailed
from modules.tenancy.services.vendors import rename_vendor
from wizamart.api import api_view, invalid
from wizamart.auth import permission_required

router = Blueprint("core_api_vendor", __name__)


@router.get("/shop")
@permission_required("core.shop_settings")
@api_view(response=Shop)
def shop():
    """The shop's settings."""
    return Shop(code=g.vendor.code, name=g.vendor.name, is_active=g.vendor.is_active)


@router.patch("/shop")
@permission_required("core.shop_settings")
@api_view(body=ShopChange, response=Shop)
def change_shop(body: ShopChange):
    """Change the shop's settings (its name)."""
    try:
        vendor = rename_vendor(g.vendor.id, body.name)
    except ValidationFailed as exc:
        raise invalid(exc.errors) from None
    return Shop(code=vendor.vendor_code, name=vendor.name, is_active=vendor.is_active)
