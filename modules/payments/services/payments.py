"""The public services of the payments module: what orders, checkout and gateway modules
call (docs/payments.md). Every function names the shop (`vendor_id`): a payment of another
shop is never found, whoever calls.

A payment's states and the transitions it may make (anything else changes nothing):

    pending ──> paid ──> partially_refunded ──> refunded
       │          └──────────────────────────────> refunded
       ├──> failed
       └──> cancelled

`start_payment` and `mark_paid` leave the commit to the caller (the checkout commits its
order and the payment together); `refund` commits itself once the provider has refunded,
because the money has left by then. Events are announced after the commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from modules.payments.exceptions import PaymentsError, Problems
from modules.payments.gateways import gateway as find_gateway
from modules.payments.gateways import registered
from modules.payments.gateways.base import Gateway, Next, ReturnUrls, to_minor
from modules.payments.models import (
    ORDER_REF_MAX,
    REASON_MAX,
    Payment,
    PaymentEvent,
    PaymentSettings,
    PaymentState,
    Refund,
    RefundState,
    utcnow,
)
from modules.tenancy.models import Vendor
from wizamart.events import publish
from wizamart.extensions import db
from wizamart.modules.service import module_service
from wizamart.money import MAX_AMOUNT, Money, MoneyError, parse_money

S = PaymentState
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.PAID, S.FAILED, S.CANCELLED}),
    S.PAID: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
}
STATE_LABELS = {
    S.PENDING: _l("Pending"),
    S.PAID: _l("Paid"),
    S.FAILED: _l("Failed"),
    S.CANCELLED: _l("Cancelled"),
    S.PARTIALLY_REFUNDED: _l("Partially refunded"),
    S.REFUNDED: _l("Refunded"),
}


@dataclass(frozen=True)
class MethodOption:
    """A way to pay the shop offers for an amount (for the checkout's choice)."""

    code: str
    label: str
    description: str


@dataclass(frozen=True)
class Started:
    """A started payment and what the shopper does next (`next.kind`: "redirect" to
    `next.url`, or "instructions" to show)."""

    payment: Payment
    next: Next


def can_transition(state: str, new_state: str) -> bool:
    return new_state in TRANSITIONS.get(state, frozenset())


# -- settings and methods -------------------------------------------------------------
def settings_for(vendor_id: int) -> PaymentSettings:
    """The shop's settings row, or an unsaved one with nothing enabled."""
    row = db.session.get(PaymentSettings, vendor_id)
    return row if row is not None else PaymentSettings(vendor_id=vendor_id, enabled_methods=[])


def platform_of(vendor_id: int) -> int:
    return db.session.scalar(sa.select(Vendor.platform_id).where(Vendor.id == vendor_id))


def gateway_on_platform(gw: Gateway, platform_id: int) -> bool:
    return gw.module == "payments" or module_service.is_module_enabled(platform_id, gw.module)


def available_methods(vendor_id: int, amount: Money) -> list[MethodOption]:
    """The methods the shop offers for `amount`: enabled in its settings, configured
    (keys, bank account), provided by a module enabled on its platform, and able to take
    the amount. In registration order: bank transfer, cash on delivery, Stripe, others."""
    settings = settings_for(vendor_id)
    enabled = set(settings.enabled_methods or [])
    platform_id = platform_of(vendor_id)
    return [
        MethodOption(gw.code, str(gw.label), str(gw.description))
        for gw in registered()
        if gw.code in enabled
        and gateway_on_platform(gw, platform_id)
        and gw.is_configured(settings)
        and gw.accepts(amount)
    ]


# -- payments ------------------------------------------------------------------------------
def get_payment(vendor_id: int, payment_id: int) -> Payment | None:
    return db.session.scalar(
        sa.select(Payment).where(Payment.id == payment_id, Payment.vendor_id == vendor_id)
    )


def payments_for_order(vendor_id: int, order_id: int) -> list[Payment]:
    """Every attempt to pay the order, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Payment)
            .where(Payment.vendor_id == vendor_id, Payment.order_id == order_id)
            .order_by(Payment.id)
        )
    )


def _locked(vendor_id: int, payment_id: int) -> Payment:
    """The payment, locked for this transaction (PostgreSQL; SQLite locks on write)."""
    payment = db.session.scalar(
        sa.select(Payment)
        .where(Payment.id == payment_id, Payment.vendor_id == vendor_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if payment is None:
        raise PaymentsError(_("No such payment."))
    return payment


def start_payment(
    vendor_id: int,
    order_ref: str,
    order_id: int | None,
    amount: Money,
    method: str,
    customer_email: str,
    return_url: str,
    cancel_url: str,
) -> Started:
    """Begin paying an order: a `pending` payment, and the shopper's next step.

    Refused (ValidationFailed, by field) when the method is not offered for the amount or
    the reference is empty or too long; GatewayError when the provider refuses (then roll
    back). Does not commit.
    """
    problems = Problems()
    order_ref = (order_ref or "").strip()
    if not order_ref or len(order_ref) > ORDER_REF_MAX:
        problems.add("order_ref", _l("An order reference of 1 to 64 characters is needed."))
    if not isinstance(amount, Money) or amount.amount <= 0 or amount.amount > MAX_AMOUNT:
        problems.add("amount", _l("The amount must be above 0."))
    elif method not in {m.code for m in available_methods(vendor_id, amount)}:
        problems.add("method", _l("This payment method is not available."))
    problems.raise_if_any()
    gw = find_gateway(method)
    payment = Payment(
        vendor_id=vendor_id,
        order_ref=order_ref,
        order_id=order_id,
        method=method,
        state=S.PENDING,
        amount=amount.amount,
        currency=amount.currency,
        customer_email=(customer_email or "").strip()[:255],
    )
    db.session.add(payment)
    db.session.flush()
    step = gw.start(payment, ReturnUrls(return_url, cancel_url), settings_for(vendor_id))
    db.session.flush()
    return Started(payment, step)


def _announce_paid(payment: Payment) -> None:
    publish(
        "payments.payment_succeeded",
        platform_id=platform_of(payment.vendor_id),
        vendor_id=payment.vendor_id,
        payment_id=payment.id,
        order_ref=payment.order_ref,
        order_id=payment.order_id,
        method=payment.method,
        amount=str(payment.total.amount),
        currency=payment.currency,
    )


def _announce_failed(payment: Payment) -> None:
    publish(
        "payments.payment_failed",
        platform_id=platform_of(payment.vendor_id),
        vendor_id=payment.vendor_id,
        payment_id=payment.id,
        order_ref=payment.order_ref,
        order_id=payment.order_id,
        method=payment.method,
        state=payment.state,
        reason=payment.note,
    )


def mark_paid(vendor_id: int, payment_id: int, by_user) -> Payment:
    """The vendor says the money arrived (bank transfer) or was taken (cash on delivery).
    Only for methods settled by the vendor, only while pending. Does not commit."""
    payment = _locked(vendor_id, payment_id)
    gw = find_gateway(payment.method)
    if gw is None or not gw.capabilities.settled_by_vendor:
        raise PaymentsError(_("This payment is confirmed by its provider, not by hand."))
    if not can_transition(payment.state, S.PAID):
        raise PaymentsError(_("Only a pending payment can be marked paid."))
    payment.state = S.PAID
    payment.paid_at = utcnow()
    payment.paid_by_user_id = getattr(by_user, "id", None)
    _announce_paid(payment)
    return payment


def cancel_payment(vendor_id: int, payment_id: int, reason: str = "") -> Payment:
    """Give up a pending payment (the order was cancelled). Does not commit."""
    payment = _locked(vendor_id, payment_id)
    if not can_transition(payment.state, S.CANCELLED):
        raise PaymentsError(_("Only a pending payment can be cancelled."))
    payment.state = S.CANCELLED
    payment.note = (reason or "")[:REASON_MAX]
    _announce_failed(payment)
    return payment


def refund(vendor_id: int, payment_id: int, amount, reason: str, by_user) -> Refund:
    """Give back `amount` (Money, or the text the vendor typed) of a paid payment: never
    more than paid minus refunded; part of it only where the gateway allows. Online
    gateways refund through the provider first (GatewayError: nothing changed, rolled
    back). Commits, then announces payments.payment_refunded.
    """
    payment = _locked(vendor_id, payment_id)
    gw = find_gateway(payment.method)
    problems = Problems()
    if gw is None or payment.state not in (S.PAID, S.PARTIALLY_REFUNDED):
        raise PaymentsError(_("Only a paid payment can be refunded."))
    try:
        if isinstance(amount, Money):
            if amount.currency != payment.currency:
                raise MoneyError(
                    _("The refund must be in %(currency)s.", currency=payment.currency)
                )
            money = Money(amount.amount, payment.currency)
            if money.amount != amount.amount:
                raise MoneyError(_("Use at most the currency's decimals."))
        else:
            money = parse_money(amount, payment.currency)
    except MoneyError as exc:
        problems.add("amount", str(exc))
        problems.raise_if_any()
    remaining = payment.refundable
    if money.amount <= 0:
        problems.add("amount", _l("The amount must be above 0."))
    elif money > remaining:
        problems.add(
            "amount",
            _(
                "At most %(amount)s can be refunded.",
                amount=f"{remaining.amount} {remaining.currency}",
            ),
        )
    elif money != remaining and not gw.capabilities.partial_refunds:
        problems.add("amount", _l("This method refunds the whole remaining amount only."))
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        problems.add("reason", _l("At most 500 characters."))
    problems.raise_if_any()
    row = Refund(
        vendor_id=vendor_id,
        payment=payment,
        amount=money.amount,
        reason=reason,
        state=RefundState.PENDING,
        created_by_user_id=getattr(by_user, "id", None),
        created_by_email=getattr(by_user, "email", "") or "",
    )
    db.session.add(row)
    db.session.flush()
    result = gw.refund(payment, money, row.id, settings_for(vendor_id))
    row.external_id = result.external_id
    row.state = RefundState.SUCCEEDED if result.state == "succeeded" else RefundState.PENDING
    payment.refunded = (payment.refunded_total + money).amount
    payment.state = S.REFUNDED if payment.refunded >= payment.amount else S.PARTIALLY_REFUNDED
    publish(
        "payments.payment_refunded",
        platform_id=platform_of(vendor_id),
        vendor_id=vendor_id,
        payment_id=payment.id,
        refund_id=row.id,
        order_ref=payment.order_ref,
        order_id=payment.order_id,
        method=payment.method,
        amount=str(money.amount),
        refunded_total=str(payment.refunded_total.amount),
        currency=payment.currency,
        fully_refunded=payment.state == S.REFUNDED,
    )
    db.session.commit()
    return row


# -- webhooks ----------------------------------------------------------------------------
def webhook_gateway(code: str) -> Gateway | None:
    """The gateway taking webhooks under `code`, or None (the route answers 404)."""
    gw = find_gateway(code)
    return gw if gw is not None and gw.capabilities.webhooks else None


def handle_webhook(vendor_id: int, code: str, body: bytes, headers: Mapping[str, str]) -> str:
    """Verify one provider call for the shop `vendor_id` and act on it once.

    WebhookRejected (nothing recorded) when it is not the provider's. Otherwise the event
    is recorded under its external id first: a replay answers "replay" and changes
    nothing; a payment is looked for in this shop only; an outcome the payment can no
    longer take (an expiry after it was paid) is recorded as "ignored". Commits.
    """
    gw = webhook_gateway(code)
    event = gw.handle_webhook(vendor_id, body, headers, settings_for(vendor_id))
    known = db.session.scalar(
        sa.select(PaymentEvent.id)
        .where(PaymentEvent.provider == code, PaymentEvent.external_id == event.external_id)
        .execution_options(all_vendors=True)
    )
    if known is not None:
        return "replay"
    record = PaymentEvent(
        vendor_id=vendor_id,
        provider=code,
        external_id=event.external_id[:255],
        type=event.type[:100],
    )
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:  # the same event, recorded by a concurrent delivery
        return "replay"
    outcome = "ignored"
    payment = None
    if event.payment_ref:
        payment = db.session.scalar(
            sa.select(Payment)
            .where(
                Payment.vendor_id == vendor_id,
                Payment.method == code,
                Payment.external_id == event.payment_ref,
            )
            .with_for_update()
        )
    if payment is not None and event.outcome and can_transition(payment.state, event.outcome):
        matches = (
            event.amount_minor is None or event.amount_minor == to_minor(payment.total)
        ) and (event.currency is None or event.currency == payment.currency)
        if not matches:
            outcome = "mismatch"
        else:
            outcome = event.outcome
            payment.state = event.outcome
            if event.external_payment_id:
                payment.external_payment_id = event.external_payment_id[:255]
            if event.outcome == S.PAID:
                payment.paid_at = utcnow()
                _announce_paid(payment)
            else:
                payment.note = event.note[:REASON_MAX]
                _announce_failed(payment)
    elif payment is not None and event.external_payment_id and not payment.external_payment_id:
        payment.external_payment_id = event.external_payment_id[:255]
    record.payment_id = payment.id if payment is not None else None
    record.outcome = outcome
    record.processed_at = utcnow()
    db.session.commit()
    return outcome
