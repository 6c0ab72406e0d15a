"""A shop's customer settings: the spend from which a customer is a VIP."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.customers.config import setting
from modules.customers.exceptions import Problems
from modules.customers.models import CustomerSettings
from wizamart.extensions import db
from wizamart.money import MAX_AMOUNT, MoneyError, parse_money


def vip_threshold(vendor_id: int) -> Decimal:
    """The shop's own threshold, else CUSTOMERS_VIP_THRESHOLD (500 by default)."""
    own = db.session.scalar(
        sa.select(CustomerSettings.vip_threshold).where(CustomerSettings.vendor_id == vendor_id)
    )
    return Decimal(own) if own is not None else Decimal(setting("vip_threshold"))


def own_vip_threshold(vendor_id: int) -> Decimal | None:
    return db.session.scalar(
        sa.select(CustomerSettings.vip_threshold).where(CustomerSettings.vendor_id == vendor_id)
    )


def save_vip_threshold(vendor_id: int, text: str, currency: str = "EUR") -> Decimal | None:
    """Set the shop's threshold from what was typed ("" goes back to the default)."""
    text = (text or "").strip()
    value = None
    if text:
        try:
            value = parse_money(text, currency).amount
        except MoneyError as exc:
            problems = Problems()
            problems.add("vip_threshold", str(exc))
            problems.raise_if_any()
        if value <= 0 or value > MAX_AMOUNT:
            problems = Problems()
            problems.add("vip_threshold", _l("Please enter an amount above 0."))
            problems.raise_if_any()
    row = db.session.get(CustomerSettings, vendor_id)
    if row is None:
        row = CustomerSettings(vendor_id=vendor_id)
        db.session.add(row)
    row.vip_threshold = value
    return value
