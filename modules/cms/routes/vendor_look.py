"""A shop's look: logo, favicon, colours, fonts, header layout."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("look", __name__, url_prefix="/content/look")
