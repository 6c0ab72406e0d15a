"""Provider secrets encrypted at rest (Fernet, from the `cryptography` library).

The key comes from the environment: `WIZAMART_SECRETS_KEY`, one Fernet key (32 url-safe
base64-encoded bytes: `python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"`), or several separated by commas for a rotation:
the first encrypts, every one decrypts (MultiFernet), and `flask payments rotate-secrets`
re-encrypts every stored secret with the first (docs/payments.md, "Key rotation").

Outside production, without the variable, a key is derived from the app's SECRET_KEY so
`make demo` and the tests work; in production the variable is required, and saving a
secret without it is refused with a message (nothing is ever stored in clear).
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from flask_babel import lazy_gettext as _l

from modules.payments.exceptions import SecretsUnavailable

ENV_NAME = "WIZAMART_SECRETS_KEY"


def configured_keys() -> list[str]:
    """The keys of WIZAMART_SECRETS_KEY (app config first, for tests; else environment)."""
    raw = current_app.config.get(ENV_NAME) or os.environ.get(ENV_NAME) or ""
    return [k.strip() for k in raw.split(",") if k.strip()]


def derived_key() -> bytes:
    """The development key: SHA-256 of the app's secret key with a purpose label."""
    secret = current_app.config.get("SECRET_KEY") or ""
    digest = hashlib.sha256(f"wizamart-payments-secrets:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def is_production() -> bool:
    settings = current_app.config.get("WIZAMART_SETTINGS")
    return bool(settings is not None and settings.is_production)


def cipher() -> MultiFernet:
    keys = configured_keys()
    try:
        fernets = [Fernet(k.encode()) for k in keys]
    except (ValueError, TypeError):
        raise SecretsUnavailable(
            _l("WIZAMART_SECRETS_KEY is not a valid key: ask your administrator.")
        ) from None
    if not fernets:
        if is_production():
            raise SecretsUnavailable(
                _l("Secrets cannot be stored: WIZAMART_SECRETS_KEY is not set on this server.")
            )
        fernets = [Fernet(derived_key())]
    return MultiFernet(fernets)


def encrypt(plain: str) -> str:
    return cipher().encrypt(plain.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise SecretsUnavailable(
            _l("A stored secret cannot be read with the current WIZAMART_SECRETS_KEY.")
        ) from None


def rotate(token: str) -> str:
    """`token` encrypted again with the first key (MultiFernet.rotate)."""
    try:
        return cipher().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise SecretsUnavailable(
            _l("A stored secret cannot be read with the current WIZAMART_SECRETS_KEY.")
        ) from None


def last4(plain: str) -> str:
    return plain[-4:] if len(plain) >= 8 else ""
