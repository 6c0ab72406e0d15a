"""The module contract: ModuleDefinition, MenuItem, FrontendType, Permission.

Plain dataclasses and enums. A module's `definition.py` holds exactly one
ModuleDefinition instance; everything else about the module is found by
convention in its folder (see discovery.py).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class FrontendType(enum.StrEnum):
    """The three user-facing frontends, each with its own menu and URL space."""

    ADMIN = "admin"
    VENDOR = "vendor"
    STOREFRONT = "storefront"


class ModuleTier(enum.StrEnum):
    CORE = "core"
    OPTIONAL = "optional"
    INTERNAL = "internal"


@dataclass(frozen=True)
class MenuItem:
    """One entry of a frontend's menu. `label` is a lazy gettext string."""

    id: str
    label: Any
    endpoint: str
    icon: str = "circle"
    order: int = 100
    permission: str | None = None


@dataclass(frozen=True)
class Permission:
    """A permission a module declares. Roles get permissions by frontend:
    admins hold every ADMIN permission, vendor owners every VENDOR permission,
    vendor staff what their owner picks, translators those marked `translator`."""

    code: str
    label: Any
    frontend: FrontendType = FrontendType.VENDOR
    translator: bool = False


@dataclass(frozen=True)
class PeriodicJob:
    """A job the module wants run on a schedule (cron syntax, run by RQ's scheduler)."""

    name: str
    func: str
    cron: str


@dataclass
class ModuleDefinition:
    """What a module is. Field names follow the seed's table."""

    code: str
    name: Any
    description: Any = ""
    version: str = "1.0.0"
    requires: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    # A MenuItem, or the seed's string id: the module's index page of that frontend,
    # labelled with the module's name (resolved by the loader, rule MOD-016).
    menu_items: dict[FrontendType, list[MenuItem | str]] = field(default_factory=dict)
    permissions: list[Permission] = field(default_factory=list)
    is_core: bool = False
    is_internal: bool = False
    # An optional module first seen after platforms exist starts off on them, unless this
    # says otherwise (see wizamart/modules/lifecycle.py).
    default_enabled: bool = False
    is_self_contained: bool = True
    # URL segment under each frontend; "" mounts at the frontend root (core, tenancy).
    url_slug: str | None = None
    health_check: Callable[[], bool | str] | None = None
    periodic_jobs: list[PeriodicJob] = field(default_factory=list)
    # Called once from create_app, after the module's blueprints are registered.
    init_app: Callable[[Any], None] | None = None
    # Called by `flask demo seed` (in dependency order); idempotent; may return
    # lines to print (demo logins).
    demo_seed: Callable[[], list[str] | None] | None = None
    # Called by `flask demo seed --products N --vendor CODE`: bulk data for benchmarks
    # (vendor code, count); may return lines to print.
    demo_products: Callable[[str, int], list[str] | None] | None = None
    # Paths (relative to the module folder or dotted), as in the seed.
    services_path: str | None = None
    models_path: str | None = None
    schemas_path: str | None = None
    exceptions_path: str | None = None
    templates_path: str = "templates"
    static_path: str = "static"
    translations_path: str = "translations"
    migrations_path: str = "migrations/versions"
    # The seed's spellings, accepted as written (docs/modules.md, "seed → here"):
    # `locales_path` names the translations folder (gettext catalogs inside), and a
    # `config` object given here is the module's config when config.py exports none.
    locales_path: str | None = None
    config: Any = None
    # Filled in by discovery: the folder and the Python package it was found in.
    path: Any = None
    package: str | None = None

    def __post_init__(self) -> None:
        if self.locales_path is not None:
            self.translations_path = self.locales_path

    @property
    def tier(self) -> ModuleTier:
        if self.is_core:
            return ModuleTier.CORE
        if self.is_internal:
            return ModuleTier.INTERNAL
        return ModuleTier.OPTIONAL

    @property
    def slug(self) -> str:
        return self.code if self.url_slug is None else self.url_slug

    def frontends(self) -> set[FrontendType]:
        """Frontends the module may appear in: internal modules are admin only."""
        if self.is_internal:
            return {FrontendType.ADMIN}
        return set(FrontendType)

    def menu_for(self, frontend: FrontendType) -> list[MenuItem]:
        if frontend not in self.frontends():
            return []
        return list(self.menu_items.get(frontend, []))
