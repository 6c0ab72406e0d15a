"""What the cart does when other modules speak (by event name, importing nothing)."""

from __future__ import annotations

from flask import has_request_context

from wizamart.events import subscribe
from wizamart.extensions import db


@subscribe("customers.signed_in")
def merge_guest_cart(event):
    """A shopper signed in: the browser's guest cart of that shop joins their cart, and
    the guest cookie is deleted."""
    if not has_request_context() or event.vendor_id is None:
        return
    from modules.cart.services import carts, cookie

    found = cookie.read(event.vendor_id)
    if found.token is None:
        if found.tampered:
            cookie.forget(event.vendor_id)
        return
    carts.merge(event.vendor_id, event.payload.customer_id, found.token)
    db.session.commit()
    cookie.forget(event.vendor_id)
