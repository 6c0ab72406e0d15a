"""Users as admins manage them: who may create or edit whom, with which role.

Roles in the admin's words are five: super admin, platform admin (one platform),
vendor owner and vendor staff (one vendor's team), translator (some languages). A super
admin gives any of them. A platform admin stays inside their platform: they give the
platform-admin role for their platform and vendor roles for their vendors, and never see
or touch super admins, translators or users who also work on another platform
(directory.managed_query enforces the seeing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from modules.tenancy.exceptions import Problems
from modules.tenancy.models import Role, User, Vendor, VendorMembership
from modules.tenancy.services.companies import managed_platform
from modules.tenancy.services.directory import is_super_admin, managed_query
from modules.tenancy.services.passwords import MIN_PASSWORD_LENGTH, hash_password
from modules.tenancy.services.transactions import commit_or_refuse
from modules.tenancy.services.users import normalise_email
from wizamart.extensions import db

SUPER_ADMIN, PLATFORM_ADMIN, TRANSLATOR = "super_admin", "platform_admin", "translator"
VENDOR_OWNER, VENDOR_STAFF = "vendor_owner", "vendor_staff"
VENDOR_ROLES = (VENDOR_OWNER, VENDOR_STAFF)
ROLE_CHOICES = [
    (SUPER_ADMIN, _l("Super admin (all platforms)")),
    (PLATFORM_ADMIN, _l("Platform admin")),
    (VENDOR_OWNER, _l("Vendor owner")),
    (VENDOR_STAFF, _l("Vendor staff")),
    (TRANSLATOR, _l("Translator")),
]
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+$")


@dataclass
class UserInput:
    """What the admin's user form says, cleaned."""

    email: str
    role: str
    platform_id: int | None = None
    vendor_id: int | None = None
    translator_languages: tuple[str, ...] = ()
    language: str = "en"
    is_active: bool = True
    password: str | None = None


def assignable_roles(actor) -> list[str]:
    """Role keys `actor` may give: all for super admins, platform and vendor roles else."""
    if is_super_admin(actor):
        return [key for key, _ in ROLE_CHOICES]
    if actor.role == Role.PLATFORM_ADMIN.value:
        return [PLATFORM_ADMIN, VENDOR_OWNER, VENDOR_STAFF]
    return []


def translator_languages_offered() -> list[str]:
    """Languages a translator can be given: every configured one but English (the source)."""
    return [code for code in current_app.config["LANGUAGES"] if code != "en"]


def role_of(user: User) -> tuple[str, int | None]:
    """(role key, vendor id) for the form; a vendor user's first team, owners first."""
    if user.role != Role.VENDOR.value:
        return user.role, None
    memberships = sorted(user.memberships, key=lambda m: (not m.is_owner, m.id))
    if not memberships:
        return VENDOR_STAFF, None
    return (VENDOR_OWNER if memberships[0].is_owner else VENDOR_STAFF), memberships[0].vendor_id


def _check_email(problems: Problems, email: str, user: User | None) -> None:
    if not EMAIL_RE.match(email) or len(email) > 255:
        problems.add("email", _l("Please enter a valid email address."))
        return
    taken = db.session.scalar(sa.select(User).where(User.email == email))
    if taken is not None and taken is not user:
        problems.add("email", _l("A user with this email already exists."))


def _check_password(problems: Problems, password: str | None, required: bool) -> None:
    if not password:
        if required:
            problems.add("password", _l("Please set an initial password."))
    elif len(password) < MIN_PASSWORD_LENGTH:
        problems.add(
            "password",
            _l("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
        )


def _check_role(problems: Problems, actor, data: UserInput):
    """The role itself and what it needs; returns (platform, vendor) to apply."""
    platform = vendor = None
    if data.role not in assignable_roles(actor):
        problems.add("role", _l("You cannot give this role."))
        return None, None
    if data.role == PLATFORM_ADMIN:
        platform = managed_platform(problems, actor, data.platform_id)
    elif data.role in VENDOR_ROLES:
        if data.vendor_id:
            vendor = db.session.scalar(
                managed_query(Vendor, actor).where(Vendor.id == data.vendor_id)
            )
        if vendor is None:
            problems.add("vendor_id", _l("Pick a vendor you manage."))
    elif data.role == TRANSLATOR:
        offered = translator_languages_offered()
        if not data.translator_languages:
            problems.add("translator_languages", _l("Give the translator at least one language."))
        elif any(code not in offered for code in data.translator_languages):
            problems.add("translator_languages", _l("Pick languages from the list."))
    return platform, vendor


def _check_self(problems: Problems, actor, user: User | None, data: UserInput) -> None:
    """Nobody locks themselves out: no own role change, no own deactivation."""
    if user is None or user.id != actor.id:
        return
    same_role = data.role == role_of(user)[0]
    if data.role == PLATFORM_ADMIN:
        same_role = same_role and data.platform_id == user.platform_id
    if not same_role:
        problems.add("role", _l("You cannot change your own role."))
    if not data.is_active:
        problems.add("is_active", _l("You cannot deactivate your own account."))


def _check(actor, data: UserInput, user: User | None):
    problems = Problems()
    _check_email(problems, data.email, user)
    platform, vendor = _check_role(problems, actor, data)
    if data.language not in current_app.config["LANGUAGES"]:
        problems.add("language", _l("Pick one of the offered languages."))
    _check_password(problems, data.password, required=user is None)
    _check_self(problems, actor, user, data)
    problems.raise_if_any()
    return platform, vendor


def _apply_role(user: User, data: UserInput, platform, vendor) -> None:
    user.role = Role.VENDOR.value if data.role in VENDOR_ROLES else data.role
    user.platform_id = platform.id if platform is not None else None
    user.translator_languages = list(data.translator_languages) if data.role == TRANSLATOR else []
    if vendor is None:
        # Admins and translators reach vendors through their role, not through teams.
        user.memberships.clear()
        return
    membership = next((m for m in user.memberships if m.vendor_id == vendor.id), None)
    if membership is None:
        membership = VendorMembership(vendor_id=vendor.id, permissions=[])
        user.memberships.append(membership)
    membership.is_owner = data.role == VENDOR_OWNER


def clean(**fields) -> UserInput:
    """UserInput from form fields (extra keys are ignored)."""
    return UserInput(
        email=normalise_email(fields.get("email")),
        role=fields.get("role") or "",
        platform_id=fields.get("platform_id") or None,
        vendor_id=fields.get("vendor_id") or None,
        translator_languages=tuple(fields.get("translator_languages") or ()),
        language=fields.get("language") or "en",
        is_active=bool(fields.get("is_active", True)),
        password=fields.get("password") or None,
    )


def create_user_as(actor, **fields) -> User:
    """Create a user with a role the actor may give and an initial password."""
    data = clean(**fields)
    platform, vendor = _check(actor, data, None)
    user = User(
        email=data.email,
        password_hash=hash_password(data.password),
        language=data.language,
        is_active=data.is_active,
        translator_languages=[],
    )
    db.session.add(user)
    _apply_role(user, data, platform, vendor)
    commit_or_refuse("email", _l("A user with this email already exists."))
    return user


def update_user_as(actor, user: User, **fields) -> User:
    """Edit a managed user; a new password (optional) ends their other sessions."""
    data = clean(**fields)
    platform, vendor = _check(actor, data, user)
    user.email, user.language, user.is_active = data.email, data.language, data.is_active
    _apply_role(user, data, platform, vendor)
    if data.password:
        user.password_hash = hash_password(data.password)
        user.session_version = (user.session_version or 1) + 1
    commit_or_refuse("email", _l("A user with this email already exists."))
    return user
