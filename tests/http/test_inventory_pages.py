"""The inventory pages over HTTP: stock list, item page with its forms and history,
low stock, locations; 422 with messages and input kept, read-only staff, other vendors'
ids answer 404, CSRF, statements per page constant in the number of items."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from modules.inventory.models import Adjustment, Item, Level, Location
from modules.inventory.services import items as item_service
from modules.inventory.services import stock
from tests.conftest import csrf_token
from tests.integration.test_inventory_services import USER, make_item, vendor_ids
from wizamart.extensions import db

BASE = "/vendor/bakery/inventory"


@pytest.fixture
def bakery(demo):
    """Three bakery items (one low), one bikes item; their ids by name."""
    with demo.app_context():
        vendors = vendor_ids(demo)
        bread = make_item(vendors["bakery"], 1, "BREAD-1", threshold=5)
        cake = make_item(vendors["bakery"], 2, "CAKE-2")
        make_item(vendors["bakery"], 3, "TART-3")
        bike = make_item(vendors["bikes"], 4, "BIKE-4")
        main = item_service.default_location(bread.vendor_id)
        stock.adjust(bread, main, 3, "received", USER)
        stock.adjust(cake, main, 20, "received", USER)
        db.session.commit()
        return {"bread": bread.id, "cake": cake.id, "bike": bike.id, "main": main.id}


@pytest.fixture
def client(demo):
    return demo.test_client()


def owner(client, login_as):
    return login_as(client, "bakery_owner")


def post(client, path, data, page=None):
    data = {"csrf_token": csrf_token(client, page or path), **data}
    return client.post(path, data=data)


def status(client, path, data, page=None) -> int:
    return post(client, path, data, page).status_code


def on_hand(app, item_id):
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(Level.on_hand), 0)).where(
                Level.item_id == item_id
            )
        )


def test_the_stock_list_shows_each_item_with_its_figures(demo, bakery, client, login_as):
    html = owner(client, login_as).get(f"{BASE}/").get_data(as_text=True)
    assert "BREAD-1" in html and "CAKE-2" in html and "TART-3" in html
    assert "BIKE-4" not in html  # another vendor's item
    row = re.search(rf'data-item="{bakery["cake"]}".*?</tr>', html, re.S).group(0)
    assert 'data-col="on_hand">20<' in row and "Main location: <strong>20</strong>" in row


def test_the_stock_list_searches_and_filters_low_stock(demo, bakery, client, login_as):
    owner(client, login_as)
    html = client.get(f"{BASE}/?q=cake").get_data(as_text=True)
    assert "CAKE-2" in html and "BREAD-1" not in html
    html = client.get(f"{BASE}/?stock=low").get_data(as_text=True)
    assert "BREAD-1" in html and "CAKE-2" not in html
    html = client.get(f"{BASE}/low-stock").get_data(as_text=True)
    assert "BREAD-1" in html and "CAKE-2" not in html and "TART-3" not in html


@pytest.mark.parametrize(
    "query", ["?page=99999999999999999999999", "?after=garbage", "?q=%0D%0A", "?location=x"]
)
def test_junk_in_the_list_url_is_never_a_500(demo, bakery, client, login_as, query):
    assert owner(client, login_as).get(f"{BASE}/{query}").status_code == 200


def test_an_adjustment_from_the_item_page_is_in_the_history(demo, bakery, client, login_as):
    owner(client, login_as)
    page = f"{BASE}/items/{bakery['bread']}"
    response = post(
        client,
        f"{page}/adjust",
        {"location": bakery["main"], "delta": "+7", "reason": "received", "note": "Mill"},
        page,
    )
    assert response.status_code == 302
    assert on_hand(demo, bakery["bread"]) == 10
    html = client.get(page).get_data(as_text=True)
    assert "Stock adjusted." in html and "+7" in html and "Mill" in html
    assert "owner@bakery.test" in html


def test_taking_more_than_there_is_answers_422_and_keeps_the_input(demo, bakery, client, login_as):
    owner(client, login_as)
    page = f"{BASE}/items/{bakery['bread']}"
    data = {"location": bakery["main"], "delta": "-9", "reason": "lost", "note": "Oops"}
    response = post(client, f"{page}/adjust", data, page)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not enough stock at Main location: 3 on hand" in html
    assert 'value="-9"' in html and 'value="Oops"' in html
    assert on_hand(demo, bakery["bread"]) == 3


@pytest.mark.parametrize("delta", ["", "abc", "1.5", "9" * 23, "-" + "9" * 23, "0", "3\r\n4", "٣"])
def test_bad_numbers_answer_422_with_a_message(demo, bakery, client, login_as, delta):
    owner(client, login_as)
    page = f"{BASE}/items/{bakery['bread']}"
    data = {"location": bakery["main"], "delta": delta, "reason": "received"}
    response = post(client, f"{page}/adjust", data, page)
    assert response.status_code == 422
    assert "invalid-feedback" in response.get_data(as_text=True)
    with demo.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Adjustment.id))) == 2


def test_a_count_a_threshold_and_a_transfer(demo, bakery, client, login_as):
    owner(client, login_as)
    page = f"{BASE}/items/{bakery['cake']}"
    assert (
        status(client, f"{page}/count", {"location": bakery["main"], "on_hand": "12"}, page) == 302
    )
    assert on_hand(demo, bakery["cake"]) == 12
    assert status(client, f"{page}/threshold", {"threshold": "15"}, page) == 302
    assert "CAKE-2" in client.get(f"{BASE}/low-stock").get_data(as_text=True)
    locations = f"{BASE}/locations"
    assert status(client, locations, {"name": "Shop window", "code": "window"}) == 302
    with demo.app_context():
        window = db.session.scalar(sa.select(Location.id).where(Location.code == "window"))
    data = {"source": bakery["main"], "target": window, "quantity": "5"}
    assert status(client, f"{page}/transfer", data, page) == 302
    html = client.get(page).get_data(as_text=True)
    assert re.search(r'data-location="window">.*?<td class="text-end tabular">5<', html, re.S)
    assert on_hand(demo, bakery["cake"]) == 12


def test_locations_add_rename_and_default(demo, bakery, client, login_as):
    owner(client, login_as)
    page = f"{BASE}/locations"
    response = post(client, page, {"name": "", "code": "bad code!"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a name." in html and "letters, digits" in html and 'value="bad code!"' in html
    assert status(client, page, {"name": "Depot", "code": "depot"}) == 302
    assert status(client, page, {"name": "Depot 2", "code": "DEPOT"}) == 422
    with demo.app_context():
        depot = db.session.scalar(sa.select(Location.id).where(Location.code == "depot"))
    assert status(client, f"{page}/{depot}", {"name": "Big depot", "code": "depot"}) == 302
    assert status(client, f"{page}/{depot}/default", {}, page) == 302
    html = client.get(page).get_data(as_text=True)
    assert re.search(r'data-location="depot">\s*<td>Big depot <span[^>]*>default', html)


def test_another_vendors_item_and_location_answer_404(demo, bakery, client, login_as):
    login_as(client, "bikes_owner")
    page = "/vendor/bikes/inventory/locations"
    for path in (
        f"/vendor/bikes/inventory/items/{bakery['bread']}",
        f"/vendor/bikes/inventory/locations/{bakery['main']}",
        "/vendor/bikes/inventory/items/" + "9" * 23,
    ):
        assert client.get(path).status_code == 404, path
    data = {"location": bakery["main"], "delta": "5", "reason": "received"}
    assert (
        status(client, f"/vendor/bikes/inventory/items/{bakery['bread']}/adjust", data, page) == 404
    )
    assert (
        status(client, f"/vendor/bikes/inventory/locations/{bakery['main']}/default", {}, page)
        == 404
    )
    # bikes' own item with bakery's location: refused, nothing written
    data["location"] = bakery["main"]
    response = post(client, f"/vendor/bikes/inventory/items/{bakery['bike']}/adjust", data, page)
    assert response.status_code in (404, 422)
    assert on_hand(demo, bakery["bread"]) == 3 and on_hand(demo, bakery["bike"]) == 0
    assert client.get(f"{BASE}/").status_code == 404  # not their shop


def test_staff_with_view_only_see_figures_and_no_forms(demo, bakery, client, login_as):
    with demo.app_context():
        db.session.execute(
            sa.text(
                "UPDATE tenancy_vendor_membership SET permissions = :p WHERE user_id = "
                "(SELECT id FROM tenancy_user WHERE email = 'staff@bakery.test')"
            ),
            {"p": '["core.view_dashboard", "inventory.view"]'},
        )
        db.session.commit()
    login_as(client, "bakery_staff")
    page = f"{BASE}/items/{bakery['bread']}"
    html = client.get(page).get_data(as_text=True)
    assert (
        "BREAD-1" in html and 'id="adjust-form"' not in html and 'data-notice="read-only"' in html
    )
    assert 'data-action="make-default"' not in client.get(f"{BASE}/locations").get_data(
        as_text=True
    )
    data = {"location": bakery["main"], "delta": "5", "reason": "received"}
    assert status(client, f"{page}/adjust", data, page) == 403
    assert status(client, f"{BASE}/locations", {"name": "X", "code": "x"}, page) == 403
    assert on_hand(demo, bakery["bread"]) == 3


def test_staff_without_inventory_view_get_403(demo, bakery, client, login_as):
    login_as(client, "bakery_staff")
    assert client.get(f"{BASE}/").status_code == 403


def test_a_post_without_the_csrf_token_is_refused(demo, bakery, client, login_as):
    owner(client, login_as)
    data = {"location": bakery["main"], "delta": "5", "reason": "received"}
    response = client.post(f"{BASE}/items/{bakery['bread']}/adjust", data=data)
    assert response.status_code == 400
    assert on_hand(demo, bakery["bread"]) == 3


def test_the_pages_answer_404_when_inventory_is_off(demo, bakery, client, login_as):
    from modules.tenancy.services.access import access
    from wizamart.modules.service import module_service

    with demo.app_context():
        module_service.disable_module(access.platform_by_code("main").id, "inventory")
    owner(client, login_as)
    assert client.get(f"{BASE}/").status_code == 404
    assert "inventory/" not in client.get("/vendor/bakery/").get_data(as_text=True)


def hold(app, item_id, reference="cart-77", quantity=2):
    from datetime import timedelta

    from modules.inventory.services import reservations

    with app.app_context():
        item = db.session.get(Item, item_id)
        (held,) = reservations.reserve(
            item.vendor_id, {item_id: quantity}, reference, timedelta(hours=1)
        )
        db.session.commit()
        return held.id


def reserved(app, item_id):
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.sum(Level.reserved)).where(Level.item_id == item_id)
        )


def test_releasing_a_reservation_asks_first_then_gives_the_stock_back(
    demo, bakery, client, login_as
):
    held = hold(demo, bakery["cake"])
    owner(client, login_as)
    page = f"{BASE}/items/{bakery['cake']}"
    assert 'data-reservation="cart-77"' in client.get(page).get_data(as_text=True)
    url = f"{page}/held/{held}/release"
    panel = client.get(url, headers={"HX-Request": "true", "HX-Target": "div#confirm-panel"})
    html = panel.get_data(as_text=True)
    assert panel.status_code == 200 and "Release 2 held for cart-77?" in html
    assert "<html" not in html  # only the panel
    assert reserved(demo, bakery["cake"]) == 2  # asking changes nothing
    assert status(client, url, {}, page) == 302
    assert reserved(demo, bakery["cake"]) == 0
    assert "2 released for cart-77." in client.get(page).get_data(as_text=True)
    assert status(client, url, {}, page) == 302
    assert "already ended" in client.get(page).get_data(as_text=True)
    assert reserved(demo, bakery["cake"]) == 0


def test_another_vendor_or_item_cannot_release(demo, bakery, client, login_as):
    held = hold(demo, bakery["cake"])
    owner(client, login_as)
    page = f"{BASE}/items/{bakery['bread']}"
    assert client.get(f"{page}/held/{held}/release").status_code == 404  # not this item's
    bikes_client = login_as(demo.test_client(), "bikes_owner")
    bikes = f"/vendor/bikes/inventory/items/{bakery['bike']}"
    path = f"{bikes}/held/{held}/release"
    assert status(bikes_client, path, {}, "/vendor/bikes/inventory/") == 404
    assert reserved(demo, bakery["cake"]) == 2


def test_the_pages_come_out_in_the_users_language(demo, bakery, client, login_as):
    import html as html_lib

    owner(client, login_as)
    token = csrf_token(client, "/account/profile")
    client.post("/account/profile", data={"language": "de", "csrf_token": token})
    stock_page = html_lib.unescape(client.get(f"{BASE}/").get_data(as_text=True))
    assert "Verfügbar" in stock_page and "Nach Artikelnummer oder Produkt suchen" in stock_page
    page = f"{BASE}/items/{bakery['bread']}"
    data = {"location": bakery["main"], "delta": "-9", "reason": "lost"}
    refused = html_lib.unescape(post(client, f"{page}/adjust", data, page).get_data(as_text=True))
    assert "Nicht genug Bestand in Main location: 3 vorhanden" in refused
