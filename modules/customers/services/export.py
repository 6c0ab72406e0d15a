"""A shopper's own data, as one JSON document ("download my data", GDPR art. 20).

Other modules add what they keep about the shopper through the hook
`customers.export` (a question, wizamart.hooks): a filler takes `customer_id` and
`vendor_id` and answers a JSON-ready value, stored under its module's code.
"""

from __future__ import annotations

from datetime import datetime

from modules.customers.models import Customer
from modules.customers.services.countries import country_name
from wizamart.hooks import hook_results


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export(customer: Customer, shop_name: str) -> dict:
    data = {
        "shop": shop_name,
        "exported_at": datetime.now().astimezone().isoformat(),
        "account": {
            "id": customer.id,
            "email": customer.email,
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "language": customer.language,
            "created_at": _moment(customer.created_at),
            "confirmed_at": _moment(customer.confirmed_at),
            "last_login_at": _moment(customer.last_login_at),
        },
        "addresses": [
            {
                "name": a.name,
                "company": a.company,
                "street": a.street,
                "street2": a.street2,
                "postcode": a.postcode,
                "city": a.city,
                "country": a.country,
                "country_name": country_name(a.country),
                "phone": a.phone,
                "is_default": a.is_default,
            }
            for a in customer.addresses
        ],
        "orders_summary": {
            "order_count": customer.order_count,
            "total_spent": str(customer.total_spent),
            "last_order_at": _moment(customer.last_order_at),
        },
    }
    for code, part in hook_results(
        "customers.export", customer_id=customer.id, vendor_id=customer.vendor_id
    ):
        if part is not None:
            data[code] = part
    return data
