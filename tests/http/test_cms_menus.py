"""Menus over HTTP: what shoppers and visitors see in the header and footer, the vendor's
and the admin's menus pages (add, edit, up/down without JavaScript, drag and drop's
order, remove after a confirmation), bad input, permissions and isolation, and the
statements a shop page costs whatever the number of items."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from modules.cms.models import MenuItem
from modules.tenancy.models import User, VendorMembership
from tests import cms_menus_data as data
from tests import storefront_data
from tests.conftest import csrf_token
from tests.integration.test_statement_counts import counting
from wizamart.extensions import db

MENUS = "/vendor/bakery/content/menus"
ADMIN_MENUS = "/admin/content/menus"
HX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def header_links(html: str) -> list[tuple[str, str]]:
    """(href, label) of the shop's header menu items, in order."""
    return re.findall(
        r'<a class="nav-link[^"]*" href="([^"]*)" data-cms-menu="header"[^>]*>([^<]*)</a>', html
    )


def footer_links(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<a class="link-secondary" href="([^"]*)" data-cms-menu="footer"[^>]*>([^<]*)</a>', html
    )


def back_office_labels(html: str) -> list[str]:
    return re.findall(r'<div class="fw-semibold text-truncate menu-item-label">([^<]*)</div>', html)


def count_items() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(MenuItem))


def category_id(slug: str) -> int:
    return db.session.scalar(
        sa.text("SELECT category_id FROM catalog_category_text WHERE slug = :s"), {"s": slug}
    )


@pytest.fixture
def demo(demo):
    """The demo without its pages and menus: each test makes its own."""
    data.clear_content(demo)
    return demo


@pytest.fixture
def shop(demo):
    """Bakery with an about page, a draft, legal pages and a header menu of each kind."""
    with data.in_shop(demo) as bakery:
        about = data.page(bakery, "about", {"en": "About us", "de": "Über uns"}, role="about")
        draft = data.page(bakery, "soon", {"en": "Coming soon"}, published=False)
        data.page(bakery, "imprint", {"en": "Imprint", "de": "Impressum"}, role="imprint")
        data.page(bakery, "terms", {"en": "Terms"}, role="terms")
        data.item(bakery, kind="page", page_id=about.id)
        data.item(bakery, kind="page", page_id=draft.id)
        data.item(bakery, kind="module", target=f"catalog:categories/{category_id('bread')}")
        data.item(bakery, kind="url", url="https://blog.example.com", labels={"en": "Blog"})
        db.session.commit()
    return demo


@pytest.fixture
def owner(shop, login_as):
    return login_as(shop.test_client(), "bakery_owner")


def give_staff(app, permissions):
    with app.app_context():
        membership = db.session.scalar(
            sa.select(VendorMembership).join(User).where(User.email == "staff@bakery.test")
        )
        membership.permissions = permissions
        db.session.commit()


def post(client, path, form=None, **kwargs):
    token = csrf_token(client, MENUS if path.startswith("/vendor") else "/account/profile")
    return client.post(path, data={**(form or {}), "csrf_token": token}, **kwargs)


def item_ids(app, location="header", owner=None) -> list[int]:
    with app.app_context():
        return data.positions(owner or data.shop("bakery"), location)


# -- what shoppers see --------------------------------------------------------------------
def test_the_shop_header_and_footer_show_the_menus(shop):
    html = shop.test_client().get("/storefront/bakery/").get_data(as_text=True)
    assert header_links(html) == [
        ("/storefront/bakery/pages/about", "About us"),
        ("/storefront/bakery/catalog/categories/bread", "Bread"),
        ("https://blog.example.com", "Blog"),
    ]
    assert "Coming soon" not in html  # the draft's item stays out
    assert (
        '<li class="nav-item"><a class="nav-link text-nowrap" href="/storefront/bakery/pages/about"'
        in html
    )
    assert 'href="https://blog.example.com" data-cms-menu="header" rel="noopener"' in html
    # no footer items: the published legal pages
    assert footer_links(html) == [
        ("/storefront/bakery/pages/imprint", "Imprint"),
        ("/storefront/bakery/pages/terms", "Terms"),
    ]


