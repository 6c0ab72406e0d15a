"""payments tables: a shop's payments, their refunds, the providers' events received, and
the shop's payment settings.

Payments name their order by `order_ref` (what the shopper and the vendor read) and
`order_id` (the orders module's row), plain fields without a foreign key: payments comes
before orders and never imports it. Amounts are exact (`Numeric`, wizamart/money.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.extensions import db
from wizamart.money import Money, money_column
from wizamart.scoping import VendorOwned

ORDER_REF_MAX = 64
EMAIL_MAX = 255
REASON_MAX = 500


def utcnow() -> datetime:
    return datetime.now(UTC)


def vendor_fk() -> Mapped[int]:
    return mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), index=True, nullable=False
    )


class PaymentState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    CANCELLED = "cancelled"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


class RefundState(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Payment(VendorOwned, db.Model):
    """One attempt to pay one order with one method.

    `amount` is what the shopper owes, `refunded` what was given back so far (never more
    than `amount`). `external_id` is the provider's reference of the attempt (Stripe: the
    Checkout Session `cs_...`), `external_payment_id` the payment it became (Stripe: the
    PaymentIntent `pi_...`), which refunds name. The states and their transitions:
    services/payments.py, TRANSITIONS.
    """

    __tablename__ = "payments_payment"
    __table_args__ = (sa.Index("ix_payments_payment_vendor_external", "vendor_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    order_ref: Mapped[str] = mapped_column(sa.String(ORDER_REF_MAX), index=True)
    order_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True, index=True)
    method: Mapped[str] = mapped_column(sa.String(32))
    state: Mapped[str] = mapped_column(sa.String(24), default=PaymentState.PENDING, index=True)
    amount: Mapped[Decimal] = mapped_column(money_column())
    refunded: Mapped[Decimal] = mapped_column(money_column(), default=Decimal(0))
    currency: Mapped[str] = mapped_column(sa.String(3))
    customer_email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), default="")
    external_id: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    external_payment_id: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    #: Why it failed or was cancelled, as the provider or the vendor said.
    note: Mapped[str] = mapped_column(sa.String(REASON_MAX), default="")
    paid_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    #: The team member who marked it paid (bank transfer, cash on delivery).
    paid_by_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tenancy_user.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, index=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    refunds: Mapped[list[Refund]] = relationship(
        back_populates="payment", cascade="all, delete-orphan", order_by="Refund.id"
    )

    @property
    def total(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def refunded_total(self) -> Money:
        return Money(self.refunded, self.currency)

    @property
    def refundable(self) -> Money:
        """What may still be refunded: paid minus refunded, nothing before it is paid."""
        if self.state not in (PaymentState.PAID, PaymentState.PARTIALLY_REFUNDED):
            return Money.zero(self.currency)
        return self.total - self.refunded_total


class Refund(VendorOwned, db.Model):
    """Money given back for a payment, in full or in part, by a team member."""

    __tablename__ = "payments_refund"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    payment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("payments_payment.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(money_column())
    reason: Mapped[str] = mapped_column(sa.String(REASON_MAX), default="")
    state: Mapped[str] = mapped_column(sa.String(16), default=RefundState.PENDING)
    external_id: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    created_by_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tenancy_user.id", ondelete="SET NULL"), nullable=True
    )
    created_by_email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    payment: Mapped[Payment] = relationship(back_populates="refunds")

    @property
    def total(self) -> Money:
        return Money(self.amount, self.payment.currency)


class PaymentEvent(VendorOwned, db.Model):
    """An outside event (a provider's webhook), recorded under its external id before
    anything else happens: the unique key makes a replay a no-op.

    `outcome` says what it did: `paid`, `failed`, `cancelled`, or `ignored` (a type we do
    not act on, a payment it does not name, a transition the payment cannot make any more:
    an out-of-order event).
    """

    __tablename__ = "payments_event"
    __table_args__ = (sa.UniqueConstraint("provider", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = vendor_fk()
    provider: Mapped[str] = mapped_column(sa.String(32))
    external_id: Mapped[str] = mapped_column(sa.String(255))
    type: Mapped[str] = mapped_column(sa.String(100))
    payment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("payments_payment.id", ondelete="SET NULL"), nullable=True, index=True
    )
    outcome: Mapped[str] = mapped_column(sa.String(24), default="")
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)


class PaymentSettings(db.Model):
    """A shop's payment settings: the methods it offers, the bank account shoppers pay a
    bank transfer to, and its Stripe keys, encrypted (services/secrets.py) with only their
    last four characters kept in clear, to tell the vendor which key is saved."""

    __tablename__ = "payments_settings"

    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenancy_vendor.id", ondelete="CASCADE"), primary_key=True
    )
    enabled_methods: Mapped[list] = mapped_column(sa.JSON, default=list)
    bank_account_holder: Mapped[str] = mapped_column(sa.String(200), default="")
    bank_iban: Mapped[str] = mapped_column(sa.String(34), default="")
    bank_bic: Mapped[str] = mapped_column(sa.String(11), default="")
    stripe_secret_key_encrypted: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    stripe_secret_key_last4: Mapped[str] = mapped_column(sa.String(4), default="")
    stripe_webhook_secret_encrypted: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    stripe_webhook_secret_last4: Mapped[str] = mapped_column(sa.String(4), default="")
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
