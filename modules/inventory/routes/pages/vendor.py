from flask import Blueprint

from wizamart.auth import permission_required

router = Blueprint("inventory_vendor", __name__)


@router.route("/")
@permission_required("inventory.view")
def stock():
    return ""


@router.route("/low-stock")
@permission_required("inventory.view")
def low_stock():
    return ""


@router.route("/locations")
@permission_required("inventory.view")
def locations():
    return ""
