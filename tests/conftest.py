"""Shared fixtures: a real database (SQLite, or PostgreSQL when configured), apps, clients.

Environment:
  WIZAMART_TEST_POSTGRES_URL  a PostgreSQL server URL, for example
                              postgresql+psycopg://postgres@127.0.0.1:5432/postgres.
                              Each test process creates its own database
                              wizamart_test_<pid> and drops it at the end.
  WIZAMART_TEST_REDIS_URL     a Redis URL; tests that need Redis use it with a
                              per-process key prefix.
"""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from wizamart import create_app
from wizamart.extensions import db
from wizamart.modules.service import module_service

FIXTURES = Path(__file__).parent / "fixtures"
SHOP_MODULES = FIXTURES / "modsets" / "shop"
POSTGRES_URL = os.environ.get("WIZAMART_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("WIZAMART_TEST_REDIS_URL")


def pytest_report_header(config):
    return [
        f"database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite'}",
        f"redis: {REDIS_URL or 'not configured'}",
    ]


@contextmanager
def fresh_database(sqlite_path: Path, suffix: str = ""):
    """An empty database of its own: a SQLite file, or a PostgreSQL database
    wizamart_test_<pid><suffix> created on the server and dropped afterwards."""
    if not POSTGRES_URL:
        yield f"sqlite:///{sqlite_path}"
        return
    name = f"wizamart_test_{os.getpid()}{suffix}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            sa.engine.make_url(POSTGRES_URL)
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def close_app(*apps) -> None:
    """Give back an app's database connections (an app built on a database of its own,
    which is dropped after the test) and forget its cached module state."""
    module_service.clear_cache()
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh, empty database for this test process."""
    with fresh_database(tmp_path_factory.mktemp("db") / "test.sqlite3") as url:
        yield url


def test_settings(database_url, **overrides) -> dict:
    settings = {
        "env": "testing",
        "database_url": database_url,
        "secret_key": "test-secret-key",
        "redis_prefix": f"wizamart-test-{os.getpid()}",
        "WTF_CSRF_ENABLED": True,
        "PASSWORD_HASH_PROFILE": "cheapest",
        "SERVER_NAME": None,
        # Uploaded files of this test process (never the project's instance/media).
        "media_root": Path(tempfile.gettempdir()) / f"wizamart-test-media-{os.getpid()}",
        # Mails not sent by SMTP (no mail_host) are written here, never to instance/mail.
        "mail_dir": Path(tempfile.gettempdir()) / f"wizamart-test-mail-{os.getpid()}",
        # The demo's 100 products with images take seconds: tests that want them say so.
        "CATALOG_DEMO_PRODUCTS": False,
        # The demo shops' logos (cms media, ~1 s): tests that want them call seed_logos().
        "CMS_DEMO_LOGOS": False,
    }
    settings.update(overrides)
    return settings


def open_transactions(app) -> list[str]:
    """The statements of this database's sessions still inside a transaction."""
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'idle in transaction'"
            )
        ).scalars()
        found = list(rows)
    engine.dispose()
    return found


