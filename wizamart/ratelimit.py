"""Throttles for sensitive actions (sign-in), on the `limits` library.

One Throttle per app (in app.extensions), stored in Redis when configured so every
worker counts together, else in process memory. We use `limits` directly rather than a
global Flask-Limiter instance: the counters must belong to the app, and sign-in only
counts *failed* attempts, which is a call the view makes, not a decorator.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)


class Throttle:
    def __init__(self, storage_uri: str, prefix: str):
        options = {"socket_connect_timeout": 2, "socket_timeout": 2}
        is_redis = storage_uri.startswith(("redis://", "rediss://"))
        self.storage = storage_from_string(storage_uri, **(options if is_redis else {}))
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.prefix = prefix

    def is_blocked(self, limit: str, *identifiers: str) -> bool:
        """True when `identifiers` already used up `limit` (e.g. "5 per minute")."""
        try:
            return not self.limiter.test(parse(limit), self.prefix, *identifiers)
        except Exception:  # storage down: do not lock everyone out; say so in the log
            log.exception("rate-limit storage unavailable; not throttling")
            return False

    def hit(self, limit: str, *identifiers: str) -> None:
        try:
            self.limiter.hit(parse(limit), self.prefix, *identifiers)
        except Exception:
            log.exception("rate-limit storage unavailable; attempt not counted")

    def reset(self) -> None:
        self.storage.reset()


def init_throttle(app: Flask) -> None:
    uri = app.config.get("REDIS_URL") or "memory://"
    app.extensions["wizamart.throttle"] = Throttle(uri, app.config["REDIS_PREFIX"])


def throttle() -> Throttle:
    return current_app.extensions["wizamart.throttle"]
