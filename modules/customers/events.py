"""Events the customers module announces (docs/customers.md)."""

from __future__ import annotations

from wizamart.events import EventPayload, declare


class CustomerDeleted(EventPayload):
    """A shopper deleted their account: their personal data is anonymised. Modules that
    keep records of them (orders) keep the records and drop what identifies the person."""

    customer_id: int


declare(
    "customers.customer_deleted",
    CustomerDeleted,
    "A shopper deleted their account (personal data anonymised).",
)


class SignedIn(EventPayload):
    """A shopper signed in with their password (the cart merges a guest's cart)."""

    customer_id: int


declare("customers.signed_in", SignedIn, "A shopper signed in on a shop.")
