"""Countries of the address book and their postcode formats.

Names come from Babel's locale data in the reader's language (no list of ours to
translate). Postcodes are checked for the countries whose format is fixed and widely
used; elsewhere 2 to 12 letters, digits, spaces or dashes are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel import Locale
from flask_babel import get_locale

#: ISO 3166-1 alpha-2 codes offered, Luxembourg's neighbours first in the form's order.
COUNTRIES = (
    "LU", "BE", "DE", "FR", "NL", "AT", "CH", "IT", "ES", "PT", "IE", "GB", "DK", "SE",
    "FI", "NO", "PL", "CZ", "SK", "HU", "SI", "HR", "RO", "BG", "GR", "EE", "LV", "LT",
    "MT", "CY", "LI", "IS", "US", "CA",
)  # fmt: skip


@dataclass(frozen=True)
class PostcodeRule:
    pattern: re.Pattern
    example: str
    #: How the postcode is written once accepted (from the pattern's groups).
    format: str = "{0}"


RULES = {
    # Luxembourg: four digits, written L-1234 (the L- is optional when typed).
    "LU": PostcodeRule(re.compile(r"^(?:L-?)?(\d{4})$"), "L-1234", "L-{0}"),
    "DE": PostcodeRule(re.compile(r"^(\d{5})$"), "10115"),
    "FR": PostcodeRule(re.compile(r"^(\d{5})$"), "75001"),
    # Belgium: four digits, the first not 0.
    "BE": PostcodeRule(re.compile(r"^([1-9]\d{3})$"), "1000"),
    "NL": PostcodeRule(re.compile(r"^([1-9]\d{3}) ?([A-Z]{2})$"), "1012 AB", "{0} {1}"),
    "AT": PostcodeRule(re.compile(r"^([1-9]\d{3})$"), "1010"),
    "CH": PostcodeRule(re.compile(r"^([1-9]\d{3})$"), "8001"),
}
OTHER = re.compile(r"^[A-Z0-9][A-Z0-9 -]{0,10}[A-Z0-9]$")


def country_choices() -> list[tuple[str, str]]:
    """(code, name in the request's language), in the order of COUNTRIES."""
    locale = get_locale() or Locale("en")
    return [(code, locale.territories.get(code, code)) for code in COUNTRIES]


def country_name(code: str) -> str:
    locale = get_locale() or Locale("en")
    return locale.territories.get(code, code)


def normalise_postcode(country: str, text: str) -> str | None:
    """The postcode as it is written in `country`, or None when it is not one."""
    value = " ".join((text or "").upper().split())
    rule = RULES.get(country)
    if rule is None:
        return value if OTHER.match(value) else None
    match = rule.pattern.match(value.replace("L - ", "L-"))
    return rule.format.format(*match.groups()) if match else None


def postcode_example(country: str) -> str | None:
    rule = RULES.get(country)
    return rule.example if rule else None
