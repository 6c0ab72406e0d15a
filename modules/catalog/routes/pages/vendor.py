"""Vendor pages of the catalog: products, categories."""

from __future__ import annotations

from flask import Blueprint

from modules.catalog.routes.vendor_csv import router as csv_router
from wizamart.auth import permission_required

router = Blueprint("catalog_vendor", __name__)
router.register_blueprint(csv_router)  # CSV import and export: /csv/...


@router.route("/products")
@permission_required("catalog.view")
def products():
    return "products"


@router.route("/categories")
@permission_required("catalog.view")
def categories():
    return "categories"
