"""A module's life in a deployment: it arrives, it is uninstalled, its folder vanishes.

Each test runs a deployment of its own (a fresh database: SQLite, or PostgreSQL when
configured): migrated and seeded with the demo platforms *before* the modules of
tests/fixtures/modsets/newcomers arrive, as happens when a module folder is added to a
running shop system. Each "start" is a new app on that database, as a restart is.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import FIXTURES, close_app, fresh_database, seed_demo
from tests.conftest import test_settings as settings_for
from wizamart import create_app
from wizamart.extensions import db
from wizamart.modules.lifecycle import check_at_startup
from wizamart.modules.models import ModuleInstallation, PlatformModule
from wizamart.modules.service import module_service

NEWCOMERS = FIXTURES / "modsets" / "newcomers"
DEPENDENTS = FIXTURES / "modsets" / "dependents"
NOTES_VENDOR_PAGE = "/vendor/bakery/fxnotes/"
NOTES_STOREFRONT_PAGE = "/storefront/bakery/fxnotes/"


@pytest.fixture
def deployment(tmp_path):
    """start(*module_dirs) builds an app on a database that was migrated and seeded with
    the demo platforms by the project's own modules only."""
    apps = []
    suffix = f"_life_{uuid.uuid4().hex[:8]}"
    with fresh_database(tmp_path / "lifecycle.sqlite3", suffix) as url:

        def start(*module_dirs):
            app = create_app(settings_for(url, extra_modules_dirs=list(module_dirs)))
            apps.append(app)
            return app

        first = start()
        assert cli(first, "db", "upgrade").exit_code == 0
        seed_demo(first)
        yield start
        close_app(*apps)
        module_service.clear_cache()


def cli(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def platform_id(app, code: str) -> int:
    from modules.tenancy.services.access import access

    with app.app_context():
        return access.platform_by_code(code).id


def enabled(app, platform: str) -> frozenset[str]:
    with app.app_context():
        return module_service.get_platform_modules(platform_id(app, platform))


def menu_ids(client, path: str) -> set[str]:
    html = client.get(path).get_data(as_text=True)
    return set(re.findall(r'data-menu-item="([^"]+)"', html))


def tables(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def version_rows(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))


def applied(app) -> set[str]:
    """Every revision the database has: its alembic_version rows and what they stand for
    (a revision stands for those it depends on: catalog_001 for tenancy_001)."""
    from tests.integration.test_migrations import ancestry, script_directory

    return ancestry(script_directory(app), version_rows(app))


def choices(app, code: str) -> dict[int, bool]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(PlatformModule.platform_id, PlatformModule.enabled).where(
                PlatformModule.module_code == code
            )
        )
        return dict(rows.all())


# -- a module arrives -------------------------------------------------------------------------
def test_a_module_added_after_the_platforms_exist_is_off_there_until_an_admin_enables_it(
    deployment, login_as
):
    app = deployment(NEWCOMERS)
    owner = login_as(app.test_client(), "bakery_owner")
    shopper = app.test_client()

    assert owner.get(NOTES_VENDOR_PAGE).status_code == 404
    assert shopper.get(NOTES_STOREFRONT_PAGE).status_code == 404
    assert "fxnotes" not in menu_ids(owner, "/vendor/bakery/")
    assert "fxnotes" not in menu_ids(shopper, "/storefront/bakery/")
    assert "fxnotes" not in enabled(app, "oms")

    with app.app_context():
        module_service.enable_module(platform_id(app, "main"), "fxnotes")

    assert owner.get(NOTES_VENDOR_PAGE).status_code == 200
    assert shopper.get(NOTES_STOREFRONT_PAGE).status_code == 200
    assert "fxnotes" in menu_ids(owner, "/vendor/bakery/")
    assert "fxnotes" not in enabled(app, "oms"), "enabling on main leaves oms alone"


def test_a_new_module_that_asks_for_it_and_a_new_internal_module_start_on(deployment, login_as):
    app = deployment(NEWCOMERS)
    assert app.test_client().get("/storefront/bakery/fxwelcome/").status_code == 200
    admin = login_as(app.test_client(), "admin")
    assert admin.get("/admin/fxtools/").status_code == 200
    assert {"fxwelcome", "fxtools"} <= enabled(app, "oms")
    assert choices(app, "fxwelcome") == {} and choices(app, "fxtools") == {}


def test_the_new_module_stays_off_after_restarts_and_a_db_upgrade(deployment):
    deployment(NEWCOMERS)
    again = deployment(NEWCOMERS)
    assert cli(again, "db", "upgrade").exit_code == 0
    assert "fxnotes_note" in tables(again)
    assert "fxnotes" not in enabled(again, "main")
    assert set(choices(again, "fxnotes").values()) == {False}


