"""The guest's cart cookie: a random token, signed, one cookie per shop.

The cookie `cart_<vendor id>` holds `{"v": <vendor id>, "t": <token>}` signed with the
app's secret key and a salt of its own (itsdangerous' URLSafeSerializer), HttpOnly,
SameSite=Lax, Secure when the request came over HTTPS (or SESSION_COOKIE_SECURE says so).
The database keeps only the token's SHA-256 (`cart_cart.token_hash`), so a database
dump opens nobody's cart. A cookie whose signature does not hold, or that names another
shop, is *tampered*: it opens no cart, and the cart's pages say so.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from flask import after_this_request, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "wizamart.cart.guest"
MAX_AGE_DAYS = 400  # browsers keep a cookie at most this long; the database decides


def cookie_name(vendor_id: int) -> str:
    return f"cart_{vendor_id}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


@dataclass(frozen=True)
class GuestCookie:
    token: str | None  # the guest's token, None when there is no (valid) cookie
    tampered: bool = False  # a cookie was sent, but it is not one of ours


def read(vendor_id: int) -> GuestCookie:
    """The request's cart cookie for this shop (read once per request)."""
    cache = g.setdefault("cart_cookies", {})
    if vendor_id in cache:
        return cache[vendor_id]
    raw = request.cookies.get(cookie_name(vendor_id))
    found = GuestCookie(None)
    if raw:
        try:
            data = _serializer().loads(raw)
        except BadSignature:
            data = None
        if (
            isinstance(data, dict)
            and data.get("v") == vendor_id
            and isinstance(data.get("t"), str)
            and 20 <= len(data["t"]) <= 100
        ):
            found = GuestCookie(data["t"])
        else:
            found = GuestCookie(None, tampered=True)
    cache[vendor_id] = found
    return found


def issue(vendor_id: int) -> str:
    """A new token for this shop, sent to the browser with the response; returned."""
    token = secrets.token_urlsafe(32)
    value = _serializer().dumps({"v": vendor_id, "t": token})
    secure = request.is_secure or bool(current_app.config.get("SESSION_COOKIE_SECURE"))

    @after_this_request
    def set_cookie(response):
        response.set_cookie(
            cookie_name(vendor_id),
            value,
            max_age=MAX_AGE_DAYS * 86400,
            httponly=True,
            samesite="Lax",
            secure=secure,
            path="/",
        )
        return response

    g.setdefault("cart_cookies", {})[vendor_id] = GuestCookie(token)
    return token


def forget(vendor_id: int) -> None:
    """Delete the browser's cookie for this shop with the response."""
    if cookie_name(vendor_id) not in request.cookies:
        return

    @after_this_request
    def delete_cookie(response):
        response.delete_cookie(cookie_name(vendor_id), path="/")
        return response

    g.setdefault("cart_cookies", {})[vendor_id] = GuestCookie(None)
