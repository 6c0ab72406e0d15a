"""The list component against the real database (SQLite, or PostgreSQL when configured):
keyset pages walk every row exactly once, forwards and back, through ties in the sort
column; offset pages count what they show; search takes `%` and `_` literally; a bulk
selection never loads a row outside the caller's scope."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Forbidden

from modules.tenancy.models import Company, Platform, Vendor
from modules.tenancy.services.lists import COMPANIES, VENDORS, company_rows, vendor_rows
from wizamart.extensions import db
from wizamart.lists import BulkAction, Column, ListSpec, contains
from wizamart.scoping import VendorOwned

ENDPOINT = "tenancy_admin.vendors"
# Names with many ties (keyset pages must break them by id) and a few LIKE wildcards.
NAMES = ["Same"] * 23 + ["Zed"] * 9 + ["100% Bio", "A_B", "AxB"] + [f"N{i:02d}" for i in range(20)]


@pytest.fixture
def many(demo):
    """The demo plus 55 vendors on main, some suspended, as the super admin sees them."""
    with demo.app_context():
        main = db.session.scalar(sa.select(Platform).where(Platform.code == "main"))
        company = Company(platform_id=main.id, legal_name="Many S.A.")
        for number, name in enumerate(NAMES):
            db.session.add(
                Vendor(
                    platform=main,
                    company=company,
                    vendor_code=f"v{number:03d}",
                    name=name,
                    is_active=number % 4 != 0,
                )
            )
        db.session.commit()
    return demo


def as_admin(app, path="/admin/vendors"):
    """A request context signed in as the demo super admin."""
    from flask import g
    from flask_login import login_user

    from modules.tenancy.services.users import get_user_by_email
    from wizamart.modules.definition import FrontendType

    ctx = app.test_request_context(path)
    ctx.push()
    g.frontend = FrontendType.ADMIN
    g.platform = db.session.scalar(sa.select(Platform).where(Platform.code == "main"))
    login_user(get_user_by_email("admin@wizamart.test"))
    return ctx


def walk(spec, rows, **args):
    """Every page forwards from the first, then every page back from the last."""
    state = spec.read(MultiDict(args), ENDPOINT)
    pages = [spec.page(rows, state)]
    while pages[-1].has_next:
        state = spec.read(MultiDict({**args, "after": cursor_of(pages[-1].next_url())}), ENDPOINT)
        pages.append(spec.page(rows, state))
    back = [pages[-1]]
    while back[-1].has_prev:
        state = spec.read(MultiDict({**args, "before": cursor_of(back[-1].prev_url())}), ENDPOINT)
        back.append(spec.page(rows, state))
    return pages, back[::-1]


def cursor_of(url: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(url).query)
    return (query.get("after") or query.get("before"))[0]


def expected_ids(*order) -> list[int]:
    return list(db.session.scalars(vendor_rows().with_only_columns(Vendor.id).order_by(*order)))


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("name", (sa.func.lower(Vendor.name), Vendor.id)),
        ("-name", (sa.func.lower(Vendor.name).desc(), Vendor.id.desc())),
        ("status", (Vendor.is_active, Vendor.id)),
        ("-created", (Vendor.created_at.desc(), Vendor.id.desc())),
        ("company", (sa.func.lower(Company.legal_name), Vendor.id)),
    ],
)
def test_keyset_pages_walk_every_row_once_both_ways(many, sort, order):
    ctx = as_admin(many)
    try:
        forward, backward = walk(VENDORS, vendor_rows(), sort=sort)
        ids = [v.id for page in forward for v in page.rows]
        assert ids == expected_ids(*order)
        assert len(ids) == len(NAMES) + 3 and len(forward) == 3  # 25 + 25 + 8
        assert [[v.id for v in p.rows] for p in backward] == [
            [v.id for v in p.rows] for p in forward
        ]
        assert not forward[0].has_prev and not forward[-1].has_next
    finally:
        ctx.pop()


def test_keyset_pages_keep_filters_and_size(many):
    ctx = as_admin(many)
    try:
        forward, _ = walk(VENDORS, vendor_rows(), status="suspended", per_page="50")
        rows = [v for page in forward for v in page.rows]
        assert len(forward) == 1 and {v.is_active for v in rows} == {False}
        assert len(rows) == len(range(0, len(NAMES), 4))
    finally:
        ctx.pop()


def test_offset_pages_count_and_stop_at_the_last(many):
    ctx = as_admin(many, "/admin/companies")
    try:
        spec = COMPANIES
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Company))
        state = spec.read(MultiDict({"page": "999"}), "tenancy_admin.companies")
        page = spec.page(company_rows(), state)
        assert page.total == total and page.pages == 1 and page.number == 1  # past the end
    finally:
        ctx.pop()


def test_search_takes_wildcards_literally(many):
    ctx = as_admin(many)
    try:
        found = {
            v.name for v in db.session.scalars(vendor_rows().where(contains("_", Vendor.name)))
        }
        assert found == {"A_B"}
        found = {
            v.name for v in db.session.scalars(vendor_rows().where(contains("0%", Vendor.name)))
        }
        assert found == {"100% Bio"}
        found = {
            v.name for v in db.session.scalars(vendor_rows().where(contains("same", Vendor.name)))
        }
        assert found == {"Same"}
    finally:
        ctx.pop()


def test_a_selection_holds_only_rows_in_the_callers_scope(many):
    ctx = as_admin(many)
    try:
        books = db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == "books"))
        bakery = db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == "bakery"))
        main_only = vendor_rows().where(Platform.code == "main")
        args = MultiDict(
            [("bulk", "suspend"), ("id", str(books)), ("id", str(bakery)), ("id", "x")]
        )
        selection = VENDORS.selection(args, main_only, ENDPOINT)
        assert [v.vendor_code for v in selection.rows] == ["bakery"]
        assert VENDORS.selection(MultiDict({"q": "x"}), main_only, ENDPOINT) is None
        with pytest.raises(BadRequest):
            VENDORS.selection(MultiDict({"bulk": "delete"}), main_only, ENDPOINT)
    finally:
        ctx.pop()


def test_a_bulk_action_needs_its_permission(many):
    spec = ListSpec(
        name="vendors",
        id_column=Vendor.id,
        columns=[Column("name", "Name", sort=Vendor.name)],
        default_sort="name",
        bulk_actions=[
            BulkAction("x", "X", title=str, confirm_label="Yes", permission="nobody.has_this")
        ],
    )
    ctx = as_admin(many)
    try:
        assert spec.allowed_bulk_actions() == []
        with pytest.raises(Forbidden):
            spec.selection(MultiDict({"bulk": "x", "id": "1"}), vendor_rows(), ENDPOINT)
    finally:
        ctx.pop()


# --- a vendor's list: the scoping mechanism reaches the count, the rows and selections ---


class ScopedBase(DeclarativeBase):
    pass


class Item(VendorOwned, ScopedBase):
    __tablename__ = "t_lists_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(50))


ITEMS = ListSpec(
    name="items",
    id_column=Item.id,
    columns=[Column("name", "Name", sort=Item.name)],
    default_sort="name",
    bulk_actions=[BulkAction("x", "X", title=str, confirm_label="Yes")],
)


@pytest.fixture
def items(app):
    """30 items of vendor 1 and 40 of vendor 2, in a table of their own."""
    with app.app_context():
        ScopedBase.metadata.create_all(db.engine)
        db.session.add_all(Item(vendor_id=1 + (n >= 30), name=f"item{n:02d}") for n in range(70))
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        ScopedBase.metadata.drop_all(db.engine)


@pytest.mark.parametrize("keyset", [False, True])
def test_a_vendors_list_counts_pages_and_selects_its_own_rows_only(items, keyset):
    from flask import g

    from wizamart.tenancy import VendorRef

    spec = replace(ITEMS, keyset=keyset)
    with items.test_request_context("/admin/vendors"):
        g.vendor = VendorRef(id=1, code="v1", name="V", platform_id=1)
        state = spec.read(MultiDict({"per_page": "25"}), ENDPOINT)
        first = spec.page(sa.select(Item), state)
        assert first.total == (None if keyset else 30)
        assert {i.vendor_id for i in first.rows} == {1} and len(first.rows) == 25
        others = [str(n) for n in range(31, 71)]  # vendor 2's ids
        chosen = spec.selection(
            MultiDict([("bulk", "x"), ("id", "1"), *[("id", i) for i in others]]),
            sa.select(Item),
            ENDPOINT,
        )
        assert [i.id for i in chosen.rows] == [1]
