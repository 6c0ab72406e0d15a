"""The JSON API layer: validation with pydantic, one error shape, the OpenAPI document,
sessions or per-vendor bearer tokens. How to write an API route: docs/modules.md, "API".
"""

from __future__ import annotations

from flask import Flask

from wizamart.api.auth import current_api_token
from wizamart.api.errors import ApiError, ErrorResponse, error_response
from wizamart.api.views import (
    ApiSchema,
    Id,
    Page,
    PageQuery,
    UtcDatetime,
    api_view,
    invalid,
    page_of,
)

__all__ = [
    "ApiError",
    "ApiSchema",
    "ErrorResponse",
    "Id",
    "Page",
    "PageQuery",
    "UtcDatetime",
    "api_view",
    "current_api_token",
    "error_response",
    "init_api",
    "invalid",
    "page_of",
]


OPENAPI_PATH = "/api/v1/openapi.json"


def init_api(app: Flask) -> None:
    """Serve the OpenAPI document at /api/v1/openapi.json (the same for every platform:
    no host lookup)."""
    from wizamart.api.openapi import openapi_json

    app.add_url_rule(OPENAPI_PATH, endpoint="openapi", view_func=openapi_json)
    app.config["UNTENANTED_PATHS"].add(OPENAPI_PATH)