def test_a_platform_created_later_starts_with_every_optional_module_on(deployment):
    from modules.tenancy.models import User
    from modules.tenancy.services.platforms import create_platform

    app = deployment(NEWCOMERS)
    with app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.email == "admin@wizamart.test"))
        create_platform(
            admin, code="fresh", name="Fresh", default_language="en", domains="fresh.localhost"
        )
    assert "fxnotes" in enabled(app, "fresh")
    assert "fxnotes" not in enabled(app, "main")


def test_on_a_fresh_database_every_module_present_at_the_first_start_is_on(tmp_path):
    suffix = f"_life_{uuid.uuid4().hex[:8]}"
    with fresh_database(tmp_path / "fresh.sqlite3", suffix) as url:
        app = create_app(settings_for(url, extra_modules_dirs=[NEWCOMERS]))
        assert cli(app, "db", "upgrade").exit_code == 0
        seed_demo(app)
        restarted = create_app(settings_for(url, extra_modules_dirs=[NEWCOMERS]))
        try:
            assert {"fxnotes", "fxwelcome", "fxtools"} <= enabled(restarted, "main")
            assert choices(restarted, "fxnotes") == {}
        finally:
            close_app(app, restarted)
            module_service.clear_cache()


def test_two_workers_starting_at_once_record_a_new_module_once(deployment):
    workers = [deployment(NEWCOMERS), deployment(NEWCOMERS)]
    first = workers[0]
    with first.app_context():  # as if neither had seen the new modules yet
        new = ["fxnotes", "fxwelcome", "fxtools"]
        db.session.execute(sa.delete(PlatformModule).where(PlatformModule.module_code.in_(new)))
        db.session.execute(sa.delete(ModuleInstallation).where(ModuleInstallation.code.in_(new)))
        db.session.commit()
    barrier = threading.Barrier(len(workers))
    errors = []

    def start(app):
        barrier.wait()
        try:
            check_at_startup(app)
        except Exception as exc:  # the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(app,)) for app in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with first.app_context():
        recorded = db.session.scalars(
            sa.select(ModuleInstallation.code).where(ModuleInstallation.code.in_(new))
        )
        assert sorted(recorded) == sorted(new)
    main, oms = platform_id(first, "main"), platform_id(first, "oms")
    assert choices(first, "fxnotes") == {main: False, oms: False}
    assert "fxnotes" not in enabled(workers[1], "main")


# -- uninstall --------------------------------------------------------------------------------
def test_uninstall_is_refused_while_a_platform_has_the_module_on(deployment):
    app = deployment(NEWCOMERS)
    assert cli(app, "db", "upgrade").exit_code == 0
    with app.app_context():
        module_service.enable_module(platform_id(app, "oms"), "fxnotes")

    result = cli(app, "modules", "uninstall", "fxnotes", "--yes")

    assert result.exit_code == 1
    assert "'fxnotes' is on for platform(s) oms" in result.output
    assert "fxnotes_note" in tables(app)


def test_uninstall_is_refused_while_another_module_requires_it(deployment):
    app = deployment(NEWCOMERS, DEPENDENTS)
    result = cli(app, "modules", "uninstall", "fxnotes", "--yes")
    assert result.exit_code == 1
    assert "'fxnotes' is required by fxreminders" in result.output


def test_a_core_module_and_an_unknown_one_cannot_be_uninstalled(deployment):
    app = deployment()
    result = cli(app, "modules", "uninstall", "tenancy", "--yes")
    assert result.exit_code == 1 and "core module" in result.output
    result = cli(app, "modules", "uninstall", "nosuch", "--yes")
    assert result.exit_code == 1 and "There is no module 'nosuch'" in result.output


def test_uninstall_asks_first_and_changes_nothing_on_no(deployment):
    app = deployment(NEWCOMERS)
    assert cli(app, "db", "upgrade").exit_code == 0
    result = cli(app, "modules", "uninstall", "fxnotes", input="n\n")
    assert result.exit_code == 1
    assert "fxnotes_002, fxnotes_001" in result.output
    assert "Nothing was changed." in result.output
    assert "fxnotes_note" in tables(app)


def test_uninstall_drops_the_module_tables_and_state_and_keeps_other_data(deployment, caplog):
    app = deployment(NEWCOMERS)
    assert cli(app, "db", "upgrade").exit_code == 0
    with app.app_context():
        db.session.execute(sa.text("INSERT INTO fxnotes_note (vendor_id, body) VALUES (1, 'x')"))
        db.session.commit()
        vendors_before = db.session.scalar(sa.text("SELECT count(*) FROM tenancy_vendor"))

    result = cli(app, "modules", "uninstall", "fxnotes", input="y\n")

    assert result.exit_code == 0, result.output
    assert "tables dropped: fxnotes_note" in result.output
    assert "revisions removed: fxnotes_002, fxnotes_001" in result.output
    assert "fxnotes_note" not in tables(app)
    assert "fxnotes_002" not in version_rows(app)
    assert tenancy_recorded(app), "the branch it depended on is still applied"
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM tenancy_vendor")) == vendors_before
        assert db.session.get(ModuleInstallation, "fxnotes") is None
    assert set(choices(app, "fxnotes").values()) == {False}

    # The folder is then deleted: the next start and `db upgrade` have nothing to say.
    caplog.clear()
    after = deployment()
    assert "is gone" not in caplog.text
    assert cli(after, "db", "upgrade").exit_code == 0


