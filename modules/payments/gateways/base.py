"""The gateway interface: what a way of paying does, whatever the provider.

A gateway is an object with a few class attributes (its code, label, capabilities) and
three operations: `start` a payment (send the shopper to the provider, or tell them how
to pay), read the provider's `handle_webhook` calls, and `refund`. The payments services
(services/payments.py) do the rest the same way for every gateway: the payment's states,
the idempotency record of webhooks, refund limits, events, permissions, pages.

A gateway never commits and never changes a payment's state itself: `start` may set the
payment's `external_id`; `handle_webhook` only says what the provider reported
(`WebhookEvent`); `refund` only calls the provider and says what it answered. Errors the
vendor or shopper should read are `GatewayError` (nothing is changed then).

Another module adds a gateway (a `paypal` module that requires payments) by registering
an instance from its `init_app`: `modules.payments.gateways.register_gateway(...)`
(docs/payments.md, "Adding a gateway").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from wizamart.money import Money, minor_unit

if TYPE_CHECKING:
    from modules.payments.models import Payment, PaymentSettings


def to_minor(money: Money) -> int:
    """The amount in the currency's minor unit, exactly: 12.50 EUR -> 1250, 500 JPY -> 500."""
    return int((money.amount / minor_unit(money.currency)).to_integral_exact())


@dataclass(frozen=True)
class ReturnUrls:
    """Where a provider sends the shopper back: after paying, and when they give up."""

    success: str
    cancel: str


@dataclass(frozen=True)
class Next:
    """What the shopper does next: go to `url` (redirect), or read `instructions`
    (a title and label/value lines: the IBAN, the reference to quote, the amount)."""

    kind: str  # "redirect" | "instructions"
    url: str | None = None
    title: str = ""
    lines: tuple[tuple[str, str], ...] = ()

    @classmethod
    def redirect(cls, url: str) -> Next:
        return cls("redirect", url=url)

    @classmethod
    def instructions(cls, title: str, lines=()) -> Next:
        return cls(
            "instructions", title=str(title), lines=tuple((str(a), str(b)) for a, b in lines)
        )


@dataclass(frozen=True)
class WebhookEvent:
    """What a verified webhook reported.

    `external_id` is the provider's event id (the idempotency key: recorded before
    anything else, so a replay does nothing), `payment_ref` the provider's reference of
    the attempt (matched against `Payment.external_id` of the webhook URL's shop only),
    `outcome` what should happen to the payment: "paid", "failed", "cancelled", or None
    (an event type the shop does not act on). `amount_minor` / `currency`, when given,
    must match the payment's, else nothing is changed.
    """

    external_id: str
    type: str
    payment_ref: str | None = None
    outcome: str | None = None
    amount_minor: int | None = None
    currency: str | None = None
    external_payment_id: str | None = None
    note: str = ""


@dataclass(frozen=True)
class RefundResult:
    """The provider's answer to a refund: its id, and "succeeded" or "pending"."""

    external_id: str | None = None
    state: str = "succeeded"


@dataclass
class Capabilities:
    """What a gateway can do; the pages and services ask these, never the gateway's code."""

    #: Refunds of part of the amount (else only the whole remaining amount).
    partial_refunds: bool = True
    #: Refunds go through the provider's API (else they are recorded only: the vendor
    #: gives the money back themselves, e.g. by bank transfer).
    online_refunds: bool = False
    #: The vendor marks a payment paid by hand (money arrived on the account, cash taken).
    settled_by_vendor: bool = False
    #: The provider calls /api/v1/storefront/<vendor_code>/payments/<code>/webhook.
    webhooks: bool = False
    extra: dict = field(default_factory=dict)


class Gateway(ABC):
    """Base class of every gateway. Subclasses set the class attributes and `start`."""

    #: Stable code stored on payments ("bank_transfer", "stripe", "paypal"); [a-z0-9_].
    code: ClassVar[str]
    #: What the shopper and the vendor read (a lazy gettext string).
    label: ClassVar[str]
    description: ClassVar[str] = ""
    #: The module that provides it: offered only where that module is enabled.
    module: ClassVar[str] = "payments"
    capabilities: ClassVar[Capabilities] = Capabilities()

    def is_configured(self, settings: PaymentSettings) -> bool:
        """Whether the shop has given what the gateway needs (keys, an account)."""
        return True

    def accepts(self, amount: Money) -> bool:
        """Whether the gateway can take this amount (currency, minimum)."""
        return amount.amount > 0

    @abstractmethod
    def start(self, payment: Payment, urls: ReturnUrls, settings: PaymentSettings) -> Next:
        """Begin paying `payment` (flushed: it has an id). May set `payment.external_id`.
        Raises GatewayError when the provider refuses."""

    def handle_webhook(
        self, vendor_id: int, body: bytes, headers: Mapping[str, str], settings: PaymentSettings
    ) -> WebhookEvent:
        """Verify and read one webhook call. Raises WebhookRejected when it is not the
        provider's (bad or missing signature, unreadable body): the caller answers 400."""
        raise NotImplementedError(f"{self.code} takes no webhooks")

    def refund(
        self, payment: Payment, amount: Money, refund_id: int, settings: PaymentSettings
    ) -> RefundResult:
        """Give `amount` back. Offline gateways record it only (the default); online ones
        call the provider with `refund_id` in the idempotency key. GatewayError on refusal."""
        return RefundResult()
