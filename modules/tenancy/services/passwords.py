"""Password hashing with Argon2id (argon2-cffi): the OWASP-recommended KDF.

Production uses argon2-cffi's default parameters (RFC 9106 low-memory profile). The
test suite sets PASSWORD_HASH_PROFILE=cheapest: the same algorithm and code path,
minimal cost, so hundreds of sign-ins do not dominate the run.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

MIN_PASSWORD_LENGTH = 8
PROFILES = {"default": profiles.RFC_9106_LOW_MEMORY, "cheapest": profiles.CHEAPEST}


@cache
def _hasher_for(profile: str) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher.from_parameters(PROFILES[profile])
    # Verifying against this keeps "unknown email" as slow as "wrong password".
    return hasher, hasher.hash("not-a-real-password")


def _hasher() -> tuple[PasswordHasher, str]:
    profile = "default"
    if has_app_context():
        profile = current_app.config.get("PASSWORD_HASH_PROFILE", "default")
    return _hasher_for(profile)


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher, dummy = _hasher()
    try:
        return hasher.verify(password_hash or dummy, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher()[0].check_needs_rehash(password_hash)
