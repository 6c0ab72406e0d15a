"""The look of the platform's public site and sign-in page."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("look", __name__, url_prefix="/content/look")
