"""The cart module: one cart per shopper per shop, guests' carts through a signed cookie."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import ModuleDefinition, PeriodicJob

cart_module = ModuleDefinition(
    code="cart",
    name=_l("Cart"),
    description=_l(
        "One cart per shopper per shop: guests' carts kept through a signed cookie and "
        "merged at sign-in, quantities checked against stock, changed prices shown."
    ),
    version="1.0.0",
    # rows belong to tenancy_vendor; an account's cart to customers_customer (core)
    requires=["tenancy", "customers"],
    periodic_jobs=[PeriodicJob("expire-carts", ".tasks.expire_carts", "17 3 * * *")],
    services_path="modules.cart.services",
    models_path="modules.cart.models",
    schemas_path="modules.cart.schemas",
    exceptions_path="modules.cart.exceptions",
)
