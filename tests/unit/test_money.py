"""Money: exact amounts, one currency at a time, parsing what people type, VAT parts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wizamart import create_app
from wizamart.money import (
    CurrencyMismatch,
    Money,
    MoneyError,
    format_money,
    parse_money,
    vat_parts,
)


@pytest.fixture(scope="module")
def app_ctx(tmp_path_factory):
    app = create_app({"database_url": "sqlite://", "secret_key": "x", "env": "testing"})
    with app.test_request_context():
        yield app


def test_amounts_are_quantized_half_up_to_the_minor_unit():
    assert Money("12.345", "EUR").amount == Decimal("12.35")
    assert Money("12.344", "EUR").amount == Decimal("12.34")
    assert Money("0.125").amount == Decimal("0.13")  # half-up, not banker's rounding
    assert Money("1500.5", "JPY").amount == Decimal("1501")
    assert Money("1.2345", "BHD").amount == Decimal("1.235")
    assert Money(3).amount == Decimal("3.00")


def test_arithmetic_is_exact():
    total = Money("0.10") + Money("0.20")
    assert total == Money("0.30") and str(total) == "0.30 EUR"
    assert Money("10") - Money("2.5") == Money("7.50")
    assert Money("2.50") * 3 == Money("7.50") == 3 * Money("2.50")
    assert Money("9.99") * Decimal("0.5") == Money("5.00")  # 4.995 -> 5.00
    assert Money("1") < Money("2") and Money("2") >= Money("2")
    assert -Money("1") == Money("-1") and not Money(0)


def test_floats_and_mixed_currencies_are_refused():
    with pytest.raises(TypeError):
        Money(0.1)
    with pytest.raises(TypeError):
        Money("1") * 1.5
    with pytest.raises(CurrencyMismatch):
        Money("1", "EUR") + Money("1", "USD")
    with pytest.raises(CurrencyMismatch):
        _ = Money("1", "EUR") < Money("1", "USD")
    with pytest.raises(TypeError):
        Money("1") + 1
    with pytest.raises(TypeError):
        Money("1") * Money("2")
    with pytest.raises(MoneyError):
        Money("1", "XXY")
    with pytest.raises(MoneyError):
        Money("NaN")
    with pytest.raises(MoneyError):
        Money("abc")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12.50", "12.50"), ("12,50", "12.50"), (" 7.5 ", "7.50"), ("0", "0.00"), ("3", "3.00")],
)
def test_parse_accepts_point_or_comma(app_ctx, text, expected):
    assert parse_money(text, "EUR").amount == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["", "  ", "abc", "12.5.0", "1 000", "1e3", "12,505", "€12", "-1", "99999999999"]
)
def test_parse_refuses_junk_negative_and_too_precise(app_ctx, text):
    with pytest.raises(MoneyError):
        parse_money(text, "EUR")


def test_parse_may_allow_negative(app_ctx):
    assert parse_money("-2,5", "EUR", allow_negative=True) == Money("-2.50")


def test_format_for_the_reader(app_ctx):
    assert format_money(Money("1234.5"), "en") == "€1,234.50"
    assert format_money(Money("1234.5"), "de").replace("\xa0", " ") == "1.234,50 €"
    assert format_money(Money("1234.5"), "fr").replace("\u202f", " ").replace("\xa0", " ") == (
        "1 234,50 €"
    )


def test_formatting_is_memoised_per_amount_currency_and_locale(app_ctx):
    """The memo keys on the amount's text: every argument still shows in the result."""
    assert format_money(Money("12.5"), "en") == "€12.50"
    assert format_money(Money("12.51"), "en") == "€12.51"  # a price change shows at once
    assert format_money(Money("12.5", "USD"), "en") == "$12.50"
    assert format_money(Money("12.5"), "de").replace("\xa0", " ") == "12,50 €"
    assert format_money(Money("-0"), "en") == "-€0.00"
    assert format_money(Money("0"), "en") == "€0.00"
    assert format_money(Money("1000", "JPY"), "en") == "¥1,000"


@pytest.mark.parametrize(
    ("gross", "rate", "net", "vat"),
    [
        ("11.70", "17", "10.00", "1.70"),
        ("10.00", "17", "8.55", "1.45"),
        ("1.03", "3", "1.00", "0.03"),
        ("5.00", "0", "5.00", "0.00"),
    ],
)
def test_vat_parts_add_up_to_the_price(gross, rate, net, vat):
    n, v = vat_parts(Money(gross), rate)
    assert (n, v) == (Money(net), Money(vat))
    assert n + v == Money(gross)
