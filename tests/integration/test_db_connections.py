"""Database connections without a ping per checkout: what happens when they die.

Pre-ping is off by default (a `SELECT 1` per request on PostgreSQL); a dead pooled
connection is handled when it is used: the host lookup runs once more, anything
later in the request answers 503 with Retry-After, and the next request is fine.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from tests import conftest
from tests.conftest import POSTGRES_URL, close_app, fresh_database, seed_demo
from wizamart import create_app
from wizamart.config import Settings
from wizamart.extensions import db


def dead_connection_error() -> sa.exc.OperationalError:
    return sa.exc.OperationalError(
        "SELECT 1", {}, Exception("server closed the connection"), connection_invalidated=True
    )


def test_pre_ping_is_off_unless_asked_for(monkeypatch):
    monkeypatch.delenv("WIZAMART_DB_PRE_PING", raising=False)
    options = Settings(secret_key="k").to_flask()["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options == {"pool_pre_ping": False, "pool_recycle": 1800}
    monkeypatch.setenv("WIZAMART_DB_PRE_PING", "true")
    monkeypatch.setenv("WIZAMART_DB_POOL_RECYCLE", "300")
    options = Settings(secret_key="k").to_flask()["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options == {"pool_pre_ping": True, "pool_recycle": 300}


def test_host_lookup_on_a_dead_connection_runs_once_more(demo, monkeypatch):
    backend = demo.extensions["wizamart.tenancy"]
    real = backend.resolve_host
    calls = []

    def first_call_finds_a_dead_connection(host, vendor_code=None):
        calls.append(host)
        if len(calls) == 1:
            raise dead_connection_error()
        return real(host, vendor_code)

    monkeypatch.setattr(backend, "resolve_host", first_call_finds_a_dead_connection)
    response = demo.test_client().get("/storefront/bakery/")
    assert response.status_code == 200
    assert "Boulangerie Bakery" in response.get_data(as_text=True)
    assert len(calls) == 2


def test_host_lookup_does_not_retry_other_database_errors(demo, monkeypatch):
    backend = demo.extensions["wizamart.tenancy"]

    def broken(host, vendor_code=None):
        raise sa.exc.OperationalError("SELECT", {}, Exception("no such table"))

    monkeypatch.setattr(backend, "resolve_host", broken)
    with pytest.raises(sa.exc.OperationalError):
        demo.test_client().get("/")


def test_connection_lost_inside_a_request_answers_503_then_recovers(make_app):
    app = make_app()

    @app.route("/_connection_lost")
    def connection_lost():
        raise dead_connection_error()

    client = app.test_client()
    response = client.get("/_connection_lost")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert "briefly unavailable" in response.get_data(as_text=True)
    answer = client.get("/_connection_lost", headers={"Accept": "application/json"})
    assert answer.headers["Retry-After"] == "1"
    assert answer.json == {
        "error": {
            "code": "unavailable",
            "message": "The service was briefly unavailable. Please try again in a moment.",
            "fields": {},
        }
    }


@pytest.fixture
def own_database_app(tmp_path):
    """The demo on a database of its own: killing its connections must not reach the
    pools of the other apps this test process keeps."""
    with fresh_database(tmp_path / "db.sqlite3", "_killed") as url:
        app = create_app(conftest.test_settings(url))
        with app.app_context():
            upgrade(revision="heads")
        seed_demo(app)
        yield app
        close_app(app)


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL (server-side disconnects)")
def test_pages_survive_the_server_killing_every_pooled_connection(own_database_app):
    demo = own_database_app
    client = demo.test_client()
    assert client.get("/storefront/bakery/").status_code == 200  # the pool holds connections
    with demo.app_context():
        database = db.engine.url.database
    killer = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with killer.connect() as conn:
        killed = conn.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = :db AND pid <> pg_backend_pid()"
            ),
            {"db": database},
        ).scalar()
    killer.dispose()
    assert killed >= 1
    for path in ("/storefront/bakery/", "/", "/storefront/bakery/"):
        assert client.get(path).status_code == 200, path
