"""The cart's pages on a shop: /storefront/<vendor_code>/cart/...

Every change works without JavaScript (POST, redirect, flash) and with htmx (the cart's
body or the add form's message swapped, the header's badge out of band). Bad input
answers 422 with the message beside the field and changes nothing; a tampered cart
cookie answers 400 and is deleted; another shopper's line id answers 404.

Adding to the cart is posted from the product page, which carries no CSRF token (a
token would give every visitor a session cookie and make product pages uncacheable):
the add route is exempt from Flask-WTF's token and checks instead that the request
comes from the shop's own pages (`Origin`, else `Referer`, same scheme and host), which
a browser sends on every cross-site POST. Every other cart form carries the token.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from modules.cart.exceptions import CartUnreadable, ValidationFailed
from modules.cart.schemas import CartForm
from modules.cart.services import carts, cookie
from wizamart.extensions import csrf, db
from wizamart.htmx import is_partial_request, oob_envelope, render
from wizamart.httpcache import mark_personal
from wizamart.redirects import safe_next

router = Blueprint("cart_storefront", __name__)

CART_PAGE = "cart/storefront/cart.html"
ADD_PAGE = "cart/storefront/add.html"


def with_badge(response, owner: carts.Owner):
    """An htmx answer also updates the header's badge (out of band)."""
    if is_partial_request():
        envelope = oob_envelope(
            "cart/storefront/_badge.html", "cart_badge", count=carts.item_count(owner)
        )
        response.set_data(response.get_data() + str(envelope).encode())
    return response


def cart_page(owner: carts.Owner, status: int = 200, errors=None, notice: str = ""):
    if not owner.is_nobody:
        mark_personal()
    view = carts.build_view(carts.find_cart(owner))
    response = render(
        CART_PAGE,
        status=status,
        oob=("flash",),
        view=view,
        errors=errors or {},
        notice=notice,
        form=CartForm(),
        page_title=_("Your cart"),
    )
    return with_badge(response, owner)


def unreadable(owner: carts.Owner):
    """A tampered cookie: say so, delete it, change nothing."""
    cookie.forget(owner.vendor_id)
    return cart_page(carts.Owner(owner.vendor_id), 400, notice=str(carts.UNREADABLE))


@router.route("/")
def cart():
    owner = carts.current_owner()
    notice = ""
    if owner.tampered:
        cookie.forget(owner.vendor_id)
        notice = _("We could not read your cart (its cookie was changed), so it was left aside.")
    return cart_page(owner, notice=notice)


# -- add (from the product page) ---------------------------------------------------------
def same_origin() -> bool:
    """The POST comes from a page of this host (Origin, else Referer)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(source)
    own = urlsplit(request.host_url)
    return bool(parts.netloc) and (parts.scheme, parts.netloc) == (own.scheme, own.netloc)


def add_answer(status: int, *, message: str = "", errors=None, info=None, owner=None):
    response = render(
        ADD_PAGE,
        status=status,
        message=message,
        errors=errors or {},
        info=info,
        variant_id=request.form.get("variant_id", "")[:20],
        quantity=request.form.get("quantity", "")[:20],
        back=safe_next(request.form.get("next")),
        page_title=_("Add to cart"),
    )
    return with_badge(response, owner or carts.current_owner())


@router.route("/add", methods=["POST"])
@csrf.exempt
def add():
    if not same_origin():
        return add_answer(400, errors={"": [_("Please add products from the shop's own pages.")]})
    owner = carts.current_owner()
    try:
        owner, line, info = carts.add(
            owner, request.form.get("variant_id"), request.form.get("quantity")
        )
    except ValidationFailed as exc:
        db.session.rollback()
        return add_answer(422, errors=exc.errors)
    except CartUnreadable as exc:
        db.session.rollback()
        cookie.forget(owner.vendor_id)
        return add_answer(400, errors={"": [str(exc)]}, owner=carts.Owner(owner.vendor_id))
    db.session.commit()
    message = _("Added to your cart: %(title)s.", title=info.title)
    if is_partial_request():
        return add_answer(200, message=message, info=info, owner=owner)
    flash(message, "success")
    return redirect(safe_next(request.form.get("next")) or url_for(".cart"))


# -- change, remove, accept prices (the cart page) -------------------------------------
def owned_line(owner: carts.Owner, line_id: int):
    found = carts.line_of(owner, line_id)
    if found is None:
        abort(404)
    return found


def done(owner: carts.Owner, message: str):
    db.session.commit()
    flash(message, "success")
    if is_partial_request():
        return cart_page(owner)
    return redirect(url_for(".cart"))


@router.route("/lines/<int:line_id>", methods=["POST"])
def change(line_id):
    owner = carts.current_owner()
    if owner.tampered:
        return unreadable(owner)
    cart, line = owned_line(owner, line_id)
    try:
        carts.change(cart, line, request.form.get("quantity"))
    except ValidationFailed as exc:
        db.session.rollback()
        return cart_page(owner, 422, errors=exc.errors)
    return done(owner, _("Quantity changed: %(title)s.", title=line.title))


@router.route("/lines/<int:line_id>/remove", methods=["POST"])
def remove(line_id):
    owner = carts.current_owner()
    if owner.tampered:
        return unreadable(owner)
    cart, line = owned_line(owner, line_id)
    title = line.title
    carts.remove(cart, line)
    return done(owner, _("Removed from your cart: %(title)s.", title=title))


@router.route("/accept-prices", methods=["POST"])
def accept_prices():
    owner = carts.current_owner()
    if owner.tampered:
        return unreadable(owner)
    cart = carts.find_cart(owner)
    if cart is None:
        abort(404)
    carts.accept_prices(cart)
    return done(owner, _("Your cart shows today's prices."))