def test_the_shopper_reads_the_menus_in_their_language(shop):
    html = (
        shop.test_client()
        .get("/storefront/bakery/", headers={"Accept-Language": "de"})
        .get_data(as_text=True)
    )
    assert [label for _href, label in header_links(html)][0] == "Über uns"
    assert footer_links(html)[0][1] == "Impressum"
    assert footer_links(html)[1][1] == "Terms"  # no German title: the default language's


def test_switching_the_catalog_off_drops_its_targets_from_the_menu(shop):
    with shop.app_context():
        storefront_data.set_module("bakery", "catalog", False)
    html = shop.test_client().get("/storefront/bakery/").get_data(as_text=True)
    assert [label for _href, label in header_links(html)] == ["About us", "Blog"]
    assert "/catalog/" not in html


def test_another_shop_shows_none_of_these_menus(shop):
    html = shop.test_client().get("/storefront/bikes/").get_data(as_text=True)
    assert header_links(html) == [] and footer_links(html) == []
    assert "About us" not in html and "blog.example.com" not in html


def test_the_platforms_public_site_shows_the_platform_menus(shop, login_as):
    with data.on_platform(shop) as main:
        about = data.page(main, "about", {"en": "About Wizamart"})
        data.item(main, kind="page", page_id=about.id)
        data.item(main, kind="module", target="core:home", labels={"en": "All shops"})
        data.item(
            main, "footer", kind="url", url="https://status.example.com", labels={"en": "Status"}
        )
        db.session.commit()
    client = shop.test_client()
    for path in ("/", "/login"):
        html = client.get(path).get_data(as_text=True)
        assert header_links(html) == [("/pages/about", "About Wizamart"), ("/", "All shops")], path
        assert footer_links(html) == [("https://status.example.com", "Status")]
        assert "About us" not in html  # bakery's
    # the other platform's site has none of them
    html = client.get("/login", base_url="http://oms.localhost").get_data(as_text=True)
    assert header_links(html) == [] and footer_links(html) == []
    # and the shop shows the shop's, not the platform's
    html = client.get("/storefront/bakery/").get_data(as_text=True)
    assert "About Wizamart" not in html and "Status" not in html


def menu_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if "cms_menu_item" in s or "cms_page" in s]


def test_a_shop_page_costs_the_same_statements_with_fifty_items_as_with_one(demo):
    """Both menus, their pages' titles and the legal pages: one statement, whatever the
    number of items; the module targets cost nothing more (the catalog's category tree is
    read for the category bar anyway)."""
    client = demo.test_client()

    def statements_of_the_shop_page():
        assert client.get("/storefront/bakery/").status_code == 200  # warm
        with counting(demo) as statements:
            html = client.get("/storefront/bakery/").get_data(as_text=True)
        return statements, html

    with data.in_shop(demo) as bakery:
        page = data.page(bakery, "p0", {"en": "Page 0", "de": "Seite 0"})
        data.page(bakery, "imprint", {"en": "Imprint"}, role="imprint")
        data.item(bakery, kind="page", page_id=page.id)
        db.session.commit()
    one, html = statements_of_the_shop_page()
    assert len(header_links(html)) == 1
    assert len(menu_statements(one)) == 1, menu_statements(one)
    with data.in_shop(demo) as bakery:
        bread = category_id("bread")
        for n in range(1, 50):
            location = "header" if n < 25 else "footer"
            if n % 3 == 0:
                made = data.page(bakery, f"p{n}", {"en": f"Page {n}", "de": f"Seite {n}"})
                data.item(bakery, location, kind="page", page_id=made.id)
            elif n % 3 == 1:
                target = "catalog:products" if n % 2 else f"catalog:categories/{bread}"
                data.item(bakery, location, kind="module", target=target)
            else:
                data.item(
                    bakery, location, kind="url", url=f"https://e.com/{n}", labels={"en": f"L{n}"}
                )
        db.session.commit()
        assert count_items() == 50
    fifty, html = statements_of_the_shop_page()
    assert len(header_links(html)) + len(footer_links(html)) == 50
    assert len(menu_statements(fifty)) == 1
    assert len(fifty) == len(one), "\n".join(fifty)


