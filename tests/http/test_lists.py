"""The admin lists (vendors, companies, users, platforms) and the platform home's shops
on the list component: search, filters, sort, pages and page size in the URL; bad
parameters answered with the defaults (200, never 500); htmx gets the list block only;
bulk suspend / reactivate of vendors with one confirmation, CSRF, permission and scope."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from modules.tenancy.models import Vendor
from modules.tenancy.services.demo import add_shops
from tests.http.test_tenancy_admin import OMS, oms_admin  # noqa: F401 (fixture)
from wizamart.extensions import db

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}
BAD_PARAMS = [
    "page=-1",
    "page=99999999999999999999999",
    "page=abc",
    "per_page=100000",
    "per_page=-5",
    "sort=password_hash",
    "sort=%0D%0Aevil",
    "q=%0D%0ASet-Cookie:%20x",
    "q=" + "x" * 5000,
    "platform=999999999999999999999999",
    "platform=abc",
    "status=deleted",
    "role=god",
    "after=%%%",
    "before=eyJ4Ijox",
    "after=" + "A" * 2000,
    "q=%F0%9F%8D%9E&sort=-name",
]


@pytest.fixture
def admin(demo, login_as):
    return login_as(demo.test_client(), "admin")


def rows(html: str, attr: str) -> list[str]:
    return re.findall(rf'<tr data-{attr}="([^"]+)"', html)


def shop_codes(html: str) -> list[str]:
    return re.findall(r'data-shop="([^"]+)"', html)


def link(html: str, rel: str) -> str:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def more_shops(app, count: int, platform: str = "main", prefix: str = "shop") -> None:
    with app.app_context():
        add_shops(count, platform, prefix)
        db.session.commit()


# --- vendors -------------------------------------------------------------------------


def test_vendors_search_by_name_code_domain_or_company(demo, admin):
    assert rows(admin.get("/admin/vendors?q=boulang").text, "vendor") == ["bakery"]
    assert rows(admin.get("/admin/vendors?q=BIKES").text, "vendor") == ["bikes"]
    assert rows(admin.get("/admin/vendors?q=corner+s.").text, "vendor") == ["books"]
    page = admin.get("/admin/vendors?q=nothing-like-it").text
    assert rows(page, "vendor") == [] and "Nothing matches this search." in page
    assert 'value="nothing-like-it"' in page  # the search box keeps what was typed


def test_vendors_filter_by_platform_and_status(demo, admin):
    with demo.app_context():
        oms = db.session.scalar(sa.text("SELECT id FROM tenancy_platform WHERE code = 'oms'"))
        db.session.execute(
            sa.update(Vendor).where(Vendor.vendor_code == "bikes").values(is_active=False)
        )
        db.session.commit()
    assert rows(admin.get(f"/admin/vendors?platform={oms}").text, "vendor") == ["books"]
    assert rows(admin.get("/admin/vendors?status=suspended").text, "vendor") == ["bikes"]
    assert rows(admin.get("/admin/vendors?status=active").text, "vendor") == ["books", "bakery"]
    page = admin.get(f"/admin/vendors?platform={oms}&status=suspended").text
    assert rows(page, "vendor") == [] and "Clear the filters" in page


def test_vendors_sort_by_any_column_both_ways(demo, admin):
    assert rows(admin.get("/admin/vendors").text, "vendor") == ["bikes", "books", "bakery"]
    assert rows(admin.get("/admin/vendors?sort=-name").text, "vendor") == [
        "bakery",
        "books",
        "bikes",
    ]
    assert rows(admin.get("/admin/vendors?sort=code").text, "vendor") == [
        "bakery",
        "bikes",
        "books",
    ]
    assert rows(admin.get("/admin/vendors?sort=-platform").text, "vendor")[-1] == "books"
    page = admin.get("/admin/vendors?sort=-code").text
    assert 'aria-sort="descending"' in page
    assert 'href="/admin/vendors?sort=code" hx-get="/admin/vendors?sort=code"' in page


def test_vendors_page_forward_and_back_with_the_state_kept(demo, admin):
    more_shops(demo, 60)
    first = admin.get("/admin/vendors?q=shop&per_page=25").text
    assert len(rows(first, "vendor")) == 25 and link(first, "prev") is None
    assert "25 on this page" in first
    second_url = link(first, "next")
    assert "q=shop" in second_url and "after=" in second_url
    second = admin.get(second_url).text
    third = admin.get(link(second, "next")).text
    assert len(rows(third, "vendor")) == 10 and link(third, "next") is None
    seen = rows(first, "vendor") + rows(second, "vendor") + rows(third, "vendor")
    assert seen == [f"shop{n:05d}" for n in range(2, 62)]  # every shop once, in order
    back = admin.get(link(third, "prev")).text
    assert rows(back, "vendor") == rows(second, "vendor")
    assert rows(admin.get(link(back, "prev")).text, "vendor") == rows(first, "vendor")
    bigger = admin.get("/admin/vendors?q=shop&per_page=50").text
    assert len(rows(bigger, "vendor")) == 50
    assert '<option value="50" selected>' in bigger


@pytest.mark.parametrize("params", BAD_PARAMS)
@pytest.mark.parametrize(
    "path", ["/admin/vendors", "/admin/companies", "/admin/users", "/admin/platforms"]
)
def test_bad_list_parameters_fall_back_to_the_defaults(demo, admin, path, params):
    response = admin.get(f"{path}?{params}")
    assert response.status_code == 200
    assert "\r\n" not in "".join(response.headers.values())


@pytest.mark.parametrize("params", BAD_PARAMS)
def test_bad_parameters_on_the_platform_home_too(demo, params):
    assert demo.test_client().get(f"/?{params}").status_code == 200


def test_htmx_gets_only_the_list_block(demo, admin):
    headers = {**HTMX, "HX-Target": "div#vendors-list"}
    response = admin.get("/admin/vendors?sort=-name", headers=headers)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    html = response.text
    assert rows(html, "vendor") == ["bakery", "books", "bikes"]
    assert "<html" not in html and 'id="vendors-filters"' not in html and "sidebar" not in html
    # the search form's state lives in the block, tied to the form
    assert '<input type="hidden" name="sort" value="-name" form="vendors-filters">' in html


def test_without_javascript_the_list_is_a_whole_page(demo, admin):
    response = admin.get("/admin/vendors?sort=-name")
    assert "HX-Request" in response.headers["Vary"]
    html = response.text
    assert "<html" in html and 'id="vendors-filters"' in html and 'method="get"' in html
    assert '<div id="vendors-list" class="list-block">' in html


# --- companies, users, platforms --------------------------------------------------------


def test_companies_search_filter_sort_and_numbered_pages(demo, admin):
    more_shops(demo, 30)
    page = admin.get("/admin/companies?q=shop&per_page=25").text
    assert len(rows(page, "company")) == 25 and "1–25 of 30" in page
    last = admin.get("/admin/companies?q=shop&page=2").text
    assert (
        len(rows(last, "company")) == 5 and 'aria-current="page"><span class="page-link">2' in last
    )
    assert admin.get("/admin/companies?q=LU1122").text.count("<tr data-company=") == 1
    assert "Books Corner" in admin.get("/admin/companies?q=LU1122").text
    names = re.findall(
        r"<tr data-company=\"\d+\">\s*<td>([^<]+)</td>",
        admin.get("/admin/companies?sort=-name").text,
    )
    assert names[:3] == ["shop00031 S.A.", "shop00030 S.A.", "shop00029 S.A."]


def test_users_search_and_filter_by_role_and_status(demo, admin):
    assert rows(admin.get("/admin/users?q=bakery").text, "user") == [
        "owner@bakery.test",
        "staff@bakery.test",
    ]
    assert rows(admin.get("/admin/users?role=translator").text, "user") == [
        "translator@wizamart.test"
    ]
    assert rows(admin.get("/admin/users?status=inactive").text, "user") == []
    teams = admin.get("/admin/users?q=owner%40bikes").text
    assert "Bikes &amp; Co" in teams  # the team's vendor, loaded with the page


def test_platforms_search_by_domain(demo, admin):
    assert rows(admin.get("/admin/platforms?q=oms.local").text, "platform") == ["oms"]
    assert rows(admin.get("/admin/platforms?sort=-code").text, "platform") == ["oms", "main"]


def test_a_platform_admin_lists_only_their_platform(demo, oms_admin):  # noqa: F811
    vendors = oms_admin.get("/admin/vendors?q=b", base_url=OMS).text
    assert rows(vendors, "vendor") == ["books"]
    assert 'id="vendors-platform"' not in vendors  # one platform: nothing to filter
    with demo.app_context():
        main = db.session.scalar(sa.text("SELECT id FROM tenancy_platform WHERE code = 'main'"))
    page = oms_admin.get(f"/admin/vendors?platform={main}", base_url=OMS).text
    assert rows(page, "vendor") == ["books"]  # another platform's id is no filter value


# --- the platform home --------------------------------------------------------------


def test_the_platform_home_pages_and_searches_its_open_shops(demo):
    more_shops(demo, 45)
    visitor = demo.test_client()
    first = visitor.get("/").text
    assert len(shop_codes(first)) == 20
    assert "books" not in shop_codes(first)  # another platform's shop
    codes = shop_codes(first)
    url = link(first, "next")
    while url:
        page = visitor.get(url).text
        codes += shop_codes(page)
        url = link(page, "next")
    assert len(codes) == len(set(codes)) == 47  # bakery, bikes and the 45 new ones
    assert shop_codes(visitor.get("/?q=bikes").text) == ["bikes"]
    fragment = visitor.get("/?q=bak", headers={**HTMX, "HX-Target": "div#shops-list"})
    assert shop_codes(fragment.text) == ["bakery"] and "<html" not in fragment.text
    assert "Set-Cookie" not in fragment.headers


# --- bulk suspend / reactivate -----------------------------------------------------------


def vendor_ids(app, *codes) -> list[int]:
    with app.app_context():
        found = dict(db.session.execute(sa.select(Vendor.vendor_code, Vendor.id)).all())
    return [found[code] for code in codes]


def active(app) -> dict[str, bool]:
    with app.app_context():
        return dict(db.session.execute(sa.select(Vendor.vendor_code, Vendor.is_active)).all())


def token(client, base_url="http://localhost") -> str:
    html = client.get("/admin/", base_url=base_url).text
    return re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)


def test_bulk_suspend_shows_one_confirmation_then_suspends(demo, admin):
    bakery, bikes = vendor_ids(demo, "bakery", "bikes")
    page = admin.get(f"/admin/vendors?q=b&sort=code&bulk=suspend&id={bakery}&id={bikes}")
    html = page.text
    assert page.status_code == 200
    assert "Suspend 2 vendors?" in html and html.count('role="dialog"') == 1
    assert "Boulangerie Bakery (bakery)" in html and "Bikes &amp; Co (bikes)" in html
    assert active(demo)["bakery"]  # asking changes nothing
    response = admin.post(
        "/admin/vendors/bulk",
        data={
            "csrf_token": token(admin),
            "bulk": "suspend",
            "id": [bakery, bikes],
            "q": "b",
            "sort": "code",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/vendors?q=b&sort=code"  # the same view
    assert active(demo) == {"bakery": False, "bikes": False, "books": True}
    listing = admin.get(response.headers["Location"]).text
    assert "2 vendors are suspended." in listing
    assert demo.test_client().get("/storefront/bakery/").status_code == 404  # shop closed


def test_bulk_reactivate_leaves_the_active_ones_alone(demo, admin):
    bakery, books = vendor_ids(demo, "bakery", "books")
    with demo.app_context():
        db.session.execute(sa.update(Vendor).where(Vendor.id == bakery).values(is_active=False))
        db.session.commit()
    html = admin.get(f"/admin/vendors?bulk=reactivate&id={bakery}&id={books}").text
    assert "Reactivate 1 vendor?" in html
    assert "Already so, left alone: Books Corner (books)." in html
    response = admin.post(
        "/admin/vendors/bulk",
        data={"csrf_token": token(admin), "bulk": "reactivate", "id": [bakery, books]},
        headers={**HTMX, "HX-Target": "div#vendors-list"},
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert "1 vendor is reactivated." in response.text  # the flash, out of band
    assert 'hx-target="#flash"' in response.text
    assert active(demo)["bakery"]


def test_bulk_without_a_selection_asks_for_one(demo, admin):
    page = admin.get("/admin/vendors?bulk=suspend")
    assert page.status_code == 422 and "Select at least one row first." in page.text
    response = admin.post(
        "/admin/vendors/bulk",
        data={"csrf_token": token(admin), "bulk": "suspend", "id": ["x", "-1"]},
    )
    assert response.status_code == 422 and "Select at least one row first." in response.text
    assert all(active(demo).values())


def test_bulk_post_without_csrf_token_is_refused(demo, admin):
    (bakery,) = vendor_ids(demo, "bakery")
    response = admin.post("/admin/vendors/bulk", data={"bulk": "suspend", "id": [bakery]})
    assert response.status_code == 400
    assert active(demo)["bakery"]


def test_bulk_unknown_action_or_too_many_ids_is_a_bad_request(demo, admin):
    (bakery,) = vendor_ids(demo, "bakery")
    assert admin.get(f"/admin/vendors?bulk=delete&id={bakery}").status_code == 400
    response = admin.post(
        "/admin/vendors/bulk", data={"csrf_token": token(admin), "bulk": "delete", "id": [bakery]}
    )
    assert response.status_code == 400
    many = [str(n) for n in range(1, 600)]
    response = admin.post(
        "/admin/vendors/bulk", data={"csrf_token": token(admin), "bulk": "suspend", "id": many}
    )
    assert response.status_code == 400
    assert all(active(demo).values())


def test_bulk_is_for_admins_who_manage_vendors(demo, login_as):
    (bakery,) = vendor_ids(demo, "bakery")
    translator = login_as(demo.test_client(), "translator")
    assert translator.get("/admin/vendors").status_code == 403
    response = translator.post(
        "/admin/vendors/bulk",
        data={"csrf_token": token(translator), "bulk": "suspend", "id": [bakery]},
    )
    assert response.status_code == 403
    owner = login_as(demo.test_client(), "bakery_owner")
    response = owner.post("/admin/vendors/bulk", data={"bulk": "suspend", "id": [bakery]})
    assert response.status_code in (400, 403, 404)
    assert active(demo)["bakery"]


def test_bulk_never_touches_another_platforms_vendors(demo, oms_admin):  # noqa: F811
    bakery, books = vendor_ids(demo, "bakery", "books")
    page = oms_admin.get(f"/admin/vendors?bulk=suspend&id={bakery}&id={books}", base_url=OMS).text
    assert "Suspend 1 vendor?" in page and "Boulangerie" not in page
    response = oms_admin.post(
        "/admin/vendors/bulk",
        base_url=OMS,
        data={"csrf_token": token(oms_admin, OMS), "bulk": "suspend", "id": [bakery]},
    )
    assert response.status_code == 422  # nothing of theirs was selected
    response = oms_admin.post(
        "/admin/vendors/bulk",
        base_url=OMS,
        data={"csrf_token": token(oms_admin, OMS), "bulk": "suspend", "id": [bakery, books]},
    )
    assert response.status_code == 302
    assert active(demo) == {"bakery": True, "bikes": True, "books": False}


def test_only_admins_with_the_permission_see_the_bulk_buttons(demo, admin):
    assert 'data-bulk="suspend"' in admin.get("/admin/vendors").text
    assert 'name="id"' not in admin.get("/admin/companies").text  # no bulk action there
