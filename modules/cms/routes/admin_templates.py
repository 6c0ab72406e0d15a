"""The templates new shops' default pages start from."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("templates", __name__, url_prefix="/content/templates")
