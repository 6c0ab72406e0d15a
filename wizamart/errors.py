"""Error pages: one template, full page or a fragment that reads well where HTMX puts it."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from wizamart.api.errors import ApiError, error_response
from wizamart.htmx import is_htmx, is_partial_request

log = logging.getLogger(__name__)

MESSAGES = {
    400: _l("The request could not be understood. Please check what you entered."),
    401: _l("Please sign in first."),
    403: _l("You do not have permission to do this."),
    404: _l("This page does not exist, or it is not available here."),
    405: _l("This action is not allowed here."),
    409: _l("This conflicts with the current state. Please reload and try again."),
    413: _l("What you sent is too large."),
    415: _l("This kind of content is not accepted here."),
    422: _l("Some of what you entered needs another look."),
    429: _l("Too many attempts. Please wait a moment and try again."),
    500: _l("Something went wrong on our side. It has been logged; please try again."),
    503: _l("The service was briefly unavailable. Please try again in a moment."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json" and not is_htmx()
    )


def render_error(status: int, message=None, *, code=None, fields=None, headers=None):
    """The error answer: JSON in the API's one shape (wizamart.api.errors) for /api/ and
    for clients that ask for JSON, else an HTML page or fragment."""
    message = message or MESSAGES.get(status, MESSAGES[500])
    if wants_json():
        response = error_response(status, message, code=code, fields=fields)
        return response, status, headers or {}
    # A partial swap gets an alert that reads well where it lands; a boosted link or a
    # history restore replaces the whole body, so it gets the whole error page.
    template = "errors/fragment.html" if is_partial_request() else "errors/page.html"
    return render_template(template, status=status, message=message), status, headers or {}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _l("Your session expired or the form was stale. Please reload and try again."),
            code="csrf_failed",
        )

    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return render_error(
            error.status,
            error.message,
            code=error.code,
            fields=error.fields,
            headers=error.headers,
        )

    @app.errorhandler(DBAPIError)
    def database_connection_lost(error: DBAPIError):
        """A connection that died under the request (database restarted): 503, retry.

        SQLAlchemy has invalidated the pool, so the next request gets fresh connections;
        any other database error is a bug and stays a 500.
        """
        if not error.connection_invalidated:
            raise error
        from wizamart.extensions import db

        db.session.rollback()
        log.warning("database connection lost during the request: %s", error.orig)
        return render_error(503, headers={"Retry-After": "1"})

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if isinstance(error, InternalServerError):
            log.exception("unhandled error", exc_info=error.original_exception)
        headers = {}
        if error.code == 405 and getattr(error, "valid_methods", None):
            headers["Allow"] = ", ".join(error.valid_methods)
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        return render_error(error.code, headers=headers)
