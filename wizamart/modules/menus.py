"""Menus for a frontend, built from the enabled modules' definitions.

No template lists modules: a menu is every `menu_items[frontend]` entry of the
modules enabled on the current platform that the user has permission for,
ordered by (order, module code, item id).

Cached per app: the ordered items of an enabled set, the URL of an endpoint for a
(vendor, platform), and the entries a permission set may open; only the active mark is
worked out per request. With 200 modules this keeps
the menu from dominating the request (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, request, url_for

from wizamart.auth import current_permissions
from wizamart.modules.definition import FrontendType, MenuItem
from wizamart.modules.registry import current_registry
from wizamart.modules.service import module_service

URL_CACHE_LIMIT = 50_000


@dataclass(frozen=True)
class MenuEntry:
    item: MenuItem
    module: str
    url: str
    active: bool


def _menu_cache(name: str) -> dict:
    return current_app.extensions.setdefault("wizamart.menu_cache", {}).setdefault(name, {})


def menu_items_for(
    frontend: FrontendType, enabled: frozenset[str]
) -> tuple[tuple[str, MenuItem], ...]:
    """(module code, item) pairs of the enabled modules, in menu order (cached per set)."""
    cache = _menu_cache("items")
    key = (frontend, enabled)
    if key not in cache:
        pairs = [
            (module.code, item)
            for module in current_registry()
            if module.code in enabled
            for item in module.menu_for(frontend)
        ]
        cache[key] = tuple(sorted(pairs, key=lambda p: (p[1].order, p[0], p[1].id)))
    return cache[key]


def menu_url(endpoint: str) -> str:
    """url_for(endpoint) for the current vendor and platform, cached: menu links only
    depend on those (and the script root)."""
    platform = g.get("platform")
    key = (endpoint, g.get("vendor_code"), platform.code if platform else None, request.script_root)
    cache = _menu_cache("urls")
    if key not in cache:
        if len(cache) > URL_CACHE_LIMIT:  # many vendors: start over rather than grow forever
            cache.clear()
        cache[key] = url_for(endpoint)
    return cache[key]


def menu_links(frontend: FrontendType, platform, enabled: frozenset[str]):
    """(module code, item, url) of the entries the user may open, cached per enabled set,
    permission set, vendor and platform: what a menu holds depends on nothing else, so a
    request with the same ones (every page of a signed-in user) looks it up once."""
    permissions = current_permissions()
    key = (frontend, enabled, permissions, g.get("vendor_code"), platform.code, request.script_root)
    cache = _menu_cache("links")
    links = cache.get(key)
    if links is None:
        if len(cache) > URL_CACHE_LIMIT:
            cache.clear()
        links = cache[key] = tuple(
            (code, item, menu_url(item.endpoint))
            for code, item in menu_items_for(frontend, enabled)
            if item.permission is None or item.permission in permissions
        )
    return links


def build_menu(frontend: FrontendType | str) -> list[MenuEntry]:
    """The menu of `frontend` for the current request's platform, user and vendor, built
    once per request (the sidebar and the breadcrumbs both ask for it)."""
    frontend = FrontendType(frontend)
    built = g.setdefault("built_menus", {})
    key = (frontend, g.get("vendor_code"))
    if key not in built:
        built[key] = _build_menu(frontend)
    return built[key]


def _build_menu(frontend: FrontendType) -> list[MenuEntry]:
    platform = g.get("platform")
    if platform is None:
        return []
    links = menu_links(frontend, platform, module_service.get_platform_modules(platform.id))
    # The active entry is the longest link the current path lies under; the frontend's
    # root (the dashboard, the shop's home), which every path lies under, only when it
    # is the page itself: a page no entry leads to marks none rather than the root.
    path = request.path
    urls = [url for _, _, url in links]
    matches = [
        url
        for url in urls
        if path == url or (path.startswith(url.rstrip("/") + "/") and not _is_root(url, urls))
    ]
    active_url = max(matches, key=len, default=None)
    return [MenuEntry(item, code, url, url == active_url) for code, item, url in links]


def _is_root(url: str, urls: list[str]) -> bool:
    """`url` ends in "/" and every other link of the menu lies under it."""
    return url.endswith("/") and len(urls) > 1 and all(u.startswith(url) for u in urls)
