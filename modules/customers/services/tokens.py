"""One-time links: e-mail confirmation and password reset.

A link carries a random 256-bit secret, signed with the app's secret key and a salt per
purpose (itsdangerous: a forged, mangled or too old link is refused before the database
is asked). The database keeps only the secret's SHA-256 with its expiry and the moment
it was used, so a link works once, until it expires, and a leaked table opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from modules.customers.exceptions import TokenError
from modules.customers.models import Customer, CustomerToken, utcnow
from wizamart.extensions import db

CONFIRM = "confirm"
RESET = "reset"

UNKNOWN = _l("This link is not valid. Please use the newest link we sent you.")
EXPIRED = _l("This link has expired. Please ask for a new one.")
USED = _l("This link was used already. Please ask for a new one if you still need it.")


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"customers.{purpose}")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(customer: Customer, purpose: str, lifetime: timedelta) -> tuple[CustomerToken, str]:
    """A new token of `customer` (flushed, not committed) and the link's signed text."""
    secret = secrets.token_urlsafe(32)
    token = CustomerToken(
        vendor_id=customer.vendor_id,
        customer_id=customer.id,
        purpose=purpose,
        secret_hash=_hash(secret),
        expires_at=utcnow() + lifetime,
    )
    db.session.add(token)
    db.session.flush()
    return token, _serializer(purpose).dumps(secret)


def find(vendor_id: int, purpose: str, signed: str, max_age: timedelta) -> CustomerToken:
    """The live token the link stands for, or TokenError (unknown, expired or used)."""
    try:
        secret = _serializer(purpose).loads(signed, max_age=int(max_age.total_seconds()))
    except SignatureExpired:
        raise TokenError(str(EXPIRED)) from None
    except BadSignature:
        raise TokenError(str(UNKNOWN)) from None
    if not isinstance(secret, str):
        raise TokenError(str(UNKNOWN))
    token = db.session.scalar(
        sa.select(CustomerToken).where(
            CustomerToken.secret_hash == _hash(secret),
            CustomerToken.purpose == purpose,
            CustomerToken.vendor_id == vendor_id,
        )
    )
    if token is None or token.customer.is_deleted:
        raise TokenError(str(UNKNOWN))
    if token.used_at is not None:
        raise TokenError(str(USED))
    if as_utc(token.expires_at) <= utcnow():
        raise TokenError(str(EXPIRED))
    return token


def use(token: CustomerToken) -> None:
    """Mark the token used; every other open token of the same purpose ends with it.

    The UPDATE names the token unused: of two requests using the same link at once,
    only one changes the row, and the other is told the link was used.
    """
    now = utcnow()
    done = db.session.execute(
        sa.update(CustomerToken)
        .where(CustomerToken.id == token.id, CustomerToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise TokenError(str(USED))
    db.session.execute(
        sa.update(CustomerToken)
        .where(
            CustomerToken.customer_id == token.customer_id,
            CustomerToken.purpose == token.purpose,
            CustomerToken.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
