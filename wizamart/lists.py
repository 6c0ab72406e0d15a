"""Back-office lists: one component for search, filters, sortable columns, pages, page
sizes and bulk actions, with the whole state in the URL (docs/backoffice.md, "Lists").

A list is declared once, at import time, as a `ListSpec`; a view reads the state from
the query string, hands its own scoped statement to `spec.page()` and renders the page
with the macros of `macros/list.html`:

    state = VENDORS.read(request.args)
    listing = VENDORS.page(managed_query(Vendor).options(joinedload(Vendor.company)), state)
    return render("tenancy/admin/vendors.html", listing=listing)

The caller's statement decides what the user may see (tenant scoping) and which
relations come with each row (joinedload): the component only narrows, orders and
pages it, in a fixed number of statements whatever the number of rows — a count and
the rows in offset mode, the rows alone in keyset mode (`keyset=True`, for lists that
grow past a few thousand rows: the last page costs what the first does).

Everything read from a URL is checked and falls back quietly to the defaults: an
unknown sort or filter value, a page of 23 digits, a negative page size, CR/LF in the
search, a cursor that was tampered with. A list page never answers 500 to a URL.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for

from wizamart.auth import has_permission
from wizamart.extensions import db
from wizamart.htmx import is_htmx, render
from wizamart.paging import MAX_ID, MAX_PAGE

#: Query-string names the component uses itself; filters must not take them.
RESERVED = frozenset({"q", "sort", "page", "per_page", "after", "before", "bulk", "id"})
MAX_SEARCH = 100
MAX_CURSOR = 512
#: More ids than any page shows: a bigger selection is a forged request (400).
MAX_SELECTED = 500
_DIGITS = re.compile(r"[0-9]{1,19}")


@dataclass(frozen=True)
class Column:
    """A column of the table. `sort` is the SQL expression it sorts by (a column,
    `sa.func.lower(...)`, a joined table's column), or None when it does not sort.
    `class_` goes on its header cell (e.g. `d-none d-md-table-cell`); the caller's
    cells carry their own."""

    key: str
    label: Any
    sort: Any = None
    class_: str = ""

    @property
    def sortable(self) -> bool:
        return self.sort is not None


@dataclass(frozen=True)
class Filter:
    """A select above the list. `choices` are (value, label) pairs, or a callable giving
    them at request time (say, the platforms the admin manages); `apply(statement,
    value)` narrows the statement for a value that is one of the choices."""

    key: str
    label: Any
    choices: Sequence[tuple[Any, Any]] | Callable[[], Iterable[tuple[Any, Any]]]
    apply: Callable[[sa.Select, str], sa.Select]
    any_label: Any = None  # the "no filter" option; default "All"


@dataclass(frozen=True)
class BulkAction:
    """Something done to the selected rows after one combined confirmation.

    `title(n)` is the confirmation's question (use ngettext), `confirm_text` says what
    will happen, `applies(row)` tells the rows it changes from those it leaves alone
    (listed as such), `permission` hides the button and refuses the request (403)."""

    key: str
    label: Any
    title: Callable[[int], str]
    confirm_label: Any
    confirm_text: Any = None
    permission: str | None = None
    applies: Callable[[Any], bool] = lambda row: True
    danger: bool = False
    icon: str | None = None

    @property
    def tone(self) -> str:
        return "danger" if self.danger else "primary"


def clean_search(value: object) -> str:
    """A search term: printable characters only (no CR/LF), trimmed, at most 100."""
    if not isinstance(value, str):
        return ""
    return "".join(c for c in value if c.isprintable()).strip()[:MAX_SEARCH]


def positive_int(value: object, largest: int) -> int | None:
    """`value` as an int in 1..largest, else None (signs, blanks, 23 digits, '²')."""
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= largest else None


def contains(term: str, *columns) -> sa.ColumnElement[bool]:
    """`term` appears in any of `columns`, case-insensitive; `%` and `_` in the term
    are taken literally. For `search=` callables:

        search=lambda query, term: query.where(contains(term, Vendor.name, Vendor.vendor_code))
    """
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.or_(*(column.ilike(f"%{escaped}%", escape="\\") for column in columns))


def selected_ids(values: Iterable[str]) -> list[int]:
    """The well-formed ids among `values`, in order, without repeats; 400 past
    MAX_SELECTED (no page offers that many)."""
    ids = list(dict.fromkeys(n for n in (positive_int(v, MAX_ID) for v in values) if n))
    if len(ids) > MAX_SELECTED:
        abort(400)
    return ids


@dataclass(frozen=True)
class ListSpec:
    """The declaration of one list; see the module docstring and docs/backoffice.md.

    `name` names the page's elements (`<name>-list` is the swapped block, whose Jinja
    block is `<name>_list`; `<name>-filters` the search form). `id_column` is the rows'
    primary key: the tiebreaker of every sort and the key of bulk selections.
    `default_sort` is a column key, with `-` for descending. `row_data` is
    (attribute, field): each row gets `data-<attribute>="<row.field>"`.
    """

    name: str
    columns: Sequence[Column]
    id_column: Any
    filters: Sequence[Filter] = ()
    search: Callable[[sa.Select, str], sa.Select] | None = None
    search_label: Any = None
    default_sort: str = "-created_at"
    page_sizes: tuple[int, ...] = (25, 50, 100)
    keyset: bool = False
    bulk_actions: Sequence[BulkAction] = ()
    describe: Callable[[Any], str] = str
    empty: Any = None
    row_data: tuple[str, str] = ("row", "id")

    def __post_init__(self):
        keys = [f.key for f in self.filters]
        if clash := RESERVED.intersection(keys):
            raise ValueError(f"list {self.name}: filter keys {sorted(clash)} are reserved")
        if self.column(self.default_sort.lstrip("-")) is None:
            raise ValueError(f"list {self.name}: default_sort {self.default_sort!r} is no column")

    # --- state ------------------------------------------------------------------

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key and c.sortable), None)

    def bulk_action(self, key: str) -> BulkAction | None:
        return next((a for a in self.bulk_actions if a.key == key), None)

    def allowed_bulk_actions(self) -> list[BulkAction]:
        """The bulk actions the current user may use (the others are not shown)."""
        return [a for a in self.bulk_actions if has_permission(a.permission)]

    def read(self, args, endpoint: str | None = None, **view_args) -> ListState:
        """The list's state from a query string (or form), every value checked.

        `endpoint` and `view_args` are the list page's (default: this request's), for
        the links the state builds; a bulk POST handler passes the list's endpoint.
        """
        if endpoint is None:
            endpoint, view_args = request.endpoint, dict(request.view_args or {})
        choices, filters = {}, {}
        for f in self.filters:
            given = f.choices() if callable(f.choices) else f.choices
            options = [(str(value), label) for value, label in given]
            choices[f.key] = options
            value = args.get(f.key, "")
            if any(value == v for v, _label in options):
                filters[f.key] = value
        sort = args.get("sort", "")
        if not isinstance(sort, str) or self.column(sort.removeprefix("-")) is None:
            sort = self.default_sort
        per_page = positive_int(args.get("per_page"), max(self.page_sizes))
        after = before = None
        if self.keyset:
            after = self._cursor(args.get("after"), sort)
            before = None if after else self._cursor(args.get("before"), sort)
        return ListState(
            spec=self,
            endpoint=endpoint,
            view_args=view_args,
            q=clean_search(args.get("q")) if self.search else "",
            filters=filters,
            choices=choices,
            sort=sort,
            page=(positive_int(args.get("page"), MAX_PAGE) or 1) if not self.keyset else 1,
            per_page=per_page if per_page in self.page_sizes else self.page_sizes[0],
            after=after,
            before=before,
        )

    # --- rows -------------------------------------------------------------------

    def narrow(self, statement: sa.Select, state: ListState) -> sa.Select:
        """The statement with the state's search and filters applied."""
        if state.q and self.search:
            statement = self.search(statement, state.q)
        for f in self.filters:
            if f.key in state.filters:
                statement = f.apply(statement, state.filters[f.key])
        return statement

    def page(self, statement: sa.Select, state: ListState) -> Page:
        """One page of `statement` (which selects the rows' entity, scoped by the
        caller, with its relations loaded by joinedload): 2 statements in offset mode
        (count, rows), 1 in keyset mode (rows, one more than shown to know if there
        is a next page)."""
        statement = self.narrow(statement, state)
        if self.keyset:
            return self._keyset_page(statement, state)
        # The count keeps the row entity's column in the statement, so the ORM still
        # sees the entity and adds its loader criteria (wizamart/scoping.py: a vendor's
        # rows only); a count over a subquery would count every vendor's rows.
        total = db.session.scalar(
            statement.with_only_columns(sa.func.count(self.id_column)).order_by(None)
        )
        pages = max(1, math.ceil(total / state.per_page))
        number = min(state.page, pages)  # past the end: the last page
        rows = db.session.scalars(
            statement.order_by(*self._order(state.sort))
            .limit(state.per_page)
            .offset((number - 1) * state.per_page)
        )
        return Page(
            state=replace(state, page=number),
            rows=list(rows.unique()),
            total=total,
            pages=pages,
            has_prev=number > 1,
            has_next=number < pages,
        )

    def _order(self, sort: str, reverse: bool = False) -> list:
        descending = sort.startswith("-") != reverse
        expression = self.column(sort.removeprefix("-")).sort
        if descending:
            return [expression.desc(), self.id_column.desc()]
        return [expression.asc(), self.id_column.asc()]

    def _keyset_page(self, statement: sa.Select, state: ListState) -> Page:
        expression = self.column(state.sort.removeprefix("-")).sort
        forward = state.before is None
        cursor = state.after or state.before
        # Rows further down the list come with smaller values when the list is
        # descending; going back up (before=) flips it.
        smaller = state.sort.startswith("-") == forward
        if cursor is not None:
            value, row_id = cursor
            # a bound value, not a literal: `is_active > true` is fine SQL but SQLAlchemy
            # refuses Python booleans next to `<` and `>`
            typed = None if isinstance(expression.type, sa.types.NullType) else expression.type
            value = sa.bindparam(None, value, type_=typed)
            if smaller:
                after = sa.or_(
                    expression < value, sa.and_(expression == value, self.id_column < row_id)
                )
            else:
                after = sa.or_(
                    expression > value, sa.and_(expression == value, self.id_column > row_id)
                )
            statement = statement.where(after)
        ordered = statement.add_columns(expression.label("wz_sort_value")).order_by(
            *self._order(state.sort, reverse=not forward)
        )
        fetched = db.session.execute(ordered.limit(state.per_page + 1)).unique().all()
        more = len(fetched) > state.per_page
        fetched = fetched[: state.per_page]
        if not forward:
            fetched.reverse()
        rows = [r[0] for r in fetched]
        marks = [(r[-1], getattr(r[0], self.id_column.key)) for r in fetched]
        return Page(
            state=state,
            rows=rows,
            total=None,
            pages=None,
            has_prev=more if not forward else cursor is not None,
            has_next=more if forward else True,
            first_mark=marks[0] if marks else None,
            last_mark=marks[-1] if marks else None,
        )

    def _cursor(self, raw: object, sort: str) -> tuple[Any, int] | None:
        """A keyset cursor from the URL (sort value and id of a row), or None."""
        if not isinstance(raw, str) or not raw or len(raw) > MAX_CURSOR:
            return None
        try:
            value, row_id = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        except (ValueError, TypeError, binascii.Error):
            return None
        if not isinstance(row_id, int) or not 1 <= row_id <= MAX_ID:
            return None
        value = _from_json(value, self.column(sort.removeprefix("-")).sort)
        return None if value is None else (value, row_id)

    # --- bulk actions -----------------------------------------------------------

    def selection(self, values, statement: sa.Select, endpoint=None, **view_args):
        """The bulk action a request asks for (`bulk=<key>&id=..&id=..`) and the
        selected rows, or None when it asks for none.

        400 for an action the list does not have, 403 without its permission. Ids
        that are not numbers, or whose rows `statement` (the caller's scope) does not
        hold, are left out: another tenant's row is never loaded. One statement.
        """
        key = values.get("bulk")
        if not key:
            return None
        action = self.bulk_action(key)
        if action is None:
            abort(400)
        if not has_permission(action.permission):
            abort(403)
        ids = selected_ids(values.getlist("id"))
        rows = []
        if ids:
            chosen = statement.where(self.id_column.in_(ids)).order_by(self.id_column)
            rows = list(db.session.scalars(chosen).unique())
        return Selection(action, rows, self.read(values, endpoint, **view_args))


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_json(value: Any, expression) -> Any:
    """A cursor's value as the sort expression's Python type, or None if it is not one."""
    try:
        kind = expression.type.python_type
    except (NotImplementedError, AttributeError):
        kind = str
    try:
        if kind is bool:
            return value if isinstance(value, bool) else None
        if kind is int:
            return value if isinstance(value, int) and not isinstance(value, bool) else None
        if kind not in (str, datetime, date, Decimal):  # untyped (a SQL function): as given
            return value if isinstance(value, str | int | float) else None
        if not isinstance(value, str):
            return None
        if kind is datetime:
            return datetime.fromisoformat(value)
        if kind is date:
            return date.fromisoformat(value)
        if kind is Decimal:
            return Decimal(value)
        return value
    except (ValueError, InvalidOperation):
        return None


