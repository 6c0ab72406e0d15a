"""`flask modules uninstall|forget CODE`: remove a module from the database for good.

The rules live in wizamart.modules.lifecycle; these commands show the plan, ask, and
print what was removed.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from wizamart.modules import lifecycle
from wizamart.modules.lifecycle import LifecycleError
from wizamart.modules.registry import current_registry


def confirm_or_stop(yes: bool) -> None:
    if not yes and not click.confirm("Go ahead?", default=False):
        click.echo("Nothing was changed.")
        click.get_current_context().exit(1)


@click.command("uninstall")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (scripts).")
@with_appcontext
def uninstall_command(code, yes):
    """Remove a module's tables and state; it must be off everywhere and needed by none.

    Its migration branch is downgraded to base (its tables and their data are dropped).
    Then delete the module's folder and restart the app.
    """
    try:
        plan = lifecycle.plan_uninstall(code)
    except LifecycleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Uninstalling {code} will:")
    if plan.revisions:
        click.echo(
            f"  - downgrade its migrations to base ({', '.join(plan.revisions)}): its tables "
            "and their data are dropped"
        )
    else:
        click.echo("  - drop no table (it has no migrations applied)")
    click.echo(
        f"  - remove its installation record and reset its choices to off on "
        f"{len(plan.platforms)} platform(s)"
    )
    confirm_or_stop(yes)
    try:
        report = lifecycle.uninstall(code)
    except LifecycleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Uninstalled {code}.")
    click.echo(f"  tables dropped: {', '.join(report.tables_dropped) or 'none'}")
    click.echo(f"  revisions removed: {', '.join(report.revisions) or 'none'}")
    click.echo(
        f"  choices deleted: {report.choices_deleted}; now off on {report.platforms} "
        "platform(s); installation record removed"
    )
    click.echo(
        f"Now delete the module's folder ({current_registry()[code].path}) and restart the "
        "app. Left in place, it is a new module on the next start: off everywhere, and "
        "`flask db upgrade` would create its tables again."
    )


@click.command("forget")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (scripts).")
@with_appcontext
def forget_command(code, yes):
    """Forget a module whose folder is gone: its migration record and state.

    Its tables are left in the database (their names are printed); drop them by hand
    when their data is not needed.
    """
    try:
        plan = lifecycle.plan_forget(code)
    except LifecycleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Forgetting {code} will:")
    click.echo(
        f"  - remove its revisions from alembic_version: {', '.join(plan.revisions) or 'none'}"
    )
    click.echo(f"  - delete {plan.choices} platform choice(s) and its installation record")
    click.echo(f"  - leave its tables in place: {', '.join(plan.tables) or 'none found'}")
    confirm_or_stop(yes)
    try:
        lifecycle.forget(code)
    except LifecycleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Forgot {code}.")
    click.echo(f"  revisions removed: {', '.join(plan.revisions) or 'none'}")
    click.echo(f"  choices deleted: {plan.choices}; installation record removed")
    click.echo(f"  tables left in place: {', '.join(plan.tables) or 'none'}")
