"""`flask demo seed`: every module adds its demo data, in dependency order."""

from __future__ import annotations

import functools

import click
from flask import current_app
from flask.cli import with_appcontext

from wizamart.extensions import db


@click.group("demo", help="Demo data.")
def demo_cli():
    pass


@demo_cli.command("seed")
@click.option(
    "--products",
    type=click.IntRange(min=1, max=10_000_000),
    default=None,
    help="Also generate this many products for --vendor (benchmarks).",
)
@click.option("--vendor", "vendor_code", default=None, help="The vendor code for --products.")
@with_appcontext
def seed_command(products, vendor_code):
    """Create the demo platforms, vendors and users (safe to run again); with
    --products N --vendor CODE, also generate N products for that vendor."""
    if (products is None) != (vendor_code is None):
        raise click.UsageError("--products and --vendor go together.")
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
    if products is None:
        return
    generators = [registry[c] for c in registry.topological_order if registry[c].demo_products]
    if not generators:
        raise click.ClickException("No module generates products (is catalog installed?).")
    for module in generators:
        try:
            for line in module.demo_products(vendor_code, products) or []:
                click.echo(line)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()


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


def guard_upgrade(db_group: click.Group) -> None:
    """`flask db upgrade` names orphaned module migrations instead of Alembic's
    "Can't locate revision", and records newly seen modules after upgrading.

    The command object is shared by every app in the process, so it is wrapped once.
    """
    upgrade = db_group.commands["upgrade"]
    if getattr(upgrade.callback, "wizamart_guarded", False):
        return
    original = upgrade.callback

    @functools.wraps(original)
    @with_appcontext
    def guarded(*args, **kwargs):
        from wizamart.modules import lifecycle, revisions

        refuse_orphans()
        original(*args, **kwargs)
        if kwargs.get("sql"):
            return  # offline mode wrote SQL to stdout; the database did not change
        registry = current_app.extensions["wizamart.registry"]
        heads = revisions.database_heads()
        script = revisions.script_directory()
        recorded = lifecycle.record_installations(
            registry, lifecycle.applied_module_revisions(script, heads, registry)
        )
        for code in recorded:
            click.echo(f"New module {code}: off on every existing platform until enabled.")

    guarded.wizamart_guarded = True
    upgrade.callback = guarded
    for name in ORPHAN_SENSITIVE:
        if name in db_group.commands:
            refuse_with_orphans(db_group.commands[name])


# The other `flask db` commands that read the database's revisions: with a module's
# migrations orphaned they would fail with Alembic's "Can't locate revision" as well.
ORPHAN_SENSITIVE = ("downgrade", "current", "stamp", "check", "migrate", "revision")


def refuse_orphans() -> None:
    """Stop the command, naming each module whose applied migrations are orphaned and
    the two ways out, before Alembic fails with "Can't locate revision"."""
    from wizamart.modules import lifecycle

    orphans = lifecycle.find_orphaned_migrations()
    db.session.remove()
    if orphans:
        raise click.ClickException("\n".join(orphan.message() for orphan in orphans))


def refuse_with_orphans(command: click.Command) -> None:
    """Run `command` only when no module's applied migrations are orphaned; otherwise
    say which module's and the two ways out (as `flask db upgrade` does)."""
    if getattr(command.callback, "wizamart_guarded", False):
        return
    original = command.callback

    @functools.wraps(original)
    @with_appcontext
    def guarded(*args, **kwargs):
        refuse_orphans()
        return original(*args, **kwargs)

    guarded.wizamart_guarded = True
    command.callback = guarded
