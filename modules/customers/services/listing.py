"""The shop's customer list (wizamart/lists.py): search, segments, sorts, pages.

Segments are filters over the order figures kept on each customer:
new (first seen less than 30 days ago), repeat (2 orders or more), VIP (total spent at
least the shop's threshold), dormant (last order more than 180 days ago).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import g
from flask_babel import lazy_gettext as _l

from modules.customers.models import Customer, utcnow
from modules.customers.services.settings import vip_threshold
from wizamart.lists import Column, Filter, ListSpec, contains

NEW_DAYS = 30
REPEAT_ORDERS = 2
DORMANT_DAYS = 180


def segment(statement: sa.Select, value: str) -> sa.Select:
    now = utcnow()
    if value == "new":
        return statement.where(Customer.created_at >= now - timedelta(days=NEW_DAYS))
    if value == "repeat":
        return statement.where(Customer.order_count >= REPEAT_ORDERS)
    if value == "vip":
        return statement.where(Customer.total_spent >= vip_threshold(g.vendor.id))
    if value == "dormant":
        return statement.where(Customer.last_order_at < now - timedelta(days=DORMANT_DAYS))
    return statement


def status(statement: sa.Select, value: str) -> sa.Select:
    if value == "unconfirmed":
        return statement.where(Customer.confirmed_at.is_(None), Customer.deleted_at.is_(None))
    if value == "deleted":
        return statement.where(Customer.deleted_at.is_not(None))
    return statement.where(Customer.confirmed_at.is_not(None), Customer.deleted_at.is_(None))


CUSTOMERS = ListSpec(
    name="customers",
    id_column=Customer.id,
    columns=[
        Column(
            "name", _l("Name"), sort=sa.func.lower(Customer.last_name + " " + Customer.first_name)
        ),
        Column("email", _l("E-mail"), sort=Customer.email, class_="d-none d-md-table-cell"),
        Column(
            "created_at",
            _l("First seen"),
            sort=Customer.created_at,
            class_="d-none d-lg-table-cell",
        ),
        Column("order_count", _l("Orders"), sort=Customer.order_count, class_="text-end"),
        Column(
            "total_spent",
            _l("Spent"),
            sort=Customer.total_spent,
            class_="text-end d-none d-sm-table-cell",
        ),
        Column(
            "last_order_at",
            _l("Last order"),
            sort=Customer.last_order_at,
            class_="d-none d-lg-table-cell",
        ),
    ],
    filters=[
        Filter(
            "segment",
            _l("Segment"),
            [
                ("new", _l("New (last 30 days)")),
                ("repeat", _l("Repeat (2 orders or more)")),
                ("vip", _l("VIP")),
                ("dormant", _l("Dormant (no order for 180 days)")),
            ],
            segment,
        ),
        Filter(
            "status",
            _l("Account"),
            [
                ("confirmed", _l("Confirmed")),
                ("unconfirmed", _l("Not confirmed yet")),
                ("deleted", _l("Deleted")),
            ],
            status,
        ),
    ],
    search=lambda query, term: query.where(
        contains(term, Customer.first_name, Customer.last_name, Customer.email)
    ),
    search_label=_l("Search by name or e-mail"),
    default_sort="-created_at",
    describe=lambda c: c.email,
    empty=_l("No customers yet."),
    row_data=("customer", "id"),
)


def customer_rows() -> sa.Select:
    """Every customer of the request's shop (scoped by wizamart.scoping)."""
    return sa.select(Customer)
