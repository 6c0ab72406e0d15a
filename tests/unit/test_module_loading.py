"""A broken module is a finding, never a crash: `modules check` reports it, start-up refuses
with the same findings one per line, and neither prints a traceback.

Each test drops one broken module into a fresh temporary modules folder (a folder's
modules are imported once per process, so every test has its own). The modules here
have no models: importing them adds no table to the shared metadata.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

from tests.conftest import test_settings as settings_for
from wizamart import create_app
from wizamart.config import PROJECT_ROOT
from wizamart.modules.findings import ModuleLoadError, Severity
from wizamart.modules.rules import check_modules

DEFINITION = """
from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission

module = ModuleDefinition(
    code={code!r},
    name="Reports",
    is_self_contained=False,
    {extra}
)
"""
VENDOR_PAGES = """
from flask import Blueprint

from wizamart.auth import permission_required

router = Blueprint("reports_vendor", __name__)


@router.route("/")
@permission_required("reports.view")
def index():
    return "reports"
"""


def write_module(root: Path, name: str = "reports", extra: str = "", **files: str) -> Path:
    """A module folder `root/name`: a definition (code = name, plus `extra` fields) and
    `files` given as {"routes__pages__vendor": source} (double underscores: folders)."""
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "definition.py").write_text(DEFINITION.format(code=name, extra=extra))
    for dotted, source in files.items():
        path = folder / (dotted.replace("__", "/") + ".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        for package in path.relative_to(folder).parents:
            if package != Path("."):
                (folder / package / "__init__.py").touch()
        path.write_text(textwrap.dedent(source))
    return folder


def errors_of(folder: Path) -> list[str]:
    return [str(f) for f in check_modules(folder) if f.severity == Severity.ERROR]


# --------------------------------------------------------------------------- definitions


def test_an_empty_definition_is_mod009(tmp_path):
    (write_module(tmp_path) / "definition.py").write_text("")
    assert errors_of(tmp_path) == [
        f"ERROR MOD-009 [reports] {tmp_path.name}/reports/definition.py must hold exactly one "
        "ModuleDefinition, found 0"
    ]


def test_a_definition_that_raises_is_mod009(tmp_path):
    (write_module(tmp_path) / "definition.py").write_text("raise RuntimeError('half written')\n")
    assert errors_of(tmp_path) == [
        f"ERROR MOD-009 [reports] {tmp_path.name}/reports/definition.py cannot be loaded "
        "(RuntimeError: half written)"
    ]


def test_two_modules_with_one_code_is_mod009(tmp_path):
    write_module(tmp_path, "reports")
    other = write_module(tmp_path, "reports_copy")
    (other / "definition.py").write_text(DEFINITION.format(code="reports", extra=""))
    assert (
        f"ERROR MOD-009 [reports] {tmp_path.name}/reports_copy/definition.py: code 'reports' is "
        f"already defined in {tmp_path.name}/reports"
    ) in errors_of(tmp_path)


def test_an_import_error_in_config_models_or_tasks_is_mod009(tmp_path):
    write_module(tmp_path, config="import no_such_package\n", tasks__jobs="x = 1\n")
    (tmp_path / "reports/tasks/__init__.py").write_text("from .jobs import y  # noqa\n")
    found = errors_of(tmp_path)
    assert (
        f"ERROR MOD-009 [reports] {tmp_path.name}/reports/config.py cannot be imported "
        "(ModuleNotFoundError: No module named 'no_such_package')"
    ) in found
    assert any(
        line.startswith(f"ERROR MOD-009 [reports] {tmp_path.name}/reports/tasks cannot be imported")
        for line in found
    ), found


def test_an_unknown_requirement_is_mod017(tmp_path):
    write_module(tmp_path, extra='requires=["billing"],')
    assert errors_of(tmp_path) == [
        "ERROR MOD-017 [reports] module 'reports' requires unknown module 'billing' "
        "(rule: every requirement names an existing module)"
    ]


# --------------------------------------------------------------------------- routes


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ('"""No router at all."""\n', "routes/pages/vendor.py does not export `router`"),
        (
            "from flask import Blueprint\nbp = Blueprint('reports_vendor', __name__)\n",
            "routes/pages/vendor.py does not export `router`",
        ),
        # Only loading it tells: found when the module is loaded, as start-up would.
        (
            "router = {'/': 'index'}\n",
            "{folder}/reports/routes/pages/vendor.py has `router` = a dict",
        ),
    ],
    ids=["missing", "renamed", "not-a-blueprint"],
)
def test_a_route_file_without_a_blueprint_router_is_mod010(tmp_path, source, problem):
    write_module(tmp_path, routes__pages__vendor=source)
    (found,) = errors_of(tmp_path)
    assert found.startswith(f"ERROR MOD-010 [reports] {problem.format(folder=tmp_path.name)}")


def test_a_fastapi_router_is_mod010_once(tmp_path):
    write_module(
        tmp_path, routes__api__vendor="from fastapi import APIRouter\nrouter = APIRouter()\n"
    )
    assert errors_of(tmp_path) == [
        "ERROR MOD-010 [reports] routes/api/vendor.py: `router` is made by APIRouter(), "
        "not flask.Blueprint"
    ]


def test_an_import_error_behind_a_route_file_is_mod010(tmp_path):
    write_module(
        tmp_path,
        routes__pages__vendor="from ...services.stats import totals\n" + VENDOR_PAGES,
        services__stats="def totals(:\n",
    )
    (found,) = [line for line in errors_of(tmp_path) if "MOD-010" in line]
    assert found.startswith(
        f"ERROR MOD-010 [reports] {tmp_path.name}/reports/routes/pages/vendor.py cannot be "
        "imported (SyntaxError:"
    )


# --------------------------------------------------------------------------- MOD-016


def test_the_seeds_string_menu_id_without_an_index_page_is_mod016(tmp_path):
    write_module(tmp_path, extra='menu_items={FrontendType.VENDOR: ["reports"]},')
    assert errors_of(tmp_path) == [
        f"ERROR MOD-016 [reports] {tmp_path.name}/reports/definition.py: menu item 'reports' "
        "under VENDOR stands for the module's vendor index page, but routes/pages/vendor.py "
        "has no route '/' (add one, or write a MenuItem)"
    ]


def test_a_menu_entry_that_is_not_a_menu_item_is_mod016(tmp_path):
    write_module(tmp_path, extra='menu_items={FrontendType.VENDOR: [{"id": "reports"}]},')
    assert errors_of(tmp_path) == [
        f"ERROR MOD-016 [reports] {tmp_path.name}/reports/definition.py: menu item under "
        "VENDOR: {'id': 'reports'} is not a MenuItem (MenuItem(id, label, endpoint, ...), or "
        "a string id for the module's index page)"
    ]


def test_a_menu_endpoint_that_does_not_exist_is_mod016(tmp_path):
    write_module(
        tmp_path,
        extra='menu_items={FrontendType.VENDOR: [MenuItem("r", "R", "reports_vendor.list")]},\n'
        '    permissions=[Permission("reports.view", "See reports")],',
        routes__pages__vendor=VENDOR_PAGES,
    )
    assert errors_of(tmp_path) == [
        f"ERROR MOD-016 [reports] {tmp_path.name}/reports/definition.py: menu item under "
        "VENDOR: 'r' points to endpoint 'reports_vendor.list', which does not exist"
    ]


def test_permissions_nobody_declares_are_mod016(tmp_path):
    write_module(
        tmp_path,
        extra='menu_items={FrontendType.VENDOR: [MenuItem("r", "R", "reports_vendor.index", '
        'permission="reports.export")]},',
        routes__pages__vendor=VENDOR_PAGES,
    )
    assert errors_of(tmp_path) == [
        f"ERROR MOD-016 [reports] {tmp_path.name}/reports/definition.py: menu item under "
        "VENDOR: 'r' needs permission 'reports.export', which no module declares",
        f"ERROR MOD-016 [reports] {tmp_path.name}/reports/routes/pages/vendor.py: view "
        "'reports_vendor.index' requires permission 'reports.view', which no module declares "
        "(add Permission('reports.view', ...) to the permissions of the module it belongs to)",
    ]


def test_a_permission_declared_by_another_module_is_fine(tmp_path):
    write_module(tmp_path, "access", extra='permissions=[Permission("reports.view", "See")],')
    write_module(tmp_path, "reports", routes__pages__vendor=VENDOR_PAGES)
    assert errors_of(tmp_path) == []


# --------------------------------------------------------------------------- entry points


def broken_menu(tmp_path: Path) -> Path:
    """A module set whose only problem is the seed-style menu of a module without pages."""
    write_module(tmp_path / "mods", extra='menu_items={FrontendType.VENDOR: ["reports"]},')
    return tmp_path / "mods"


EXPECTED_LINE = (
    "ERROR MOD-016 [reports] mods/reports/definition.py: menu item 'reports' under VENDOR "
    "stands for the module's vendor index page, but routes/pages/vendor.py has no route '/' "
    "(add one, or write a MenuItem)"
)


def test_create_app_refuses_with_the_findings(database_url, tmp_path):
    with pytest.raises(ModuleLoadError) as refused:
        create_app(settings_for(database_url, extra_modules_dirs=[broken_menu(tmp_path)]))
    assert [str(f) for f in refused.value.findings] == [EXPECTED_LINE]
    assert refused.value.report().splitlines() == [
        "Wizamart refuses to start: 1 module problem(s).",
        EXPECTED_LINE,
        "Run `flask --app wsgi modules check` for every finding.",
    ]


def run_python(code: str, modules: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run Python from the project root as a deployment would, with `modules` added."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZAMART_")}
    env.update(
        WIZAMART_SECRET_KEY="test-secret-key",
        WIZAMART_DATABASE_URL=f"sqlite:///{tmp_path / 'refused.sqlite3'}",
        WIZAMART_EXTRA_MODULES_DIRS=json.dumps([str(modules)]),
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_and_app_commands_print_the_findings_without_a_traceback(tmp_path):
    modules = broken_menu(tmp_path)
    for code in ("import wsgi", "from flask.cli import main; main()"):
        # `main()` with `--app wsgi modules list` is `flask --app wsgi modules list`.
        argv = "import sys; sys.argv = ['flask', '--app', 'wsgi', 'modules', 'list']; "
        result = run_python(argv * ("main" in code) + code, modules, tmp_path)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert EXPECTED_LINE in result.stderr.splitlines()
        assert "Wizamart refuses to start: 1 module problem(s)." in result.stderr


def flask_with_plugins() -> FlaskGroup:
    """The `flask` command as installed: the plugin commands pyproject.toml declares."""
    cli = FlaskGroup(name="flask", load_dotenv=False)
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    for name, target in pyproject["project"]["entry-points"]["flask.commands"].items():
        module, attribute = target.split(":")
        cli.add_command(getattr(importlib.import_module(module), attribute), name)
    return cli


def test_modules_check_needs_no_app_and_reports_what_refuses_it(tmp_path):
    modules = broken_menu(tmp_path)
    env = {"WIZAMART_EXTRA_MODULES_DIRS": json.dumps([str(modules)])}
    result = CliRunner().invoke(
        flask_with_plugins(), ["--app", "wsgi", "modules", "check"], env=env
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert EXPECTED_LINE in lines
    real = sum(1 for path in (PROJECT_ROOT / "modules").glob("*/definition.py"))
    assert lines[-1].startswith(f"{real + 1} module folder(s) checked in ")
    assert lines[-1].endswith(": 1 error(s), 0 warning(s), 1 info.")  # MOD-006: no catalogs
