"""Per-vendor API tokens: created and revoked on the vendor's API tokens page, used as
`Authorization: Bearer <token>` on that vendor's API (wizamart.api.auth).

A token is `wzm_<prefix>_<secret>`: the prefix (12 hex characters, public, shown on the
page) finds the row, and only the SHA-256 of the whole token is stored, compared in
constant time. The secret is 256 random bits, so a hash without a salt or a slow
function is enough; the token is shown once, at creation. It acts as its creator, with
the permissions picked then (at most the creator's own), and stops working when revoked,
when it expires, or when its creator leaves the team or is deactivated.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from modules.tenancy.exceptions import Problems
from modules.tenancy.models import ApiToken, utcnow
from modules.tenancy.services.access import run_core
from modules.tenancy.services.staff import as_utc, check_permission_choice
from modules.tenancy.services.users import signed_in_user
from wizamart.extensions import db
from wizamart.scoping import get_for_vendor_or_404
from wizamart.tenancy import ApiTokenRef, VendorRef

TOKEN_START = "wzm_"
NAME_MAX = 80
PER_PAGE = 25

_TOKEN = ApiToken.__table__
TOKEN_BY_PREFIX = sa.select(
    _TOKEN.c.id,
    _TOKEN.c.vendor_id,
    _TOKEN.c.token_hash,
    _TOKEN.c.permissions,
    _TOKEN.c.created_by_id,
    _TOKEN.c.expires_at,
).where(_TOKEN.c.prefix == sa.bindparam("prefix"), _TOKEN.c.revoked_at.is_(None))
MARK_USED = (
    sa.update(_TOKEN)
    .where(_TOKEN.c.id == sa.bindparam("token_id"))
    .values(last_used_at=sa.bindparam("now"))
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(prefix, token): a fresh token and the public part that finds it."""
    prefix = secrets.token_hex(6)
    return prefix, f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"


def token_prefix(token: str) -> str | None:
    """The prefix of a token as given by a caller, or None when it cannot be one of ours."""
    if not token.startswith(TOKEN_START):
        return None
    prefix, _, secret = token[len(TOKEN_START) :].partition("_")
    return prefix if len(prefix) == 12 and secret else None


def status(token: ApiToken, now: datetime | None = None) -> str:
    """ "active", "expired" or "revoked"."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and as_utc(token.expires_at) <= (now or utcnow()):
        return "expired"
    return "active"


def _check_name(problems: Problems, name: str) -> str:
    name = " ".join((name or "").split())  # no line breaks or runs of spaces in a label
    if not name:
        problems.add("name", _l("Give the token a name, e.g. what uses it."))
    elif len(name) > NAME_MAX:
        problems.add("name", _l("At most %(n)d characters.", n=NAME_MAX))
    return name


def _check_expiry(problems: Problems, expires_on: date | None) -> datetime | None:
    """A token given an expiry date works until the end of that day (UTC)."""
    if expires_on is None:
        return None
    if expires_on <= utcnow().date():
        problems.add("expires_on", _l("Pick a day after today, or leave it empty."))
        return None
    return datetime.combine(expires_on, time.max, tzinfo=UTC)


def create_token(
    actor, vendor: VendorRef, *, name: str, permissions=(), expires_on: date | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `vendor`, acting as `actor`; returns it and the token itself,
    which is not stored and cannot be shown again. Refuses (ValidationFailed, nothing
    written) an empty or long name, permissions `actor` does not hold, a past expiry."""
    problems = Problems()
    name = _check_name(problems, name)
    chosen = check_permission_choice(problems, actor, vendor, permissions)
    if not chosen and "permissions" not in problems:
        problems.add("permissions", _l("Pick at least one permission."))
    expires_at = _check_expiry(problems, expires_on)
    problems.raise_if_any()
    prefix, token = new_token()
    row = ApiToken(
        vendor_id=vendor.id,
        name=name,
        prefix=prefix,
        token_hash=hash_token(token),
        permissions=chosen,
        created_by_id=actor.id,
        expires_at=expires_at,
    )
    db.session.add(row)
    db.session.commit()
    return row, token


def vendor_tokens(vendor_id: int, page: int = 1) -> tuple[list[ApiToken], bool]:
    """One page of the vendor's tokens, newest first, with their creators (one
    statement a page), and whether there is another page."""
    rows = list(
        db.session.scalars(
            sa.select(ApiToken)
            .options(joinedload(ApiToken.created_by))
            .where(ApiToken.vendor_id == vendor_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE + 1)
        )
    )
    return rows[:PER_PAGE], len(rows) > PER_PAGE


def get_token_or_404(token_id: int) -> ApiToken:
    """A token of the request's vendor; another vendor's id is 404 like an unknown one."""
    return get_for_vendor_or_404(ApiToken, token_id)


def revoke_token(token: ApiToken) -> None:
    """Stop the token at once (kept, marked revoked, for the record)."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()


def authenticate(token: str) -> ApiTokenRef | None:
    """The live token for what a caller sent, its use recorded; None otherwise.

    Three statements whatever the number of tokens: the row by its prefix, its creator
    with their memberships, and the last-use mark (committed: reads commit nothing).
    """
    prefix = token_prefix(token)
    if prefix is None:
        return None
    row = run_core(TOKEN_BY_PREFIX, {"prefix": prefix}).first()
    if row is None or not hmac.compare_digest(row.token_hash, hash_token(token)):
        return None
    now = utcnow()
    if row.expires_at is not None and as_utc(row.expires_at) <= now:
        return None
    user = signed_in_user(row.created_by_id)
    if user is None or not user.is_active:
        return None
    run_core(MARK_USED, {"token_id": row.id, "now": now})
    db.session.commit()
    return ApiTokenRef(row.id, row.vendor_id, frozenset(row.permissions or ()), user)