# -- the vendor's menus page ----------------------------------------------------------------
def test_the_owner_sees_both_menus_with_what_shoppers_miss(owner):
    html = owner.get(MENUS).get_data(as_text=True)
    assert back_office_labels(html) == ["About us", "Coming soon", "Bread", "Blog"]
    assert "Hidden: the page is not published." in html
    assert 'id="menu-header"' in html and 'id="menu-footer"' in html
    assert "shop links its published legal pages" in html  # the empty footer says so
    assert "data-menu-sortable" in html and 'name="direction" value="up"' in html
    # the form offers the shop's pages and the modules' targets
    assert '<option value="catalog:products"' in html
    assert f'<option value="catalog:categories/{category_id_of(owner)}"' in html
    assert '<option value="core:home"' in html
    assert "Coming soon (not published)" in html


def category_id_of(client) -> int:
    with client.application.app_context():
        return category_id("bread")


def test_the_owner_adds_items_of_each_kind(shop, owner):
    with shop.app_context():
        terms = db.session.scalar(sa.text("SELECT id FROM cms_page WHERE slug = 'terms'"))
    answers = [
        post(owner, f"{MENUS}/items", {"location": "footer", "kind": "page", "page_id": terms}),
        post(
            owner,
            f"{MENUS}/items",
            {
                "location": "footer",
                "kind": "module",
                "target": "catalog:products",
                "label_de": "Alles",
            },
        ),
        post(
            owner,
            f"{MENUS}/items",
            {
                "location": "footer",
                "kind": "url",
                "url": "https://shop.example.com/contact",
                "label_en": "Contact",
            },
        ),
    ]
    assert [a.status_code for a in answers] == [302, 302, 302]
    assert answers[0].headers["Location"].endswith(f"{MENUS}#menu-footer")
    page = owner.get(MENUS).get_data(as_text=True)
    assert "Contact is added to the menu." in page  # (the earlier ones were read already)
    html = shop.test_client().get("/storefront/bakery/").get_data(as_text=True)
    assert [label for _href, label in footer_links(html)] == ["Terms", "All products", "Contact"]
    html = (
        shop.test_client()
        .get("/storefront/bakery/", headers={"Accept-Language": "de"})
        .get_data(as_text=True)
    )
    assert footer_links(html)[1] == ("/storefront/bakery/catalog/", "Alles")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"kind": "url", "url": "javascript:alert(document.cookie)", "label_en": "x"},
            "starting with https://",
        ),
        (
            {"kind": "url", "url": "https://example.com", "label_en": "x" * 5000},
            "at most 100 characters",
        ),
        ({"kind": "page", "page_id": "999999"}, "Pick a page from the list."),
        ({"kind": "page", "page_id": "BIKES"}, "Pick a page from the list."),
        ({"kind": "module", "target": "catalog:categories/999999"}, "Pick a page of the shop"),
        ({"kind": "url", "url": "https://example.com"}, "Give the link a label."),
    ],
)
def test_bad_input_gets_the_form_again_with_the_message_and_nothing_is_saved(
    shop, owner, form, message
):
    with shop.app_context():
        bikes_page = data.page(data.shop("bikes"), "secret", {"en": "Bikes secret"})
        db.session.commit()
        before = count_items()
        if form.get("page_id") == "BIKES":
            form = {**form, "page_id": str(bikes_page.id)}
    response = post(owner, f"{MENUS}/items", {"location": "header", **form})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "Please correct the marked fields." in html
    assert 'aria-invalid="true"' in html
    assert "Bikes secret" not in html
    if form.get("url"):
        assert 'value="' + form["url"][:30] in html  # the input is kept
    with shop.app_context():
        assert count_items() == before


