"""Who calls the API: a signed-in session, or a vendor's API token (`Authorization:
Bearer <token>`), decided by the gate (wizamart.modules.gate) before any view.

- A session request is what a page request is, and one that changes something carries
  the session's CSRF token in `X-CSRFToken` (Flask-WTF checks it here, for API routes,
  after the sign-in check: an anonymous caller learns "401", not "bad CSRF token").
- A bearer request is not a session: the session cookie is not read or written, and no
  CSRF token is needed (a browser never adds that header across sites by itself). The
  token opens only its own vendor's API (another vendor's URL answers 404, as for a
  session user who does not work there) and acts as the team member who created it,
  with the permissions it was created with, no more than that member still holds
  (wizamart.auth.current_permissions). Unknown, revoked or expired: 401.

The framework does not know the tokens' table: it asks the tenancy backend
(`TenancyBackend.api_token`), like every other access question.
"""

from __future__ import annotations

from flask import abort, current_app, g, request
from flask_babel import lazy_gettext as _l

from wizamart.api.errors import ApiError
from wizamart.extensions import csrf, login_manager
from wizamart.modules.definition import FrontendType
from wizamart.tenancy import ApiTokenRef, VendorRef, tenancy_backend

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CHALLENGE = 'Bearer realm="api"'


def bearer_secret() -> str | None:
    """The token of an `Authorization: Bearer ...` header; None without the header.

    Any other Authorization header is refused (401): a caller who sends credentials
    means to be authenticated by them, never to fall back on a session cookie.
    """
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200:
        raise ApiError(
            401,
            _l("Send the API token as `Authorization: Bearer <token>`."),
            code="bad_token",
            headers={"WWW-Authenticate": CHALLENGE},
        )
    return secret


def authenticate_bearer(secret: str, frontend, vendor: VendorRef | None) -> ApiTokenRef:
    """Make the request the token's: `g.api_token`, and `current_user` its creator."""
    if frontend != FrontendType.VENDOR or vendor is None:
        raise ApiError(
            401,
            _l("API tokens open the vendor API only."),
            code="invalid_token",
            headers={"WWW-Authenticate": CHALLENGE},
        )
    backend = tenancy_backend()
    token = backend.api_token(secret)
    if token is None or not token.user.is_active:
        raise ApiError(
            401,
            _l("This API token is unknown, revoked or expired."),
            code="invalid_token",
            headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'},
        )
    if token.vendor_id != vendor.id:
        abort(404)  # as for a session user of another vendor: nothing to learn here
    if not backend.can_work_for_vendor(token.user, vendor):
        raise ApiError(
            401,
            _l("The team member who created this API token no longer works for this shop."),
            code="invalid_token",
            headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'},
        )
    g.api_token = token
    # Flask-Login's request user: set here, the session is never consulted.
    login_manager._update_request_context_with_user(token.user)
    return token


def current_api_token() -> ApiTokenRef | None:
    """The API token that authenticated this request, or None (a session, or no one)."""
    return g.get("api_token")


def check_csrf() -> None:
    """Flask-WTF's check for a session request that changes something (API routes are
    exempt from the app-wide check so that bearer requests need none). A view marked
    with Flask-WTF's `csrf.exempt(view)` is skipped: a provider's webhook, whose proof is
    its signature and which reads no session (modules/payments)."""
    if request.method in UNSAFE_METHODS and current_api_token() is None:
        view = current_app.view_functions.get(request.endpoint)
        if view is not None and f"{view.__module__}.{view.__name__}" in csrf._exempt_views:
            return
        csrf.protect()
