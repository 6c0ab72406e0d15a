"""The shop's customers in its back office (modules/customers): the list with search,
segments and sorts, a customer's page, the VIP setting, permissions and tenant walls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_token
from wizamart.extensions import db

LIST = "/vendor/bakery/customers/"


def add_customers(app, vendor="bakery"):
    """Customers with order figures for each segment (orders do not exist yet: the figures
    are what the orders module will keep up to date)."""
    from modules.customers.models import Customer
    from modules.tenancy.services.access import access

    now = datetime.now(UTC)
    with app.app_context():
        vendor_id = access.vendor_by_code(access.platform_by_code("main").id, vendor).id
        days = timedelta(days=1)
        rows = [
            ("old@example.test", "Old", now - 400 * days, 1, "20", now - 300 * days),
            ("repeat@example.test", "Repeat", now - 90 * days, 3, "120", now - 5 * days),
            ("vip@example.test", "Vip", now - 90 * days, 1, "800", now - 10 * days),
        ]
        for email, name, created, orders, spent, last in rows:
            db.session.add(
                Customer(
                    vendor_id=vendor_id,
                    email=email,
                    first_name=name,
                    last_name="Example",
                    confirmed_at=created,
                    created_at=created,
                    order_count=orders,
                    total_spent=Decimal(spent),
                    last_order_at=last,
                )
            )
        db.session.commit()


def emails(html: str) -> set[str]:
    import re

    return set(re.findall(r"[\w.+-]+@example\.test", html.replace("<wbr>", "")))


def test_the_list_shows_the_shops_customers_only(demo, login_as):
    add_customers(demo, "bikes")
    client = login_as(demo.test_client(), "bakery_owner")
    page = client.get(LIST)
    assert page.status_code == 200
    assert emails(page.get_data(as_text=True)) == {"shopper@example.test"}
    bikes = login_as(demo.test_client(), "bikes_owner")
    found = emails(bikes.get("/vendor/bikes/customers/").get_data(as_text=True))
    assert found == {"old@example.test", "repeat@example.test", "vip@example.test"}
    # bakery's list and customer are not bikes' to see
    assert bikes.get(LIST).status_code == 404
    with demo.app_context():
        shopper_id = db.session.scalar(
            sa.text("SELECT id FROM customers_customer WHERE email = 'shopper@example.test'")
        )
    assert bikes.get(f"/vendor/bikes/customers/{shopper_id}").status_code == 404
    assert client.get(f"/vendor/bakery/customers/{shopper_id}").status_code == 200


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"shopper", "old", "repeat", "vip"}),
        ("?q=REPEAT", {"repeat"}),
        ("?q=example.test&segment=new", {"shopper"}),
        ("?segment=repeat", {"repeat"}),
        ("?segment=vip", {"vip"}),
        ("?segment=dormant", {"old"}),
        ("?status=deleted", set()),
        ("?segment=bogus", {"shopper", "old", "repeat", "vip"}),
    ],
)
def test_search_and_segments(demo, login_as, query, expected):
    add_customers(demo)
    client = login_as(demo.test_client(), "bakery_owner")
    page = client.get(LIST + query)
    assert page.status_code == 200
    found = {e.split("@")[0] for e in emails(page.get_data(as_text=True))}
    assert found == expected


def test_sorts_and_pages(demo, login_as):
    add_customers(demo)
    client = login_as(demo.test_client(), "bakery_owner")
    html = client.get(LIST + "?sort=-total_spent").get_data(as_text=True).replace("<wbr>", "")
    order = [html.index(f"{n}@example.test") for n in ("vip", "repeat", "old", "shopper")]
    assert order == sorted(order)
    assert "€800.00" in html
    first = client.get(LIST + "?sort=name&per_page=25")
    assert first.status_code == 200
    assert client.get(LIST + "?page=99999999999999999999").status_code == 200


def test_the_vip_threshold_is_the_shops_setting(demo, login_as):
    add_customers(demo)
    client = login_as(demo.test_client(), "bakery_owner")
    page = "/vendor/bakery/customers/settings"
    bad = client.post(page, data={"vip_threshold": "lots", "csrf_token": csrf_token(client, page)})
    assert bad.status_code == 422
    assert 'value="lots"' in bad.get_data(as_text=True)
    saved = client.post(page, data={"vip_threshold": "100", "csrf_token": csrf_token(client, page)})
    assert saved.status_code == 302
    found = emails(client.get(LIST + "?segment=vip").get_data(as_text=True))
    assert found == {"repeat@example.test", "vip@example.test"}


def test_staff_without_the_permission_see_nothing(demo, login_as):
    client = login_as(demo.test_client(), "bakery_staff")
    assert client.get(LIST).status_code == 403
    assert "customers" not in client.get("/vendor/bakery/").get_data(as_text=True).lower()


def test_staff_who_may_view_get_no_settings(demo, login_as):
    from modules.tenancy.models import User, VendorMembership

    with demo.app_context():
        membership = db.session.scalar(
            sa.select(VendorMembership).join(User).where(User.email == "staff@bakery.test")
        )
        membership.permissions = [*membership.permissions, "customers.view"]
        db.session.commit()
    client = login_as(demo.test_client(), "bakery_staff")
    page = client.get(LIST)
    assert page.status_code == 200
    assert "customers/settings" not in page.get_data(as_text=True)
    assert client.get("/vendor/bakery/customers/settings").status_code == 403


def test_a_customer_page(demo, login_as):
    add_customers(demo)
    client = login_as(demo.test_client(), "bakery_owner")
    with demo.app_context():
        vip = db.session.scalar(
            sa.text("SELECT id FROM customers_customer WHERE email = 'vip@example.test'")
        )
        shopper = db.session.scalar(
            sa.text("SELECT id FROM customers_customer WHERE email = 'shopper@example.test'")
        )
    html = client.get(f"/vendor/bakery/customers/{vip}").get_data(as_text=True)
    assert 'data-segment="vip"' in html
    assert "€800.00" in html
    html = client.get(f"/vendor/bakery/customers/{shopper}").get_data(as_text=True)
    assert "L-1611 Luxembourg" in html
    assert 'data-segment="new"' in html
