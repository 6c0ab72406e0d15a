"""The inventory module: stock per variant and location, every change an adjustment."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, PeriodicJob, Permission


def demo_seed():
    from modules.inventory.services.demo import seed

    return seed()


inventory_module = ModuleDefinition(
    code="inventory",
    name=_l("Inventory"),
    description=_l(
        "Stock per product variant and location, its full history, low-stock alerts and "
        "reservations for checkout."
    ),
    version="1.0.0",
    features=["inventory"],
    permissions=[
        Permission("inventory.view", _l("See stock and its history")),
        Permission("inventory.adjust", _l("Adjust stock, thresholds and locations")),
    ],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem("stock", _l("Stock"), "inventory_vendor.stock", "boxes", 40, "inventory.view"),
            MenuItem(
                "low_stock",
                _l("Low stock"),
                "inventory_vendor.low_stock",
                "exclamation-triangle",
                41,
                "inventory.view",
            ),
            MenuItem(
                "locations",
                _l("Locations"),
                "inventory_vendor.locations",
                "geo-alt",
                42,
                "inventory.view",
            ),
        ],
    },
    periodic_jobs=[
        PeriodicJob("expire-reservations", ".tasks.expire_reservations", "* * * * *"),
    ],
    services_path="modules.inventory.services",
    models_path="modules.inventory.models",
    schemas_path="modules.inventory.schemas",
    exceptions_path="modules.inventory.exceptions",
    demo_seed=demo_seed,
)
