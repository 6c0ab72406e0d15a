"""What the admin's modules pages show: modules by tier with their state, search and
filters, and one module's details.

Modules are a few dozen and live in memory (the registry): search and filters run on
the registry, with one read of the platform's state and one of the database's
migration heads, whatever the number of modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from wizamart.modules.definition import FrontendType, ModuleDefinition, ModuleTier
from wizamart.modules.service import module_service
from wizamart.modules.upgrades import ModuleMigrations, migration_states

TIER_ORDER = [ModuleTier.CORE, ModuleTier.OPTIONAL, ModuleTier.INTERNAL]
STATES = ("on", "off", "upgrade")


class BadFilter(ValueError):
    """A filter value the page does not offer (a hand-edited URL)."""


@dataclass(frozen=True)
class ModuleFilter:
    """The list's state, kept in the URL: ?q=&tier=&state= (empty = all)."""

    q: str = ""
    tier: str = ""
    state: str = ""

    @classmethod
    def from_args(cls, args) -> ModuleFilter:
        tier = args.get("tier", "").strip()
        state = args.get("state", "").strip()
        if tier and tier not in {t.value for t in TIER_ORDER}:
            raise BadFilter(_("There is no tier “%(tier)s”.", tier=tier))
        if state and state not in STATES:
            raise BadFilter(_("There is no state “%(state)s”.", state=state))
        return cls(args.get("q", "").strip()[:100], tier, state)

    @property
    def active(self) -> bool:
        return bool(self.q or self.tier or self.state)

    def as_args(self) -> dict[str, str]:
        """The non-empty values, for url_for (so links keep the filtered view)."""
        return {k: v for k, v in (("q", self.q), ("tier", self.tier), ("state", self.state)) if v}

    def matches(self, row: ModuleRow) -> bool:
        if self.tier and row.module.tier.value != self.tier:
            return False
        if self.state == "on" and not row.enabled:
            return False
        if self.state == "off" and row.enabled:
            return False
        if self.state == "upgrade" and not row.needs_upgrade:
            return False
        needle = self.q.casefold()
        return (
            not needle
            or needle in row.module.code.casefold()
            or needle in str(row.module.name).casefold()
        )


@dataclass
class ModuleRow:
    module: ModuleDefinition
    enabled: bool
    requires: list[str]
    required_by: list[str]
    migrations: ModuleMigrations | None = None

    @property
    def locked(self) -> bool:
        return self.module.is_core

    @property
    def needs_upgrade(self) -> bool:
        return self.migrations is not None and self.migrations.needs_upgrade


def module_rows(platform_id: int) -> list[ModuleRow]:
    """Every module with its state on the platform, sorted by name."""
    registry = current_app.extensions["wizamart.registry"]
    enabled = module_service.get_platform_modules(platform_id)
    migrations = migration_states()
    return [
        ModuleRow(
            m,
            m.code in enabled,
            sorted(m.requires),
            sorted(registry.dependents[m.code]),
            migrations.get(m.code),
        )
        for m in sorted(registry, key=lambda m: str(m.name).lower())
    ]


def modules_by_tier(
    platform_id: int, filters: ModuleFilter | None = None
) -> list[tuple[ModuleTier, list[ModuleRow]]]:
    """The modules that pass `filters`, grouped by tier (tiers without any are left out)."""
    filters = filters or ModuleFilter()
    rows = [row for row in module_rows(platform_id) if filters.matches(row)]
    grouped = [(tier, [row for row in rows if row.module.tier == tier]) for tier in TIER_ORDER]
    return [(tier, tier_rows) for tier, tier_rows in grouped if tier_rows]


@dataclass
class HealthAnswer:
    """What a module's health check said: ok, a message, or the error it raised."""

    ok: bool | None  # None: the module has no health check
    text: str


def check_health(module: ModuleDefinition) -> HealthAnswer:
    """Run the module's health check; an exception is an answer too, never a 500."""
    if module.health_check is None:
        return HealthAnswer(None, _("This module has no health check."))
    try:
        result = module.health_check()
    except Exception as exc:  # a broken probe must not break the page that shows it
        current_app.logger.warning("health check of %s raised %r", module.code, exc)
        return HealthAnswer(False, _("error: %(error)s", error=str(exc) or type(exc).__name__))
    if result is True or result == "ok":
        return HealthAnswer(True, _("ok"))
    return HealthAnswer(False, str(result) if result else _("failing"))


def menu_entries(module: ModuleDefinition) -> list[tuple[FrontendType, object]]:
    """(frontend, menu item) for every menu entry the module declares."""
    return [(frontend, item) for frontend in FrontendType for item in module.menu_for(frontend)]
