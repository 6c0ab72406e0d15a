"""A shop's media library and the picker."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("media", __name__, url_prefix="/content/media")
