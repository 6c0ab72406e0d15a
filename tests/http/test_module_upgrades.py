""" "Needs upgrade": a module whose code is newer than the database's migrations says so,
with the command that fixes it.

tests/fixtures/modsets/upgrade/fxupgrade has two revisions; its own database is upgraded
to the first only, the way a deploy that forgot `db upgrade` leaves it.
"""

from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade

from tests import conftest
from tests.conftest import FIXTURES, close_app, fresh_database, seed_demo
from wizamart import create_app

UPGRADE_MODULES = FIXTURES / "modsets" / "upgrade"
PAGE = "/admin/platforms/main/modules"
COMMAND = "flask --app wsgi db upgrade"


@pytest.fixture(scope="module")
def behind(tmp_path_factory):
    """An app with fxupgrade over a database that has only fxupgrade_001."""
    with fresh_database(tmp_path_factory.mktemp("upgrade") / "db.sqlite3", "_upgrade") as url:
        with create_app(conftest.test_settings(url)).app_context():
            upgrade(revision="heads")  # framework and the real modules
        app = create_app(conftest.test_settings(url, extra_modules_dirs=[UPGRADE_MODULES]))
        with app.app_context():
            upgrade(revision="fxupgrade_001")
        seed_demo(app)
        yield app
        close_app(app)


@pytest.fixture
def admin(behind, login_as):
    return login_as(behind.test_client(), "admin")


def card(html: str, code: str) -> str:
    start = html.index(f'id="module-{code}"')
    return html[start : html.index("</article>", start)]


def test_a_module_behind_its_code_shows_needs_upgrade_with_the_command(admin):
    html = admin.get(PAGE).get_data(as_text=True)
    assert "Needs upgrade." in card(html, "fxupgrade") and COMMAND in card(html, "fxupgrade")
    assert "Needs upgrade" not in card(html, "tenancy")


def test_the_needs_upgrade_filter_lists_only_it(admin):
    html = admin.get(PAGE + "?state=upgrade").get_data(as_text=True)
    assert re.findall(r'data-module="([^"]+)" data-state=', html) == ["fxupgrade"]


def test_the_detail_page_shows_which_migration_is_pending(admin):
    html = admin.get(PAGE + "/fxupgrade").get_data(as_text=True)
    assert 'data-revision="fxupgrade_001" data-applied="yes"' in html
    assert 'data-revision="fxupgrade_002" data-applied="no"' in html
    assert COMMAND in html


def test_after_the_upgrade_the_notice_is_gone(behind, admin):
    with behind.app_context():
        upgrade(revision="heads")
    try:
        html = admin.get(PAGE).get_data(as_text=True)
        assert "Needs upgrade." not in html
        assert 'data-revision="fxupgrade_002" data-applied="yes"' in admin.get(
            PAGE + "/fxupgrade"
        ).get_data(as_text=True)
    finally:
        with behind.app_context():
            from flask_migrate import downgrade

            downgrade(revision="fxupgrade_001")


def test_a_revision_of_a_module_folder_that_is_gone_does_not_break_the_modules_pages(behind, admin):
    """alembic_version holds a revision no folder provides (the lifecycle reports it as
    orphaned); the modules pages still answer and still know what is behind."""
    import sqlalchemy as sa

    from wizamart.extensions import db

    with behind.app_context():
        db.session.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('gone_001')"))
        db.session.commit()
    try:
        page = admin.get(PAGE)
        assert page.status_code == 200
        assert "Needs upgrade." in card(page.get_data(as_text=True), "fxupgrade")
        assert admin.get(f"{PAGE}/fxupgrade").status_code == 200
    finally:
        with behind.app_context():
            db.session.execute(
                sa.text("DELETE FROM alembic_version WHERE version_num = 'gone_001'")
            )
            db.session.commit()
