"""The shop's payments list (wizamart/lists.py): state and method filters, search by
order reference or e-mail, sorts, pages (keyset: a shop's payments grow without end)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.payments.gateways import registered
from modules.payments.models import Payment
from modules.payments.services.payments import STATE_LABELS
from wizamart.lists import Column, Filter, ListSpec, contains

PAYMENTS = ListSpec(
    name="payments",
    id_column=Payment.id,
    keyset=True,
    columns=[
        Column("created_at", _l("Date"), sort=Payment.created_at),
        Column("order_ref", _l("Order"), sort=Payment.order_ref),
        Column("method", _l("Method"), class_="d-none d-md-table-cell"),
        Column("state", _l("State")),
        Column("amount", _l("Amount"), sort=Payment.amount, class_="text-end"),
    ],
    filters=[
        Filter(
            "state",
            _l("State"),
            list(STATE_LABELS.items()),
            lambda query, value: query.where(Payment.state == value),
        ),
        Filter(
            "method",
            _l("Method"),
            lambda: [(gw.code, gw.label) for gw in registered()],
            lambda query, value: query.where(Payment.method == value),
        ),
    ],
    search=lambda query, term: query.where(
        contains(term, Payment.order_ref, Payment.customer_email)
    ),
    search_label=_l("Search by order reference or e-mail"),
    default_sort="-created_at",
    describe=lambda p: p.order_ref,
    empty=_l("No payments yet."),
    row_data=("payment", "id"),
)


def payment_rows() -> sa.Select:
    """Every payment of the request's shop (scoped by wizamart.scoping)."""
    return sa.select(Payment)