def test_up_and_down_buttons_reorder_without_javascript(shop, owner):
    ids = item_ids(shop)
    response = post(owner, f"{MENUS}/items/{ids[3]}/move", {"direction": "up"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#menu-header")
    response = post(owner, f"{MENUS}/items/{ids[0]}/move", {"direction": "down"})
    assert item_ids(shop) == [ids[1], ids[0], ids[3], ids[2]]
    assert back_office_labels(owner.get(MENUS).get_data(as_text=True)) == [
        "Coming soon",
        "About us",
        "Blog",
        "Bread",
    ]
    html = shop.test_client().get("/storefront/bakery/").get_data(as_text=True)
    assert [label for _href, label in header_links(html)] == ["About us", "Blog", "Bread"]
    assert post(owner, f"{MENUS}/items/{ids[0]}/move", {"direction": "left"}).status_code == 400


def test_the_drag_and_drops_order_is_saved_and_the_menu_comes_back(shop, owner):
    ids = item_ids(shop)
    new_order = [ids[2], ids[0], ids[3], ids[1]]
    response = post(
        owner,
        f"{MENUS}/header/order",
        {"order": [str(i) for i in new_order]},
        headers={**HX, "HX-Target": "div#menu-header"},
    )
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment  # only the menu's block
    assert back_office_labels(fragment) == ["Bread", "About us", "Blog", "Coming soon"]
    assert item_ids(shop) == new_order
    # a list from before another change (one item missing): refused, the menu as saved
    response = post(
        owner,
        f"{MENUS}/header/order",
        {"order": [str(i) for i in ids[:3]]},
        headers={**HX, "HX-Target": "div#menu-header"},
    )
    assert response.status_code == 409
    assert "The menu changed since this page was loaded" in response.get_data(as_text=True)
    assert item_ids(shop) == new_order
    # without htmx: back to the page with the message
    response = post(owner, f"{MENUS}/header/order", {"order": ["1"]})
    assert response.status_code == 302
    assert post(owner, f"{MENUS}/sidebar/order", {"order": ["1"]}).status_code == 404


def test_edit_and_remove_after_the_confirmation(shop, owner):
    ids = item_ids(shop)
    form = owner.get(f"{MENUS}/items/{ids[3]}").get_data(as_text=True)
    assert "Edit the item" in form and 'value="https://blog.example.com"' in form
    response = post(
        owner,
        f"{MENUS}/items/{ids[3]}",
        {
            "location": "footer",
            "kind": "url",
            "url": "https://news.example.com",
            "label_en": "News",
        },
    )
    assert response.status_code == 302
    assert item_ids(shop, "footer") == [ids[3]]
    html = shop.test_client().get("/storefront/bakery/").get_data(as_text=True)
    assert footer_links(html) == [("https://news.example.com", "News")]  # no legal fallback now
    confirm = owner.get(
        f"{MENUS}/items/{ids[0]}/delete", headers={**HX, "HX-Target": "div#confirm-panel"}
    )
    panel = confirm.get_data(as_text=True)
    assert "Remove About us from the menu?" in panel and "<html" not in panel
    assert "the page it links to stays" in panel
    assert post(owner, f"{MENUS}/items/{ids[0]}/delete").status_code == 302
    assert item_ids(shop) == [ids[1], ids[2]]
    assert "About us is removed from the menu." in owner.get(MENUS).get_data(as_text=True)
    with shop.app_context():  # the page stays
        assert db.session.scalar(sa.text("SELECT count(*) FROM cms_page WHERE slug = 'about'")) == 1


def test_staff_with_view_only_get_a_read_only_page(shop, login_as):
    client = login_as(shop.test_client(), "bakery_staff")
    assert client.get(MENUS).status_code == 403  # no cms.view
    give_staff(shop, ["cms.view"])
    html = client.get(MENUS).get_data(as_text=True)
    assert back_office_labels(html) == ["About us", "Coming soon", "Bread", "Blog"]
    for control in (
        'id="menu-item-form"',
        'name="direction"',
        "data-menu-sortable",
        "/delete",
        "Add</a>",
    ):
        assert control not in html, control
    ids = item_ids(shop)
    token = csrf_token(client, MENUS)
    for path, form in [
        (f"{MENUS}/items", {"kind": "url", "url": "https://e.com", "label_en": "x"}),
        (f"{MENUS}/items/{ids[0]}/move", {"direction": "down"}),
        (f"{MENUS}/items/{ids[0]}/delete", {}),
        (f"{MENUS}/items/{ids[0]}", {"kind": "url", "url": "https://e.com", "label_en": "x"}),
        (f"{MENUS}/header/order", {"order": [str(i) for i in reversed(ids)]}),
    ]:
        assert client.post(path, data={**form, "csrf_token": token}).status_code == 403, path
    assert item_ids(shop) == ids
    give_staff(shop, ["cms.view", "cms.edit"])
    assert post(client, f"{MENUS}/items/{ids[0]}/move", {"direction": "down"}).status_code == 302


def test_another_shops_items_are_404(shop, login_as):
    ids = item_ids(shop)
    bikes = login_as(shop.test_client(), "bikes_owner")
    token = csrf_token(bikes, "/vendor/bikes/content/menus")
    other = "/vendor/bikes/content/menus"
    assert bikes.get(f"{other}/items/{ids[0]}").status_code == 404
    for path in (
        f"{other}/items/{ids[0]}",
        f"{other}/items/{ids[0]}/move",
        f"{other}/items/{ids[0]}/delete",
    ):
        answer = bikes.post(
            path,
            data={
                "direction": "up",
                "kind": "url",
                "url": "https://x.com",
                "label_en": "x",
                "csrf_token": token,
            },
        )
        assert answer.status_code == 404, path
    # the drag and drop's list with bakery's ids changes nothing (bikes' own menu is empty)
    answer = bikes.post(
        f"{other}/header/order",
        data={"order": [str(i) for i in ids], "csrf_token": token},
        headers=HX,
    )
    assert answer.status_code == 409
    assert bikes.get(MENUS).status_code == 404  # and bakery's page itself
    assert item_ids(shop) == ids


# -- the admin's menus of the public site ------------------------------------------------------
def test_the_admin_edits_the_public_site_menus(shop, login_as):
    admin = login_as(shop.test_client(), "admin")
    html = admin.get(ADMIN_MENUS).get_data(as_text=True)
    assert "Site menus" in html and "Page of the site" in html
    assert '<option value="core:home"' in html and "catalog:" not in html
    assert "About us" not in html  # bakery's pages and items are not the platform's
    answer = post(
        admin,
        f"{ADMIN_MENUS}/items",
        {
            "location": "footer",
            "kind": "url",
            "url": "https://help.example.com",
            "label_en": "Help",
        },
    )
    assert answer.status_code == 302
    assert (
        post(
            admin,
            f"{ADMIN_MENUS}/items",
            {"location": "header", "kind": "module", "target": "core:home"},
        ).status_code
        == 302
    )
    html = shop.test_client().get("/").get_data(as_text=True)
    assert footer_links(html) == [("https://help.example.com", "Help")]
    assert header_links(html) == [("/", "Home")]
    # a shop's item id through the admin's URLs: 404
    bakery_item = item_ids(shop)[0]
    assert admin.get(f"{ADMIN_MENUS}/items/{bakery_item}").status_code == 404
    assert post(admin, f"{ADMIN_MENUS}/items/{bakery_item}/delete").status_code == 404
    assert len(item_ids(shop)) == 4


def test_vendors_cannot_open_the_admin_menus(shop, owner):
    assert owner.get(ADMIN_MENUS).status_code == 403


def test_another_platforms_admin_cannot_touch_these_menus(shop):
    """A platform admin of oms works on oms' menus on its host: main's items are 404."""
    from modules.tenancy.models import Role
    from modules.tenancy.services.users import create_user

    with data.on_platform(shop) as main:
        main_item = data.item(main, kind="module", target="core:home").id
        oms_id = data.platform("oms").platform_id
        create_user("admin@oms.test", "oms-admin-pw", Role.PLATFORM_ADMIN, platform_id=oms_id)
        db.session.commit()
    client = shop.test_client()
    oms = "http://oms.localhost"
    login_page = client.get("/login", base_url=oms).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    form = {"email": "admin@oms.test", "password": "oms-admin-pw", "csrf_token": token}
    assert client.post("/login", data=form, base_url=oms).status_code == 302
    page = client.get(ADMIN_MENUS, base_url=oms)
    assert page.status_code == 200 and "Home" not in back_office_labels(page.get_data(as_text=True))
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.get_data(as_text=True)).group(1)
    for path in (f"{ADMIN_MENUS}/items/{main_item}", f"{ADMIN_MENUS}/items/{main_item}/delete"):
        assert client.get(path, base_url=oms).status_code == 404, path
        answer = client.post(path, data={"csrf_token": token}, base_url=oms)
        assert answer.status_code == 404, path
    with shop.app_context():
        assert db.session.get(MenuItem, main_item) is not None
