"""`flask rq worker [QUEUE...]`: an RQ worker inside the app context."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from wizamart.tasks import PRIORITIES, queue_name


@click.group("rq", help="Background jobs on RQ.")
def rq_cli():
    pass


@rq_cli.command("worker")
@click.argument("queues", nargs=-1)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(queues, burst):
    """Work on the given priorities (default: high, default, low — in that order)."""
    from rq import Queue, SimpleWorker

    redis = current_app.extensions.get("wizamart.redis")
    if redis is None:
        raise click.ClickException("WIZAMART_REDIS_URL is not set: jobs run inline, no worker.")
    names = [queue_name(q) for q in (queues or PRIORITIES)]
    # SimpleWorker runs jobs in this process, where the app context is pushed.
    worker = SimpleWorker([Queue(n, connection=redis) for n in names], connection=redis)
    worker.work(burst=burst)
