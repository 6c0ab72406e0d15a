"""The tenancy module's answers to the framework's access questions (TenancyBackend)."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from flask import current_app, g, url_for

from modules.tenancy.models import Platform, PlatformDomain, Role, Vendor
from modules.tenancy.services.directory import managed_platform_ids
from wizamart.extensions import db
from wizamart.modules.definition import FrontendType
from wizamart.modules.models import PlatformModuleStamp
from wizamart.modules.service import module_service
from wizamart.tenancy import HostResolution, PlatformRef, VendorRef

# The lookups every request makes, built once and in SQLAlchemy Core: a statement built
# per call costs more Python than running it (operator overloading, coercions, the cache
# key), and loading ORM entities costs about three times a plain row for what is only
# read into a PlatformRef / VendorRef (bench/overhead.py, docs/performance.md).
_PLATFORM = Platform.__table__
_DOMAIN = PlatformDomain.__table__
_VENDOR = Vendor.__table__
_STAMP = PlatformModuleStamp.__table__
# The platform with its module stamp (the framework's table, outer-joined: a platform
# whose modules never changed has no stamp row): the module state needs no statement
# of its own.
PLATFORM_COLUMNS = (
    _PLATFORM.c.id,
    _PLATFORM.c.code,
    _PLATFORM.c.name,
    _PLATFORM.c.default_language,
    _STAMP.c.version,
)
VENDOR_COLUMNS = (
    _VENDOR.c.id,
    _VENDOR.c.vendor_code,
    _VENDOR.c.name,
    _VENDOR.c.platform_id,
    _VENDOR.c.is_active,
)
WITH_STAMP = _PLATFORM.outerjoin(_STAMP, _STAMP.c.platform_id == _PLATFORM.c.id)
PLATFORM_BY_DOMAIN = (
    sa.select(*PLATFORM_COLUMNS)
    .select_from(WITH_STAMP.join(_DOMAIN, _DOMAIN.c.platform_id == _PLATFORM.c.id))
    .where(_DOMAIN.c.domain == sa.bindparam("host"))
)
VENDOR_BY_DOMAIN = (
    sa.select(*VENDOR_COLUMNS, *PLATFORM_COLUMNS)
    .select_from(WITH_STAMP.join(_VENDOR, _VENDOR.c.platform_id == _PLATFORM.c.id))
    .where(_VENDOR.c.custom_domain == sa.bindparam("host"))
)
DEFAULT_PLATFORM = (
    sa.select(*PLATFORM_COLUMNS)
    .select_from(WITH_STAMP)
    .order_by(_PLATFORM.c.is_default.desc(), _PLATFORM.c.id)
    .limit(1)
)
# The same two platform lookups bringing the vendor a vendor-scoped path names (outer
# join: a missing vendor still finds the platform).
_PATH_VENDOR = _VENDOR.alias("path_vendor")
PATH_VENDOR_COLUMNS = tuple(_PATH_VENDOR.c[column.name] for column in VENDOR_COLUMNS)
_WITH_PATH_VENDOR = sa.and_(
    _PATH_VENDOR.c.platform_id == _PLATFORM.c.id,
    _PATH_VENDOR.c.vendor_code == sa.bindparam("vendor_code"),
)
PLATFORM_BY_DOMAIN_AND_VENDOR = (
    sa.select(*PLATFORM_COLUMNS, *PATH_VENDOR_COLUMNS)
    .select_from(
        WITH_STAMP.join(_DOMAIN, _DOMAIN.c.platform_id == _PLATFORM.c.id).outerjoin(
            _PATH_VENDOR, _WITH_PATH_VENDOR
        )
    )
    .where(_DOMAIN.c.domain == sa.bindparam("host"))
)
DEFAULT_PLATFORM_AND_VENDOR = (
    sa.select(*PLATFORM_COLUMNS, *PATH_VENDOR_COLUMNS)
    .select_from(WITH_STAMP.outerjoin(_PATH_VENDOR, _WITH_PATH_VENDOR))
    .order_by(_PLATFORM.c.is_default.desc(), _PLATFORM.c.id)
    .limit(1)
)
VENDOR_BY_CODE = sa.select(*VENDOR_COLUMNS).where(
    _VENDOR.c.platform_id == sa.bindparam("platform_id"),
    _VENDOR.c.vendor_code == sa.bindparam("code"),
)


def run_core(statement, params=None):
    """Run a prebuilt Core statement on the session's connection (its transaction).

    `Session.execute` adds about 15 µs of ORM bookkeeping (execution options, bind
    lookup, events) to a statement that loads no entities; on the statements every
    request makes (host, vendor, signed-in user) that is worth skipping.
    """
    return db.session.connection().execute(statement, params)


def platform_ref(platform: Platform) -> PlatformRef:
    return PlatformRef(platform.id, platform.code, platform.name, platform.default_language)


def vendor_ref(vendor: Vendor) -> VendorRef:
    return VendorRef(
        vendor.id, vendor.vendor_code, vendor.name, vendor.platform_id, vendor.is_active
    )


def host_resolution(platform_row, vendor_row=None) -> HostResolution:
    """A resolution from PLATFORM_COLUMNS (and VENDOR_COLUMNS) values."""
    *platform, stamp = platform_row
    vendor = VendorRef(*vendor_row[:4], bool(vendor_row[4])) if vendor_row else None
    return HostResolution(PlatformRef(*platform), vendor, module_stamp=stamp or 0)


def with_path_vendor(row, vendor_code: str) -> HostResolution:
    """A resolution from PLATFORM_COLUMNS + PATH_VENDOR_COLUMNS values."""
    width = len(PLATFORM_COLUMNS)
    vendor_row = row[width:]
    vendor = VendorRef(*vendor_row[:4], bool(vendor_row[4])) if vendor_row[0] else None
    resolution = host_resolution(row[:width])
    return replace(resolution, path_vendor_code=vendor_code, path_vendor=vendor)


def declared_permissions(frontend: FrontendType, platform_id: int | None) -> dict[str, object]:
    """Permissions declared by the modules enabled on a platform, for one frontend."""
    return _declared(frontend, platform_id)[0]


def _declared(frontend: FrontendType, platform_id: int | None):
    """(code -> Permission, frozenset of the codes), worked out once per enabled set and
    kept per app: every signed-in page asks."""
    enabled = module_service.get_platform_modules(platform_id) if platform_id else None
    cache = current_app.extensions.setdefault("wizamart.declared_permissions", {})
    key = (frontend, enabled)
    found = cache.get(key)
    if found is None:
        registry = current_app.extensions["wizamart.registry"]
        declared = {
            p.code: p
            for m in registry
            if enabled is None or m.code in enabled
            for p in m.permissions
            if p.frontend == frontend
        }
        found = cache[key] = (declared, frozenset(declared))
    return found


class TenancyAccess:
    """Implements wizamart.tenancy.TenancyBackend on the tenancy tables."""

    def resolve_host(self, host: str, vendor_code: str | None = None) -> HostResolution:
        if vendor_code is None:
            row = run_core(PLATFORM_BY_DOMAIN, {"host": host}).first()
            if row is not None:
                return host_resolution(row)
        else:
            row = run_core(
                PLATFORM_BY_DOMAIN_AND_VENDOR, {"host": host, "vendor_code": vendor_code}
            ).first()
            if row is not None:
                return with_path_vendor(row, vendor_code)
        row = run_core(VENDOR_BY_DOMAIN, {"host": host}).first()
        if row is not None:
            # A vendor's own domain: its paths are that vendor's (a path naming another
            # vendor is looked up by the gate as usual).
            return host_resolution(row[len(VENDOR_COLUMNS) :], row[: len(VENDOR_COLUMNS)])
        if vendor_code is None:
            row = run_core(DEFAULT_PLATFORM).first()
            return host_resolution(row) if row is not None else HostResolution(None)
        row = run_core(DEFAULT_PLATFORM_AND_VENDOR, {"vendor_code": vendor_code}).first()
        return with_path_vendor(row, vendor_code) if row is not None else HostResolution(None)

    def platform_by_code(self, code: str) -> PlatformRef | None:
        platform = db.session.scalar(sa.select(Platform).where(Platform.code == code))
        return platform_ref(platform) if platform else None

    def platform_by_id(self, platform_id: int) -> PlatformRef | None:
        platform = db.session.get(Platform, platform_id)
        return platform_ref(platform) if platform else None

    def platform_domain(self, platform_id: int) -> str | None:
        """The first domain entered for the platform (domains keep their rows, and so
        their order, when the list is edited: services/platforms.py)."""
        return db.session.scalar(
            sa.select(PlatformDomain.domain)
            .where(PlatformDomain.platform_id == platform_id)
            .order_by(PlatformDomain.id)
            .limit(1)
        )

    def platform_ids(self) -> list[int]:
        return list(db.session.scalars(sa.select(Platform.id).order_by(Platform.id)))

    def vendor_by_code(self, platform_id: int, code: str) -> VendorRef | None:
        row = run_core(VENDOR_BY_CODE, {"platform_id": platform_id, "code": code}).first()
        return VendorRef(*row[:4], bool(row[4])) if row is not None else None

    def admin_platform_ids(self, user) -> set[int] | None:
        """Platforms whose admin area the user may enter: those they manage, and any for a
        translator (their pages are not a platform's)."""
        if user.role == Role.TRANSLATOR.value:
            return None
        return managed_platform_ids(user)

    def can_use_admin(self, user) -> bool:
        return user.is_active and user.role in (
            Role.SUPER_ADMIN.value,
            Role.PLATFORM_ADMIN.value,
            Role.TRANSLATOR.value,
        )

    def membership(self, user, vendor_id: int):
        """The user's membership of a vendor, from the user's memberships (a
        VendorMembership of an ORM User, a SignedInMembership of `current_user`).

        Asked by the gate, again for permissions, and the user menu's role label reads
        the same collection: they come with the signed-in user (one statement), and a
        user belongs to a handful of teams.
        """
        return next((m for m in user.memberships if m.vendor_id == vendor_id), None)

    def is_admin_of(self, user, platform_id: int) -> bool:
        managed = self.admin_platform_ids(user)
        return user.role != Role.TRANSLATOR.value and (managed is None or platform_id in managed)

    def can_work_for_vendor(self, user, vendor: VendorRef) -> bool:
        if not user.is_active:
            return False
        if self.is_admin_of(user, vendor.platform_id):
            return True
        return self.membership(user, vendor.id) is not None

    def permissions(self, user, frontend: FrontendType, vendor: VendorRef | None) -> frozenset[str]:

        platform = g.get("platform")
        declared, every = _declared(frontend, platform.id if platform else None)
        if frontend == FrontendType.ADMIN:
            if user.role == Role.TRANSLATOR.value:
                return frozenset(c for c, p in declared.items() if p.translator)
            if self.can_use_admin(user):
                return every
            return frozenset()
        if frontend == FrontendType.VENDOR and vendor is not None:
            if self.is_admin_of(user, vendor.platform_id):
                return every
            membership = self.membership(user, vendor.id)
            if membership is None:
                return frozenset()
            if membership.is_owner:
                return every
            return frozenset(c for c in membership.permissions if c in declared)
        return frozenset()

    def module_settings_url(self, user, platform: PlatformRef, code: str) -> str | None:
        """The module's page in the admin, for an admin of this platform (who may switch
        modules on); None for everyone else."""
        allowed = user.is_active and self.can_use_admin(user)
        if not (allowed and self.is_admin_of(user, platform.id)):
            return None
        return url_for("tenancy_admin.module_detail", platform_code=platform.code, module_code=code)

    def api_token(self, secret: str):
        """The live API token for `secret` (modules/tenancy/services/api_tokens.py)."""
        from modules.tenancy.services.api_tokens import authenticate

        return authenticate(secret)


access = TenancyAccess()
