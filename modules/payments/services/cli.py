"""`flask --app wsgi payments ...`: the payments module's commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

payments_cli = AppGroup("payments", help="Payments: provider secrets.")


@payments_cli.command("rotate-secrets")
def rotate_secrets():
    """Re-encrypt every shop's stored provider secrets with the first key of
    WIZAMART_SECRETS_KEY (after putting a new key first: "new,old")."""
    from modules.payments.exceptions import SecretsUnavailable
    from modules.payments.services.settings import rotate_all
    from wizamart.extensions import db

    try:
        count = rotate_all()
    except SecretsUnavailable as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"{count} secret(s) encrypted with the first key.")
