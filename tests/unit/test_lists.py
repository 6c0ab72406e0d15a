"""The list component's state: whatever a URL carries, `ListSpec.read` gives a state
with sane values (the defaults where a value is bad), and the links it builds keep
the rest of the state."""

from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from modules.tenancy.models import Company, Vendor
from wizamart.lists import (
    MAX_SELECTED,
    Column,
    Filter,
    ListSpec,
    clean_search,
    encode_cursor,
    positive_int,
    selected_ids,
)

STATUS = Filter(
    "status",
    "Status",
    [("active", "Active"), ("suspended", "Suspended")],
    lambda query, value: query.where(Vendor.is_active.is_(value == "active")),
)
COLUMNS = [
    Column("name", "Name", sort=sa.func.lower(Vendor.name)),
    Column("company", "Company", sort=Company.legal_name),
    Column("created", "Created", sort=Vendor.created_at),
    Column("actions", None),
]
OFFSET = ListSpec(
    name="things",
    id_column=Vendor.id,
    columns=COLUMNS,
    filters=[STATUS],
    search=lambda query, term: query,
    default_sort="name",
)
KEYSET = ListSpec(
    name="things",
    id_column=Vendor.id,
    columns=COLUMNS,
    filters=[STATUS],
    search=lambda query, term: query,
    default_sort="-created",
    keyset=True,
)
ENDPOINT = "tenancy_admin.vendors"


@pytest.fixture
def ctx(app):
    with app.test_request_context("/admin/vendors"):
        yield


def read(spec, **args):
    return spec.read(MultiDict(args), ENDPOINT)


def test_no_arguments_give_the_defaults(ctx):
    state = read(OFFSET)
    assert (state.q, state.filters, state.sort, state.page, state.per_page) == (
        "",
        {},
        "name",
        1,
        25,
    )
    assert state.url() == "/admin/vendors"


@pytest.mark.parametrize(
    "page", ["-1", "0", "abc", "9" * 23, "1e3", "²", " 2", "2.5", "", "1000001", "+3"]
)
def test_a_bad_page_is_the_first(ctx, page):
    assert read(OFFSET, page=page).page == 1


def test_a_good_page_is_kept(ctx):
    assert read(OFFSET, page="3").page == 3
    assert read(OFFSET, page="1000000").page == 1_000_000


@pytest.mark.parametrize("size", ["1000", "-25", "0", "26", "x", "9" * 23])
def test_a_page_size_not_offered_is_the_default(ctx, size):
    assert read(OFFSET, per_page=size).per_page == 25


def test_an_offered_page_size_is_kept(ctx):
    assert read(OFFSET, per_page="100").per_page == 100


@pytest.mark.parametrize("sort", ["nope", "-nope", "actions", "name\r\n", "--name", "", "NAME"])
def test_an_unknown_sort_is_the_default(ctx, sort):
    assert read(OFFSET, sort=sort).sort == "name"


def test_a_sortable_column_sorts_either_way(ctx):
    assert read(OFFSET, sort="-company").sort == "-company"
    assert read(OFFSET, sort="created").sort == "created"


def test_filter_values_must_be_offered(ctx):
    assert read(OFFSET, status="deleted").filters == {}
    assert read(OFFSET, status="active\r\n").filters == {}
    assert read(OFFSET, status="suspended").filters == {"status": "suspended"}


def test_search_loses_control_characters_and_is_cut(ctx):
    assert read(OFFSET, q="  bake\r\nry\t ").q == "bakery"
    assert read(OFFSET, q="é" * 500).q == "é" * 100
    assert clean_search(None) == "" and clean_search(["a"]) == ""


def test_filter_keys_may_not_take_the_component_names():
    clash = Filter("page", "Page", [], lambda query, value: query)
    with pytest.raises(ValueError, match="reserved"):
        ListSpec(
            name="x", id_column=Vendor.id, columns=COLUMNS, filters=[clash], default_sort="name"
        )
    with pytest.raises(ValueError, match="default_sort"):
        ListSpec(name="x", id_column=Vendor.id, columns=COLUMNS, default_sort="actions")


def test_links_keep_the_rest_of_the_state(ctx):
    state = read(OFFSET, q="bake", status="active", sort="-company", per_page="50", page="3")
    assert state.url() == "/admin/vendors?q=bake&status=active&sort=-company&per_page=50&page=3"
    # a new sort, search, filter or size starts at the first page; the rest stays
    assert (
        state.sort_url("company") == "/admin/vendors?q=bake&status=active&sort=company&per_page=50"
    )
    assert state.sort_url("name") == "/admin/vendors?q=bake&status=active&per_page=50"
    assert state.url(status=None) == "/admin/vendors?q=bake&sort=-company&per_page=50"
    assert state.clear_url() == "/admin/vendors?sort=-company&per_page=50"
    assert state.url(page=4).endswith("&page=4")
    assert ("page", 3) in state.fields() and ("q", "bake") not in state.fields("q")


def test_the_current_sort_column_says_so(ctx):
    state = read(OFFSET, sort="-company")
    assert state.aria_sort("company") == "descending"
    assert state.aria_sort("name") is None
    assert read(OFFSET).aria_sort("name") == "ascending"
    assert state.sort_url("company").endswith("sort=company")  # then ascending


def cursor_text(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%",
        "a" * 600,
        cursor_text(b"not json"),
        cursor_text(b'{"a": 1}'),
        cursor_text(b'["2026-01-01", "12"]'),  # id not a number
        cursor_text(b'["2026-01-01", 0]'),
        cursor_text(b'["2026-01-01", 99999999999999999999999]'),
        cursor_text(b'["not a date", 3]'),
        cursor_text(b"[null, 3]"),
        cursor_text(b'["2026-01-01"]'),
    ],
)
def test_a_tampered_cursor_is_the_first_page(ctx, cursor):
    assert read(KEYSET, after=cursor).after is None
    assert read(KEYSET, before=cursor).before is None


def test_a_cursor_comes_back_as_it_was_given(ctx):
    from datetime import UTC, datetime

    moment = datetime(2026, 12, 1, 3, 4, 5, 6, tzinfo=UTC)
    state = read(KEYSET, after=encode_cursor((moment, 42)))
    assert state.after == (moment, 42)
    assert state.url() == f"/admin/vendors?after={encode_cursor((moment, 42))}"
    # a new sort forgets the cursor; the offset page is meaningless in keyset mode
    assert state.sort_url("name") == "/admin/vendors?sort=name"
    assert read(KEYSET, page="7").page == 1


def test_a_cursor_of_another_sort_is_dropped(ctx):
    text_cursor = encode_cursor(("bakery", 3))
    assert read(KEYSET, sort="name", after=text_cursor).after == ("bakery", 3)
    assert read(KEYSET, sort="created", after=text_cursor).after is None  # not a date


def test_selected_ids_drop_what_is_not_an_id():
    assert selected_ids(["3", "3", "x", "-4", "0", "9" * 23, "", "5", "²"]) == [3, 5]


def test_more_ids_than_any_page_shows_are_refused():
    with pytest.raises(BadRequest):
        selected_ids(str(n) for n in range(1, MAX_SELECTED + 2))


def test_positive_int_bounds():
    assert positive_int("7", 10) == 7
    assert positive_int("11", 10) is None
    assert positive_int(7, 10) is None
