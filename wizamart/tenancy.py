"""Which platform and vendor a request is for, and who may act on them.

The framework does not know the tenancy module's tables. The `tenancy` module
(core, always on) registers a TenancyBackend in its `init_app`; the framework
asks it, through this small interface, to resolve hosts and vendors and to
answer access questions. Everything the request needs lands on `g`:
`g.platform` (PlatformRef) and, under /vendor and /storefront, `g.vendor`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from flask import Flask, current_app, g
from sqlalchemy.exc import DBAPIError

from wizamart.modules.definition import FrontendType

HOST_ENVIRON_KEY = "wizamart.host"


@dataclass(frozen=True)
class PlatformRef:
    id: int
    code: str
    name: str
    default_language: str = "en"


@dataclass(frozen=True)
class VendorRef:
    id: int
    code: str
    name: str
    platform_id: int
    is_active: bool = True


@dataclass(frozen=True)
class ApiTokenRef:
    """A vendor's API token that authenticated a request (`g.api_token`): it opens its
    vendor's API only, acting as `user` (who created it, a signed-in-user object) with
    at most `permissions`."""

    id: int
    vendor_id: int
    permissions: frozenset[str]
    user: Any


@dataclass(frozen=True)
class HostResolution:
    """What a Host header means: a platform, and a vendor when it is a custom domain."""

    platform: PlatformRef | None
    vendor: VendorRef | None = None
    # The platform's module stamp (wizamart.modules.service), when the backend read it
    # in the same statement as the platform: the module state then costs no statement.
    module_stamp: int | None = None
    # The vendor named by a vendor-scoped path (/vendor/<code>/..., /storefront/<code>/...,
    # their APIs), looked up in the same statement as the platform: `path_vendor_code` is
    # the code asked for, `path_vendor` the answer (None: no such vendor on the platform).
    path_vendor_code: str | None = None
    path_vendor: VendorRef | None = None


class TenancyBackend(Protocol):
    def resolve_host(self, host: str, vendor_code: str | None = None) -> HostResolution:
        """The platform (and custom-domain vendor) of `host`; with `vendor_code`, also the
        platform's vendor of that code, in the same statement where it can."""

    def vendor_by_code(self, platform_id: int, code: str) -> VendorRef | None: ...

    def platform_by_code(self, code: str) -> PlatformRef | None: ...

    def platform_by_id(self, platform_id: int) -> PlatformRef | None: ...

    def platform_domain(self, platform_id: int) -> str | None:
        """The platform's primary domain (the first one its admin entered), for links
        built outside a request (mails); None when it has none."""

    def platform_ids(self) -> list[int]:
        """Every platform (periodic jobs run once per platform that has their module)."""

    def admin_platform_ids(self, user) -> set[int] | None:
        """Platforms the user administers; None means all (super admin), empty: none."""

    def can_use_admin(self, user) -> bool: ...

    def can_work_for_vendor(self, user, vendor: VendorRef) -> bool: ...

    def permissions(
        self, user, frontend: FrontendType, vendor: VendorRef | None
    ) -> frozenset[str]: ...

    def module_settings_url(self, user, platform: PlatformRef, code: str) -> str | None:
        """Where `user` may switch module `code` on for `platform`; None if they may not."""

    def api_token(self, secret: str) -> ApiTokenRef | None:
        """The live (not revoked, not expired) API token with this secret, its use
        recorded; None for any other secret (wizamart.api.auth)."""


def set_tenancy_backend(app: Flask, backend: TenancyBackend) -> None:
    app.extensions["wizamart.tenancy"] = backend


def tenancy_backend() -> TenancyBackend:
    try:
        return current_app.extensions["wizamart.tenancy"]
    except KeyError:  # pragma: no cover - the tenancy module is core
        raise RuntimeError(
            "no tenancy backend registered: is the tenancy module present?"
        ) from None


def current_platform() -> PlatformRef | None:
    return g.get("platform")


def current_vendor() -> VendorRef | None:
    return g.get("vendor")


# The vendor-scoped URL spaces (docs/modules.md): the code is known before routing, so
# the host lookup can bring the vendor along.
VENDOR_PATH = re.compile(r"^/(?:api/v1/)?(?:vendor|storefront)/([^/]{1,64})(?:/|$)")


def vendor_code_in_path(path: str) -> str | None:
    """The vendor code of a vendor-scoped path, or None."""
    match = VENDOR_PATH.match(path)
    return match.group(1) if match else None


def resolve_host_once_more_if_disconnected(
    backend: TenancyBackend, host: str, vendor_code: str | None = None
) -> HostResolution:
    """The host lookup, retried once when its pooled connection turned out to be dead.

    Connections are not pinged before use (WIZAMART_DB_PRE_PING is off by default): after
    a database restart the first statement on each stale connection fails, SQLAlchemy
    invalidates the pool, and a read-only lookup can simply run again on a fresh one.
    This is every request's first statement, so it absorbs nearly all such failures.
    """
    from wizamart.extensions import db

    try:
        return backend.resolve_host(host, vendor_code)
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        db.session.rollback()
        return backend.resolve_host(host, vendor_code)


class HostMiddleware:
    """Resolve the Host header once per request, before routing.

    A vendor's custom domain serves that vendor's storefront: its paths are
    mapped under /storefront/<vendor_code> (static files and paths already
    there are left alone), so the rest of the app sees one URL space.
    """

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path.startswith("/static/") or path in self.app.config["UNTENANTED_PATHS"]:
            # Assets and probes belong to no tenant: no lookup, no database query.
            environ[HOST_ENVIRON_KEY] = HostResolution(None)
            return self.wsgi_app(environ, start_response)
        host = (environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "").lower()
        host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        backend = self.app.extensions.get("wizamart.tenancy")
        if backend is None:
            environ[HOST_ENVIRON_KEY] = HostResolution(None)
            return self.wsgi_app(environ, start_response)
        # One app context for the lookup and the request (Flask reuses a pushed context
        # of the same app): one database session and one pooled connection a request.
        with self.app.app_context():
            resolution = resolve_host_once_more_if_disconnected(
                backend, host, vendor_code_in_path(path)
            )
            environ[HOST_ENVIRON_KEY] = resolution
            if resolution.vendor is not None:
                prefix = f"/storefront/{resolution.vendor.code}"
                if not path.startswith(prefix + "/") and path != prefix:
                    environ["PATH_INFO"] = prefix + (path if path != "/" else "/")
            return self.wsgi_app(environ, start_response)