def used_tables(conn, tables: list[str]) -> list[str]:
    """The tables (PostgreSQL) that hold a row or whose id sequence has moved since the
    last TRUNCATE ... RESTART IDENTITY: one probe statement instead of truncating all of
    them twice per test (a TRUNCATE of every table costs ~60 ms; the probe ~4 ms)."""
    probe = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {t})" for t in tables)
    dirty = set(conn.execute(sa.text(probe)).scalars())
    moved = conn.execute(
        sa.text(
            "SELECT sequencename FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
    ).scalars()
    for sequence in moved:  # "<table>_<column>_seq"
        owners = [t for t in tables if sequence.startswith(f"{t}_")]
        if not owners:
            return tables  # a sequence we cannot place: empty everything
        dirty.add(max(owners, key=len))
    return [t for t in tables if t in dirty]


def reset_database(app) -> None:
    """Empty every table (the schema stays, made once by the migrations)."""
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                # A session a test (or the code it runs) left open in a transaction holds
                # locks TRUNCATE waits for: fail in seconds and say which, never hang.
                conn.execute(sa.text("SET LOCAL lock_timeout = '15s'"))
                try:
                    dirty = used_tables(conn, tables)
                    if dirty:
                        conn.execute(
                            sa.text(f"TRUNCATE {', '.join(dirty)} RESTART IDENTITY CASCADE")
                        )
                except sa.exc.OperationalError:
                    raise AssertionError(
                        f"a session was left open: {open_transactions(app)}"
                    ) from None
        else:
            with db.engine.begin() as conn:
                for table in tables:
                    conn.execute(sa.text(f"DELETE FROM {table}"))
    module_service.clear_cache()
    app.extensions["wizamart.throttle"].reset()


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """Compiled catalogs (*.mo are not committed): a fresh clone's pages are translated."""
    from wizamart.i18n.catalogs import compile_all

    return compile_all(only_stale=True)


@pytest.fixture(scope="session")
def migrated_database(database_url):
    """Run every migration branch once, the way `flask db upgrade` does."""
    from flask_migrate import upgrade

    app = create_app(test_settings(database_url, extra_modules_dirs=[SHOP_MODULES]))
    with app.app_context():
        upgrade(revision="heads")
    return database_url


@pytest.fixture(scope="session")
def _real_app(migrated_database):
    return create_app(test_settings(migrated_database))


@pytest.fixture(scope="session")
def _shop_app(migrated_database):
    return create_app(test_settings(migrated_database, extra_modules_dirs=[SHOP_MODULES]))


@pytest.fixture
def app(_real_app):
    """The app with the project's real modules, on an empty database."""
    reset_database(_real_app)
    yield _real_app
    reset_database(_real_app)


@pytest.fixture
def shop_app(_shop_app):
    """The real modules plus the fixture set in tests/fixtures/modsets/shop."""
    reset_database(_shop_app)
    yield _shop_app
    reset_database(_shop_app)


@pytest.fixture
def make_app(migrated_database):
    """Build another app on the same database (e.g. a second 'worker')."""

    def factory(**overrides):
        return create_app(test_settings(migrated_database, **overrides))

    return factory


def seed_demo(app) -> None:
    with app.app_context():
        registry = app.extensions["wizamart.registry"]
        for code in registry.topological_order:
            if registry[code].demo_seed:
                registry[code].demo_seed()
        db.session.commit()


@pytest.fixture
def demo(app):
    """The real app with the demo data."""
    seed_demo(app)
    return app


@pytest.fixture
def shop(shop_app):
    """The fixture-module app with the demo data."""
    seed_demo(shop_app)
    return shop_app


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token of the client's session, read from a page like a browser would."""
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def login(client, email: str, password: str):
    """Sign in through the real form; returns the response (302 on success)."""
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


LOGINS = {
    "admin": ("admin@wizamart.test", "demo-admin"),
    "bakery_owner": ("owner@bakery.test", "demo-vendor"),
    "bakery_staff": ("staff@bakery.test", "demo-staff"),
    "bikes_owner": ("owner@bikes.test", "demo-vendor"),
    "translator": ("translator@wizamart.test", "demo-translator"),
}


@pytest.fixture
def login_as():
    """login_as(client, "admin") signs the client in as a demo user and checks it worked."""

    def sign_in(client, who: str):
        response = login(client, *LOGINS[who])
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return sign_in


@pytest.fixture(scope="session")
def redis_url():
    """WIZAMART_TEST_REDIS_URL, else a local Redis if one answers; skipped without Redis."""
    import redis

    url = REDIS_URL or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if REDIS_URL:
            raise
        pytest.skip("Redis not available")
    return url


@pytest.fixture
def redis_prefix(redis_url, request):
    """A key prefix of this test's own; its keys are deleted afterwards."""
    import uuid

    import redis

    prefix = f"wizamart-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"*{prefix}*"))
    if keys:
        client.delete(*keys)


# -- e-mail ------------------------------------------------------------------------------
class Mailbox:
    """What a real SMTP server on 127.0.0.1 received (aiosmtpd), as parsed messages."""

    def __init__(self):
        self.messages: list = []
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        from email import message_from_bytes, policy

        self.envelopes.append(envelope)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def clear(self) -> None:
        self.messages.clear()
        self.envelopes.clear()

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def text(message) -> str:
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def html(message) -> str:
        return message.get_body(("html",)).get_content()

    def links(self, message) -> list[str]:
        return re.findall(r"https?://[^\s<>\"]+", self.text(message))


@pytest.fixture(scope="session")
def smtp_server():
    """A local SMTP server for the whole run: (host, port, mailbox)."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield "127.0.0.1", port, box
    controller.stop()


@contextmanager
def mail_to(app, smtp_server):
    """The app sends its mails to the local SMTP server meanwhile; yields the mailbox
    (emptied first)."""
    host, port, box = smtp_server
    box.clear()
    saved = {key: app.config[key] for key in ("MAIL_HOST", "MAIL_PORT", "MAIL_SECURITY")}
    app.config.update(MAIL_HOST=host, MAIL_PORT=port, MAIL_SECURITY="none")
    try:
        yield box
    finally:
        app.config.update(saved)
        box.clear()


@pytest.fixture
def mailbox(app, smtp_server):
    """The real app's mails during the test, as received by a real SMTP server."""
    with mail_to(app, smtp_server) as box:
        yield box


@pytest.fixture
def shop_mailbox(shop_app, smtp_server):
    """The same for the shop app (the one browser tests serve)."""
    with mail_to(shop_app, smtp_server) as box:
        yield box


# -- background jobs ---------------------------------------------------------------------
def task(app, name: str, module: str = "fxpayments") -> str:
    """The dotted path of a fixture module's task (fixture modules live in a synthetic
    package, so the path is read from the registry)."""
    return f"{app.extensions['wizamart.registry'][module].package}.tasks.{name}"


def main_id(app) -> int:
    """The id of the demo platform 'main'."""
    from modules.tenancy.services.access import access

    with app.app_context():
        return access.platform_by_code("main").id


def run_worker(app) -> None:
    """Run every queued job of the app's queues in a burst RQ worker, in the app context."""
    from rq import SimpleWorker

    from wizamart.jobs.queue import rq_queues

    with app.app_context():
        queues = rq_queues()
        SimpleWorker(queues, connection=queues[0].connection).work(burst=True)
