"""The suite runs on the database it was asked for (CI reads the recorded dialect)."""

from __future__ import annotations

from tests.conftest import POSTGRES_URL
from wizamart.extensions import db


def test_the_session_database_is_the_one_configured(app, record_property):
    """PostgreSQL when WIZAMART_TEST_POSTGRES_URL is set, else SQLite; never silently swapped."""
    with app.app_context():
        dialect = db.engine.dialect.name
        version = db.session.execute(
            db.text("SELECT version()" if dialect == "postgresql" else "SELECT sqlite_version()")
        ).scalar()
    record_property("database_dialect", dialect)
    record_property("database_version", version)
    assert dialect == ("postgresql" if POSTGRES_URL else "sqlite")
