"""Formats the tenancy services accept: codes, domains, VAT numbers."""

from __future__ import annotations

import pytest

from modules.tenancy.exceptions import Problems
from modules.tenancy.services.companies import VAT_RE, normalise_vat
from modules.tenancy.services.domains import DOMAIN_RE, parse_domains
from modules.tenancy.services.platforms import SLUG_RE, check_slug


@pytest.mark.parametrize("code", ["main", "oms", "eu-west", "shop2", "a"])
def test_good_codes(code):
    assert SLUG_RE.match(code)


@pytest.mark.parametrize("code", ["Main", "eu_west", "-eu", "eu-", "eu--west", "é", "a b", ""])
def test_bad_codes(code):
    problems = Problems()
    assert not check_slug(problems, "code", code)
    assert "code" in problems


def test_codes_are_at_most_32_characters():
    problems = Problems()
    assert check_slug(problems, "code", "a" * 32)
    assert not check_slug(problems, "code", "a" * 33)


def test_domains_one_a_line_normalised():
    text = " Shop.Example.COM.\n\nlocalhost, 127.0.0.1  oms.localhost "
    assert parse_domains(text) == ["shop.example.com", "localhost", "127.0.0.1", "oms.localhost"]


@pytest.mark.parametrize(
    ("domain", "ok"),
    [
        ("shop.example.com", True),
        ("localhost", True),
        ("127.0.0.1", True),
        ("xn--bcher-kva.example", True),
        ("http://shop.test", False),
        ("shop.test:8080", False),
        ("shop.test/path", False),
        ("-shop.test", False),
        ("shop..test", False),
        ("under_score.test", False),
        ("a" * 64 + ".test", False),
    ],
)
def test_domain_format(domain, ok):
    assert bool(DOMAIN_RE.match(domain)) is ok


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("lu 1234-5678", "LU12345678"),
        ("FR.12.345678901", "FR12345678901"),
        ("", None),
        (None, None),
    ],
)
def test_vat_numbers_are_normalised(raw, clean):
    assert normalise_vat(raw) == clean


@pytest.mark.parametrize(
    ("vat", "ok"),
    [
        ("LU12345678", True),
        ("DE123456789", True),
        ("NL123456789B01", True),
        ("ATU12345678", True),
        ("LU1", False),
        ("12345678", False),
        ("L12345678", False),
        ("LU12345678901234", False),
    ],
)
def test_vat_format_is_checked_loosely(vat, ok):
    assert bool(VAT_RE.match(vat)) is ok
