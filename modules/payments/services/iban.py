"""IBAN checks (ISO 13616): the format, the country's length, the mod-97 checksum."""

from __future__ import annotations

import re

#: Lengths of the IBANs of the countries a shop here most often banks in; other countries
#: are checked by format and checksum alone.
LENGTHS = {
    "AT": 20, "BE": 16, "CH": 21, "DE": 22, "DK": 18, "ES": 24, "FI": 18, "FR": 27,
    "GB": 22, "IE": 22, "IT": 27, "LI": 21, "LU": 20, "MC": 27, "NL": 18, "NO": 15,
    "PL": 28, "PT": 25, "SE": 24,
}  # fmt: skip
IBAN_RE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")


def normalise(text: str) -> str:
    """Spaces and dashes out, upper case: "lu28 0019-4006 ..." -> "LU280019..."."""
    return re.sub(r"[\s-]+", "", text or "").upper()


def is_valid_iban(iban: str) -> bool:
    if not IBAN_RE.match(iban):
        return False
    if LENGTHS.get(iban[:2], len(iban)) != len(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def is_valid_bic(bic: str) -> bool:
    return bool(BIC_RE.match(bic))


def grouped(iban: str) -> str:
    """The IBAN in groups of four, as printed on a bank statement."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
