"""The back-office shell: breadcrumbs and titles on every page, account pages inside
the back office, one copy button, the theme switch's markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.conftest import csrf_token


class ShellParser(HTMLParser):
    """Reads what a user sees of the shell: <title>, the <h1>, the breadcrumb items,
    the sidebar menu's entries and the brand."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.h1 = ""
        self.crumbs: list[dict] = []
        self.menu: list[str] = []
        self.brand = ""
        self._in: list[str] = []  # what we are reading the text of
        self._nav_breadcrumb = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in.append("title")
        elif tag == "h1":
            self._in.append("h1")
        elif tag == "nav" and "breadcrumb-nav" in (attrs.get("class") or ""):
            self._nav_breadcrumb = True
        elif tag == "li" and self._nav_breadcrumb:
            self.crumbs.append({"text": "", "current": attrs.get("aria-current"), "href": None})
            self._in.append("crumb")
        elif tag == "a" and self._in and self._in[-1] == "crumb":
            self.crumbs[-1]["href"] = attrs.get("href")
        elif tag == "a" and "data-menu-item" in attrs:
            self.menu.append(attrs["data-menu-item"])
        elif tag == "a" and "navbar-brand" in (attrs.get("class") or ""):
            self._in.append("brand")

    def handle_endtag(self, tag):
        ends = {"title": "title", "h1": "h1", "li": "crumb", "a": "brand"}
        if tag == "nav":
            self._nav_breadcrumb = False
        if self._in and ends.get(tag) == self._in[-1]:
            self._in.pop()

    def handle_data(self, data):
        if not self._in:
            return
        where = self._in[-1]
        if where == "crumb":
            self.crumbs[-1]["text"] += data
        else:
            setattr(self, where, getattr(self, where) + data)


def shell(response) -> ShellParser:
    parser = ShellParser()
    parser.feed(response.get_data(as_text=True))
    parser.title = " ".join(parser.title.split())
    parser.h1 = " ".join(parser.h1.split())
    parser.brand = " ".join(parser.brand.split())
    for crumb in parser.crumbs:
        crumb["text"] = " ".join(crumb["text"].split())
    return parser


ADMIN_PAGES = [
    ("/admin/", "Dashboard"),
    ("/admin/platforms", "Platforms"),
    ("/admin/vendors", "Vendors"),
    ("/admin/users", "Users"),
    ("/admin/platforms/main/modules", "Modules of Wizamart Main"),
    ("/admin/monitoring/", "Queues"),
    ("/admin/settings", "Platform settings"),
    ("/account/profile", "Your profile"),
    ("/account/password", "Change password"),
]
VENDOR_PAGES = [
    ("/vendor/bakery/", "Dashboard"),
    ("/vendor/bakery/settings", "Shop settings"),
    ("/vendor/bakery/staff", "Team"),
    ("/account/profile", "Your profile"),
]


def assert_title_says_nothing_twice(title: str) -> None:
    parts = title.split(" · ")
    for i, part in enumerate(parts):
        for other in parts[i + 1 :]:
            assert part.casefold() not in other.casefold(), title
            assert other.casefold() not in part.casefold(), title


@pytest.mark.parametrize(("path", "heading"), ADMIN_PAGES)
def test_every_admin_page_has_breadcrumbs_ending_at_its_heading(demo, login_as, path, heading):
    page = shell(login_as(demo.test_client(), "admin").get(path))
    assert page.h1 == heading
    assert page.crumbs[0] == {"text": "Admin", "current": None, "href": "/admin/"}
    assert page.crumbs[-1] == {"text": heading, "current": "page", "href": None}
    assert all(crumb["href"] for crumb in page.crumbs[:-1])
    assert page.title == (heading if "Wizamart Main" in heading else f"{heading} · Wizamart Main")


@pytest.mark.parametrize(("path", "heading"), VENDOR_PAGES)
def test_every_vendor_page_has_breadcrumbs_ending_at_its_heading(demo, login_as, path, heading):
    page = shell(login_as(demo.test_client(), "bakery_owner").get(path))
    assert page.h1 == heading
    assert page.crumbs[0] == {
        "text": "Boulangerie Bakery",
        "current": None,
        "href": "/vendor/bakery/",
    }
    assert page.crumbs[-1] == {"text": heading, "current": "page", "href": None}
    assert page.title == f"{heading} · Boulangerie Bakery · Wizamart Main"


