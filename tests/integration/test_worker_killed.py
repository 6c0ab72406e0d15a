"""A worker killed with SIGKILL in the middle of a job: the job is found as abandoned and
re-queued (if it has attempts left) or marked failed — visible, never silently lost.

The worker is a real `flask --app wsgi rq worker` process. RQ notices an abandoned job
when the job's execution heartbeat has expired (a minute after its timeout); instead of
waiting, the test asks the registry's cleanup about a moment past that expiry."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rq import Queue
from rq.registry import FailedJobRegistry, StartedJobRegistry

from tests.conftest import SHOP_MODULES
from wizamart.jobs.queue import enqueue, queue_name

ROOT = Path(__file__).resolve().parents[2]


def start_worker(database_url: str, redis_url: str, prefix: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        WIZAMART_DATABASE_URL=database_url,
        WIZAMART_REDIS_URL=redis_url,
        WIZAMART_REDIS_PREFIX=prefix,
        WIZAMART_SECRET_KEY="test",
        WIZAMART_EXTRA_MODULES_DIRS=json.dumps([str(SHOP_MODULES)]),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "rq", "worker", "default"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_until_started(queue: Queue, job_id: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = queue.fetch_job(job_id)
        if job.get_status().value == "started" and job.meta.get("done", 0) > 0:
            return
        time.sleep(0.1)
    pytest.fail("the worker never started the job")


@pytest.mark.parametrize("attempts", [1, 2])
def test_a_job_whose_worker_was_killed_is_found_and_not_lost(
    shop, make_app, migrated_database, redis_url, redis_prefix, attempts
):
    app = make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )
    package = app.extensions["wizamart.registry"]["fxcart"].package
    from modules.tenancy.services.access import access

    with app.app_context():
        main = access.platform_by_code("main").id
        ref = enqueue(
            f"{package}.tasks.slow",
            30,
            platform_id=main,
            module="fxcart",
            attempts=attempts,
            retry_delays=(0,),
        )
    redis = app.extensions["wizamart.redis"]
    with app.app_context():
        queue = Queue(queue_name("default"), connection=redis)
    worker = start_worker(migrated_database, redis_url, redis_prefix)
    try:
        wait_until_started(queue, ref.id)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    started = StartedJobRegistry(queue=queue)
    assert ref.id in started.get_job_ids()  # still "started": nobody knows yet

    started.cleanup(timestamp=time.time() + 3600)  # past the execution heartbeat's expiry

    job = queue.fetch_job(ref.id)
    if attempts == 1:
        assert job.get_status().value == "failed"
        assert ref.id in FailedJobRegistry(queue=queue).get_job_ids()
        assert "AbandonedJobError" in (job.latest_result().exc_string or "")
    else:
        assert job.get_status().value == "queued"  # re-queued for its second attempt
        assert ref.id in queue.get_job_ids()
