"""The one shape of every error under /api/:

    {"error": {"code": "invalid", "message": "...", "fields": {"price": ["..."]}}}

`code` is stable and meant for programs (one per status, a few more precise ones such
as `bad_json` or `csrf_failed`); `message` is for people, in the request's language;
`fields` maps an input's dotted path (`items.0.price`; "" for the input as a whole) to
its messages, and is `{}` when no field is to blame.
"""

from __future__ import annotations

from flask import Response, jsonify
from pydantic import BaseModel, Field

#: The code of each status; a view may give a more precise one (ApiError(code=...)).
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, for programs: `invalid`, `not_found`, ...")
    message: str = Field(description="For people, in the request's language.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict,
        description='Messages per input field (dotted path; "" for the input as a whole).',
    )


class ErrorResponse(BaseModel):
    """The body of every error answer under /api/."""

    error: ErrorDetail


class ApiError(Exception):
    """Raise in an API view (or a service it calls) to answer with the error shape.

    `ApiError(409, _("This SKU is taken."), fields={"sku": [...]})`; `code` defaults
    to the status's (CODES), `message` to the framework's message for the status.
    """

    def __init__(
        self,
        status: int,
        message=None,
        *,
        code: str | None = None,
        fields: dict[str, list] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(str(message or code or status))
        self.status = status
        self.message = message
        self.code = code
        self.fields = fields or {}
        self.headers = headers or {}


def error_response(
    status: int,
    message,
    *,
    code: str | None = None,
    fields: dict[str, list] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A JSON error answer in the one shape (messages made plain strings)."""
    body = {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": str(message),
            "fields": {name: [str(m) for m in ms] for name, ms in (fields or {}).items()},
        }
    }
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
