"""Background jobs: one small API for modules (issue 3, first slice).

    from wizamart.tasks import enqueue, report_progress

    job = enqueue("modules.catalog.tasks.import_products", upload_id,
                  platform_id=g.platform.id, vendor_id=g.vendor.id, module="catalog")

With WIZAMART_REDIS_URL set, jobs go to RQ queues named by priority — `high`,
`default`, `low` (prefixed with the Redis prefix). Priority, not module, decides the
queue because operators scale workers by how long work may wait; the module is in the
job's meta for filtering and metrics. Without Redis (the demo) a job runs inline in the
request, and the log says so once.

Every job carries its platform (and vendor) and its module. A job whose module has
been disabled on its platform by the time it runs is skipped, logged, and not retried.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

log = logging.getLogger(__name__)

PRIORITIES = ("high", "default", "low")
SKIPPED = "skipped: module disabled"


@dataclass
class JobRef:
    """What the caller gets back: an id to poll (None when the job ran inline)."""

    id: str | None
    queue: str
    status: str
    result: Any = None
    meta: dict = field(default_factory=dict)


def queue_name(priority: str) -> str:
    if priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}; use one of {', '.join(PRIORITIES)}")
    return f"{current_app.config['REDIS_PREFIX']}:{priority}"


def resolve(func_path: str):
    """The function at a dotted path (`modules.catalog.tasks.import_products`)."""
    module_path, _, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module_path), name)


def execute(func_path: str, context: dict, args: tuple, kwargs: dict):
    """Run one job: in the worker (inside the app context) or inline."""
    from wizamart.modules.service import module_service

    module, platform_id = context.get("module"), context.get("platform_id")
    if module and platform_id and not module_service.is_module_enabled(platform_id, module):
        log.info(
            "job %s skipped: module %s is disabled on platform %s", func_path, module, platform_id
        )
        return SKIPPED
    return resolve(func_path)(*args, **kwargs)


def enqueue(
    func_path: str,
    *args,
    platform_id: int,
    module: str,
    vendor_id: int | None = None,
    priority: str = "default",
    attempts: int = 1,
    retry_delays: tuple[int, ...] = (10, 60, 300),
    job_id: str | None = None,
    **kwargs,
) -> JobRef:
    """Queue `func_path(*args, **kwargs)` for a worker, or run it now without Redis.

    `attempts` > 1 retries a failing job with `retry_delays` (seconds) between tries.
    A `job_id` makes enqueueing idempotent: the same id is not queued twice.
    """
    context = {"platform_id": platform_id, "vendor_id": vendor_id, "module": module}
    name = queue_name(priority)
    redis = current_app.extensions.get("wizamart.redis")
    if redis is None:
        _say_inline_once()
        result = execute(func_path, context, args, kwargs)
        return JobRef(None, name, "finished", result, dict(context))
    from rq import Queue, Retry

    queue = Queue(name, connection=redis)
    if job_id is not None:
        existing = queue.fetch_job(job_id)
        if existing is not None:
            return JobRef(existing.id, name, existing.get_status().value, None, existing.meta)
    retry = Retry(max=attempts - 1, interval=list(retry_delays)) if attempts > 1 else None
    job = queue.enqueue_call(
        execute,
        args=(func_path, context, args, kwargs),
        job_id=job_id,
        retry=retry,
        meta={**context, "func": func_path, "done": 0, "total": None, "message": ""},
        description=f"{module}: {func_path}",
    )
    return JobRef(job.id, name, job.get_status().value, None, job.meta)


def report_progress(done: int, total: int | None = None, message: str = "") -> None:
    """Record a running job's progress (done / total and a message) for the progress bar."""
    from rq import get_current_job

    job = get_current_job()
    if job is None:
        return  # inline: the request is waiting for the result anyway
    job.meta.update(done=done, total=total, message=message)
    job.save_meta()


def _say_inline_once() -> None:
    if not current_app.extensions.get("wizamart.tasks_inline_logged"):
        current_app.extensions["wizamart.tasks_inline_logged"] = True
        log.warning("WIZAMART_REDIS_URL is not set: background jobs run inline in the request")
