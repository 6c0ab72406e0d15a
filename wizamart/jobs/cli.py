"""`flask rq worker [QUEUE...]`: an RQ worker inside the app context."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from wizamart.jobs.queue import PRIORITIES, queue_name


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


@rq_cli.command("periodic")
@with_appcontext
def periodic_command():
    """List the periodic jobs the modules declare, with their next run (UTC)."""
    from wizamart.jobs.periodic import scheduled_jobs

    jobs = scheduled_jobs()
    if not jobs:
        click.echo("No module declares periodic jobs.")
    for job in jobs:
        click.echo(
            f"{job.module:14} {job.job.name:24} {job.job.cron:16} "
            f"next {job.next_run():%Y-%m-%d %H:%M} UTC  {job.func_path}"
        )


@rq_cli.command("scheduler")
@with_appcontext
def scheduler_command():
    """Run RQ's cron scheduler with every module's periodic jobs (one per deployment)."""
    from rq.cron import CronScheduler

    from wizamart.jobs.periodic import register_all

    redis = current_app.extensions.get("wizamart.redis")
    if redis is None:
        raise click.ClickException("WIZAMART_REDIS_URL is not set: no scheduler without Redis.")
    scheduler = CronScheduler(connection=redis, name=current_app.config["REDIS_PREFIX"])
    click.echo(f"{register_all(scheduler)} periodic job(s) registered.")
    scheduler.start()
