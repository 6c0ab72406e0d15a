"""The platform's public site menus."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("menus", __name__, url_prefix="/content/menus")
