"""`flask modules ...`: list, enable, disable, graph, check, uninstall and forget modules."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from wizamart.modules.lifecycle_cli import forget_command, uninstall_command
from wizamart.modules.registry import current_registry
from wizamart.modules.service import ModuleServiceError, module_service
from wizamart.tenancy import tenancy_backend


@click.group("modules", help="Inspect and switch modules.")
def modules_cli():
    pass


def platform_id_for(code: str | None) -> int | None:
    if code is None:
        return None
    platform = tenancy_backend().platform_by_code(code)
    if platform is None:
        raise click.ClickException(f"There is no platform '{code}'.")
    return platform.id


@modules_cli.command("list")
@click.option("--platform", "platform_code", help="Show the enabled state on this platform.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def list_command(platform_code, as_json):
    """List the discovered modules by tier."""
    registry = current_registry()
    platform_id = platform_id_for(platform_code)
    enabled = module_service.get_platform_modules(platform_id) if platform_id else None
    rows = [
        {
            "code": m.code,
            "name": str(m.name),
            "tier": m.tier.value,
            "version": m.version,
            "requires": list(m.requires),
            "enabled": (m.code in enabled) if enabled is not None else None,
        }
        for m in sorted(registry, key=lambda m: (m.tier.value, m.code))
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        state = "" if row["enabled"] is None else ("on " if row["enabled"] else "off")
        requires = ", ".join(row["requires"]) or "-"
        click.echo(
            f"{state:4}{row['code']:16} {row['tier']:9} {row['version']:8} requires: {requires}"
        )


def toggle(action: str, code: str, platform_code: str, dry_run: bool) -> None:
    platform_id = platform_id_for(platform_code)
    try:
        if dry_run:
            plan = getattr(module_service, f"plan_{action}")(platform_id, code)
        else:
            plan = getattr(module_service, f"{action}_module")(platform_id, code)
    except ModuleServiceError as exc:
        raise click.ClickException(str(exc)) from exc
    if plan.noop:
        click.echo(f"{code} is already {action}d on {platform_code}.")
        return
    verb = f"would {action}" if dry_run else f"{action}d"
    click.echo(f"{verb}: {code}")
    if plan.also:
        click.echo(
            f"{'and' if dry_run else 'also'} {action}{'' if dry_run else 'd'}: "
            + ", ".join(plan.also)
        )


@modules_cli.command("enable")
@click.argument("code")
@click.option("--platform", "platform_code", required=True)
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@with_appcontext
def enable_command(code, platform_code, dry_run):
    """Enable a module (and what it requires) on a platform."""
    toggle("enable", code, platform_code, dry_run)


@modules_cli.command("disable")
@click.argument("code")
@click.option("--platform", "platform_code", required=True)
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@with_appcontext
def disable_command(code, platform_code, dry_run):
    """Disable a module (and what requires it) on a platform."""
    toggle("disable", code, platform_code, dry_run)


@modules_cli.command("graph")
@click.option("--dot", is_flag=True, help="Print Graphviz DOT.")
@with_appcontext
def graph_command(dot):
    """Print the dependency graph."""
    registry = current_registry()
    if dot:
        click.echo("digraph modules {")
        click.echo("  rankdir=BT;")
        for m in sorted(registry, key=lambda m: m.code):
            shape = {"core": "box", "optional": "ellipse", "internal": "diamond"}[m.tier.value]
            click.echo(f'  "{m.code}" [shape={shape}];')
            for r in m.requires:
                click.echo(f'  "{m.code}" -> "{r}";')
        click.echo("}")
        return
    for code in registry.topological_order:
        m = registry[code]
        click.echo(
            f"{code} ({m.tier.value})" + (f" -> {', '.join(m.requires)}" if m.requires else "")
        )


@modules_cli.command("check")
@click.option(
    "--modules-dir",
    "modules_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Check this folder of modules instead of the app's (repeatable).",
)
def check_command(modules_dirs):
    """Check the modules against rules MOD-001..MOD-017 (docs/modules.md).

    Prints each finding with its severity and rule, then a summary; exits 1 on any
    ERROR. By default checks the app's module folders (WIZAMART_MODULES_DIR and
    WIZAMART_EXTRA_MODULES_DIRS). Needs no app: it is the command to run when the app
    refuses to start, so it reads the settings itself and loads the modules on a
    scratch app.
    """
    from wizamart.modules.rules import Severity, check_modules, module_candidates

    config = check_settings()
    folders = list(modules_dirs) or [Path(p) for p in config["MODULES_DIRS"]]
    findings = check_modules(*folders, languages=config["LANGUAGES"])
    for finding in findings:
        click.echo(str(finding))
    counts = Counter(finding.severity for finding in findings)
    checked = sum(len(module_candidates(folder)) for folder in folders)
    click.echo(
        f"{checked} module folder(s) checked in {', '.join(str(f) for f in folders)}: "
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} info."
    )
    click.get_current_context().exit(1 if counts[Severity.ERROR] else 0)


def check_settings() -> dict:
    """MODULES_DIRS and LANGUAGES: the current app's when there is one (tests, a loaded
    app), else straight from the environment, as create_app would read them."""
    if current_app:
        return current_app.config
    from wizamart.config import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    return {"MODULES_DIRS": settings.modules_dirs, "LANGUAGES": list(settings.languages)}


# Removing a module for good (the rules: wizamart/modules/lifecycle.py).
modules_cli.add_command(uninstall_command)
modules_cli.add_command(forget_command)
