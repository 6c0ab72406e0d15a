"""The catalog's settings, from the environment (prefix CATALOG_)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from pydantic_settings import BaseSettings, SettingsConfigDict


class CatalogConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CATALOG_")

    #: Where an uploaded CSV file waits between the import's steps (a folder every web
    #: worker and job worker can read: a shared volume when they run on several machines).
    #: Unset: a private folder in the system's temporary directory.
    import_dir: Path | None = None
    #: `flask demo seed` adds about 100 products with pictures to the demo shops.
    demo_products: bool = True
    #: Rendered product cards kept per process (keyed by everything a card shows, so
    #: never stale; docs/performance.md). 0 renders every card every time.
    card_cache: int = 2048


config = CatalogConfig()


def setting(name: str):
    """A catalog setting: the app's `CATALOG_<NAME>` when given (tests, an app factory's
    config), else the environment's."""
    key = f"CATALOG_{name.upper()}"
    if key in current_app.config:
        return current_app.config[key]
    return getattr(config, name)
