"""JSON: a shop's content pages."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("pages", __name__, url_prefix="/content/pages")
