"""The cart module's settings, from the environment (prefix CART_)."""

from __future__ import annotations

from flask import current_app
from pydantic_settings import BaseSettings, SettingsConfigDict


class CartConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CART_")

    #: A guest's cart untouched this many days is deleted by the periodic job.
    guest_ttl_days: int = 30
    #: A signed-in shopper's cart untouched this many days is deleted too.
    account_ttl_days: int = 180
    #: The most of one variant a line may hold.
    max_quantity: int = 999
    #: The most lines a cart may hold.
    max_lines: int = 100


config = CartConfig()


def setting(name: str):
    """`CART_<NAME>` from the app's config when given (tests), else the environment's."""
    key = f"CART_{name.upper()}"
    if key in current_app.config:
        return current_app.config[key]
    return getattr(config, name)
