"""What the cart adds to pages other modules own (wizamart.hooks): the header's cart
link with its count, and the product page's add-to-cart form."""

from __future__ import annotations

from flask import g, render_template, request

from wizamart.hooks import fill


@fill("storefront.menu", order=800)
def cart_link():
    """ "Cart" with the number of items, before the account entry. A visitor without a
    session or cart cookie costs no statement (the page stays cacheable); one with a
    cart gets a private page."""
    if g.get("vendor") is None:  # an error page outside a shop
        return ""
    from modules.cart.services.carts import current_owner, item_count
    from wizamart.httpcache import mark_personal

    owner = current_owner()
    if not owner.is_nobody:
        mark_personal()
    return render_template("cart/storefront/_badge.html", count=item_count(owner))


@fill("catalog.product_actions", order=10)
def add_to_cart_form(product, variant=None):
    """The product page's form: the variant (when there are several), the quantity,
    "Add to cart". It carries no CSRF token, so the product page sets no cookie and
    stays cacheable: the add route checks the request's origin instead."""
    if g.get("vendor") is None:
        return ""
    from modules.cart.config import setting

    variants = list(getattr(product, "variants", None) or [])
    return render_template(
        "cart/storefront/_add_form.html",
        product=product,
        variants=variants,
        selected=getattr(variant, "id", None) or (variants[0].id if variants else None),
        back=request.full_path.rstrip("?"),
        max_quantity=int(setting("max_quantity")),
    )
