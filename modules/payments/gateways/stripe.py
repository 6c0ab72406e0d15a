"""Stripe Checkout through the official `stripe` library.

`start` creates a Checkout Session (one line: the order's amount) and sends the shopper
to its `url`; the webhook (`checkout.session.*` events) says how it ended; refunds go
through Stripe's Refunds API. Each shop has its own secret key and webhook signing secret
(PaymentSettings, encrypted); the API base is PAYMENTS_STRIPE_API_BASE (tests: a local
fake server). Every request carries an idempotency key made of our row's id, so a retry
never creates a second session or refund.
"""

from __future__ import annotations

import json
import logging

import stripe
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from modules.payments.config import setting
from modules.payments.exceptions import GatewayError, WebhookRejected
from modules.payments.gateways.base import (
    Capabilities,
    Gateway,
    Next,
    RefundResult,
    WebhookEvent,
    to_minor,
)
from modules.payments.services import secrets
from wizamart.money import Money

log = logging.getLogger(__name__)

#: The Checkout Session events the shop acts on, and what each means for the payment.
#: `checkout.session.completed` means paid only when `payment_status` is "paid" (a card);
#: a delayed method (SEPA debit) reports later with async_payment_succeeded / _failed.
OUTCOMES = {
    "checkout.session.async_payment_succeeded": "paid",
    "checkout.session.async_payment_failed": "failed",
    "checkout.session.expired": "cancelled",
}


def client(secret_key: str) -> stripe.StripeClient:
    return stripe.StripeClient(
        secret_key,
        base_addresses={"api": setting("stripe_api_base")},
        max_network_retries=setting("stripe_max_retries"),
        http_client=stripe.RequestsClient(timeout=setting("stripe_timeout")),
    )


def refusal(exc: stripe.StripeError) -> GatewayError:
    log.warning("stripe refused: %s", exc)
    message = getattr(exc, "user_message", None) or ""
    if isinstance(exc, stripe.AuthenticationError):
        message = _("Stripe did not accept the shop's secret key: check the payment settings.")
    elif isinstance(exc, stripe.APIConnectionError):
        message = _("Stripe could not be reached. Please try again in a moment.")
    return GatewayError(message or _("Stripe refused the request: %(error)s", error=str(exc)[:200]))


class StripeCheckout(Gateway):
    code = "stripe"
    label = _l("Card (Stripe)")
    description = _l("The shopper pays on Stripe's Checkout page; Stripe tells the shop.")
    capabilities = Capabilities(partial_refunds=True, online_refunds=True, webhooks=True)

    def is_configured(self, settings) -> bool:
        return bool(
            settings.stripe_secret_key_encrypted and settings.stripe_webhook_secret_encrypted
        )

    def accepts(self, amount: Money) -> bool:
        return to_minor(amount) > 0

    def _client(self, settings) -> stripe.StripeClient:
        if not settings.stripe_secret_key_encrypted:
            raise GatewayError(_("Stripe is not set up for this shop."))
        return client(secrets.decrypt(settings.stripe_secret_key_encrypted))

    def start(self, payment, urls, settings) -> Next:
        metadata = {
            "payment_id": str(payment.id),
            "vendor_id": str(payment.vendor_id),
            "order_ref": payment.order_ref,
        }
        params = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": payment.currency.lower(),
                        "unit_amount": to_minor(payment.total),
                        "product_data": {"name": _("Order %(ref)s", ref=payment.order_ref)},
                    },
                }
            ],
            "success_url": urls.success,
            "cancel_url": urls.cancel,
            "client_reference_id": payment.order_ref,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
        }
        if payment.customer_email:
            params["customer_email"] = payment.customer_email
        try:
            session = self._client(settings).v1.checkout.sessions.create(
                params=params, options={"idempotency_key": f"wizamart-payment-{payment.id}"}
            )
        except stripe.StripeError as exc:
            raise refusal(exc) from None
        payment.external_id = session.id
        return Next.redirect(session.url)

    def handle_webhook(self, vendor_id, body, headers, settings) -> WebhookEvent:
        if not settings.stripe_webhook_secret_encrypted:
            raise WebhookRejected("no webhook secret")
        secret = secrets.decrypt(settings.stripe_webhook_secret_encrypted)
        try:
            event = stripe.Webhook.construct_event(
                body.decode("utf-8"), headers.get("Stripe-Signature"), secret
            )
        except (ValueError, UnicodeDecodeError, stripe.SignatureVerificationError) as exc:
            raise WebhookRejected(str(exc)) from None
        data = json.loads(body)  # the verified body, as plain dicts
        obj = (data.get("data") or {}).get("object") or {}
        kind = event.type
        if not kind.startswith("checkout.session."):
            return WebhookEvent(external_id=event.id, type=kind)
        outcome = OUTCOMES.get(kind)
        if kind == "checkout.session.completed":
            outcome = (
                "paid" if obj.get("payment_status") in ("paid", "no_payment_required") else None
            )
        return WebhookEvent(
            external_id=event.id,
            type=kind,
            payment_ref=obj.get("id"),
            outcome=outcome,
            amount_minor=obj.get("amount_total"),
            currency=(obj.get("currency") or "").upper() or None,
            external_payment_id=obj.get("payment_intent"),
            note=kind,
        )

    def refund(self, payment, amount, refund_id, settings) -> RefundResult:
        api = self._client(settings)
        try:
            intent = payment.external_payment_id
            if not intent and payment.external_id:
                session = api.v1.checkout.sessions.retrieve(payment.external_id)
                intent = session.payment_intent
                payment.external_payment_id = intent
            if not intent:
                raise GatewayError(_("Stripe has no payment to refund for this order yet."))
            result = api.v1.refunds.create(
                params={
                    "payment_intent": intent,
                    "amount": to_minor(amount),
                    "metadata": {"payment_id": str(payment.id), "refund_id": str(refund_id)},
                },
                options={"idempotency_key": f"wizamart-refund-{refund_id}"},
            )
        except stripe.StripeError as exc:
            raise refusal(exc) from None
        if result.status in ("failed", "canceled"):
            raise GatewayError(_("Stripe refused the refund (%(status)s).", status=result.status))
        state = "succeeded" if result.status == "succeeded" else "pending"
        return RefundResult(external_id=result.id, state=state)
