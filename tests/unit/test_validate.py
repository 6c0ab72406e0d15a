"""`flask modules check`: rules MOD-001..MOD-015 on the real modules and on broken ones.

tests/fixtures/modsets/broken/ holds `clean` (a module that passes every rule) and one
module per rule that breaks that rule and no other. Variants of a rule are made by
copying `clean` into a temporary folder and breaking one thing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wizamart.config import PROJECT_ROOT
from wizamart.modules.discovery import REAL_MODULES_DIR
from wizamart.modules.rules import RULES, Finding, Severity, validate_modules

BROKEN = Path(__file__).parents[1] / "fixtures" / "modsets" / "broken"
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# rule -> (severity, {broken module: number of findings})
EXPECTED = {
    "MOD-001": (ERROR, {"mod001-packages": 3}),
    "MOD-002": (WARNING, {"mod002-services": 1}),
    "MOD-003": (WARNING, {"mod003-schemas": 1}),
    "MOD-004": (WARNING, {"mod004-imports": 3}),
    "MOD-005": (WARNING, {"mod005-templates": 1}),
    "MOD-006": (INFO, {"mod006-translations": 2}),
    "MOD-007": (ERROR, {"mod007-paths": 3}),
    "MOD-008": (WARNING, {"mod008-exceptions": 1}),
    "MOD-009": (
        ERROR,
        {"mod009_no_definition": 1, "mod009_bad_definition": 1, "mod009_not_a_package": 1},
    ),
    "MOD-010": (ERROR, {"mod010-router": 3}),
    "MOD-011": (WARNING, {"mod011-tasks": 1}),
    "MOD-012": (INFO, {"mod012-languages": 1}),
    "MOD-013": (INFO, {"mod013-config": 2}),
    "MOD-014": (WARNING, {"mod014-naming": 3}),
    "MOD-014a": (ERROR, {"mod014a-branch": 2}),
    "MOD-015": (WARNING, {"mod015-packages": 2}),
    "MOD-019": (WARNING, {"mod019-api-schemas": 1}),
}


@pytest.fixture(scope="module")
def broken():
    return validate_modules(BROKEN)


def messages(findings: list[Finding], rule: str, module: str | None = None) -> list[str]:
    return [f.message for f in findings if f.rule == rule and module in (None, f.module)]


def copy_modules(tmp_path: Path, *names: str, into: str = "modset") -> Path:
    """A fresh module folder holding copies of the named broken-set modules.

    A folder's definitions are imported once per process, so a test that edits a
    definition.py after validating makes a new folder (`into`) rather than reuse one.
    """
    folder = tmp_path / into
    for name in names:
        shutil.copytree(BROKEN / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


# --------------------------------------------------------------------------- the table


# Rules checked when the modules are loaded, not from files: tests/unit/test_module_loading.py.
LOAD_TIME_RULES = {"MOD-016", "MOD-017", "MOD-018"}
# A rule may report a lesser case below its table severity.
LESSER = {"MOD-010": {WARNING}}  # a route file that is never registered


def test_every_rule_of_the_seed_table_has_a_broken_fixture():
    expected_ids = [f"MOD-{n:03d}" for n in range(1, 16)] + ["MOD-014a", "MOD-019"]
    assert sorted(set(RULES) - LOAD_TIME_RULES) == sorted(expected_ids) == sorted(EXPECTED)
    assert {rule: RULES[rule][0] for rule in EXPECTED} == {
        rule: severity for rule, (severity, _) in EXPECTED.items()
    }


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_rule_fires_on_its_broken_module_only(broken, rule):
    severity, counts = EXPECTED[rule]
    fired = [f for f in broken if f.rule == rule]
    assert {f.module: sum(1 for g in fired if g.module == f.module) for f in fired} == counts
    assert {f.severity for f in fired} == {severity} | LESSER.get(rule, set())
    for module in counts:
        others = {f.rule for f in broken if f.module == module}
        assert others == {rule}, f"{module} also breaks {others - {rule}}"


def test_the_clean_module_passes_every_rule(broken):
    assert [str(f) for f in broken if f.module == "clean"] == []


def test_finding_prints_severity_rule_module_and_message():
    finding = Finding(
        "MOD-007",
        Severity.ERROR,
        "catalog",
        "services_path 'modules.catalog.services' does not match a folder "
        "(modules/catalog/services)",
    )
    assert str(finding) == (
        "ERROR MOD-007 [catalog] services_path 'modules.catalog.services' does not match a "
        "folder (modules/catalog/services)"
    )


def test_docs_reproduce_the_rule_table_with_our_severities():
    doc = (PROJECT_ROOT / "docs" / "modules.md").read_text()
    for rule, (severity, _) in RULES.items():
        assert re.search(rf"^\| {re.escape(rule)} \| {severity.value} \|", doc, re.M), rule


# --------------------------------------------------------------------------- the real modules


def test_real_modules_have_no_errors_or_warnings():
    findings = validate_modules(REAL_MODULES_DIR)
    assert [str(f) for f in findings if f.severity != INFO] == []


def test_test_apps_never_load_the_broken_set(shop_app):
    codes = set(shop_app.extensions["wizamart.registry"].modules)
    assert "fxpayments" in codes
    assert not {"clean", "mod001-packages", "mod014a-branch"} & codes


# --------------------------------------------------------------------------- rule by rule


def test_mod001_names_each_missing_package(broken):
    assert messages(broken, "MOD-001") == [
        "self-contained module has no routes/ package (broken/mod001_packages/routes)",
        "models/ has no __init__.py (broken/mod001_packages/models/__init__.py)",
        "self-contained module has no schemas/ package (broken/mod001_packages/schemas)",
    ]


def test_mod002_a_facade_over_own_submodules_is_code_not_a_reexport(tmp_path):
    folder = copy_modules(tmp_path, "clean")
    (folder / "clean/services/__init__.py").write_text(
        '"""Facade."""\n\nfrom .things import batches\n\n__all__ = ["batches"]\n'
    )
    assert validate_modules(folder) == []
    (folder / "clean/services/legacy.py").write_text("from decimal import Decimal  # noqa\n")
    assert messages(validate_modules(folder), "MOD-002") == [
        "services/legacy.py only re-exports names from decimal: services must hold the "
        "module's own code"
    ]


def test_mod004_flags_legacy_unrequired_and_private_imports_not_required_services(broken):
    found = messages(broken, "MOD-004")
    assert found == [
        "routes/api/admin.py:3 imports app.services.catalog: `app.` is the seed's FastAPI "
        "layout, not ours",
        "routes/api/admin.py:6 imports modules.tenancy.models, but mod004-imports does not "
        "require tenancy (require it, or use events)",
        "routes/api/admin.py:9 imports ....clean.routes.pages: another module's routes are "
        "not its interface",
    ]
    assert not any("clean.services" in m for m in found)  # required, public: allowed


def test_mod004_requiring_the_module_makes_its_import_legal(tmp_path):
    def only_tenancy_import(into: str, requires: str) -> Path:
        folder = copy_modules(tmp_path, "clean", "mod004_imports", into=into)
        admin = folder / "mod004_imports/routes/api/admin.py"
        edit(admin, "from app.services.catalog import catalog_service  # noqa: F401\n", "")
        edit(admin, "from ....clean.routes.pages import admin as clean_admin  # noqa: F401\n", "")
        edit(folder / "mod004_imports/definition.py", '["clean"]', requires)
        return folder

    unrequired = only_tenancy_import("unrequired", '["clean"]')
    assert len(messages(validate_modules(unrequired, REAL_MODULES_DIR), "MOD-004")) == 1
    required = only_tenancy_import("required", '["clean", "tenancy"]')
    assert messages(validate_modules(required, REAL_MODULES_DIR), "MOD-004") == []


def test_mod005_templates_outside_the_namespace_and_missing_static(tmp_path):
    folder = copy_modules(tmp_path, "clean")
    stray = folder / "clean/templates/admin/index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("<p>stray</p>")
    (folder / "clean/static/admin/clean.css").unlink()
    found = validate_modules(folder)
    assert {f.rule for f in found} == {"MOD-005"}
    assert messages(found, "MOD-005") == [
        "template templates/admin/index.html is not under templates/clean/ "
        "(templates of all modules share one loader)",
        "templates/clean/admin/index.html uses static file 'admin/clean.css', which does not "
        "exist (modset/clean/static/admin/clean.css)",
    ]
    shutil.rmtree(folder / "clean/static")
    assert messages(validate_modules(folder), "MOD-005")[1] == (
        "templates/clean/admin/index.html uses the module's static files but there is no "
        "modset/clean/static/"
    )


def test_mod005_static_is_not_required_when_no_template_uses_it(tmp_path):
    folder = copy_modules(tmp_path, "clean")
    edit(
        folder / "clean/templates/clean/admin/index.html",
        "url_for('module_static', code='clean', filename='admin/clean.css')",
        "url_for('static', filename='css/wizamart.css')",
    )
    shutil.rmtree(folder / "clean/static")
    assert validate_modules(folder) == []


def test_mod006_only_for_modules_with_text_to_translate(tmp_path):
    folder = copy_modules(tmp_path, "mod002_services")
    shutil.rmtree(folder / "mod002_services/services")
    assert validate_modules(folder) == []  # no pages, menu or permissions: nothing to say


def test_mod007_paths_and_code_must_match_the_folders(broken, tmp_path):
    assert messages(broken, "MOD-007") == [
        "services_path 'modules.mod007_paths.service' does not match a folder "
        "(broken/mod007_paths/service)",
        "exceptions_path 'modules.catalog.exceptions' is not inside the module "
        "(expected modules.mod007_paths.…)",
        "templates_path 'tmpl' does not match a folder (broken/mod007_paths/tmpl)",
    ]
    folder = copy_modules(tmp_path, "clean")
    edit(folder / "clean/definition.py", 'code="clean"', 'code="clean-up"')
    assert (
        "code 'clean-up' does not match its folder modset/clean (expected folder clean_up)"
        in messages(validate_modules(folder), "MOD-007")
    )


def test_mod009_a_broken_definition_is_reported_not_raised(broken):
    (message,) = messages(broken, "MOD-009", "mod009_bad_definition")
    assert message.startswith("broken/mod009_bad_definition/definition.py cannot be loaded")
    assert "NoSuchThing" in message


def test_mod009_duplicate_codes(tmp_path):
    folder = copy_modules(tmp_path, "clean")
    shutil.copytree(folder / "clean", folder / "clean_copy")
    assert messages(validate_modules(folder), "MOD-009") == [
        "modset/clean_copy/definition.py: code 'clean' is already defined in modset/clean"
    ]


def test_mod010_internal_modules_register_no_vendor_pages(tmp_path):
    folder = copy_modules(tmp_path, "clean")
    edit(folder / "clean/definition.py", 'code="clean",', 'code="clean",\n    is_internal=True,')
    shutil.copy(folder / "clean/routes/pages/admin.py", folder / "clean/routes/pages/vendor.py")
    assert messages(validate_modules(folder), "MOD-010") == [
        "routes/pages/vendor.py is never registered: internal modules are admin only"
    ]


def test_mod011_periodic_jobs_need_a_tasks_package(tmp_path):
    folder = copy_modules(tmp_path, "clean")
    shutil.rmtree(folder / "clean/tasks")
    assert messages(validate_modules(folder), "MOD-011") == [
        "declares periodic_jobs but has no tasks package (modset/clean/tasks/__init__.py)"
    ]


def test_mod012_follows_the_configured_languages_and_reads_each_catalog(tmp_path):
    folder = copy_modules(tmp_path, "clean")
    assert messages(validate_modules(folder, languages=["en", "it"]), "MOD-012") == [
        "no catalog for it (modset/clean/translations/<lang>/LC_MESSAGES/messages.po)"
    ]
    (folder / "clean/translations/fr/LC_MESSAGES/messages.po").write_text('msgid "x"\n')
    (message,) = messages(validate_modules(folder), "MOD-012")
    assert message.startswith("translations/fr/LC_MESSAGES/messages.po cannot be read")


def test_mod014_down_revision_stays_in_the_module(tmp_path):
    folder = copy_modules(tmp_path, "clean")
    edit(
        folder / "clean/migrations/versions/clean_002_add_note.py",
        '"clean_001"',
        '"tenancy_001"',
    )
    found = validate_modules(folder)
    assert messages(found, "MOD-014") == [
        "migrations/versions/clean_002_add_note.py: down_revision 'tenancy_001' is not a "
        "revision of clean (follow other modules with depends_on)"
    ]


def test_mod014a_depends_on_follows_requires(broken, tmp_path):
    assert messages(broken, "MOD-014a") == [
        "migrations/versions/mod014a_branch_001_create_things.py: the first revision must "
        "carry branch_labels = ('mod014a-branch',)",
        "migrations/versions/mod014a_branch_001_create_things.py: depends_on must follow "
        "requires; add depends_on = ('clean',)",
    ]
    folder = copy_modules(tmp_path, "clean", "mod014a_branch")
    first = folder / "mod014a_branch/migrations/versions/mod014a_branch_001_create_things.py"
    edit(first, '("mod014a_branch",)', '("mod014a-branch",)')
    for depends_on in ('("clean",)', '"clean_002"'):
        first.write_text(
            re.sub(r"depends_on = .*", f"depends_on = {depends_on}", first.read_text())
        )
        assert validate_modules(folder) == [], depends_on


def test_mod014a_requirements_without_migrations_need_no_depends_on(tmp_path):
    folder = copy_modules(tmp_path, "clean", "mod014a_branch")
    shutil.rmtree(folder / "clean/migrations")
    first = folder / "mod014a_branch/migrations/versions/mod014a_branch_001_create_things.py"
    edit(first, '("mod014a_branch",)', '("mod014a-branch",)')
    assert validate_modules(folder) == []


# --------------------------------------------------------------------------- the command


def test_check_command_passes_on_the_real_modules(app):
    result = app.test_cli_runner().invoke(args=["modules", "check"])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output


def test_check_command_fails_on_the_broken_set(app):
    result = app.test_cli_runner().invoke(args=["modules", "check", "--modules-dir", str(BROKEN)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert (
        "ERROR MOD-009 [mod009_no_definition] broken/mod009_no_definition has __init__.py "
        "but no definition.py: discovery cannot find it"
    ) in lines
    assert (
        "WARNING MOD-011 [mod011-tasks] tasks/ has no __init__.py "
        "(broken/mod011_tasks/tasks/__init__.py)"
    ) in lines
    assert lines[-1].startswith("20 module folder(s) checked in ")
    # The load pass adds what start-up would refuse: mod004's route imports `app.…`.
    assert (
        "ERROR MOD-010 [mod004-imports] broken/mod004_imports/routes/api/admin.py cannot be "
        "imported (ModuleNotFoundError: No module named 'app')"
    ) in lines
    assert lines[-1].endswith(": 14 error(s), 15 warning(s), 5 info.")


def test_check_command_prints_warnings_but_passes(app, tmp_path):
    folder = copy_modules(tmp_path, "mod011_tasks")
    result = app.test_cli_runner().invoke(args=["modules", "check", "--modules-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "WARNING MOD-011 [mod011-tasks]" in result.output
    assert ": 0 error(s), 1 warning(s), 0 info." in result.output


def flask_cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run `flask --app wsgi ...` as an operator would, from the project root."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZAMART_")}
    env.update(
        WIZAMART_SECRET_KEY="test-secret-key",
        WIZAMART_DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    )
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_flask_modules_check_exit_codes(tmp_path):
    real = flask_cli("modules", "check", tmp_path=tmp_path)
    assert real.returncode == 0, real.stdout + real.stderr
    assert ": 0 error(s), 0 warning(s)," in real.stdout
    broken = flask_cli("modules", "check", "--modules-dir", str(BROKEN), tmp_path=tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "ERROR MOD-014a [mod014a-branch]" in broken.stdout
