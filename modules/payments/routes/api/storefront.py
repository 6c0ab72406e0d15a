"""Providers' webhooks: POST /api/v1/storefront/<vendor_code>/payments/<code>/webhook.

The caller is the provider, not a browser: no session, no CSRF token (the view is
exempt; its proof is the provider's signature, checked with the shop's own secret). A
bad or missing signature answers 400 and records nothing; a replay answers 200 and
changes nothing (services/payments.py, `handle_webhook`).
"""

from __future__ import annotations

from flask import Blueprint, abort, g, request
from flask_babel import gettext as _
from pydantic import BaseModel, Field

from modules.payments.exceptions import SecretsUnavailable, WebhookRejected
from modules.payments.services import payments as service
from wizamart.api import ApiError, api_view
from wizamart.extensions import csrf

router = Blueprint("payments_api_storefront", __name__)


class WebhookAnswer(BaseModel):
    received: bool = True
    outcome: str = Field(
        description="paid, failed, cancelled, ignored, mismatch, or replay (already seen)"
    )


@router.post("/<code>/webhook")
@api_view(response=WebhookAnswer, errors=(400,))
def webhook(code: str):
    """A payment provider's event for this shop (Stripe: `checkout.session.*`)."""
    if service.webhook_gateway(code) is None:
        abort(404)
    try:
        outcome = service.handle_webhook(
            g.vendor.id, code, request.get_data(cache=False), request.headers
        )
    except (WebhookRejected, SecretsUnavailable):
        raise ApiError(400, _("The signature of this webhook is missing or wrong.")) from None
    return {"received": True, "outcome": outcome}


csrf.exempt(webhook)
