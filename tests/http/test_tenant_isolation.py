"""Tenants stay apart: every vendor URL with another vendor's code, and every platform-scoped
admin URL with another platform's code, answers 404 — walked over the whole URL map."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter, Rule

from tests.conftest import csrf_token, login
from wizamart.extensions import db

DUMMY_VALUES = {"int": 1, "default": "x", "path": "x/y.css"}


def fill(rule: Rule, huge: bool = False, **given) -> str:
    """A path of `rule` with the given values and made-up ones for the rest; `huge` puts a
    23-digit number where an id goes (built by hand: the converter refuses to build it)."""
    values = {}
    for name in rule.arguments:
        if name in given:
            values[name] = given[name]
        else:
            is_int = isinstance(rule._converters[name], IntegerConverter)
            values[name] = (7777777 if huge else DUMMY_VALUES["int"]) if is_int else "x"
    path = rule.build(values, append_unknown=False)[1]
    return path.replace("7777777", "99999999999999999999999") if huge else path


def rules_under(app, prefix: str, argument: str):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(prefix) and argument in rule.arguments
    ]


def call(client, rule: Rule, path: str, token: str, base_url="http://localhost"):
    method = next(m for m in ("GET", "POST", "PATCH", "PUT", "DELETE") if m in rule.methods)
    headers = {"X-CSRFToken": token}
    return client.open(path, method=method, headers=headers, base_url=base_url)


@pytest.mark.parametrize("prefix", ["/vendor/", "/api/v1/vendor/"])
def test_vendor_user_gets_404_on_every_url_of_another_vendor(shop, login_as, prefix):
    client = login_as(shop.test_client(), "bakery_owner")
    token = csrf_token(client, "/vendor/bakery/")
    rules = rules_under(shop, prefix, "vendor_code")
    endpoints = {rule.endpoint for rule in rules}
    assert len(rules) >= 5  # the walk covers real and fixture modules
    if prefix == "/vendor/":
        assert {"core_vendor.dashboard", "tenancy_vendor.staff"} <= endpoints
        assert {"customers_vendor.customers", "customers_vendor.customer"} <= endpoints
        # the shop's look: the page, its save and its preview
        assert {"cms_vendor.look.edit", "cms_vendor.look.save", "cms_vendor.look.preview"} <= (
            endpoints
        )
    for rule in rules:
        path = fill(rule, vendor_code="bikes")
        assert call(client, rule, path, token).status_code == 404, f"{rule.rule} -> {path}"
        # and a vendor on another platform is not even found
        path = fill(rule, vendor_code="books")
        assert call(client, rule, path, token).status_code == 404, f"{rule.rule} -> {path}"


def test_owner_reaches_own_vendor_urls(shop, login_as):
    client = login_as(shop.test_client(), "bakery_owner")
    for path in ["/vendor/bakery/", "/vendor/bakery/staff", "/vendor/bakery/fxcart/"]:
        assert client.get(path).status_code == 200, path


@pytest.fixture
def oms_admin(shop):
    """A platform admin of 'oms' (the demo has none)."""
    from modules.tenancy.models import Role
    from modules.tenancy.services.access import access
    from modules.tenancy.services.users import create_user

    with shop.app_context():
        oms = access.platform_by_code("oms")
        create_user("admin@oms.test", "oms-admin-pw", Role.PLATFORM_ADMIN, platform_id=oms.id)
        db.session.commit()
    return ("admin@oms.test", "oms-admin-pw")


def test_platform_admin_gets_404_on_every_url_of_another_platform(shop, oms_admin):
    client = shop.test_client()
    response = client.open(
        "/login",
        method="POST",
        base_url="http://oms.localhost",
        data={
            "email": oms_admin[0],
            "password": oms_admin[1],
            "csrf_token": _token(client, "http://oms.localhost"),
        },
    )
    assert response.status_code == 302
    token = _token(client, "http://oms.localhost", "/admin/")
    rules = rules_under(shop, "/admin/", "platform_code")
    assert rules
    own = client.get("/admin/platforms/oms/modules", base_url="http://oms.localhost")
    assert own.status_code == 200
    for rule in rules:
        other = call(client, rule, fill(rule, platform_code="main"), token, "http://oms.localhost")
        assert other.status_code == 404, f"{rule.rule} for main"


def test_platform_admin_is_refused_on_another_platforms_host(shop, oms_admin):
    client = shop.test_client()
    assert login(client, *oms_admin).status_code == 302  # signs in on localhost (main)
    token = csrf_token(client, "/account/profile")
    admin_rules = [r for r in shop.url_map.iter_rules() if r.rule.startswith("/admin")]
    assert len(admin_rules) >= 5
    for rule in admin_rules:
        path = fill(rule)
        assert call(client, rule, path, token).status_code in (403, 404), rule.rule


def test_vendor_users_are_refused_in_the_admin(shop, login_as):
    client = login_as(shop.test_client(), "bakery_owner")
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/platforms/main/modules").status_code == 403


def _token(client, base_url, path="/login"):
    import re

    html = client.get(path, base_url=base_url).get_data(as_text=True)
    match = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"', html
    )
    return match.group(1) or match.group(2)


def test_host_header_picks_the_platform(shop):
    client = shop.test_client()
    assert client.get("/storefront/books/", base_url="http://oms.localhost").status_code == 200
    assert client.get("/storefront/books/", base_url="http://localhost").status_code == 404
    assert client.get("/storefront/bakery/", base_url="http://oms.localhost").status_code == 404
    # an unknown host falls back to the default platform (main)
    assert client.get("/storefront/bakery/", base_url="http://unknown.test").status_code == 200


def test_vendor_custom_domain_serves_its_storefront(shop):
    from modules.tenancy.models import Vendor

    with shop.app_context():
        vendor = db.session.query(Vendor).filter_by(vendor_code="bakery").one()
        vendor.custom_domain = "shop.bakery.test"
        db.session.commit()
    client = shop.test_client()
    home = client.get("/", base_url="http://shop.bakery.test")
    assert home.status_code == 200
    assert "Boulangerie Bakery" in home.get_data(as_text=True)
    page = client.get("/fxcart/", base_url="http://shop.bakery.test")
    assert "Cart (fixture) storefront page" in page.get_data(as_text=True)
    # links the app builds (/storefront/bakery/...) work there too
    assert client.get("/storefront/bakery/", base_url="http://shop.bakery.test").status_code == 200


def test_suspended_vendor_storefront_is_gone(shop):
    from modules.tenancy.models import Vendor

    with shop.app_context():
        db.session.query(Vendor).filter_by(vendor_code="bakery").one().is_active = False
        db.session.commit()
    assert shop.test_client().get("/storefront/bakery/").status_code == 404


def test_suspended_vendor_team_keeps_the_back_office_with_a_notice(shop, login_as):
    from modules.tenancy.models import Vendor

    client = login_as(shop.test_client(), "bakery_owner")
    assert 'data-notice="suspended"' not in client.get("/vendor/bakery/").get_data(as_text=True)
    with shop.app_context():
        db.session.query(Vendor).filter_by(vendor_code="bakery").one().is_active = False
        db.session.commit()
    page = client.get("/vendor/bakery/")
    assert page.status_code == 200
    assert "This shop is suspended" in page.get_data(as_text=True)


def png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    return buffer.getvalue()


# Each id in a vendor URL, and the table whose rows it names: the walk below puts a real
# row of `bakery` into every vendor URL of `bikes`.
ID_TABLES = {
    "product_id": "catalog_product",
    "variant_id": "catalog_variant",
    "image_id": "catalog_image",
    "category_id": "catalog_category",
    "item_id": "inventory_item",
    "location_id": "inventory_location",
    "reservation_id": "inventory_reservation",
    "token_id": "tenancy_api_token",
    "member_id": "tenancy_vendor_membership",
    "invitation_id": "tenancy_staff_invitation",
    "menu_item_id": "cms_menu_item",
    "page_id": "cms_page",
    "version_id": "cms_page_version",
    "media_id": "cms_media",
    "customer_id": "customers_customer",
    "payment_id": "payments_payment",
    "line_id": "cart_line",
}


def own_page(vendor_id: int) -> str:
    """The slug of a published page only this shop has."""
    from modules.cms.services import pages
    from modules.cms.services.owners import Owner

    owner = Owner.of_vendor_id(vendor_id)
    data = pages.PageInput(texts={owner.default_language: pages.TextInput(title="Our ovens")})
    page = pages.save_page(owner, None, data)
    pages.publish(page)
    db.session.commit()
    return page.slug


def a_guests_cart(vendor_id: int, variant_id: int, product_id: int) -> None:
    """A cart of some guest of the shop, with one line."""
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from modules.cart.models import Cart, CartLine

    cart = Cart(
        vendor_id=vendor_id, token_hash="0" * 64, expires_at=datetime.now(UTC) + timedelta(days=1)
    )
    cart.lines.append(
        CartLine(
            vendor_id=vendor_id,
            variant_id=variant_id,
            product_id=product_id,
            quantity=1,
            unit_price_at_add=Decimal("1.00"),
            currency="EUR",
        )
    )
    db.session.add(cart)


@pytest.fixture
def bakery_rows(shop):
    """One real row of bakery's for each kind of id (made where the demo has none)."""
    from datetime import timedelta

    import sqlalchemy as sa

    from modules.catalog.models import Product
    from modules.catalog.services.images import add_image
    from modules.cms.services.media import upload as media_upload
    from modules.cms.services.menus import MenuInput
    from modules.cms.services.menus import Owner as MenuOwner
    from modules.cms.services.menus import add_item as add_menu_item
    from modules.cms.services.owners import Owner
    from modules.inventory.services import items, reservations, stock
    from modules.tenancy.models import User
    from modules.tenancy.services.access import access
    from modules.tenancy.services.api_tokens import create_token

    with shop.app_context():
        bakery = access.vendor_by_code(access.platform_by_code("main").id, "bakery")
        variant_id = db.session.scalar(
            sa.text("SELECT id FROM catalog_variant WHERE vendor_id = :v ORDER BY id"),
            {"v": bakery.id},
        )
        product_id = db.session.scalar(
            sa.text("SELECT product_id FROM catalog_variant WHERE id = :id"), {"id": variant_id}
        )
        item = items.item_for_variant(bakery.id, variant_id)
        location = items.default_location(bakery.id)
        stock.adjust(item, location, 5, "received")
        reservations.reserve(bakery.id, {item.id: 1}, "walk-1", timedelta(hours=1))
        if not db.session.scalar(
            sa.text("SELECT count(*) FROM catalog_image WHERE vendor_id = :v"), {"v": bakery.id}
        ):
            add_image(db.session.get(Product, product_id), png(), alt_text="walk")
        media_upload(Owner.of_vendor(bakery), "walk.png", png(), "walk")
        owner = db.session.scalar(sa.select(User).where(User.email == "owner@bakery.test"))
        create_token(owner, bakery, name="walk", permissions=["catalog.view"])
        add_menu_item(
            MenuOwner(bakery.platform_id, bakery.id),
            MenuInput(kind="url", url="https://walk.example.com", labels={"en": "Walk"}),
        )
        a_guests_cart(bakery.id, variant_id, product_id)
        db.session.commit()
        rows = {}
        for argument, table in ID_TABLES.items():
            column = "vendor_id"
            rows[argument] = db.session.scalar(
                sa.text(f"SELECT id FROM {table} WHERE {column} = :v ORDER BY id LIMIT 1"),
                {"v": bakery.id},
            )
        slugs = {
            "product": db.session.scalar(
                sa.text("SELECT slug FROM catalog_product_text WHERE vendor_id = :v"),
                {"v": bakery.id},
            ),
            "category": db.session.scalar(
                sa.text("SELECT slug FROM catalog_category_text WHERE vendor_id = :v"),
                {"v": bakery.id},
            ),
            "page": own_page(bakery.id),
        }
    return rows, slugs


