"""Exact money: a Decimal amount and an ISO 4217 currency, never a float.

`Money("12.5", "EUR")` is 12.50 EUR: the amount is quantized to the currency's minor
unit (2 for EUR, 0 for JPY, 3 for BHD; Babel knows them) with ROUND_HALF_UP, the rounding
shops and tax offices use. Adding or comparing two currencies raises `CurrencyMismatch`;
a float anywhere raises `TypeError` (0.1 + 0.2 is not 0.3 in binary).

`parse_money("12,50", "EUR")` reads what a person types (comma or point, no thousands
separators), `format_money(money, locale)` writes it for a reader (Babel), and the Jinja
filter `money` does that in the request's locale. `vat_parts(gross, rate)` splits a
VAT-inclusive price into net and VAT.

Columns: store the amount in a `Numeric` column (`money_column()`), the currency once per
owner (a vendor's shop currency), and build `Money` when reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

import sqlalchemy as sa
from babel.numbers import format_currency, get_currency_precision, list_currencies

#: Amount columns hold up to 10 integer digits and 4 decimals: every currency's minor unit.
AMOUNT_PRECISION = 14
AMOUNT_SCALE = 4
#: Largest amount a column holds (10 integer digits).
MAX_AMOUNT = Decimal("9999999999")


class MoneyError(ValueError):
    """Input that is not an amount of money; the message is fit to show."""


class CurrencyMismatch(TypeError):
    """Two currencies met in one operation."""


def is_currency(code: str) -> bool:
    """Whether `code` is an ISO 4217 currency Babel knows."""
    return isinstance(code, str) and code in _currencies()


_CURRENCIES: frozenset[str] | None = None


def _currencies() -> frozenset[str]:
    global _CURRENCIES
    if _CURRENCIES is None:
        _CURRENCIES = frozenset(list_currencies())
    return _CURRENCIES


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of `currency` as an exponent: Decimal("0.01") for EUR."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


def _to_decimal(value) -> Decimal:
    if isinstance(value, (bool, float)):
        raise TypeError("Money refuses floats (and booleans): pass a str, int or Decimal.")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            raise MoneyError(f"Not an amount: {value!r}") from None
    raise TypeError(f"Money needs a str, int or Decimal, not {type(value).__name__}.")


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency, quantized to that currency's minor unit."""

    amount: Decimal
    currency: str = "EUR"

    def __init__(self, amount, currency: str = "EUR"):
        if not is_currency(currency):
            raise MoneyError(f"Unknown currency: {currency!r}")
        value = _to_decimal(amount)
        if not value.is_finite():
            raise MoneyError("An amount must be a finite number.")
        object.__setattr__(self, "currency", currency)
        object.__setattr__(
            self, "amount", value.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)
        )

    @classmethod
    def zero(cls, currency: str = "EUR") -> Money:
        return cls(0, currency)

    def _same(self, other) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"Money combines with Money, not {type(other).__name__}.")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} do not mix.")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __mul__(self, factor) -> Money:
        if isinstance(factor, Money):
            raise TypeError("Money times Money means nothing.")
        return Money(self.amount * _to_decimal(factor), self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


# Digits, one optional decimal separator (point or comma) and decimals; a leading minus.
AMOUNT_RE = re.compile(r"^(-?)(\d+)(?:[.,](\d+))?$")


def parse_money(text, currency: str = "EUR", *, allow_negative: bool = False) -> Money:
    """What a person typed as an amount: "12.50", "12,50", "12", " 7.5 ".

    Refuses (MoneyError) junk, more decimals than the currency has (12.505 EUR is not a
    price), amounts beyond a column's reach, and negative amounts unless allowed.
    """
    from flask_babel import gettext as _

    text = (text or "").strip() if isinstance(text, str) else text
    if text is None or text == "":
        raise MoneyError(_("Enter an amount."))
    if not isinstance(text, str):
        text = str(_to_decimal(text))
    match = AMOUNT_RE.match(text)
    if match is None:
        raise MoneyError(_("Enter an amount like 12.50."))
    sign, whole, decimals = match.groups()
    places = get_currency_precision(currency)
    if decimals and len(decimals) > places:
        raise MoneyError(_("Use at most %(places)d decimals.", places=places))
    value = Decimal(f"{sign}{whole}.{decimals or 0}")
    if sign and value and not allow_negative:
        raise MoneyError(_("The amount cannot be negative."))
    if abs(value) > MAX_AMOUNT:
        raise MoneyError(_("That amount is too large."))
    return Money(value, currency)


def format_money(money: Money, locale: str | None = None) -> str:
    """`money` for a reader in `locale` (the request's locale when None): "12,50 €"."""
    if locale is None:
        from flask_babel import get_locale

        locale = str(get_locale() or "en")
    return _formatted(str(money.amount), money.currency, str(locale))


@lru_cache(maxsize=4096)
def _formatted(amount: str, currency: str, locale: str) -> str:
    """Babel's text for an amount, memoised: a pure function of its arguments (Babel's
    locale data does not change while the process runs), about 60 µs a call otherwise,
    and a product list formats 24 prices. The amount is keyed by its text, so 12.50 and
    -0.00 stay apart from 12.5 and 0.00."""
    return format_currency(Decimal(amount), currency, locale=locale)


def vat_parts(gross: Money, rate) -> tuple[Money, Money]:
    """(net, vat) of a VAT-inclusive price at `rate` percent (Decimal or str: "17").

    The VAT is rounded half-up to the minor unit and the net is the rest, so net + vat is
    exactly the price: 11.70 at 17 % is 10.00 + 1.70.
    """
    rate = _to_decimal(rate)
    if rate < 0:
        raise MoneyError("A VAT rate cannot be negative.")
    vat = Money(gross.amount * rate / (100 + rate), gross.currency)
    return gross - vat, vat


def money_column(**kwargs) -> sa.Numeric:
    """The column type for an amount: Numeric(14, 4), returned as Decimal."""
    return sa.Numeric(AMOUNT_PRECISION, AMOUNT_SCALE, asdecimal=True, **kwargs)


def init_app(app) -> None:
    """The Jinja filter `money`: `{{ price|money }}` in the request's locale."""
    app.jinja_env.filters["money"] = lambda value, locale=None: (
        "" if value is None else format_money(value, locale)
    )
