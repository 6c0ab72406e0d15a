"""The catalog module: a vendor's products, variants, categories and images."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission


def demo_seed():
    from modules.catalog.services.demo import seed

    return seed()


def demo_products(vendor_code: str, count: int):
    from modules.catalog.services.generate import generate_products

    return generate_products(vendor_code, count)


catalog_module = ModuleDefinition(
    code="catalog",
    name=_l("Catalog"),
    description=_l("Products with variants, prices, images and a category tree per vendor."),
    version="1.0.0",
    requires=["tenancy"],  # rows belong to tenancy_vendor (foreign keys, migration order)
    permissions=[
        Permission("catalog.view", _l("See products and categories")),
        Permission("catalog.edit", _l("Edit products and categories")),
    ],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                "products",
                _l("Products"),
                "catalog_vendor.products",
                "box-seam",
                30,
                "catalog.view",
            ),
            MenuItem(
                "categories",
                _l("Categories"),
                "catalog_vendor.categories",
                "diagram-3",
                31,
                "catalog.view",
            ),
        ],
    },
    services_path="modules.catalog.services",
    models_path="modules.catalog.models",
    schemas_path="modules.catalog.schemas",
    exceptions_path="modules.catalog.exceptions",
    demo_seed=demo_seed,
    demo_products=demo_products,
)
