"""Permissions: declared by modules, held by users through their roles, enforced
by one decorator.

The tenancy backend answers which permission codes the current user holds for
the current frontend (and vendor); views and menus only ask `has_permission`.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user

from wizamart.modules.definition import FrontendType
from wizamart.tenancy import tenancy_backend


def current_frontend() -> FrontendType | None:
    return g.get("frontend")


def current_permissions() -> frozenset[str]:
    """Permission codes of the current user in the current frontend (cached per request);
    for a request made with an API token, only those of the token its creator still holds."""
    if "permissions" not in g:
        frontend = current_frontend()
        if frontend is None or not current_user.is_authenticated:
            g.permissions = frozenset()
        else:
            g.permissions = tenancy_backend().permissions(
                current_user._get_current_object(), frontend, g.get("vendor")
            )
            token = g.get("api_token")
            if token is not None:  # a token holds what it was given, and its creator still has
                g.permissions = g.permissions & token.permissions
    return g.permissions


def forget_permissions() -> None:
    """Recompute the permissions on next use (after a change of the platform's modules)."""
    g.pop("permissions", None)


def has_permission(code: str | None) -> bool:
    return code is None or code in current_permissions()


def permission_required(code: str):
    """Refuse the view with 403 unless the current user holds `code`.

    Login and tenant checks happen before any view (see wizamart.modules.gate);
    this decorator only adds the permission.
    """

    def decorator(view):
        # Recorded for the start-up check (MOD-016): every permission a view requires
        # must be declared by some module. A tuple, as decorators may be stacked.
        view.required_permissions = (*getattr(view, "required_permissions", ()), code)

        @wraps(view)
        def wrapper(*args, **kwargs):
            if not has_permission(code):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
