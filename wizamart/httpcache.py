"""HTTP caching of storefront pages (docs/performance.md, "Cookies and caching").

Every successful GET of a storefront page or storefront API (a blueprint of the
storefront frontend, on /storefront/<code>/... or a vendor's own domain) gets:

- an `ETag`, a hash of the body: always correct, whatever the page shows (a product, its
  price, the shop's name), so a change anywhere makes the next response differ; and a
  304 without a body when the request's `If-None-Match` matches;
- `Vary: Accept-Language, Cookie, HX-Request`: the language comes from the browser when
  there is no session, a session changes the page, htmx asks for fragments;
- for a visitor without a session (no session cookie sent, none being set, not signed
  in): `Cache-Control: public, max-age=0, s-maxage=<STOREFRONT_MAX_AGE>` (60 s by
  default): a reverse proxy or CDN may serve it for that long, while the visitor's own
  browser asks again every time (a 304 when nothing changed), so a product archived or
  a module switched off is gone from the next page the visitor opens; anyone with a
  session (a language picked, a cart, signed in) gets `private, no-cache`: their browser
  revalidates with the ETag.

Streamed responses (a large sitemap) carry no ETag (the body is not known up front) but
the same Cache-Control.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request, session
from flask_login import current_user

from wizamart.modules.definition import FrontendType

VARY = ("Accept-Language", "Cookie", "HX-Request")


def is_storefront_request() -> bool:
    return g.get("frontend") == FrontendType.STOREFRONT


def mark_personal() -> None:
    """This response shows something of the visitor's own that is not in the session
    (a cart found through its own cookie): it is private, never kept by a shared cache."""
    g.personal_response = True


def is_anonymous_without_session() -> bool:
    """Nothing of this visitor's own is on the page or about to be stored."""
    if g.get("personal_response"):
        return False
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
        return False
    if session.modified:
        return False
    return not current_user.is_authenticated


def cache_storefront_response(response):
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if not is_storefront_request():
        return response
    for header in VARY:
        response.vary.add(header)
    if response.headers.getlist("Set-Cookie") or not is_anonymous_without_session():
        response.headers["Cache-Control"] = "private, no-cache"
    else:
        max_age = int(current_app.config.get("STOREFRONT_MAX_AGE", 60))
        response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={max_age}"
    if response.is_streamed or response.direct_passthrough:
        return response
    response.add_etag()
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    app.after_request(cache_storefront_response)
