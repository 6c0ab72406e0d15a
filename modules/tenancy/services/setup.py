"""Wire tenancy into the app: the framework's tenancy backend and Flask-Login."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from modules.tenancy.services.access import access
from modules.tenancy.services.users import SignedInUser, signed_in_user
from wizamart.extensions import login_manager
from wizamart.tenancy import set_tenancy_backend


def load_user(user_id: str) -> SignedInUser | None:
    """Session ids are '<id>.<session_version>'; an old version means signed out."""
    try:
        pk, version = (int(part) for part in user_id.split(".", 1))
    except ValueError:
        return None
    user = signed_in_user(pk)
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def init_tenancy(app: Flask) -> None:
    set_tenancy_backend(app, access)
    login_manager.user_loader(load_user)
    login_manager.login_view = "tenancy_public.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
