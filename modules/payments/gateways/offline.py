"""The offline gateways: bank transfer and cash on delivery. The money reaches the shop
outside the platform, so the vendor marks the payment paid, and a refund is recorded
(the vendor pays it back themselves)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from modules.payments.gateways.base import Capabilities, Gateway, Next
from modules.payments.services.iban import grouped
from wizamart.money import format_money


class BankTransfer(Gateway):
    code = "bank_transfer"
    label = _l("Bank transfer")
    description = _l("The shopper transfers the amount; the order waits until you mark it paid.")
    capabilities = Capabilities(partial_refunds=True, settled_by_vendor=True)

    def is_configured(self, settings) -> bool:
        return bool(settings.bank_iban and settings.bank_account_holder)

    def start(self, payment, urls, settings) -> Next:
        lines = [
            (_("Account holder"), settings.bank_account_holder),
            (_("IBAN"), grouped(settings.bank_iban)),
        ]
        if settings.bank_bic:
            lines.append((_("BIC"), settings.bank_bic))
        lines += [
            (_("Amount"), format_money(payment.total)),
            (_("Reference"), payment.order_ref),
        ]
        return Next.instructions(_("Please transfer the amount to our account"), lines)


class CashOnDelivery(Gateway):
    code = "cash_on_delivery"
    label = _l("Cash on delivery")
    description = _l("The shopper pays when the parcel arrives; you mark it paid then.")
    capabilities = Capabilities(partial_refunds=True, settled_by_vendor=True)

    def start(self, payment, urls, settings) -> Next:
        return Next.instructions(
            _("Please pay on delivery"),
            [(_("Amount"), format_money(payment.total)), (_("Reference"), payment.order_ref)],
        )