def tenancy_recorded(app) -> bool:
    """The tenancy branch is still applied (at whichever revision is its head), recorded
    in alembic_version itself or through a revision that depends on it."""
    return any(rev.startswith("tenancy_") for rev in applied(app))


# -- the folder was deleted without uninstalling ----------------------------------------------
@pytest.fixture
def orphaned(deployment):
    """fxnotes was migrated, then its folder deleted: starts without NEWCOMERS."""
    app = deployment(NEWCOMERS)
    assert cli(app, "db", "upgrade").exit_code == 0
    return deployment


def test_start_up_and_db_upgrade_name_the_orphaned_module_and_the_ways_out(orphaned, caplog):
    caplog.set_level(logging.WARNING)
    app = orphaned()
    assert "module 'fxnotes' (revision fxnotes_002) but modules/fxnotes is gone" in caplog.text

    result = cli(app, "db", "upgrade")

    assert result.exit_code == 1
    assert "module 'fxnotes' (revision fxnotes_002)" in result.output
    assert "flask --app wsgi modules uninstall fxnotes" in result.output
    assert "flask --app wsgi modules forget fxnotes" in result.output
    assert "Can't locate revision" not in result.output
    assert "Traceback" not in result.output
    # The rest of the app still serves.
    assert app.test_client().get("/storefront/bakery/").status_code == 200


@pytest.mark.parametrize(
    "command", [["db", "current"], ["db", "downgrade"], ["db", "stamp", "heads"]]
)
def test_other_db_commands_name_the_orphaned_module_too(orphaned, command):
    result = cli(orphaned(), *command)
    assert result.exit_code == 1
    assert "module 'fxnotes' (revision fxnotes_002)" in result.output
    assert "flask --app wsgi modules forget fxnotes" in result.output
    assert "Can't locate revision" not in result.output
    assert "Traceback" not in result.output


def test_putting_the_folder_back_then_uninstalling_clears_the_orphan(orphaned):
    back = orphaned(NEWCOMERS)
    assert cli(back, "db", "upgrade").exit_code == 0  # nothing is orphaned with the folder
    result = cli(back, "modules", "uninstall", "fxnotes", "--yes")
    assert result.exit_code == 0, result.output
    gone = orphaned()
    assert cli(gone, "db", "upgrade").exit_code == 0
    assert "fxnotes_note" not in tables(gone)


def test_forget_removes_the_migration_record_and_state_and_leaves_the_tables(orphaned, caplog):
    app = orphaned()
    refused = cli(app, "modules", "forget", "fxnotes", input="n\n")
    assert refused.exit_code == 1 and "fxnotes_002" in version_rows(app)

    result = cli(app, "modules", "forget", "fxnotes", "--yes")

    assert result.exit_code == 0, result.output
    assert "tables left in place: fxnotes_note" in result.output
    assert "fxnotes_002" not in version_rows(app)
    assert "fxnotes_note" in tables(app)
    assert choices(app, "fxnotes") == {}
    # fxnotes_002 may stand for tenancy's revisions too (its depends_on): they stay
    # recorded, so upgrade must not redo them.
    assert tenancy_recorded(app)
    upgrade = cli(app, "db", "upgrade")
    assert upgrade.exit_code == 0, upgrade.output
    caplog.clear()
    deployment_restarted = orphaned()
    assert "is gone" not in caplog.text
    assert "fxnotes" not in deployment_restarted.extensions["wizamart.registry"]


def test_forget_is_refused_for_a_module_whose_folder_is_present(orphaned):
    app = orphaned(NEWCOMERS)
    result = cli(app, "modules", "forget", "fxnotes", "--yes")
    assert result.exit_code == 1
    assert "uninstall it with `flask --app wsgi modules uninstall fxnotes`" in result.output


def test_a_fresh_database_starts_without_complaint(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    suffix = f"_life_{uuid.uuid4().hex[:8]}"
    with fresh_database(tmp_path / "empty.sqlite3", suffix) as url:
        app = create_app(settings_for(url))
        with app.app_context():
            db.engine.dispose()
    assert [r for r in caplog.records if r.name.startswith("wizamart.modules")] == []
