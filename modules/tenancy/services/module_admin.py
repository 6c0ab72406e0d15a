"""What the admin's modules page shows: modules by tier with their state and graph."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from wizamart.modules.definition import ModuleDefinition, ModuleTier
from wizamart.modules.service import module_service

TIER_ORDER = [ModuleTier.CORE, ModuleTier.OPTIONAL, ModuleTier.INTERNAL]


@dataclass
class ModuleRow:
    module: ModuleDefinition
    enabled: bool
    requires: list[str]
    required_by: list[str]

    @property
    def locked(self) -> bool:
        return self.module.is_core


def modules_by_tier(platform_id: int) -> list[tuple[ModuleTier, list[ModuleRow]]]:
    registry = current_app.extensions["wizamart.registry"]
    enabled = module_service.get_platform_modules(platform_id)
    rows = {
        tier: [
            ModuleRow(m, m.code in enabled, sorted(m.requires), sorted(registry.dependents[m.code]))
            for m in sorted(registry, key=lambda m: str(m.name).lower())
            if m.tier == tier
        ]
        for tier in TIER_ORDER
    }
    return [(tier, rows[tier]) for tier in TIER_ORDER if rows[tier]]
