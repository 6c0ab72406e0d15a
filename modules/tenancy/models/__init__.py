"""Tenancy tables: tenancy_platform, tenancy_vendor, tenancy_user, ..."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.extensions import db
from wizamart.scoping import VendorOwned


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(enum.StrEnum):
    SUPER_ADMIN = "super_admin"
    PLATFORM_ADMIN = "platform_admin"
    VENDOR = "vendor"  # owner or staff: see VendorMembership
    TRANSLATOR = "translator"


# The role's words live with the role (lazy: translated when shown, in the viewer's locale).
ROLE_LABELS = {
    Role.SUPER_ADMIN: _l("Super admin"),
    Role.PLATFORM_ADMIN: _l("Platform admin"),
    Role.VENDOR: _l("Vendor team"),
    Role.TRANSLATOR: _l("Translator"),
}


class Platform(db.Model):
    __tablename__ = "tenancy_platform"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    default_language: Mapped[str] = mapped_column(sa.String(8), default="en")
    is_default: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    domains: Mapped[list[PlatformDomain]] = relationship(
        back_populates="platform", cascade="all, delete-orphan", order_by="PlatformDomain.domain"
    )

    @property
    def domain_names(self) -> list[str]:
        return [d.domain for d in self.domains]


class PlatformDomain(db.Model):
    __tablename__ = "tenancy_platform_domain"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_platform.id", ondelete="CASCADE")
    )
    domain: Mapped[str] = mapped_column(sa.String(255), unique=True)

    platform: Mapped[Platform] = relationship(back_populates="domains")


class Company(db.Model):
    __tablename__ = "tenancy_company"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(sa.ForeignKey("tenancy_platform.id"), index=True)
    legal_name: Mapped[str] = mapped_column(sa.String(200))
    vat_number: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    platform: Mapped[Platform] = relationship()


class Vendor(db.Model):
    __tablename__ = "tenancy_vendor"
    __table_args__ = (sa.UniqueConstraint("platform_id", "vendor_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(sa.ForeignKey("tenancy_platform.id"), index=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("tenancy_company.id"), index=True)
    vendor_code: Mapped[str] = mapped_column(sa.String(32))
    name: Mapped[str] = mapped_column(sa.String(120))
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    custom_domain: Mapped[str | None] = mapped_column(sa.String(255), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    platform: Mapped[Platform] = relationship()
    company: Mapped[Company] = relationship()
    memberships: Mapped[list[VendorMembership]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan"
    )

    @property
    def status(self) -> str:
        return "active" if self.is_active else "suspended"


def role_label(role: str, memberships) -> str:
    """The role in words; a vendor user is "owner" when they own any of their vendors.

    One rule for the ORM `User` and the request's `SignedInUser`
    (modules/tenancy/services/users.py)."""
    if role == Role.VENDOR.value:
        owner = any(m.is_owner for m in memberships)
        return str(_l("Vendor owner") if owner else _l("Vendor staff"))
    # StrEnum members hash as their values: the plain column value finds its label.
    return str(ROLE_LABELS.get(role, role))


class SignedIn:
    """What a signed-in user is to Flask-Login and the user menu, for the ORM `User` and
    the light per-request `SignedInUser` alike: both have id, session_version, role and
    memberships."""

    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """Session ids are '<id>.<session_version>': a password change ends the others."""
        return f"{self.id}.{self.session_version}"

    @property
    def role_label(self) -> str:
        return role_label(self.role, self.memberships)


class User(SignedIn, db.Model):
    """A staff user: admins, vendor owners and staff, translators (not shoppers)."""

    __tablename__ = "tenancy_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.VENDOR.value)
    platform_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tenancy_platform.id"), nullable=True, index=True
    )
    translator_languages: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Bumped on password change: sessions carrying an older value end.
    session_version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True), nullable=True
    )

    platform: Mapped[Platform | None] = relationship()
    memberships: Mapped[list[VendorMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class VendorMembership(db.Model):
    """A user's place in a vendor's team: the owner, or staff with picked permissions."""

    __tablename__ = "tenancy_vendor_membership"
    __table_args__ = (sa.UniqueConstraint("user_id", "vendor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("tenancy_user.id", ondelete="CASCADE"))
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"))
    is_owner: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    permissions: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    vendor: Mapped[Vendor] = relationship(back_populates="memberships")


class StaffInvitation(db.Model):
    """An owner's invitation to join a vendor's staff; only the token's hash is stored."""

    __tablename__ = "tenancy_staff_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(255))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    permissions: Mapped[list] = mapped_column(sa.JSON, default=list)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tenancy_user.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)

    vendor: Mapped[Vendor] = relationship()


class ApiToken(VendorOwned, db.Model):
    """A vendor's API token: `Authorization: Bearer wzm_<prefix>_<secret>` opens that
    vendor's API, acting as its creator with the permissions picked at creation.

    Only the SHA-256 of the whole token is stored; `prefix` (public, shown on the tokens
    page) finds the row, and the hash is compared in constant time. Vendor-owned: every
    ORM query of it in a vendor's request is scoped to that vendor (wizamart.scoping).
    """

    __tablename__ = "tenancy_api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(80))
    prefix: Mapped[str] = mapped_column(sa.String(16), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    permissions: Mapped[list] = mapped_column(sa.JSON, default=list)
    # The token acts as its creator: it ends with their account.
    created_by_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_user.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)

    vendor: Mapped[Vendor] = relationship()
    created_by: Mapped[User] = relationship()
