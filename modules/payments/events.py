"""Events the payments module announces (docs/payments.md). Orders and checkout react to
them; payments never imports them. Amounts are strings ("12.50"), exact."""

from __future__ import annotations

from wizamart.events import EventPayload, declare


class PaymentSucceeded(EventPayload):
    """A payment is paid: by the provider's webhook, or marked paid by the vendor."""

    payment_id: int
    order_ref: str
    order_id: int | None
    method: str
    amount: str
    currency: str


class PaymentFailed(EventPayload):
    """A payment will not be paid: `state` is "failed" (refused) or "cancelled" (given up,
    expired, or cancelled by the vendor)."""

    payment_id: int
    order_ref: str
    order_id: int | None
    method: str
    state: str
    reason: str


class PaymentRefunded(EventPayload):
    """Money was given back: `amount` this time, `refunded_total` so far; `fully_refunded`
    when nothing is left to refund."""

    payment_id: int
    refund_id: int
    order_ref: str
    order_id: int | None
    method: str
    amount: str
    refunded_total: str
    currency: str
    fully_refunded: bool


declare("payments.payment_succeeded", PaymentSucceeded, "A payment is paid.")
declare("payments.payment_failed", PaymentFailed, "A payment failed or was cancelled.")
declare("payments.payment_refunded", PaymentRefunded, "A payment was refunded, fully or in part.")
