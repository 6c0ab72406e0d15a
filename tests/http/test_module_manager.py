"""The module manager as an admin uses it: search, filters, detail page, bulk changes with
one combined plan and an undo, needs-upgrade, and the page of a module that is off.

Fixture modules (tests/fixtures/modsets/shop): fxcheckout requires fxcart, fxorders and
fxpayments; fxorders and fxbilling require fxpayments; fxcart requires nothing; fxhealth
has a health check that raises while FXHEALTH_BROKEN is set; fxmonitor is internal.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.conftest import CSRF_RE, csrf_token, login
from wizamart.extensions import db
from wizamart.modules.models import ModuleChange
from wizamart.modules.service import module_service

PAGE = "/admin/platforms/main/modules"
HTMX = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#module-list"}


def cards(html: str) -> dict[str, str]:
    """code -> state ('on'/'off') of every module card on the page."""
    return dict(re.findall(r'data-module="([^"]+)" data-state="(on|off)"', html))


def platform_id(app, code="main") -> int:
    from modules.tenancy.services.access import access

    with app.app_context():
        return access.platform_by_code(code).id


def enabled(app, code="main") -> frozenset[str]:
    with app.app_context():
        return module_service.get_platform_modules(platform_id(app, code))


def log_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ModuleChange))


@pytest.fixture
def admin(shop, login_as):
    return login_as(shop.test_client(), "admin")


@pytest.fixture
def oms_admin(shop):
    """A platform admin of 'oms' only, signed in on oms.localhost."""
    from modules.tenancy.models import Role
    from modules.tenancy.services.users import create_user

    with shop.app_context():
        create_user(
            "admin@oms.test",
            "oms-admin-pw",
            Role.PLATFORM_ADMIN,
            platform_id=platform_id(shop, "oms"),
        )
        db.session.commit()
    client = shop.test_client()
    token = csrf_token_on(client, "http://oms.localhost")
    response = client.post(
        "/login",
        base_url="http://oms.localhost",
        data={"email": "admin@oms.test", "password": "oms-admin-pw", "csrf_token": token},
    )
    assert response.status_code == 302
    return client


def csrf_token_on(client, base_url, path="/login") -> str:
    html = client.get(path, base_url=base_url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    return match.group(1) or match.group(2)


# -- search and filters -------------------------------------------------------------------


def test_search_finds_modules_by_name_or_code(admin):
    by_name = cards(admin.get(PAGE + "?q=payMENTS").get_data(as_text=True))
    assert set(by_name) == {"fxpayments", "payments"}  # "Payments (fixture)", "Payments"
    by_code = cards(admin.get(PAGE + "?q=fxcart").get_data(as_text=True))
    assert set(by_code) == {"fxcart"}


def test_filters_by_tier_and_state_and_keeps_them_in_the_form(shop, admin):
    admin.post(PAGE + "/fxcart/disable", data={"csrf_token": csrf_token(admin, PAGE)})  # off now
    html = admin.get(PAGE + "?tier=optional&state=off").get_data(as_text=True)
    assert cards(html) == {"fxcart": "off", "fxcheckout": "off"}  # checkout requires cart
    assert '<option value="optional" selected>' in html
    assert '<option value="off" selected>' in html
    assert "2 of" in html and "modules match." in html
    internal = cards(admin.get(PAGE + "?tier=internal").get_data(as_text=True))
    assert set(internal) == {"fxmonitor", "monitoring"}
    on = cards(admin.get(PAGE + "?state=on").get_data(as_text=True))
    assert "fxcart" not in on and "fxpayments" in on


def test_no_match_says_so_and_offers_to_clear_the_filters(admin):
    html = admin.get(PAGE + "?q=nothing-like-this").get_data(as_text=True)
    assert cards(html) == {}
    assert "No module matches these filters." in html
    assert f'<a href="{PAGE}">Clear the filters</a>' in html


def test_a_filter_the_page_does_not_offer_is_a_400(admin):
    response = admin.get(PAGE + "?tier=gold")
    assert response.status_code == 400
    assert "There is no tier “gold”." in response.get_data(as_text=True)
    assert admin.get(PAGE + "?state=broken").status_code == 400


def test_an_htmx_search_gets_only_the_list(admin):
    response = admin.get(PAGE + "?q=fxcart", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert set(cards(html)) == {"fxcart"}
    assert "<html" not in html and 'id="module-filters"' not in html
    assert "HX-Request" in response.headers["Vary"]


# -- detail page --------------------------------------------------------------------------


def test_detail_page_shows_what_the_module_is_needs_and_brings(admin):
    html = admin.get(PAGE + "/fxpayments").get_data(as_text=True)
    assert "Payments (fixture)" in html and 'id="module-version">0.1.0<' in html
    assert 'data-permission="fxpayments.use"' in html
    assert 'data-permission="fxpayments.admin"' in html
    for menu in ("admin", "vendor", "storefront"):
        assert f'data-menu-entry="{menu}:fxpayments"' in html
    required_by = re.search(r'class="col-7 col-sm-8 required-by">(.*?)</dd>', html, re.S).group(1)
    for name in ("Orders (fixture)", "Checkout (fixture)", "Billing (fixture)"):
        assert name in required_by
    assert "This module has no migrations." in html
    assert 'data-health="none"' in html


def test_detail_page_shows_migrations_of_a_module_that_has_them(admin):
    html = admin.get(PAGE + "/tenancy").get_data(as_text=True)
    assert 'data-revision="tenancy_001" data-applied="yes"' in html
    assert "Needs upgrade" not in html


def test_health_check_answer_and_its_error_never_a_500(shop, admin):
    assert 'data-health="ok"' in admin.get(PAGE + "/fxhealth").get_data(as_text=True)
    shop.config["FXHEALTH_BROKEN"] = "disk full"
    try:
        response = admin.get(PAGE + "/fxhealth")
    finally:
        del shop.config["FXHEALTH_BROKEN"]
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-health="failing"' in html
    assert "error: fxhealth is broken: disk full" in html


def test_history_on_the_detail_page_is_this_platforms_only_and_paged(shop, admin):
    with shop.app_context():
        main, oms = platform_id(shop), platform_id(shop, "oms")
        for _ in range(11):  # 22 changes of fxcart on main
            module_service.disable_module(main, "fxcart")
            module_service.enable_module(main, "fxcart")
        module_service.disable_module(oms, "fxcart")
        module_service.disable_module(main, "fxpayments")  # carries fxorders, not fxcart
    first = admin.get(PAGE + "/fxcart").get_data(as_text=True)
    assert first.count('data-module="fxcart" data-action=') == 20
    assert 'rel="next"' in first
    second = admin.get(PAGE + "/fxcart?page=2").get_data(as_text=True)
    assert second.count('data-module="fxcart" data-action=') == 2
    assert 'rel="next"' not in second and 'rel="prev"' in second
    orders = admin.get(PAGE + "/fxorders").get_data(as_text=True)
    assert 'data-module="fxpayments" data-action="disable"' in orders  # carried along


def test_unknown_module_is_a_404(admin):
    assert admin.get(PAGE + "/nosuch").status_code == 404
    assert admin.get(PAGE + "/nosuch/confirm?action=disable").status_code == 404


# -- bulk: one combined plan, one confirmation, undo --------------------------------------


def test_bulk_plan_shows_every_module_that_will_change_and_why(shop, admin):
    response = admin.get(PAGE + "/plan?action=disable&code=fxpayments&code=fxcart")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Disable 5 modules?" in html
    steps = dict(
        re.findall(r'<li class="plan-module[^"]*" data-module="([^"]+)">(.*?)</li>', html, re.S)
    )
    assert set(steps) == {"fxpayments", "fxcart", "fxorders", "fxcheckout", "fxbilling"}
    assert "selected" in steps["fxcart"]
    assert "requires Payments (fixture)" in steps["fxbilling"]
    assert "requires Cart (fixture), Orders (fixture), Payments (fixture)" in steps["fxcheckout"]
    # the form posts only the picked modules; the rest follows from them again
    assert re.findall(r'name="code" value="([^"]+)"', html.split('id="bulk-plan"')[1])[:2] == [
        "fxcart",
        "fxpayments",
    ]
    assert enabled(shop) >= set(steps)  # a plan changes nothing


def test_bulk_disable_then_undo(shop, admin):
    token = csrf_token(admin, PAGE)
    response = admin.post(
        PAGE + "/apply",
        data={"csrf_token": token, "action": "disable", "code": ["fxpayments", "fxcart"]},
    )
    assert response.status_code == 302 and response.location.endswith(PAGE)
    gone = {"fxpayments", "fxcart", "fxorders", "fxcheckout", "fxbilling"}
    assert not gone & enabled(shop)
    assert log_count(shop) == 2  # one entry per picked module

    html = admin.get(PAGE).get_data(as_text=True)
    assert "Switched off:" in html
    undo = re.search(r'href="([^"]+)" data-undo>Undo</a>', html).group(1).replace("&amp;", "&")
    assert "action=enable" in undo
    plan = admin.get(undo).get_data(as_text=True)  # the same confirmation as any change
    assert "Enable 5 modules?" in plan
    codes = re.findall(r'name="code" value="([^"]+)"', plan.split('id="bulk-plan"')[1])
    admin.post(PAGE + "/apply", data={"csrf_token": token, "action": "enable", "code": codes})
    assert enabled(shop) >= gone


def test_bulk_apply_with_htmx_updates_list_sidebar_and_flash(shop, admin):
    token = csrf_token(admin, PAGE)
    response = admin.post(
        PAGE + "/apply",
        data={"csrf_token": token, "action": "disable", "code": ["fxcart"]},
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert cards(html)["fxcart"] == "off"
    assert '<hx-partial hx-target="#sidebar">' in html
    assert '<hx-partial hx-target="#flash">' in html and "data-undo" in html


def test_empty_selection_is_a_422_with_a_message_and_changes_nothing(shop, admin):
    token = csrf_token(admin, PAGE)
    for response in (
        admin.get(PAGE + "/plan?action=disable"),
        admin.post(PAGE + "/apply", data={"csrf_token": token, "action": "disable"}),
    ):
        assert response.status_code == 422
        assert "Select at least one module." in response.get_data(as_text=True)
    assert log_count(shop) == 0


def test_unknown_action_is_a_400_and_unknown_module_a_404(shop, admin):
    token = csrf_token(admin, PAGE)
    assert admin.get(PAGE + "/plan?action=explode&code=fxcart").status_code == 400
    assert (
        admin.post(
            PAGE + "/apply", data={"csrf_token": token, "action": "explode", "code": "fxcart"}
        ).status_code
        == 400
    )
    assert admin.get(PAGE + "/plan?action=disable&code=fxcart&code=nosuch").status_code == 404
    assert (
        admin.post(
            PAGE + "/apply",
            data={"csrf_token": token, "action": "disable", "code": ["fxcart", "nosuch"]},
        ).status_code
        == 404
    )
    assert "fxcart" in enabled(shop) and log_count(shop) == 0


def test_disabling_a_core_module_in_bulk_is_refused(shop, admin):
    token = csrf_token(admin, PAGE)
    response = admin.post(
        PAGE + "/apply",
        data={"csrf_token": token, "action": "disable", "code": ["fxcart", "tenancy"]},
    )
    assert response.status_code == 409
    assert "is a core module and cannot be disabled." in response.get_data(as_text=True)
    assert "fxcart" in enabled(shop) and log_count(shop) == 0


def test_bulk_apply_without_csrf_is_a_400(shop, admin):
    response = admin.post(PAGE + "/apply", data={"action": "disable", "code": "fxcart"})
    assert response.status_code == 400
    assert "fxcart" in enabled(shop)


def test_the_confirmation_sits_next_to_the_module_it_concerns(admin):
    html = admin.get(PAGE + "/fxcart/confirm?action=disable").get_data(as_text=True)
    card_at = html.index('id="module-fxcart"')
    panel_at = html.index('role="dialog"')
    next_card = re.search(r'id="module-fx(?!cart)[a-z]+"', html[card_at:])
    assert card_at < panel_at
    assert next_card is None or panel_at < card_at + next_card.start()


def test_single_change_offers_undo_too(shop, admin):
    token = csrf_token(admin, PAGE)
    admin.post(PAGE + "/fxpayments/disable", data={"csrf_token": token})
    html = admin.get(PAGE).get_data(as_text=True)
    undo = re.search(r'href="([^"]+)" data-undo>Undo</a>', html).group(1).replace("&amp;", "&")
    assert undo.startswith(PAGE + "/plan?action=enable")
    assert set(re.findall(r"code=(\w+)", undo)) == {
        "fxpayments",
        "fxorders",
        "fxcheckout",
        "fxbilling",
    }


# -- who may: the "no" paths ---------------------------------------------------------------


def test_other_platforms_admin_vendors_and_anonymous_cannot_use_the_manager(
    shop, oms_admin, login_as
):
    paths = [PAGE + "/fxcart", PAGE + "/plan?action=disable&code=fxcart", PAGE + "?q=cart"]
    for path in paths:
        assert oms_admin.get(path, base_url="http://oms.localhost").status_code == 404, path
    owner = login_as(shop.test_client(), "bakery_owner")
    for path in paths:
        assert owner.get(path).status_code == 403, path
    anonymous = shop.test_client()
    for path in paths:
        assert anonymous.get(path).status_code == 302, path  # to the sign-in page
    token = csrf_token_on(oms_admin, "http://oms.localhost", "/admin/")
    response = oms_admin.post(
        PAGE + "/apply",
        base_url="http://oms.localhost",
        data={"csrf_token": token, "action": "disable", "code": "fxcart"},
    )
    assert response.status_code == 404
    assert "fxcart" in enabled(shop) and log_count(shop) == 0


# -- a page of a module that is off ---------------------------------------------------------

OFF_MESSAGE = "The Payments (fixture) module is off on this platform."


def test_admins_of_the_platform_are_told_the_module_is_off_still_with_404(shop, admin):
    with shop.app_context():
        module_service.disable_module(platform_id(shop), "fxpayments")
    for path in ("/admin/fxpayments/", "/vendor/bakery/fxpayments/"):
        response = admin.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 404, path
        assert OFF_MESSAGE in html
        assert f'href="{PAGE}/fxpayments"' in html
    api = admin.get("/api/v1/admin/fxpayments/ping")
    assert api.status_code == 404 and OFF_MESSAGE not in api.get_data(as_text=True)


def test_everyone_else_gets_the_plain_404(shop, oms_admin, login_as):
    with shop.app_context():
        module_service.disable_module(platform_id(shop), "fxpayments")
    owner = login_as(shop.test_client(), "bakery_owner")
    other_admin = shop.test_client()
    assert login(other_admin, "admin@oms.test", "oms-admin-pw").status_code == 302  # on main
    answers = [
        owner.get("/vendor/bakery/fxpayments/"),
        other_admin.get("/admin/fxpayments/"),
        other_admin.get("/vendor/bakery/fxpayments/"),
        shop.test_client().get("/storefront/bakery/fxpayments/"),
        shop.test_client().get("/admin/fxpayments/"),
    ]
    for response in answers:
        html = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "Payments (fixture)" not in html and "/modules/fxpayments" not in html


def test_the_platforms_own_admin_sees_the_off_page_on_their_platform(shop, oms_admin):
    with shop.app_context():
        module_service.disable_module(platform_id(shop, "oms"), "fxpayments")
    response = oms_admin.get("/admin/fxpayments/", base_url="http://oms.localhost")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert OFF_MESSAGE in html
    assert 'href="/admin/platforms/oms/modules/fxpayments"' in html


def test_the_change_log_pages_instead_of_stopping_at_a_fixed_count(shop, admin):
    with shop.app_context():
        main = platform_id(shop)
        for _ in range(26):  # 52 changes
            module_service.disable_module(main, "fxcart")
            module_service.enable_module(main, "fxcart")
    first = admin.get("/admin/platforms/main/modules/log").get_data(as_text=True)
    assert first.count('<tr data-module="fxcart"') == 50
    assert 'rel="next" href="/admin/platforms/main/modules/log?page=2"' in first
    second = admin.get("/admin/platforms/main/modules/log?page=2").get_data(as_text=True)
    assert second.count('<tr data-module="fxcart"') == 2 and 'rel="prev"' in second