def encode_cursor(mark: tuple[Any, int]) -> str:
    value, row_id = mark
    raw = json.dumps([_to_json(value), row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class ListState:
    """What the user is looking at: search, filters, sort, page (or keyset cursor) and
    page size. `url(**changes)` links to the list with some of it changed and the rest
    kept, so every view of a list can be bookmarked and shared."""

    spec: ListSpec
    endpoint: str
    view_args: dict
    q: str = ""
    filters: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)
    sort: str = ""
    page: int = 1
    per_page: int = 25
    after: tuple | None = None
    before: tuple | None = None

    @property
    def filtered(self) -> bool:
        """Whether the search or a filter narrows the list."""
        return bool(self.q or self.filters)

    def args(self, **changes) -> dict[str, Any]:
        """The query-string arguments of the state with `changes` (None drops one).
        A change of search, filter, sort or size starts again at the first page."""
        args: dict[str, Any] = {"q": self.q, **self.filters}
        if self.sort != self.spec.default_sort:
            args["sort"] = self.sort
        if self.per_page != self.spec.page_sizes[0]:
            args["per_page"] = self.per_page
        moves = {"q", "sort", "per_page", "page", "after", "before", *self.choices}
        if moves.isdisjoint(changes):  # same view, same place in it
            if self.after:
                args["after"] = encode_cursor(self.after)
            elif self.before:
                args["before"] = encode_cursor(self.before)
            elif self.page > 1:
                args["page"] = self.page
        args.update(changes)
        if args.get("sort") == self.spec.default_sort:  # the defaults go unsaid
            del args["sort"]
        if args.get("per_page") == self.spec.page_sizes[0]:
            del args["per_page"]
        return {k: v for k, v in args.items() if v not in (None, "")}

    def url(self, **changes) -> str:
        return url_for(self.endpoint, **self.view_args, **self.args(**changes))

    def base_url(self) -> str:
        """The list without any state (the action of its GET forms)."""
        return url_for(self.endpoint, **self.view_args)

    def clear_url(self) -> str:
        """Without search and filters; sort and size stay."""
        return self.url(q=None, **dict.fromkeys(self.filters))

    def fields(self, *omit: str) -> list[tuple[str, Any]]:
        """The state as hidden fields for a form (minus `omit`)."""
        return [(k, v) for k, v in self.args().items() if k not in omit]

    def sort_url(self, key: str) -> str:
        """The column's link: ascending first, then descending, then ascending again."""
        return self.url(sort=key if self.sort != key else f"-{key}")

    def aria_sort(self, key: str) -> str | None:
        if self.sort == key:
            return "ascending"
        if self.sort == f"-{key}":
            return "descending"
        return None


@dataclass
class Page:
    """One page of a list: its rows and how to reach the pages around it."""

    state: ListState
    rows: list
    total: int | None
    pages: int | None
    has_prev: bool
    has_next: bool
    first_mark: tuple | None = None
    last_mark: tuple | None = None

    @property
    def spec(self) -> ListSpec:
        return self.state.spec

    @property
    def number(self) -> int:
        return self.state.page

    @property
    def first_index(self) -> int:
        """The position of the first row shown (offset mode)."""
        return (self.number - 1) * self.state.per_page + 1

    def prev_url(self) -> str | None:
        if not self.has_prev:
            return None
        if self.spec.keyset:
            return self.state.url(before=encode_cursor(self.first_mark))
        return self.state.url(page=self.number - 1 if self.number > 2 else None)

    def next_url(self) -> str | None:
        if not self.has_next:
            return None
        if self.spec.keyset:
            return self.state.url(after=encode_cursor(self.last_mark))
        return self.state.url(page=self.number + 1)

    def page_url(self, number: int) -> str:
        return self.state.url(page=number if number > 1 else None)

    def page_numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers for the pager: the first, the last and those around this one,
        None where some are left out."""
        if not self.pages:
            return []
        shown = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        numbers: list[int | None] = []
        for n in sorted(x for x in shown if 1 <= x <= self.pages):
            if numbers and n - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers

    def row_id(self, row) -> Any:
        return getattr(row, self.spec.id_column.key)


@dataclass
class Selection:
    """A bulk action and the selected rows within the caller's scope."""

    action: BulkAction
    rows: list
    state: ListState

    @property
    def to_change(self) -> list:
        return [r for r in self.rows if self.action.applies(r)]

    @property
    def unchanged(self) -> list:
        return [r for r in self.rows if not self.action.applies(r)]

    def names(self, rows) -> str:
        """The rows as the spec describes them, comma-separated."""
        return ", ".join(self.state.spec.describe(r) for r in rows)

    @property
    def ids(self) -> list:
        return [getattr(r, self.state.spec.id_column.key) for r in self.rows]


# --- views ------------------------------------------------------------------------------


def render_list(
    template: str,
    spec: ListSpec,
    statement: sa.Select,
    *,
    values=None,
    endpoint: str | None = None,
    view_args: dict | None = None,
    selection: Selection | None = None,
    status: int = 200,
    oob: tuple[str, ...] = (),
    **context,
):
    """A list page: the state from the query string (or a bulk form's `values`), one
    page of `statement`, rendered with wizamart.htmx.render (the whole page, or the
    list block for htmx) as `listing` and `selection`. A bulk `selection` without rows
    answers 422 with the list and the message at its bulk bar."""
    values = request.args if values is None else values
    state = spec.read(values, endpoint, **(view_args or {}))
    if selection is not None and not selection.rows:
        status = 422
    return render(
        template,
        listing=spec.page(statement, state),
        selection=selection,
        status=status,
        oob=oob,
        **context,
    )


def bulk_done(message: str, template: str, spec: ListSpec, statement, selection, **context):
    """After a bulk action: flash `message`, then back to the same view of the list —
    a redirect (PRG), or for htmx the list block with the flash area out of band."""
    flash(message, "success")
    state = selection.state
    if not is_htmx():
        return redirect(state.url())
    return render_list(
        template,
        spec,
        statement,
        values=request.form,
        endpoint=state.endpoint,
        view_args=state.view_args,
        oob=("flash",),
        **context,
    )
