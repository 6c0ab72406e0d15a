"""The customers module: shoppers' accounts on a vendor's storefront."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission


def demo_seed():
    from modules.customers.services.demo import seed

    return seed()


customers_module = ModuleDefinition(
    code="customers",
    name=_l("Customers"),
    description=_l(
        "Shopper accounts per shop: sign-up with e-mail confirmation, sign-in, password "
        "reset, profile, address book, data export and deletion; the shop's customer list."
    ),
    version="1.0.0",
    is_core=True,
    requires=["tenancy"],
    # Pages at the frontends' roots: /storefront/<code>/account/..., /vendor/<code>/customers/...
    url_slug="",
    features=["customer_accounts", "address_book"],
    permissions=[
        Permission("customers.view", _l("See customers")),
        Permission("customers.edit", _l("Edit customer settings")),
    ],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                "customers",
                _l("Customers"),
                "customers_vendor.customers",
                "person-vcard",
                50,
                "customers.view",
            ),
        ],
    },
    services_path="modules.customers.services",
    models_path="modules.customers.models",
    schemas_path="modules.customers.schemas",
    exceptions_path="modules.customers.exceptions",
    demo_seed=demo_seed,
)
