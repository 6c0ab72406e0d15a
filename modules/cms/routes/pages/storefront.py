"""A shop's content pages as shoppers see them: /storefront/<vendor_code>/pages/<slug>."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("cms_storefront", __name__)
