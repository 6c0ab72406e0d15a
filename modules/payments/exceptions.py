"""Errors of the payments module; messages are fit to show the vendor."""

from __future__ import annotations

from wizamart import problems
from wizamart.problems import FieldErrors


class PaymentsError(ValueError):
    """A payments rule was broken (a transition a payment cannot make, say)."""


class ValidationFailed(PaymentsError, FieldErrors):
    """Input a service refused, as messages per form field ("" for the whole form)."""


class Problems(problems.Problems):
    """Collects field errors while a service checks its input."""

    error_class = ValidationFailed


class GatewayError(PaymentsError):
    """The payment provider refused or could not be reached; nothing was changed here."""


class WebhookRejected(PaymentsError):
    """A webhook that is not the provider's (bad or missing signature, unreadable body)."""


class SecretsUnavailable(GatewayError):
    """No key to encrypt or decrypt a shop's provider secrets (WIZAMART_SECRETS_KEY)."""
