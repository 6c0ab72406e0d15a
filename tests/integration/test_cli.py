"""`flask modules list|enable|disable|graph` and `flask demo seed`, through the real CLI runner."""

from __future__ import annotations

import json

import sqlalchemy as sa

from tests.conftest import seed_demo
from wizamart.extensions import db


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result


def test_list_json_has_the_contract_fields(shop):
    result = run(shop, "modules", "list", "--platform", "main", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["code"]: row for row in json.loads(result.output)}
    assert set(rows["fxorders"]) == {"code", "name", "tier", "version", "requires", "enabled"}
    assert rows["fxorders"]["requires"] == ["fxpayments"]
    assert rows["core"]["tier"] == "core" and rows["fxmonitor"]["tier"] == "internal"
    assert all(row["enabled"] is True for row in rows.values())


def test_list_without_platform_shows_no_state(shop):
    result = run(shop, "modules", "list", "--json")
    assert {row["enabled"] for row in json.loads(result.output)} == {None}


def test_disable_dry_run_changes_nothing(shop):
    result = run(shop, "modules", "disable", "fxpayments", "--platform", "main", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would disable: fxpayments" in result.output
    for code in ("fxorders", "fxcheckout", "fxbilling"):
        assert code in result.output
    listed = json.loads(run(shop, "modules", "list", "--platform", "main", "--json").output)
    assert all(row["enabled"] for row in listed)


def test_disable_then_enable_through_the_cli(shop):
    result = run(shop, "modules", "disable", "fxorders", "--platform", "main")
    assert result.exit_code == 0, result.output
    assert "disabled: fxorders" in result.output and "fxcheckout" in result.output
    state = {
        row["code"]: row["enabled"]
        for row in json.loads(run(shop, "modules", "list", "--platform", "main", "--json").output)
    }
    assert state["fxorders"] is False and state["fxcheckout"] is False and state["fxpayments"]
    result = run(shop, "modules", "enable", "fxcheckout", "--platform", "main")
    assert "enabled: fxcheckout" in result.output and "fxorders" in result.output


def test_core_modules_cannot_be_disabled(shop):
    result = run(shop, "modules", "disable", "tenancy", "--platform", "main")
    assert result.exit_code != 0
    assert "core module and cannot be disabled" in result.output


def test_unknown_platform_or_module_is_a_clear_error(shop):
    result = run(shop, "modules", "enable", "fxcart", "--platform", "nowhere")
    assert result.exit_code != 0 and "There is no platform 'nowhere'" in result.output
    result = run(shop, "modules", "enable", "nothing", "--platform", "main")
    assert result.exit_code != 0 and "There is no module 'nothing'" in result.output


def test_graph_text_and_dot(shop):
    text = run(shop, "modules", "graph").output
    assert "fxcheckout (optional) -> fxcart, fxorders, fxpayments" in text
    dot = run(shop, "modules", "graph", "--dot").output
    assert dot.startswith("digraph modules {")
    assert '"fxorders" -> "fxpayments";' in dot
    assert '"core" [shape=box];' in dot


def test_demo_seed_is_idempotent(app):
    from modules.tenancy.models import Platform, User, Vendor

    first = run(app, "demo", "seed")
    assert first.exit_code == 0, first.output
    assert "admin@wizamart.test" in first.output
    seed_demo(app)
    assert run(app, "demo", "seed").exit_code == 0
    with app.app_context():
        count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
        assert count(Platform) == 2 and count(Vendor) == 3 and count(User) == 5
