"""Rows that belong to one vendor, and the one mechanism that keeps them apart.

A model that mixes in `VendorOwned` carries `vendor_id`. While a request is for a vendor
(`g.vendor` is set: every `/vendor/<code>/...`, `/storefront/<code>/...` and
`/api/v1/{vendor,storefront}/<code>/...` request, and a vendor's own domain), every ORM
SELECT, UPDATE and DELETE that touches such a model gets `vendor_id = <that vendor>`
added by SQLAlchemy (`with_loader_criteria` in a `do_orm_execute` hook, the recipe of
SQLAlchemy's documentation). A view cannot forget the filter, and a joined or
eager-loaded relation is filtered too.

Outside a vendor's request (admin pages, jobs, the CLI) nothing is added: those code
paths name the vendor themselves. A rare statement that must see every vendor inside a
vendor's request says so: `.execution_options(all_vendors=True)`.

`get_for_vendor_or_404(Model, id)` loads one row of the current vendor or answers 404,
in the style of Flask's tutorial `get_post(id, check_author=True)`: one helper, used by
every view that takes an id from the URL.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort, g, has_app_context
from sqlalchemy import Integer, event, select
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, with_loader_criteria

from wizamart.paging import MAX_ID

T = TypeVar("T")


class VendorOwned:
    """Mixin for a model whose rows belong to one vendor.

    The column is indexed and not null. A module that wants the foreign key to the
    vendor's table declares the column itself (same name), e.g.
    `vendor_id: Mapped[int] = mapped_column(ForeignKey("tenancy_vendor.id",
    ondelete="CASCADE"), index=True)`.
    """

    vendor_id: Mapped[int] = mapped_column(Integer, index=True, nullable=False)


def request_vendor_id() -> int | None:
    """The id of the vendor the current request is for, or None."""
    if not has_app_context():
        return None
    vendor = g.get("vendor")
    return vendor.id if vendor is not None else None


@event.listens_for(Session, "do_orm_execute")
def _scope_to_request_vendor(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load:
        return  # refreshing attributes of a row already loaded (by primary key)
    if state.execution_options.get("all_vendors"):
        return
    vendor_id = request_vendor_id()
    if vendor_id is None:
        return
    if not any(issubclass(mapper.class_, VendorOwned) for mapper in state.all_mappers):
        return  # the framework's own statements (host, module state, user) stay as they are
    state.statement = state.statement.options(
        with_loader_criteria(
            VendorOwned,
            lambda cls: cls.vendor_id == vendor_id,
            include_aliases=True,
            track_closure_variables=True,
        )
    )


def get_for_vendor_or_404(model: type[T], ident, *, options=()) -> T:
    """The row `ident` of `model` if it belongs to the current request's vendor, else 404.

    `ident` comes from a URL: anything that is not a positive id a column can hold
    answers 404 as well (never an overflow in the driver). Outside a vendor's request
    there is no vendor to own the row: 404.
    """
    from wizamart.extensions import db

    vendor_id = request_vendor_id()
    try:
        ident = int(ident)
    except (TypeError, ValueError):
        abort(404)
    if vendor_id is None or not 0 < ident <= MAX_ID:
        abort(404)
    statement = select(model).where(model.id == ident, model.vendor_id == vendor_id)
    if options:
        statement = statement.options(*options)
    row = db.session.scalars(statement).one_or_none()
    if row is None:
        abort(404)
    return row
