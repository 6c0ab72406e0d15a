"""The platform's content pages on its own host: /pages/<slug>."""

from __future__ import annotations

from flask import Blueprint

router = Blueprint("cms_public", __name__)
