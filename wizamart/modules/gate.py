"""Request gating: every request to a module's blueprint passes here first.

1. The platform comes from the Host header (resolved once by HostMiddleware).
2. A module that is not enabled on that platform answers 404.
3. The frontend decides who may come in: the admin frontend needs an admin of
   this platform; the vendor frontend a member of that vendor (anyone else gets
   404, so vendors cannot even probe for each other); the storefront an active
   vendor of this platform.
4. API routes (wizamart.api.auth): a bearer token instead of the session, for the
   vendor API; a session request that changes something needs its CSRF header.
"""

from __future__ import annotations

from flask import Flask, abort, g, redirect, request, url_for
from flask_login import current_user

from wizamart.api.auth import authenticate_bearer, bearer_secret, check_csrf
from wizamart.api.views import limit_body
from wizamart.modules.definition import FrontendType
from wizamart.modules.loader import PUBLIC, EndpointInfo
from wizamart.modules.off import module_off_response
from wizamart.modules.service import module_service
from wizamart.tenancy import HOST_ENVIRON_KEY, HostResolution, tenancy_backend

VENDOR_SCOPED = (FrontendType.VENDOR, FrontendType.STOREFRONT)


def endpoint_info(blueprint: str | None) -> EndpointInfo | None:
    from flask import current_app

    if blueprint is None:
        return None
    return current_app.extensions["wizamart.endpoints"].get(blueprint.split(".")[0])


def pop_vendor_code(endpoint, values):
    """Vendor-scoped blueprints carry <vendor_code>; views get it as g.vendor_code."""
    if values and "vendor_code" in values:
        info = endpoint_info(request.blueprint)
        if info is not None and info.frontend in VENDOR_SCOPED:
            g.vendor_code = values.pop("vendor_code")


TENANT_URL_VALUES = ("vendor_code", "platform_code")


def tenant_url_values(endpoint: str) -> tuple[str, ...]:
    """Which of `vendor_code` / `platform_code` the endpoint's URL takes.

    Asked on every url_for; the URL map's answer never changes once the routes are
    registered, so it is worked out once per endpoint and kept per app.
    """
    from flask import current_app

    cache = current_app.extensions.setdefault("wizamart.tenant_url_values", {})
    try:
        return cache[endpoint]
    except KeyError:
        pass
    try:
        rules = list(current_app.url_map.iter_rules(endpoint))
    except KeyError:  # unknown endpoint: url_for raises its own BuildError
        rules = []
    cache[endpoint] = tuple(
        name for name in TENANT_URL_VALUES if any(name in rule.arguments for rule in rules)
    )
    return cache[endpoint]


def add_tenant_defaults(endpoint, values):
    """url_for fills in the current vendor's code and the current platform's code.

    So a vendor page links within its vendor, and a menu item may point at a
    platform-scoped admin page (`/admin/platforms/<platform_code>/...`) by endpoint
    alone: it means the platform the admin is working on.
    """
    for name in tenant_url_values(endpoint):
        if name in values:
            continue
        if name == "vendor_code":
            value = g.get("vendor_code")
        else:
            platform = g.get("platform")
            value = platform.code if platform is not None else None
        if value:
            values[name] = value


def login_redirect(info: EndpointInfo):
    if info.kind == "api":
        abort(401)
    return redirect(url_for("tenancy_public.login", next=request.full_path.rstrip("?")))


def gate_request():
    resolution: HostResolution = request.environ.get(HOST_ENVIRON_KEY) or HostResolution(None)
    g.platform = resolution.platform
    g.custom_domain_vendor = resolution.vendor
    if resolution.platform is not None and resolution.module_stamp is not None:
        module_service.note_stamp(resolution.platform.id, resolution.module_stamp)
    info = endpoint_info(request.blueprint)
    if info is None:
        return None
    g.module = info.module
    g.frontend = info.frontend if info.frontend != PUBLIC else None
    if g.platform is None:
        abort(404)
    if not module_service.is_module_enabled(g.platform.id, info.module):
        return module_off_response(info.module)
    secret = None
    if info.kind == "api":
        limit_body()
        secret = bearer_secret()
    refused = admit(info, resolution, secret)
    if refused is None and info.kind == "api":
        check_csrf()
    return refused


def admit(info: EndpointInfo, resolution: HostResolution, secret: str | None):
    """Who may come in, by frontend; a response (or an abort) when not this caller."""
    backend = tenancy_backend()
    if info.frontend in VENDOR_SCOPED:
        code = g.get("vendor_code", "")
        if resolution.path_vendor_code == code:  # looked up with the host
            vendor = resolution.path_vendor
        else:
            vendor = backend.vendor_by_code(g.platform.id, code)
        if vendor is None:
            abort(404)
        g.vendor = vendor
        if secret is not None:
            authenticate_bearer(secret, info.frontend, vendor)
            return None
        if info.frontend == FrontendType.STOREFRONT:
            if not vendor.is_active:
                abort(404)
            return None
        if not current_user.is_authenticated:
            return login_redirect(info)
        if not backend.can_work_for_vendor(current_user._get_current_object(), vendor):
            abort(404)
        return None
    if secret is not None:
        authenticate_bearer(secret, info.frontend, None)  # refuses: tokens are per vendor
    if info.frontend == FrontendType.ADMIN:
        if not current_user.is_authenticated:
            return login_redirect(info)
        user = current_user._get_current_object()
        if not backend.can_use_admin(user):
            abort(403)
        managed = backend.admin_platform_ids(user)
        if managed is not None and g.platform.id not in managed:
            abort(403)
    return None


def init_gate(app: Flask) -> None:
    app.url_value_preprocessor(pop_vendor_code)
    app.url_defaults(add_tenant_defaults)
    app.before_request(gate_request)
