"""Who the shopper is on this shop: their own session entry, apart from Flask-Login.

Back-office users sign in with Flask-Login (`current_user`, tenancy). Shoppers are not
users: they are kept under their own key, per shop,

    session["shoppers"] = {"<vendor id>": [<customer id>, <session version>]}

so a back-office session makes nobody a shopper, a shopper of bakery is nobody on bikes'
storefront (their entry names bakery's id), and one browser may be a shopper of several
shops. The session version is the customer's `session_version`: signing out or changing
the password bumps it, and every copy of the old cookie stops working.
"""

from __future__ import annotations

from flask import current_app, g, request, session

from modules.customers.models import Customer
from wizamart.extensions import db

KEY = "shoppers"
_UNSET = object()


def _entries() -> dict:
    entries = session.get(KEY)
    return entries if isinstance(entries, dict) else {}


def sign_in(customer: Customer) -> None:
    """The browser is `customer` on their shop from now on (the language follows them)."""
    entries = dict(_entries())
    entries[str(customer.vendor_id)] = [customer.id, customer.session_version]
    session[KEY] = entries
    session["language"] = customer.language
    g.customers_shopper = customer


def forget(vendor_id: int) -> None:
    """Drop this shop's entry from the browser's session (others stay)."""
    entries = dict(_entries())
    if entries.pop(str(vendor_id), None) is not None:
        session[KEY] = entries
    g.customers_shopper = None


def current_shopper() -> Customer | None:
    """The signed-in shopper of the request's shop, or None; one statement a request,
    none for a visitor without a session cookie."""
    found = g.get("customers_shopper", _UNSET)
    if found is not _UNSET:
        return found
    g.customers_shopper = None
    vendor = g.get("vendor")
    if vendor is None or current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return None
    entry = _entries().get(str(vendor.id))
    if not (isinstance(entry, list) and len(entry) == 2 and all(type(v) is int for v in entry)):
        return None
    customer_id, version = entry
    customer = db.session.get(Customer, customer_id)
    if (
        customer is None
        or customer.vendor_id != vendor.id
        or customer.session_version != version
        or customer.is_deleted
        or not customer.is_confirmed
    ):
        forget(vendor.id)
        return None
    g.customers_shopper = customer
    return customer


def end_every_session(customer: Customer) -> None:
    """Every session of `customer` stops working (sign-out, password change, deletion)."""
    customer.session_version = (customer.session_version or 1) + 1