@pytest.mark.parametrize("prefix", ["/vendor/", "/api/v1/vendor/"])
def test_another_vendors_rows_by_id_are_404_on_every_url_of_ones_own_shop(
    shop, login_as, bakery_rows, prefix
):
    """The owner of bikes, in bikes' own back office and API, with the ids of bakery's
    products, variants, images, categories, stock items, locations, reservations, API
    tokens, team, pages and customers: every URL that takes such an id answers 404, reading
    or writing."""
    rows, _ = bakery_rows
    client = login_as(shop.test_client(), "bikes_owner")
    token = csrf_token(client, "/vendor/bikes/")
    walked = set()
    for rule in rules_under(shop, prefix, "vendor_code"):
        ids = {name: rows[name] for name in rule.arguments if name in ID_TABLES}
        if not ids:
            continue
        missing = [name for name, value in ids.items() if value is None]
        assert not missing or set(missing) <= {"invitation_id"}, (rule.rule, missing)
        if missing:
            continue
        path = fill(rule, vendor_code="bikes", **ids)
        assert call(client, rule, path, token).status_code == 404, f"{rule.rule} -> {path}"
        walked |= set(ids)
    if prefix == "/vendor/":
        assert {"product_id", "variant_id", "image_id", "category_id", "item_id"} <= walked
        assert {"location_id", "reservation_id", "token_id", "member_id"} <= walked
        assert "menu_item_id" in walked
        assert {"page_id", "version_id"} <= walked
        assert "customer_id" in walked
        assert "payment_id" in walked
    assert "media_id" in walked


