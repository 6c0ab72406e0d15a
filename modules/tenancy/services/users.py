"""Staff users: creating them, signing them in, their passwords and memberships."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.tenancy.exceptions import TenancyError
from modules.tenancy.models import Role, SignedIn, User, VendorMembership, utcnow
from modules.tenancy.services.access import run_core
from modules.tenancy.services.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from wizamart.extensions import db


@dataclass(frozen=True, slots=True)
class SignedInMembership:
    """A team place of the signed-in user, as the gate and permissions read it."""

    vendor_id: int
    is_owner: bool
    permissions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SignedInUser(SignedIn):
    """The signed-in user as every request sees it (`current_user`): read-only, built
    from one Core row per membership (bench/overhead.py: loading the ORM `User` with its
    memberships cost about 0.5 ms a request, mostly entity machinery).

    Views and services that change the user, or walk its relationships, load the ORM
    row with `get_user_record(current_user.id)`.
    """

    id: int
    email: str
    is_active: bool
    language: str
    role: str
    platform_id: int | None
    translator_languages: tuple[str, ...]
    session_version: int
    memberships: tuple[SignedInMembership, ...]


_USER = User.__table__
_MEMBERSHIP = VendorMembership.__table__
# The signed-in user with their memberships, in one statement built once: the vendor
# gate, the permissions and the user menu's role label all read the memberships. Core
# rows, one per membership (one with NULLs for a user in no team), oldest first.
SIGNED_IN_USER = (
    sa.select(
        _USER.c.id,
        _USER.c.email,
        _USER.c.is_active,
        _USER.c.language,
        _USER.c.role,
        _USER.c.platform_id,
        _USER.c.translator_languages,
        _USER.c.session_version,
        _MEMBERSHIP.c.vendor_id,
        _MEMBERSHIP.c.is_owner,
        _MEMBERSHIP.c.permissions,
    )
    .select_from(_USER.outerjoin(_MEMBERSHIP, _MEMBERSHIP.c.user_id == _USER.c.id))
    .where(_USER.c.id == sa.bindparam("id"))
    .order_by(_MEMBERSHIP.c.id)
)


def signed_in_user(user_id: int) -> SignedInUser | None:
    """The user with this id as a SignedInUser (one statement), or None."""
    rows = run_core(SIGNED_IN_USER, {"id": user_id}).all()
    if not rows:
        return None
    first = rows[0]
    memberships = tuple(
        SignedInMembership(row[8], bool(row[9]), tuple(row[10] or ()))
        for row in rows
        if row[8] is not None
    )
    return SignedInUser(
        first[0],
        first[1],
        bool(first[2]),
        first[3],
        first[4],
        first[5],
        tuple(first[6] or ()),
        first[7] or 1,
        memberships,
    )


def get_user_record(user_id: int) -> User | None:
    """The ORM row of a user, for the views and services that change it (password,
    language, teams); `current_user` is a read-only SignedInUser."""
    return db.session.get(User, user_id)


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
