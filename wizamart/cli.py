"""`flask demo seed`: every module adds its demo data, in dependency order."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from wizamart.extensions import db


@click.group("demo", help="Demo data.")
def demo_cli():
    pass


@demo_cli.command("seed")
@with_appcontext
def seed_command():
    """Create the demo platforms, vendors and users (safe to run again)."""
    registry = current_app.extensions["wizamart.registry"]
    lines: list[str] = []
    for code in registry.topological_order:
        module = registry[code]
        if module.demo_seed is not None:
            lines += module.demo_seed() or []
            db.session.commit()
    click.echo("Demo data is in place.")
    for line in lines:
        click.echo(line)


def default_upgrade_to_all_heads(db_group: click.Group) -> None:
    """`flask db upgrade` upgrades every branch (framework and modules) by default.

    Each module's migrations are an Alembic branch, so there are several heads;
    Flask-Migrate's default target 'head' would refuse. 'heads' is the same command
    with the right default; an explicit revision still works.
    """
    original = db_group.commands["upgrade"]
    for param in original.params:
        if param.name == "revision":
            param.default = "heads"
