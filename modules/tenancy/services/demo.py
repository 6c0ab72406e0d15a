"""Demo data: platforms main and oms, vendors bakery, bikes and books, and the demo users."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from modules.tenancy.models import (
    Company,
    Platform,
    PlatformDomain,
    Role,
    User,
    Vendor,
    VendorMembership,
)
from modules.tenancy.services.passwords import hash_password
from modules.tenancy.services.users import add_membership, create_user, get_user_by_email
from modules.tenancy.services.vendors import announce_vendor_created
from wizamart.extensions import db

PLATFORMS = [
    ("main", "Wizamart Main", "en", True, ["localhost", "127.0.0.1"]),
    ("oms", "OMS Marketplace", "fr", False, ["oms.localhost"]),
]
VENDORS = [
    ("main", "bakery", "Boulangerie Bakery", "Bakery S.à r.l.", "LU12345678"),
    ("main", "bikes", "Bikes & Co", "Bikes & Co S.A.", "LU87654321"),
    ("oms", "books", "Books Corner", "Books Corner S.à r.l.", "LU11223344"),
]
STAFF_PERMISSIONS = ["core.view_dashboard"]
LOGINS = [
    ("admin@wizamart.test", "demo-admin", "super admin, all platforms"),
    ("owner@bakery.test", "demo-vendor", "owner of bakery"),
    ("staff@bakery.test", "demo-staff", "bakery staff, few permissions"),
    ("owner@bikes.test", "demo-vendor", "owner of bikes"),
    ("translator@wizamart.test", "demo-translator", "translator: de, fr, lb"),
]


def get_or_create_platform(code, name, language, is_default, domains) -> Platform:
    platform = db.session.scalar(sa.select(Platform).where(Platform.code == code))
    if platform is None:
        platform = Platform(code=code, name=name, default_language=language, is_default=is_default)
        platform.domains = [PlatformDomain(domain=d) for d in domains]
        db.session.add(platform)
        db.session.flush()
    return platform


def get_or_create_vendor(platform: Platform, code, name, legal_name, vat) -> Vendor:
    vendor = db.session.scalar(
        sa.select(Vendor).where(Vendor.platform_id == platform.id, Vendor.vendor_code == code)
    )
    if vendor is None:
        company = Company(platform_id=platform.id, legal_name=legal_name, vat_number=vat)
        vendor = Vendor(platform_id=platform.id, company=company, vendor_code=code, name=name)
        db.session.add(vendor)
        db.session.flush()
        announce_vendor_created(vendor)
    return vendor


def ensure_user(email, password, role, **kwargs):
    user = get_user_by_email(email)
    if user is None:
        user = create_user(email, password, role, **kwargs)
        db.session.flush()
    return user


def seed() -> list[str]:
    platforms = {p[0]: get_or_create_platform(*p) for p in PLATFORMS}
    vendors = {v[1]: get_or_create_vendor(platforms[v[0]], *v[1:]) for v in VENDORS}
    ensure_user("admin@wizamart.test", "demo-admin", Role.SUPER_ADMIN)
    ensure_user(
        "translator@wizamart.test",
        "demo-translator",
        Role.TRANSLATOR,
        translator_languages=["de", "fr", "lb"],
    )
    for email, password, vendor, owner in [
        ("owner@bakery.test", "demo-vendor", "bakery", True),
        ("staff@bakery.test", "demo-staff", "bakery", False),
        ("owner@bikes.test", "demo-vendor", "bikes", True),
    ]:
        user = ensure_user(email, password, Role.VENDOR)
        if not any(m.vendor_id == vendors[vendor].id for m in user.memberships):
            add_membership(
                user,
                vendors[vendor].id,
                is_owner=owner,
                permissions=[] if owner else STAFF_PERMISSIONS,
            )
    db.session.flush()
    return ["Demo logins (email / password):"] + [
        f"  {email:28} {password:16} {what}" for email, password, what in LOGINS
    ]


def add_shops(count: int, platform_code: str = "main", prefix: str = "shop") -> list[Vendor]:
    """`count` more open shops on a platform, each with its company and an owner.

    For load tests and statement counts (bench/statements.py): pages must cost the same
    number of statements with ten shops or a thousand. The owners share one password
    hash (hashing a thousand passwords would take minutes) of a random password that
    is thrown away: nobody can sign in as them.
    """
    platform = db.session.scalar(sa.select(Platform).where(Platform.code == platform_code))
    taken = db.session.scalar(
        sa.select(sa.func.count()).select_from(Vendor).where(Vendor.platform_id == platform.id)
    )
    password_hash = hash_password(secrets.token_urlsafe(16))
    vendors = []
    for number in range(taken, taken + count):
        code = f"{prefix}{number:05d}"
        company = Company(platform_id=platform.id, legal_name=f"{code} S.A.", vat_number=None)
        vendor = Vendor(platform_id=platform.id, company=company, vendor_code=code, name=code)
        owner = User(email=f"owner@{code}.test", password_hash=password_hash, role=Role.VENDOR)
        db.session.add_all([vendor, VendorMembership(user=owner, vendor=vendor, is_owner=True)])
        vendors.append(vendor)
    db.session.flush()
    return vendors
