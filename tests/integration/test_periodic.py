"""Periodic jobs declared by modules: listed, registered with RQ's cron scheduler, and
fanned out once per platform that has the module enabled."""

from __future__ import annotations

from rq import Queue
from rq.cron import CronScheduler

from tests.conftest import SHOP_MODULES
from wizamart.jobs.periodic import fan_out, register_all, scheduled_jobs
from wizamart.jobs.queue import queue_name
from wizamart.modules.service import module_service


def test_flask_rq_periodic_lists_the_declared_jobs(shop):
    result = shop.test_cli_runner().invoke(args=["rq", "periodic"])
    assert result.exit_code == 0, result.output
    assert "fxbilling" in result.output and "nightly-invoices" in result.output
    assert "0 2 * * *" in result.output and ".fxbilling.tasks.nightly_invoices" in result.output


def test_relative_function_paths_resolve_to_the_module_package(shop):
    with shop.app_context():
        (job,) = [j for j in scheduled_jobs() if j.module == "fxbilling"]
        package = shop.extensions["wizamart.registry"]["fxbilling"].package
        assert job.func_path == f"{package}.tasks.nightly_invoices"
        assert job.next_run().hour == 2


def test_fan_out_enqueues_once_per_platform_with_the_module(
    shop, make_app, redis_url, redis_prefix
):
    app = make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )
    from modules.tenancy.services.access import access

    with app.app_context():
        main, oms = access.platform_by_code("main").id, access.platform_by_code("oms").id
        module_service.disable_module(oms, "fxbilling")
        (job,) = [j for j in scheduled_jobs() if j.module == "fxbilling"]
        assert fan_out("fxbilling", job.func_path) == [main]
        queue = Queue(queue_name("low"), connection=app.extensions["wizamart.redis"])
        (queued,) = queue.get_jobs()
        assert queued.meta["platform_id"] == main and queued.meta["module"] == "fxbilling"


def test_periodic_jobs_register_with_rq_cron(shop, make_app, redis_url, redis_prefix):
    app = make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )
    with app.app_context():
        scheduler = CronScheduler(connection=app.extensions["wizamart.redis"], name=redis_prefix)
        declared = scheduled_jobs()
        assert register_all(scheduler) == len(declared)
        registered = {job.name: job for job in scheduler.get_jobs()}
        assert set(registered) == {f"{job.module}:{job.job.name}" for job in declared}
        # The shop fixture's nightly job, next to the real modules' own (inventory's expiry).
        (nightly,) = [job for name, job in registered.items() if name.startswith("fxbilling:")]
        assert nightly.cron == "0 2 * * *"
        assert nightly.queue_name == queue_name("low")
        assert all(job.queue_name == queue_name("low") for job in registered.values())
