"""Migrations on a database of their own: every head, the models' schema, each branch down and up.

The framework and every module keep their migrations on an Alembic branch labelled
with their code. The branches are read from the script directory, never listed here,
so a new module's branch is tested the day it lands.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tests.conftest import SHOP_MODULES, fresh_database, seed_demo
from tests.conftest import test_settings as settings_for
from wizamart import create_app
from wizamart.dbschema import include_name
from wizamart.extensions import db
from wizamart.modules.service import module_service

VERSION_TABLE = "alembic_version"


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database for one test, never the session's."""
    with fresh_database(tmp_path / "migrations.sqlite3", f"_mig_{uuid.uuid4().hex[:8]}") as url:
        yield url


@pytest.fixture
def fresh_app(fresh_database_url):
    """The real modules plus the fixture set (so a toggle is possible), on the fresh database."""
    app = create_app(settings_for(fresh_database_url, extra_modules_dirs=[SHOP_MODULES]))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    module_service.clear_cache()


# -- helpers -----------------------------------------------------------------------------
def alembic_config(app):
    return app.extensions["migrate"].migrate.get_config()


def script_directory(app) -> ScriptDirectory:
    with app.app_context():
        return ScriptDirectory.from_config(alembic_config(app))


def branch_labels(script: ScriptDirectory) -> list[str]:
    return sorted({label for rev in script.walk_revisions() for label in rev.branch_labels})


def branch_revisions(script: ScriptDirectory, label: str) -> list:
    return [rev for rev in script.walk_revisions() if label in rev.branch_labels]


def ancestry(script: ScriptDirectory, heads) -> set[str]:
    """Revisions applied when `heads` are the database's heads (dependencies included)."""
    heads = tuple(heads)
    if not heads:
        return set()
    return {
        rev.revision
        for rev in script.iterate_revisions(
            heads, "base", inclusive=True, assert_relative_length=False
        )
    }


def migrate(app, action: str, revision: str) -> None:
    """`alembic upgrade|downgrade <revision>` through Flask-Migrate's configuration."""
    with app.app_context():
        db.session.remove()
        getattr(command, action)(alembic_config(app), revision)


def current_heads(app) -> tuple[str, ...]:
    with app.app_context(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_heads()


def schema_differences(app) -> list:
    """What `flask db check` would want to migrate: models versus the database."""
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "render_as_batch": True, "include_name": include_name},
        )
        return compare_metadata(context, db.metadata)


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, by table name."""
    with app.app_context(), db.engine.connect() as conn:
        tables = sa.inspect(conn).get_table_names()
        rows = {}
        for name in tables:
            if name == VERSION_TABLE or not include_name(name, "table", {}):
                continue  # (an FTS5 table's shadow tables hold SQLite's own rows)
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            result = conn.execute(sa.select(table)).all()
            rows[name] = sorted((tuple(row) for row in result), key=repr)
        return rows


def seed_every_branch(app) -> None:
    """Rows in the tenancy tables (demo seed) and in the framework's module tables (a toggle)."""
    seed_demo(app)
    with app.app_context():
        from modules.tenancy.services.access import access

        module_service.clear_cache()
        platform_id = access.platform_by_code("main").id
        if module_service.is_module_enabled(platform_id, "fxbilling"):
            module_service.disable_module(platform_id, "fxbilling")


# -- tests -------------------------------------------------------------------------------
def test_flask_db_upgrade_reaches_every_head(fresh_app):
    script = script_directory(fresh_app)
    assert len(script.get_heads()) >= 2, "framework and tenancy are separate branches"
    result = fresh_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    # A head another branch depends on (a module branch's depends_on) is not
    # stored in alembic_version: the dependent revision stands for it.
    assert set(script.get_heads()) <= ancestry(script, current_heads(fresh_app))
    every_revision = {rev.revision for rev in script.walk_revisions()}
    assert ancestry(script, current_heads(fresh_app)) == every_revision


def test_upgraded_schema_matches_the_models(fresh_app):
    migrate(fresh_app, "upgrade", "heads")
    assert schema_differences(fresh_app) == []
    result = fresh_app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_every_revision_is_on_a_labelled_branch_with_one_base(fresh_app):
    script = script_directory(fresh_app)
    labels = branch_labels(script)
    assert {"wizamart", "tenancy"} <= set(labels)
    for rev in script.walk_revisions():
        assert rev.branch_labels, f"revision {rev.revision} belongs to no labelled branch"
    for label in labels:
        bases = [rev.revision for rev in branch_revisions(script, label) if rev.is_base]
        assert len(bases) == 1, f"branch {label} has bases {bases}"


def test_module_branches_depend_on_the_branches_of_what_the_module_requires(fresh_app):
    script = script_directory(fresh_app)
    labels = set(branch_labels(script))
    registry = fresh_app.extensions["wizamart.registry"]
    for module in registry:
        if module.code not in labels:
            continue
        heads = [rev.revision for rev in branch_revisions(script, module.code) if rev.is_head]
        below = ancestry(script, heads)
        for required in module.requires:
            if required in labels:
                required_revs = {rev.revision for rev in branch_revisions(script, required)}
                assert below & required_revs, f"{module.code} branch lacks depends_on {required}"


def test_each_branch_goes_down_to_base_and_up_again_keeping_other_data(fresh_app):
    script = script_directory(fresh_app)
    every_revision = {rev.revision for rev in script.walk_revisions()}
    migrate(fresh_app, "upgrade", "heads")
    for label in branch_labels(script):
        seed_every_branch(fresh_app)
        before = snapshot(fresh_app)
        assert any(before.values()), "the seed wrote nothing"

        migrate(fresh_app, "downgrade", f"{label}@base")

        own = {rev.revision for rev in branch_revisions(script, label)}
        # Alembic also takes down what depends on the branch; nothing else may move.
        dependents = {rev for rev in every_revision if ancestry(script, [rev]) & own}
        applied = ancestry(script, current_heads(fresh_app))
        assert applied == every_revision - dependents, label
        after = snapshot(fresh_app)
        kept = {name: before[name] for name in after}
        assert after == kept, f"{label}@base changed the data of other branches"

        migrate(fresh_app, "upgrade", "heads")

        assert set(script.get_heads()) <= ancestry(script, current_heads(fresh_app)), label
        assert schema_differences(fresh_app) == [], label
        again = snapshot(fresh_app)
        assert {name: again[name] for name in kept} == kept, label
        assert all(again[name] == [] for name in set(before) - set(kept)), label


def test_downgrade_to_base_removes_every_table(fresh_app):
    migrate(fresh_app, "upgrade", "heads")
    seed_every_branch(fresh_app)
    migrate(fresh_app, "downgrade", "base")
    assert snapshot(fresh_app) == {}
    assert current_heads(fresh_app) == ()
    migrate(fresh_app, "upgrade", "heads")
    assert schema_differences(fresh_app) == []
