"""Demo data: bakery takes bank transfers and cash on delivery, with a few payments in
each state so the list and a payment's page have something to show. Idempotent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from modules.payments.models import Payment, PaymentSettings, PaymentState, utcnow
from modules.tenancy.models import Platform, Vendor
from wizamart.extensions import db

DEMO_IBAN = "LU280019400644750000"


def seed() -> list[str]:
    bakery = db.session.scalar(
        sa.select(Vendor)
        .join(Platform, Platform.id == Vendor.platform_id)
        .where(Vendor.vendor_code == "bakery", Platform.code == "main")
    )
    if bakery is None or db.session.get(PaymentSettings, bakery.id) is not None:
        return []
    db.session.add(
        PaymentSettings(
            vendor_id=bakery.id,
            enabled_methods=["bank_transfer", "cash_on_delivery"],
            bank_account_holder="Boulangerie Bakery S.à r.l.",
            bank_iban=DEMO_IBAN,
            bank_bic="BCEELULL",
        )
    )
    now = utcnow()
    rows = [
        ("DEMO-1001", "bank_transfer", PaymentState.PENDING, "42.50", 1),
        ("DEMO-1002", "cash_on_delivery", PaymentState.PAID, "18.90", 3),
        ("DEMO-1003", "bank_transfer", PaymentState.PAID, "120.00", 6),
        ("DEMO-1004", "bank_transfer", PaymentState.CANCELLED, "9.80", 9),
    ]
    for ref, method, state, amount, days in rows:
        db.session.add(
            Payment(
                vendor_id=bakery.id,
                order_ref=ref,
                method=method,
                state=state,
                amount=Decimal(amount),
                currency="EUR",
                customer_email="shopper@example.test",
                created_at=now - timedelta(days=days),
                paid_at=now - timedelta(days=days - 1) if state == PaymentState.PAID else None,
            )
        )
    db.session.flush()
    return []
