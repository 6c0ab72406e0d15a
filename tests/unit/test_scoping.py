"""One mechanism keeps vendors apart: VendorOwned rows are filtered to the request's vendor."""

import pytest
from flask import Flask, g
from sqlalchemy import ForeignKey, String, create_engine, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from werkzeug.exceptions import NotFound

from wizamart.scoping import VendorOwned, get_for_vendor_or_404
from wizamart.tenancy import VendorRef


class Base(DeclarativeBase):
    pass


class Shelf(VendorOwned, Base):
    __tablename__ = "t_shelf"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    books: Mapped[list["Book"]] = relationship(back_populates="shelf")


class Book(VendorOwned, Base):
    __tablename__ = "t_book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))
    shelf_id: Mapped[int] = mapped_column(ForeignKey("t_shelf.id"))
    shelf: Mapped[Shelf] = relationship(back_populates="books")


@pytest.fixture
def session():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        a = Shelf(vendor_id=1, name="bakery shelf")
        b = Shelf(vendor_id=2, name="bikes shelf")
        s.add_all([a, b])
        s.flush()
        s.add_all(
            [
                Book(vendor_id=1, title="bread", shelf=a),
                Book(vendor_id=2, title="wheels", shelf=b),
                # A row pointing across vendors must still not leak through a join.
                Book(vendor_id=2, title="stray", shelf=a),
            ]
        )
        s.commit()
        yield s
    engine.dispose()


@pytest.fixture
def as_vendor():
    app = Flask(__name__)

    def enter(vendor_id):
        ctx = app.app_context()
        ctx.push()
        g.vendor = VendorRef(id=vendor_id, code=f"v{vendor_id}", name="V", platform_id=1)
        return ctx

    return enter


def test_a_vendors_request_sees_only_its_rows(session, as_vendor):
    ctx = as_vendor(1)
    try:
        assert session.scalars(select(Shelf.name)).all() == ["bakery shelf"]
        shelf = session.scalars(select(Shelf)).one()
        session.expire_all()
        shelf = session.scalars(select(Shelf)).one()
        assert [b.title for b in shelf.books] == ["bread"]
        assert session.scalars(select(Book.title).join(Book.shelf)).all() == ["bread"]
    finally:
        ctx.pop()


def test_updates_and_deletes_are_scoped_too(session, as_vendor):
    ctx = as_vendor(2)
    try:
        session.execute(update(Shelf).values(name="renamed"))
        session.commit()
    finally:
        ctx.pop()
    names = sorted(session.scalars(select(Shelf.name)).all())
    assert names == ["bakery shelf", "renamed"]


def test_outside_a_vendors_request_nothing_is_filtered(session):
    assert len(session.scalars(select(Book)).all()) == 3


def test_a_statement_may_ask_for_every_vendor(session, as_vendor):
    ctx = as_vendor(1)
    try:
        rows = session.scalars(select(Book).execution_options(all_vendors=True)).all()
        assert len(rows) == 3
    finally:
        ctx.pop()


@pytest.mark.parametrize("ident", ["1", 1])
def test_get_for_vendor_or_404_finds_own_row(session, as_vendor, monkeypatch, ident):
    _use_session(monkeypatch, session)
    ctx = as_vendor(1)
    try:
        assert get_for_vendor_or_404(Shelf, ident).name == "bakery shelf"
    finally:
        ctx.pop()


@pytest.mark.parametrize("ident", [2, "2", "x", None, -1, 0, 10**22, "1; drop"])
def test_get_for_vendor_or_404_refuses_others_and_nonsense(session, as_vendor, monkeypatch, ident):
    _use_session(monkeypatch, session)
    ctx = as_vendor(1)
    try:
        with pytest.raises(NotFound):
            get_for_vendor_or_404(Shelf, ident)
    finally:
        ctx.pop()


def _use_session(monkeypatch, session):
    from wizamart.extensions import db

    monkeypatch.setattr(db, "session", session)
