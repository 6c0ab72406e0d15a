"""The payments module's settings, from the environment (prefix PAYMENTS_)."""

from __future__ import annotations

from flask import current_app
from pydantic_settings import BaseSettings, SettingsConfigDict

STRIPE_DEFAULT_API_BASE = "https://api.stripe.com"


class PaymentsConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PAYMENTS_")

    #: Where the Stripe library sends its requests. Tests point it at a local fake server.
    stripe_api_base: str = STRIPE_DEFAULT_API_BASE
    #: Seconds a Stripe request may take before the shop gives up (and says so).
    stripe_timeout: int = 20
    #: Network retries of the Stripe library (its requests carry idempotency keys).
    stripe_max_retries: int = 1


config = PaymentsConfig()


def setting(name: str):
    """`PAYMENTS_<NAME>` from the app's config when given (tests), else the environment's."""
    key = f"PAYMENTS_{name.upper()}"
    if key in current_app.config:
        return current_app.config[key]
    return getattr(config, name)