def test_cart_lines_of_another_shop_or_shopper_are_404(shop, bakery_rows):
    """A guest with a cart of bakery's: their own line id in bikes' cart URLs, and
    another guest's line id in bakery's, answer 404 on every cart URL that takes one."""
    import sqlalchemy as sa

    rows, _ = bakery_rows
    client = shop.test_client()
    with shop.app_context():
        variant = db.session.scalar(
            sa.text(
                "SELECT v.id FROM catalog_variant v JOIN catalog_product p ON p.id = v.product_id "
                "JOIN tenancy_vendor t ON t.id = v.vendor_id WHERE t.vendor_code = 'bakery' "
                "AND p.status = 'active' AND (v.stock_available IS NULL OR "
                "v.stock_available > 0) ORDER BY v.id"
            )
        )
    added = client.post(
        "/storefront/bakery/cart/add",
        data={"variant_id": str(variant), "quantity": "1"},
        headers={"Origin": "http://localhost"},
    )
    assert added.status_code == 302
    with shop.app_context():
        own = db.session.scalar(sa.text("SELECT max(id) FROM cart_line"))
    assert own != rows["line_id"]
    token = csrf_token(client, "/storefront/bakery/cart/")
    walked = 0
    for rule in rules_under(shop, "/storefront/", "line_id"):
        for code, line in (("bikes", own), ("bakery", rows["line_id"])):
            path = fill(rule, vendor_code=code, line_id=line)
            assert call(client, rule, path, token).status_code == 404, path
            walked += 1
    assert walked >= 4
    with shop.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM cart_line")) == 2


def test_another_shops_slugs_are_404_in_this_shop(shop, bakery_rows):
    _, slugs = bakery_rows
    client = shop.test_client()
    assert client.get(f"/storefront/bakery/catalog/products/{slugs['product']}").status_code in (
        200,
        301,
        404,  # a draft product of bakery's is 404 at home too
    )
    assert client.get(f"/storefront/bakery/pages/{slugs['page']}").status_code == 200
    for path in (
        f"/storefront/bikes/catalog/products/{slugs['product']}",
        f"/storefront/bikes/catalog/categories/{slugs['category']}",
        f"/api/v1/storefront/bikes/catalog/products/{slugs['product']}",
        f"/storefront/bikes/pages/{slugs['page']}",
    ):
        assert client.get(path).status_code == 404, path
