"""Carts: who owns the request's cart, adding, changing, removing, the cart as the
shopper sees it (and as checkout will take it), merging at sign-in, expiry.

The cart knows the catalog only through the hook question `catalog.variants`
(`wizamart.hooks.hook_results`): title, VAT-inclusive price, currency, VAT rate,
status and available stock of the variants it holds. With the catalog off on the
platform nobody answers: the lines show as unavailable and the cart cannot go on.

Every function checks everything first and writes nothing on bad input
(`ValidationFailed`, 422). Callers commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import g
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from modules.cart.config import setting
from modules.cart.exceptions import CartUnreadable, Problems
from modules.cart.models import Cart, CartLine, utcnow
from modules.cart.services import cookie
from modules.customers.services.session import current_shopper
from wizamart.extensions import db
from wizamart.hooks import hook_results
from wizamart.money import Money, vat_parts

QUANTITY_RE = re.compile(r"^\s*\d{1,12}\s*$")


# -- whose cart ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Owner:
    """The request's cart owner: a signed-in shopper, or a guest's token (or nobody)."""

    vendor_id: int
    customer_id: int | None = None
    token: str | None = None
    tampered: bool = False  # a cart cookie was sent that is not ours

    @property
    def is_nobody(self) -> bool:
        return self.customer_id is None and self.token is None

    def where(self):
        if self.customer_id is not None:
            return sa.and_(Cart.vendor_id == self.vendor_id, Cart.customer_id == self.customer_id)
        return sa.and_(
            Cart.vendor_id == self.vendor_id, Cart.token_hash == cookie.token_hash(self.token)
        )


def current_owner() -> Owner:
    """Who the request's cart belongs to: the signed-in shopper of this shop, else the
    guest of the cookie. No statement for a visitor without a session or cart cookie."""
    vendor_id = g.vendor.id
    shopper = current_shopper()
    if shopper is not None:
        return Owner(vendor_id, customer_id=shopper.id)
    found = cookie.read(vendor_id)
    return Owner(vendor_id, token=found.token, tampered=found.tampered)


def find_cart(owner: Owner, with_lines: bool = True) -> Cart | None:
    if owner.is_nobody:
        return None
    statement = sa.select(Cart).where(owner.where())
    if with_lines:
        statement = statement.options(selectinload(Cart.lines))
    return db.session.scalars(statement).one_or_none()


def item_count(owner: Owner) -> int:
    """How many items the owner's cart holds (the header's badge): one statement, none
    for nobody."""
    if owner.is_nobody:
        return 0
    total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(CartLine.quantity), 0))
        .join(Cart, Cart.id == CartLine.cart_id)
        .where(owner.where())
    )
    return int(total or 0)


def lifetime(owner_is_guest: bool) -> timedelta:
    days = setting("guest_ttl_days") if owner_is_guest else setting("account_ttl_days")
    return timedelta(days=int(days))


def touch(cart: Cart, now: datetime | None = None) -> None:
    now = now or utcnow()
    cart.updated_at = now
    cart.expires_at = now + lifetime(cart.customer_id is None)


def new_cart(owner: Owner) -> tuple[Owner, Cart]:
    """A new cart for the owner (a guest gets a new token, sent as the cookie)."""
    if owner.customer_id is None:
        owner = Owner(owner.vendor_id, token=cookie.issue(owner.vendor_id))
    cart = Cart(
        vendor_id=owner.vendor_id,
        customer_id=owner.customer_id,
        token_hash=cookie.token_hash(owner.token) if owner.token else None,
    )
    touch(cart)
    db.session.add(cart)
    return owner, cart


UNREADABLE = _l(
    "We could not read your cart (its cookie was changed). Nothing was changed; "
    "please try again: a new cart will be started."
)


# -- what the catalog says -------------------------------------------------------------
def variant_info(vendor_id: int, variant_ids) -> dict[int, object] | None:
    """{variant id: info} from the catalog; None when no module answers (catalog off)."""
    ids = sorted(set(variant_ids))
    answers = hook_results(
        "catalog.variants",
        vendor_id=vendor_id,
        variant_ids=ids,
        locale=str(get_locale() or "en"),
    )
    if not answers:
        return None
    found = {}
    for _code, infos in answers:
        for info in infos or ():
            found.setdefault(info.variant_id, info)
    return found


# -- quantities ----------------------------------------------------------------------------
def parse_quantity(problems: Problems, field: str, text) -> int | None:
    """A whole number from 1 to the maximum; a message on `field` otherwise."""
    maximum = int(setting("max_quantity"))
    text = "" if text is None else str(text)
    if not QUANTITY_RE.match(text):
        problems.add(field, _l("Enter a whole number from 1 to %(max)d.", max=maximum))
        return None
    value = int(text)
    if value < 1:
        problems.add(field, _l("At least 1. To take it out of the cart, use Remove."))
        return None
    if value > maximum:
        problems.add(field, _l("At most %(max)d at a time.", max=maximum))
        return None
    return value


def check_stock(problems: Problems, field: str, info, wanted: int, in_cart: int = 0) -> None:
    if info is None or not info.is_active:
        problems.add(field, _l("This product is no longer available."))
        return
    if info.stock is not None and wanted > info.stock:
        if info.stock <= 0:
            problems.add(field, _l("This product is out of stock."))
        elif in_cart:
            problems.add(
                field,
                _l(
                    "Only %(count)d left, and %(in_cart)d are in your cart already.",
                    count=info.stock,
                    in_cart=in_cart,
                ),
            )
        else:
            problems.add(field, _l("Only %(count)d left.", count=info.stock))


# -- changes -----------------------------------------------------------------------------
def parse_id(text) -> int | None:
    text = "" if text is None else str(text).strip()
    return int(text) if text.isdigit() and len(text) <= 12 else None


def add(owner: Owner, variant_id_text, quantity_text) -> tuple[Owner, CartLine, object]:
    """Add `quantity` of a variant (more of it when it is in the cart already, at its
    current price). Returns the owner (a guest's new token), the line and the catalog's
    info. ValidationFailed on bad input, CartUnreadable on a tampered cookie."""
    problems = Problems()
    quantity = parse_quantity(problems, "quantity", quantity_text)
    variant_id = parse_id(variant_id_text)
    if variant_id is None:
        problems.add("variant_id", _l("Choose a product."))
        problems.raise_if_any()
    if owner.tampered:
        raise CartUnreadable(str(UNREADABLE))
    infos = variant_info(owner.vendor_id, [variant_id])
    if infos is None:
        problems.add("", _l("The shop's products cannot be bought right now."))
        problems.raise_if_any()
    info = infos.get(variant_id)
    cart = find_cart(owner)
    line = next((x for x in cart.lines if x.variant_id == variant_id), None) if cart else None
    in_cart = line.quantity if line else 0
    if quantity is not None:
        total = in_cart + quantity
        if total > int(setting("max_quantity")):
            problems.add(
                "quantity",
                _l(
                    "At most %(max)d of one product: %(in_cart)d are in your cart already.",
                    max=int(setting("max_quantity")),
                    in_cart=in_cart,
                ),
            )
        else:
            check_stock(problems, "quantity", info, total, in_cart)
    elif info is None or not info.is_active:
        check_stock(problems, "variant_id", info, 0)
    if cart is not None and line is None and len(cart.lines) >= int(setting("max_lines")):
        problems.add("", _l("Your cart is full. Remove something first."))
    problems.raise_if_any()
    if cart is None:
        owner, cart = new_cart(owner)
    if line is None:
        line = CartLine(
            vendor_id=owner.vendor_id,
            variant_id=variant_id,
            product_id=info.product_id,
            quantity=quantity,
        )
        cart.lines.append(line)
    else:
        line.quantity = in_cart + quantity
    line.title = info.title[:300]
    line.unit_price_at_add = info.price
    line.currency = info.currency
    touch(cart)
    db.session.flush()
    return owner, line, info


def line_of(owner: Owner, line_id: int) -> tuple[Cart, CartLine] | None:
    """The owner's cart and its line `line_id`; None for anybody else's line."""
    if owner.is_nobody or owner.tampered:
        return None
    cart = find_cart(owner)
    line = next((x for x in cart.lines if x.id == line_id), None) if cart else None
    return (cart, line) if line is not None else None


def change(cart: Cart, line: CartLine, quantity_text) -> None:
    """Set the line's quantity (checked against the stock; 0 is refused: Remove)."""
    problems = Problems()
    field = f"quantity-{line.id}"
    quantity = parse_quantity(problems, field, quantity_text)
    if quantity is not None and quantity > line.quantity:
        infos = variant_info(cart.vendor_id, [line.variant_id])
        if infos is None:
            problems.add(field, _l("The shop's products cannot be bought right now."))
        else:
            check_stock(problems, field, infos.get(line.variant_id), quantity)
    problems.raise_if_any()
    line.quantity = quantity
    touch(cart)
    db.session.flush()


def remove(cart: Cart, line: CartLine) -> None:
    cart.lines.remove(line)
    touch(cart)
    db.session.flush()


def accept_prices(cart: Cart) -> int:
    """Take today's prices for every line whose price changed; how many changed."""
    infos = variant_info(cart.vendor_id, [x.variant_id for x in cart.lines]) or {}
    changed = 0
    for line in cart.lines:
        info = infos.get(line.variant_id)
        if info is not None and _price_changed(line, info):
            line.unit_price_at_add = info.price
            line.currency = info.currency
            changed += 1
    if changed:
        touch(cart)
        db.session.flush()
    return changed


# -- the cart as the shopper (and checkout) sees it ---------------------------------------
def _price_changed(line: CartLine, info) -> bool:
    return info.currency != line.currency or Decimal(info.price) != Decimal(line.unit_price_at_add)


@dataclass
class LineView:
    line: CartLine
    info: object | None  # the catalog's answer; None: unavailable
    unit_price: Money  # today's price (the price at add when unavailable)
    added_price: Money
    problem: str = ""  # why this line cannot be bought as it is

    @property
    def available(self) -> bool:
        return self.info is not None and self.info.is_active

    @property
    def price_changed(self) -> bool:
        return self.available and self.unit_price != self.added_price

    @property
    def total(self) -> Money:
        return self.unit_price * self.line.quantity

    @property
    def title(self) -> str:
        return self.info.title if self.info is not None else self.line.title


@dataclass
class CartView:
    """A cart with today's prices. `ready` is False while any problem is listed:
    checkout must not go on (and must show `problems`)."""

    cart: Cart | None
    lines: list[LineView] = field(default_factory=list)
    total: Money | None = None
    vat: list[tuple[Decimal, Money]] = field(default_factory=list)  # (rate %, VAT in total)
    catalog_on: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(x.line.quantity for x in self.lines)

    @property
    def price_changes(self) -> list[LineView]:
        return [x for x in self.lines if x.price_changed]

    @property
    def ready(self) -> bool:
        return bool(self.lines) and not self.problems


def _mixed_currencies(money: list[Money]) -> bool:
    return len({m.currency for m in money}) > 1


def build_view(cart: Cart | None) -> CartView:
    """Today's prices, totals, VAT per rate and what stops checkout, for `cart`."""
    if cart is None or not cart.lines:
        return CartView(cart)
    infos = variant_info(cart.vendor_id, [x.variant_id for x in cart.lines])
    view = CartView(cart, catalog_on=infos is not None)
    infos = infos or {}
    for line in cart.lines:
        info = infos.get(line.variant_id)
        added = Money(line.unit_price_at_add, line.currency)
        if info is None or not info.is_active:
            item = LineView(line, info, added, added)
            item.problem = (
                str(_l("No longer available: please remove it."))
                if view.catalog_on
                else str(_l("Cannot be shown right now."))
            )
        else:
            item = LineView(line, info, Money(info.price, info.currency), added)
            if info.stock is not None and line.quantity > info.stock:
                item.problem = (
                    str(_l("Out of stock."))
                    if info.stock <= 0
                    else str(_l("Only %(count)d left: lower the quantity.", count=info.stock))
                )
            elif item.price_changed:
                item.problem = str(
                    _l(
                        "The price changed from %(before)s to %(now)s.",
                        before=_fmt(added),
                        now=_fmt(item.unit_price),
                    )
                )
        view.lines.append(item)
    buyable = [x for x in view.lines if x.available]
    totals = [x.total for x in buyable]
    if totals and not _mixed_currencies(totals):
        view.total = sum(totals[1:], totals[0])
        by_rate: dict[Decimal, Money] = {}
        for item in buyable:
            rate = Decimal(item.info.vat_rate)
            by_rate[rate] = by_rate[rate] + item.total if rate in by_rate else item.total
        view.vat = [(rate, vat_parts(gross, rate)[1]) for rate, gross in sorted(by_rate.items())]
    if not view.catalog_on:
        view.problems.append(
            str(_l("The shop's products cannot be shown right now. Your cart is kept."))
        )
    view.problems += [f"{x.title}: {x.problem}" for x in view.lines if x.problem]
    return view


def _fmt(money: Money) -> str:
    from wizamart.money import format_money

    return format_money(money)


def cart_for_checkout(
    vendor_id: int, *, customer_id: int | None = None, token: str | None = None
) -> CartView:
    """The cart of a shopper (`customer_id`) or guest (`token`, from the cart cookie:
    `cookie.read(vendor_id).token`) with today's prices, for the checkout module.

    Checkout goes on only when `view.ready`: the cart has lines and `view.problems` is
    empty — every line available, within stock, and at the price the shopper saw (a
    changed price is listed until the shopper accepts it on the cart page,
    `accept_prices`). Checkout reads `view.lines` (`line.variant_id`, `line.quantity`,
    `unit_price`, `info.vat_rate`), `view.total` and `view.vat`, and deletes the cart
    (`clear`) once the order is placed."""
    owner = Owner(vendor_id, customer_id=customer_id, token=token)
    return build_view(find_cart(owner))


def clear(cart: Cart) -> None:
    """Delete the cart and its lines (after an order is placed)."""
    db.session.delete(cart)
    db.session.flush()


# -- sign-in -----------------------------------------------------------------------------
def merge(vendor_id: int, customer_id: int, token: str) -> Cart | None:
    """The guest's cart (`token`) joins the shopper's: the guest's lines are added (one
    variant in both: the quantities add up, at most the maximum); the guest's cart is
    gone. With no account cart yet, the guest's cart simply becomes the account's."""
    guest = find_cart(Owner(vendor_id, token=token))
    if guest is None:
        return None
    account = find_cart(Owner(vendor_id, customer_id=customer_id))
    if account is None:
        guest.customer_id = customer_id
        guest.token_hash = None
        touch(guest)
        db.session.flush()
        return guest
    maximum = int(setting("max_quantity"))
    mine = {x.variant_id: x for x in account.lines}
    for line in guest.lines:
        kept = mine.get(line.variant_id)
        if kept is not None:
            kept.quantity = min(maximum, kept.quantity + line.quantity)
        else:
            account.lines.append(
                CartLine(
                    vendor_id=vendor_id,
                    variant_id=line.variant_id,
                    product_id=line.product_id,
                    title=line.title,
                    quantity=line.quantity,
                    unit_price_at_add=line.unit_price_at_add,
                    currency=line.currency,
                    added_at=line.added_at,
                )
            )
    db.session.delete(guest)
    db.session.flush()
    touch(account)
    db.session.flush()
    return account


# -- expiry ------------------------------------------------------------------------------
EXPIRY_BATCH = 500


def expire(platform_id: int | None = None, now: datetime | None = None) -> int:
    """Delete the carts past their expiry (of one platform's shops, or all), in
    batches, committing each; how many were deleted. Run by the periodic job."""
    from modules.tenancy.models import Vendor

    now = now or datetime.now(UTC)
    deleted = 0
    while True:
        statement = (
            sa.select(Cart.id)
            .where(Cart.expires_at <= now)
            .order_by(Cart.id)
            .limit(EXPIRY_BATCH)
            .execution_options(all_vendors=True)
        )
        if platform_id is not None:
            statement = statement.join(Vendor, Vendor.id == Cart.vendor_id).where(
                Vendor.platform_id == platform_id
            )
        ids = db.session.scalars(statement).all()
        if not ids:
            return deleted
        db.session.execute(
            sa.delete(CartLine).where(CartLine.cart_id.in_(ids)).execution_options(all_vendors=True)
        )
        db.session.execute(
            sa.delete(Cart).where(Cart.id.in_(ids)).execution_options(all_vendors=True)
        )
        db.session.commit()
        deleted += len(ids)
