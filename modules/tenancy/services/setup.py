"""Wire tenancy into the app: the framework's tenancy backend and Flask-Login."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from modules.tenancy.models import User
from modules.tenancy.services.access import access
from wizamart.extensions import db, login_manager
from wizamart.tenancy import set_tenancy_backend

# The signed-in user with their memberships, in one statement built once: the vendor
# gate, the permissions and the user menu's role label all read the memberships, and a
# separate lazy load of them cost a second statement on every back-office page. (A
# user belongs to a handful of teams; an admin to none, then the join adds nothing.)
USER_WITH_MEMBERSHIPS = (
    sa.select(User).options(joinedload(User.memberships)).where(User.id == sa.bindparam("id"))
)


def load_user(user_id: str) -> User | None:
    """Session ids are '<id>.<session_version>'; an old version means signed out."""
    try:
        pk, version = (int(part) for part in user_id.split(".", 1))
    except ValueError:
        return None
    user = db.session.execute(USER_WITH_MEMBERSHIPS, {"id": pk}).unique().scalar_one_or_none()
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def init_tenancy(app: Flask) -> None:
    set_tenancy_backend(app, access)
    login_manager.user_loader(load_user)
    login_manager.login_view = "tenancy_public.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
