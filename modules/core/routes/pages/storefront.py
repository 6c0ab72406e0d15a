"""The storefront home page; later modules add their own sections and menu entries."""

from __future__ import annotations

from flask import Blueprint

from wizamart.htmx import render
from wizamart.tenancy import current_vendor

router = Blueprint("core_storefront", __name__)


@router.route("/")
def home():
    return render("core/storefront/home.html", page_title=current_vendor().name)
