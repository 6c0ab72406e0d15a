"""What the customers module adds to pages other modules own (wizamart.hooks)."""

from __future__ import annotations

from flask import render_template

from modules.customers.services.session import current_shopper
from wizamart.hooks import fill


@fill("storefront.menu", order=900)
def account_link():
    """ "Sign in" for visitors, "My account" for the signed-in shopper: the last entry of
    the shop's header menu. A visitor without a session costs no statement (the page
    stays cacheable: wizamart/httpcache.py)."""
    return render_template("customers/storefront/_menu.html", shopper=current_shopper())
