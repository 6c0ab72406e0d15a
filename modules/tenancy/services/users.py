"""Staff users: creating them, signing them in, their passwords and memberships."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.tenancy.exceptions import TenancyError
from modules.tenancy.models import Role, User, VendorMembership, utcnow
from modules.tenancy.services.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from wizamart.extensions import db


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise TenancyError(
            _l("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )


def create_user(
    email: str,
    password: str,
    role: Role | str = Role.VENDOR,
    *,
    platform_id: int | None = None,
    language: str = "en",
    translator_languages: list[str] | None = None,
) -> User:
    """Add a user (not committed). Refuses a taken email or a short password."""
    email = normalise_email(email)
    if "@" not in email:
        raise TenancyError(_l("Please enter a valid email address."))
    if get_user_by_email(email) is not None:
        raise TenancyError(_l("A user with this email already exists."))
    check_password_rules(password)
    role = Role(role)
    if role == Role.PLATFORM_ADMIN and platform_id is None:
        raise TenancyError(_l("A platform admin needs a platform."))
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role.value,
        platform_id=platform_id if role == Role.PLATFORM_ADMIN else None,
        language=language,
        translator_languages=list(translator_languages or []),
    )
    db.session.add(user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same time either way)."""
    user = get_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if user is None or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change a password; ends the user's other sessions (session_version)."""
    if not verify_password(user.password_hash, current):
        raise TenancyError(_l("The current password is not correct."))
    check_password_rules(new)
    user.password_hash = hash_password(new)
    user.session_version = (user.session_version or 1) + 1
    db.session.commit()


def add_membership(
    user: User, vendor_id: int, *, is_owner: bool = False, permissions=()
) -> VendorMembership:
    membership = VendorMembership(
        user=user, vendor_id=vendor_id, is_owner=is_owner, permissions=list(permissions)
    )
    db.session.add(membership)
    return membership
