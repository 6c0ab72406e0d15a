"""The platform's media library."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("media", __name__, url_prefix="/content/media")
