"""The JSON API layer: validation with pydantic, one error shape, the OpenAPI document,
sessions or per-vendor bearer tokens. How to write an API route: docs/modules.md, "API".
"""

from __future__ import annotations

from flask import Flask

from wizamart.api.auth import current_api_token
from wizamart.api.errors import ApiError, ErrorResponse, error_response
from wizamart.api.views import ApiSchema, Id, api_view, invalid

__all__ = [
    "ApiError",
    "ApiSchema",
    "ErrorResponse",
    "Id",
    "api_view",
    "current_api_token",
    "error_response",
    "init_api",
    "invalid",
]


def init_api(app: Flask) -> None:
    """Serve the OpenAPI document at /api/v1/openapi.json."""
    from wizamart.api.openapi import openapi_json

    app.add_url_rule("/api/v1/openapi.json", endpoint="openapi", view_func=openapi_json)
