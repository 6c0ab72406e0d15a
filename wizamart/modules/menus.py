"""Menus for a frontend, built from the enabled modules' definitions.

No template lists modules: a menu is every `menu_items[frontend]` entry of the
modules enabled on the current platform that the user has permission for,
ordered by (order, label).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request, url_for

from wizamart.auth import has_permission
from wizamart.modules.definition import FrontendType, MenuItem
from wizamart.modules.registry import current_registry
from wizamart.modules.service import module_service


@dataclass(frozen=True)
class MenuEntry:
    item: MenuItem
    module: str
    url: str
    active: bool


def menu_items_for(frontend: FrontendType, enabled: frozenset[str]) -> list[tuple[str, MenuItem]]:
    """(module code, item) pairs of the enabled modules, in menu order."""
    pairs = [
        (module.code, item)
        for module in current_registry()
        if module.code in enabled
        for item in module.menu_for(frontend)
    ]
    return sorted(pairs, key=lambda pair: (pair[1].order, str(pair[1].label)))


def build_menu(frontend: FrontendType | str) -> list[MenuEntry]:
    """The menu of `frontend` for the current request's platform, user and vendor."""
    frontend = FrontendType(frontend)
    platform = g.get("platform")
    if platform is None:
        return []
    enabled = module_service.get_platform_modules(platform.id)
    links = [
        (code, item, url_for(item.endpoint))
        for code, item in menu_items_for(frontend, enabled)
        if has_permission(item.permission)
    ]
    # The active entry is the longest link the current path lies under.
    path = request.path
    matches = [url for _, _, url in links if path == url or path.startswith(url.rstrip("/") + "/")]
    active_url = max(matches, key=len, default=None)
    return [MenuEntry(item, code, url, url == active_url) for code, item, url in links]
