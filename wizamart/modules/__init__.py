"""The module system. Modules import their contract from here."""

from wizamart.modules.definition import (
    FrontendType,
    MenuItem,
    ModuleDefinition,
    ModuleTier,
    PeriodicJob,
    Permission,
)

__all__ = [
    "FrontendType",
    "MenuItem",
    "ModuleDefinition",
    "ModuleTier",
    "PeriodicJob",
    "Permission",
]
