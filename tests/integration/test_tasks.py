"""Background jobs: inline without Redis; with a real Redis and an RQ worker otherwise."""

from __future__ import annotations

import logging
import uuid

import pytest
from rq import Queue

from tests.conftest import SHOP_MODULES, main_id, run_worker, task
from wizamart.jobs.queue import SKIPPED, enqueue, queue_name
from wizamart.modules.service import module_service


@pytest.fixture
def redis_app(shop, make_app, redis_url, redis_prefix):
    return make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )


def test_without_redis_a_job_runs_inline_and_says_so_once(shop, caplog):
    caplog.set_level(logging.WARNING)
    with shop.app_context():
        shop.extensions.pop("wizamart.tasks_inline_logged", None)
        first = enqueue(
            task(shop, "capture"), "12.50", platform_id=main_id(shop), module="fxpayments"
        )
        enqueue(task(shop, "capture"), "1.00", platform_id=main_id(shop), module="fxpayments")
    assert (first.id, first.status, first.result) == (None, "finished", "captured 12.50")
    assert caplog.text.count("background jobs run inline") == 1


def test_a_queued_job_runs_in_a_worker_with_its_progress(redis_app):
    with redis_app.app_context():
        job = enqueue(
            task(redis_app, "count_to"), 5, platform_id=main_id(redis_app), module="fxpayments"
        )
        assert job.id and job.status == "queued"
    run_worker(redis_app)
    with redis_app.app_context():
        fetched = Queue(
            queue_name("default"), connection=redis_app.extensions["wizamart.redis"]
        ).fetch_job(job.id)
        assert fetched.get_status() == "finished"
        assert fetched.return_value() == 5
        assert (fetched.meta["done"], fetched.meta["total"], fetched.meta["message"]) == (
            5,
            5,
            "5 of 5",
        )
        assert (
            fetched.meta["platform_id"] == main_id(redis_app)
            and fetched.meta["module"] == "fxpayments"
        )


def test_a_failing_job_is_retried(redis_app, redis_prefix):
    key = f"{redis_prefix}:flaky:{uuid.uuid4().hex}"
    with redis_app.app_context():
        job = enqueue(
            task(redis_app, "flaky"),
            key,
            platform_id=main_id(redis_app),
            module="fxpayments",
            attempts=2,
            retry_delays=(0,),
        )
    run_worker(redis_app)
    with redis_app.app_context():
        fetched = Queue(
            queue_name("default"), connection=redis_app.extensions["wizamart.redis"]
        ).fetch_job(job.id)
        assert fetched.get_status() == "finished"
        assert fetched.return_value() == "second attempt works"


def test_a_job_of_a_module_disabled_meanwhile_is_skipped(redis_app):
    with redis_app.app_context():
        job = enqueue(
            task(redis_app, "capture"), "9.99", platform_id=main_id(redis_app), module="fxpayments"
        )
        module_service.disable_module(main_id(redis_app), "fxpayments")
    run_worker(redis_app)
    with redis_app.app_context():
        fetched = Queue(
            queue_name("default"), connection=redis_app.extensions["wizamart.redis"]
        ).fetch_job(job.id)
        assert fetched.get_status() == "finished"
        assert fetched.return_value() == SKIPPED


def test_the_same_job_id_is_queued_once(redis_app):
    with redis_app.app_context():
        args = (task(redis_app, "capture"), "5.00")
        first = enqueue(*args, platform_id=main_id(redis_app), module="fxpayments", job_id="pay-42")
        again = enqueue(*args, platform_id=main_id(redis_app), module="fxpayments", job_id="pay-42")
        assert first.id == again.id == "pay-42"
        queue = Queue(queue_name("default"), connection=redis_app.extensions["wizamart.redis"])
        assert queue.count == 1


def test_unknown_priority_is_refused(shop):
    with shop.app_context(), pytest.raises(ValueError, match="unknown priority"):
        enqueue(task(shop, "capture"), platform_id=1, module="fxpayments", priority="urgent")


def test_flask_rq_worker_runs_the_queued_jobs(redis_app):
    with redis_app.app_context():
        job = enqueue(
            task(redis_app, "capture"),
            "3.00",
            platform_id=main_id(redis_app),
            module="fxpayments",
            priority="high",
        )
    result = redis_app.test_cli_runner().invoke(args=["rq", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    with redis_app.app_context():
        queue = Queue(queue_name("high"), connection=redis_app.extensions["wizamart.redis"])
        assert queue.fetch_job(job.id).return_value() == "captured 3.00"


def test_flask_rq_worker_without_redis_says_why(shop):
    result = shop.test_cli_runner().invoke(args=["rq", "worker", "--burst"])
    assert result.exit_code != 0 and "WIZAMART_REDIS_URL is not set" in result.output
