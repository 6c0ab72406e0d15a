"""A shop's header and footer menus."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("menus", __name__, url_prefix="/content/menus")
