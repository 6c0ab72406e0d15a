"""Background jobs: one small API for modules (issue 3, first slice).

    from wizamart.jobs import enqueue, report_progress

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

from flask import current_app, g
from flask_babel import lazy_gettext as _l

log = logging.getLogger(__name__)

PRIORITIES = ("high", "default", "low")
SKIPPED = "skipped: module disabled"
STATES = ("queued", "started", "finished", "failed", "skipped", "unknown")
# RQ's states, as the progress widget shows them.
RQ_STATES = {
    "queued": "queued",
    "deferred": "queued",
    "scheduled": "queued",
    "started": "started",
    "finished": "finished",
    "failed": "failed",
    "stopped": "failed",
    "canceled": "failed",
}
FAILED_MESSAGE = _l("The job failed. Please try again, or contact support if it keeps failing.")
SKIPPED_MESSAGE = _l("The job was skipped: its module is not enabled any more.")


class JobStartError(Exception):
    """Redis is configured but could not take the job: the user should try again."""

    message = _l("The job could not be started. Please try again in a moment.")

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class JobStatus:
    """What the progress widget shows: state, done / total, a message, the result or error.

    `error` is in words a user understands; the traceback stays in the worker's log.
    """

    id: str | None
    state: str
    done: int = 0
    total: int | None = None
    message: str = ""
    result: Any = None
    error: str | None = None
    platform_id: int | None = None
    vendor_id: int | None = None

    @property
    def running(self) -> bool:
        """Still worth polling."""
        return self.state in ("queued", "started")

    @property
    def percent(self) -> int:
        if self.state == "finished":
            return 100
        if not self.total:
            return 0
        return max(0, min(100, round(100 * self.done / self.total)))


@dataclass
class JobRef:
    """What the caller gets back: an id to poll (None when the job ran inline)."""

    id: str | None
    queue: str
    status: str
    result: Any = None
    meta: dict = field(default_factory=dict)
    error: str | None = None

    def progress(self) -> JobStatus:
        """The job's status for the widget: read from RQ, or as the inline run ended."""
        if self.id is not None:
            return job_status(self.id)
        return JobStatus(
            id=None,
            state=_inline_state(self),
            done=1,
            total=1,
            result=None if self.status == "failed" else self.result,
            error=self.error,
            platform_id=self.meta.get("platform_id"),
            vendor_id=self.meta.get("vendor_id"),
        )


def _inline_state(ref: JobRef) -> str:
    if ref.status == "finished" and ref.result == SKIPPED:
        return "skipped"
    return ref.status


def queue_name(priority: str) -> str:
    if priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}; use one of {', '.join(PRIORITIES)}")
    return f"{current_app.config['REDIS_PREFIX']}:{priority}"


def rq_queues() -> list:
    """The app's RQ queues, highest priority first (Redis must be configured)."""
    from rq import Queue

    redis = current_app.extensions["wizamart.redis"]
    return [Queue(queue_name(priority), connection=redis) for priority in PRIORITIES]


def job_counts(queue) -> dict[str, int]:
    """Jobs per state in one queue, without the registry clean-ups a count may trigger."""
    counts = {"queued": queue.count}
    for state in ("started", "deferred", "scheduled", "finished", "failed"):
        registry = getattr(queue, f"{state}_job_registry")
        counts[state] = registry.get_job_count(cleanup=False)
    return counts


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
    report_inline_failure: bool = False,
    **kwargs,
) -> JobRef:
    """Queue `func_path(*args, **kwargs)` for a worker, or run it now without Redis.

    `attempts` > 1 retries a failing job with `retry_delays` (seconds) between tries.
    A `job_id` makes enqueueing idempotent: the same id is not queued twice.
    Inline (no Redis), a failing job raises unless `report_inline_failure`, which a
    view showing the progress widget passes to get a "failed" JobRef instead.
    Redis configured but unreachable raises JobStartError (after logging the cause).
    """
    context = {"platform_id": platform_id, "vendor_id": vendor_id, "module": module}
    name = queue_name(priority)
    redis = current_app.extensions.get("wizamart.redis")
    if redis is None:
        _say_inline_once()
        return _run_inline(func_path, name, context, args, kwargs, report_inline_failure)
    from redis.exceptions import RedisError

    try:
        return _enqueue_rq(
            redis, name, func_path, context, args, kwargs, job_id, attempts, retry_delays
        )
    except RedisError as exc:
        # The user is told to try again; operators find the cause under the request id.
        log.error(
            "could not enqueue %s (request %s): Redis unreachable: %s",
            func_path,
            g.get("request_id"),
            exc,
        )
        raise JobStartError() from exc


def _run_inline(func_path: str, name: str, context: dict, args, kwargs, report: bool) -> JobRef:
    """Run the job in the request. A failure raises, as a plain call would, unless the
    caller shows the job in the progress widget (`report`): then it is logged and the
    JobRef says "failed", as a worker's job would."""
    try:
        result = execute(func_path, context, args, kwargs)
    except Exception:
        if not report:
            raise
        log.exception("inline job %s failed (request %s)", func_path, g.get("request_id"))
        return JobRef(None, name, "failed", None, dict(context), error=str(FAILED_MESSAGE))
    return JobRef(None, name, "finished", result, dict(context))


def _enqueue_rq(redis, name, func_path, context, args, kwargs, job_id, attempts, retry_delays):
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
        description=f"{module_of(context)}: {func_path}",
    )
    return JobRef(job.id, name, job.get_status().value, None, job.meta)


def module_of(context: dict) -> str:
    return context.get("module") or ""


def job_status(job_id: str) -> JobStatus:
    """The status of a queued job, read from RQ; state "unknown" when there is no such job."""
    redis = current_app.extensions.get("wizamart.redis")
    if redis is None:
        return JobStatus(id=job_id, state="unknown")
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        job = Job.fetch(job_id, connection=redis)
    except NoSuchJobError:
        return JobStatus(id=job_id, state="unknown")
    meta = job.get_meta(refresh=True)
    state = RQ_STATES.get(job.get_status(refresh=False).value, "unknown")
    result = job.return_value() if state == "finished" else None
    if state == "finished" and result == SKIPPED:
        state, result = "skipped", None
    return JobStatus(
        id=job.id,
        state=state,
        done=int(meta.get("done") or 0),
        total=meta.get("total"),
        message=str(meta.get("message") or ""),
        result=result,
        error=_error_words(state),
        platform_id=meta.get("platform_id"),
        vendor_id=meta.get("vendor_id"),
    )


def _error_words(state: str) -> str | None:
    if state == "failed":
        return str(FAILED_MESSAGE)
    if state == "skipped":
        return str(SKIPPED_MESSAGE)
    return None


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