def test_a_page_under_a_menu_entry_has_that_entry_as_its_middle_crumb(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    team = shell(client.get("/vendor/bakery/staff")).menu  # the member's id is on the page
    assert "staff" in team
    html = client.get("/vendor/bakery/staff").get_data(as_text=True)
    member_url = html.split('href="/vendor/bakery/staff/', 1)[1].split('"', 1)[0]
    page = shell(client.get(f"/vendor/bakery/staff/{member_url}"))
    assert [c["text"] for c in page.crumbs] == [
        "Boulangerie Bakery",
        "Team",
        "Permissions of staff@bakery.test",
    ]
    assert page.crumbs[1]["href"] == "/vendor/bakery/staff"


def test_the_password_page_sits_under_the_profile(demo, login_as):
    page = shell(login_as(demo.test_client(), "admin").get("/account/password"))
    assert [(c["text"], c["href"]) for c in page.crumbs] == [
        ("Admin", "/admin/"),
        ("Your profile", "/account/profile"),
        ("Change password", None),
    ]


def test_titles_never_repeat_the_platform_name(demo, login_as):
    assert shell(demo.test_client().get("/")).title == "Wizamart Main"
    assert shell(demo.test_client().get("/login")).title == "Sign in · Wizamart Main"
    assert shell(demo.test_client().get("/storefront/bakery/")).title == "Boulangerie Bakery"
    client = login_as(demo.test_client(), "admin")
    for path, _heading in ADMIN_PAGES:
        assert_title_says_nothing_twice(shell(client.get(path)).title)


def test_the_profile_opens_in_the_admin_back_office_for_an_admin(demo, login_as):
    page = shell(login_as(demo.test_client(), "admin").get("/account/profile"))
    assert page.brand == "Wizamart Main Admin"
    assert {"dashboard", "platforms", "vendors"} <= set(page.menu)


def test_the_profile_opens_in_the_vendor_back_office_with_its_menu(demo, login_as):
    client = login_as(demo.test_client(), "bakery_staff")
    page = shell(client.get("/account/profile"))
    assert page.brand == "Boulangerie Bakery Shop admin"
    assert "dashboard" in page.menu
    assert "staff" not in page.menu  # the staff member's own permissions, not the owner's
    assert "admin" not in " ".join(page.menu)


def test_a_translator_gets_the_admin_back_office_with_only_their_entries(demo, login_as):
    page = shell(login_as(demo.test_client(), "translator").get("/account/password"))
    assert page.h1 == "Change password"
    assert page.menu == ["dashboard"]


def test_the_profile_follows_the_vendor_the_user_came_from(demo, login_as):
    """A user working for two vendors sees the profile inside the one they were just in."""
    import sqlalchemy as sa

    from modules.tenancy.models import User, Vendor, VendorMembership
    from wizamart.extensions import db

    with demo.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "owner@bakery.test"))
        bikes = db.session.scalar(sa.select(Vendor).where(Vendor.vendor_code == "bikes"))
        db.session.add(VendorMembership(user_id=user.id, vendor_id=bikes.id, permissions=[]))
        db.session.commit()
    client = login_as(demo.test_client(), "bakery_owner")
    assert shell(client.get("/account/profile")).brand.startswith("Boulangerie Bakery")
    client.get("/vendor/bikes/")
    assert shell(client.get("/account/profile")).brand.startswith("Bikes & Co")
    client.get("/vendor/bakery/")
    assert shell(client.get("/account/profile")).brand.startswith("Boulangerie Bakery")


def test_saving_the_profile_still_works_inside_the_back_office(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(client, "/account/profile")
    response = client.post("/account/profile", data={"language": "fr", "csrf_token": token})
    assert response.status_code == 302
    page = client.get("/account/profile")
    assert shell(page).h1 == "Votre profil"
    bad = client.post("/account/profile", data={"language": "xx", "csrf_token": token})
    assert bad.status_code == 422
    assert shell(bad).crumbs[-1]["current"] == "page"


def test_account_pages_still_need_a_signed_in_user(demo):
    response = demo.test_client().get("/account/profile")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_an_email_in_a_table_may_wrap_only_before_its_at_and_stays_escaped():
    from wizamart.backoffice import email_wrap

    assert str(email_wrap("owner@bakery.test")) == "owner<wbr>@bakery.test"
    assert str(email_wrap("<b>x</b>@evil.test")) == "&lt;b&gt;x&lt;/b&gt;<wbr>@evil.test"


def active_entries(html: str) -> list[str]:
    """The data-menu-item of the sidebar entries marked as the current page."""
    return re.findall(r'<a class="[^"]*\bactive\b[^"]*"[^>]*data-menu-item="([^"]+)"', html)


def test_the_menu_marks_the_entry_a_page_lies_under_and_never_the_dashboard_for_others(
    demo, login_as
):
    client = login_as(demo.test_client(), "bakery_owner")
    assert active_entries(client.get("/vendor/bakery/").get_data(as_text=True)) == ["dashboard"]
    products = client.get("/vendor/bakery/catalog/products").get_data(as_text=True)
    assert active_entries(products) == ["products"]
    # Catalog settings lie under no menu entry: none is marked (it used to be "Dashboard").
    settings = client.get("/vendor/bakery/catalog/settings").get_data(as_text=True)
    assert active_entries(settings) == []
