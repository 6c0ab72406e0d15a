"""The payments module: how shoppers pay a shop (bank transfer, cash on delivery, Stripe),
the shop's payments and refunds, and the gateways' webhooks (docs/payments.md)."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission


def demo_seed():
    from modules.payments.services.demo import seed

    return seed()


def init_app(app):
    from modules.payments.services.cli import payments_cli

    app.cli.add_command(payments_cli)


payments_module = ModuleDefinition(
    code="payments",
    name=_l("Payments"),
    description=_l(
        "Payment methods per shop (bank transfer, cash on delivery, Stripe Checkout), the "
        "shop's payments, full and partial refunds; other gateways plug in as modules."
    ),
    version="1.0.0",
    requires=["tenancy"],
    permissions=[
        Permission("payments.view", _l("See payments")),
        Permission("payments.manage", _l("Change payment settings and mark payments paid")),
        Permission("payments.refund", _l("Refund payments")),
    ],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                "payments",
                _l("Payments"),
                "payments_vendor.payments",
                "credit-card",
                60,
                "payments.view",
            ),
        ],
    },
    services_path="modules.payments.services",
    models_path="modules.payments.models",
    schemas_path="modules.payments.schemas",
    exceptions_path="modules.payments.exceptions",
    demo_seed=demo_seed,
    init_app=init_app,
)
