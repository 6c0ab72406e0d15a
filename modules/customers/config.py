"""The customers module's settings, from the environment (prefix CUSTOMERS_)."""

from __future__ import annotations

from decimal import Decimal

from flask import current_app
from pydantic_settings import BaseSettings, SettingsConfigDict


class CustomersConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CUSTOMERS_")

    #: A customer is a VIP from this total spend on, unless the shop sets its own.
    vip_threshold: Decimal = Decimal("500")
    #: Hours a confirmation link works; minutes a password-reset link works.
    confirm_hours: int = 72
    reset_minutes: int = 60
    #: Currency of the order figures (total spent, VIP threshold) until orders tell theirs.
    currency: str = "EUR"


config = CustomersConfig()


def setting(name: str):
    """`CUSTOMERS_<NAME>` from the app's config when given (tests), else the environment's."""
    key = f"CUSTOMERS_{name.upper()}"
    if key in current_app.config:
        return current_app.config[key]
    return getattr(config, name)
