"""RQ state for the monitoring pages: queues, workers and jobs, read through the app's Redis.

Queues are shared infrastructure (one per priority), so their counts are global; jobs
carry their platform in meta, and an admin sees and acts on their platform's jobs only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from modules.monitoring.exceptions import ActionNotAllowed, JobNotFound
from wizamart.jobs.queue import PRIORITIES, job_counts, queue_name, rq_queues

STATES = ("queued", "started", "deferred", "scheduled", "finished", "failed")
PAGE_SIZE = 25
# How many ids of one state are read to filter by platform: a bound on the page's cost.
SCAN_LIMIT = 2000


def redis_connection():
    """The app's Redis client, or None when jobs run inline (WIZAMART_REDIS_URL unset)."""
    return current_app.extensions.get("wizamart.redis")


def _registry(queue, state: str):
    return getattr(queue, f"{state}_job_registry")


def _ids(queue, state: str) -> list[str]:
    if state == "queued":
        return queue.get_job_ids(0, SCAN_LIMIT - 1)
    return _registry(queue, state).get_job_ids(0, SCAN_LIMIT - 1)


@dataclass
class QueueRow:
    priority: str
    name: str
    counts: dict[str, int]


def queue_overview() -> list[QueueRow]:
    """Each priority queue with its job counts by state."""
    return [
        QueueRow(priority, queue.name, job_counts(queue))
        for priority, queue in zip(PRIORITIES, rq_queues(), strict=True)
    ]


@dataclass
class WorkerRow:
    name: str
    state: str
    queues: list[str]
    current_job_id: str | None
    last_heartbeat: datetime | None
    alive: bool


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def worker_overview(now: datetime | None = None) -> list[WorkerRow]:
    """Workers listening on this app's queues; stale when the heartbeat is older than their TTL."""
    from rq.worker import Worker

    now = now or datetime.now(UTC)
    ours = {queue_name(p) for p in PRIORITIES}
    rows = []
    for worker in Worker.all(connection=redis_connection()):
        names = worker.queue_names()
        if not ours.intersection(names):
            continue  # another app (or test) sharing the Redis server
        beat = _aware(worker.last_heartbeat)
        alive = beat is not None and (now - beat).total_seconds() <= worker.worker_ttl
        rows.append(
            WorkerRow(
                worker.name, worker.get_state(), names, worker.get_current_job_id(), beat, alive
            )
        )
    return sorted(rows, key=lambda row: row.name)


@dataclass
class JobRow:
    id: str
    state: str
    func: str
    module: str | None
    platform_id: int | None
    vendor_id: int | None
    priority: str
    args: tuple
    kwargs: dict
    done: int
    total: int | None
    message: str
    enqueued_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    result: Any = None
    traceback: str | None = None

    @property
    def percent(self) -> int | None:
        """Progress in percent, when the job reports a total."""
        if not self.total:
            return None
        return min(100, round(100 * (self.done or 0) / self.total))

    @property
    def can_retry(self) -> bool:
        return self.state == "failed"

    @property
    def can_cancel(self) -> bool:
        return self.state in ("queued", "deferred", "scheduled")


def _priority_of(job) -> str:
    prefix = current_app.config["REDIS_PREFIX"] + ":"
    origin = job.origin or ""
    return origin[len(prefix) :] if origin.startswith(prefix) else origin


def _row(job, with_outcome: bool = False) -> JobRow:
    meta = job.meta or {}
    # Jobs are queued through wizamart.jobs.queue.execute(func_path, context, args, kwargs).
    call_args = job.args or ()
    args, kwargs = (call_args[2], call_args[3]) if len(call_args) == 4 else (call_args, {})
    row = JobRow(
        id=job.id,
        state=job.get_status(refresh=False).value,
        func=meta.get("func") or job.func_name,
        module=meta.get("module"),
        platform_id=meta.get("platform_id"),
        vendor_id=meta.get("vendor_id"),
        priority=_priority_of(job),
        args=tuple(args),
        kwargs=dict(kwargs),
        done=meta.get("done") or 0,
        total=meta.get("total"),
        message=meta.get("message") or "",
        enqueued_at=_aware(job.enqueued_at),
        started_at=_aware(job.started_at),
        ended_at=_aware(job.ended_at),
    )
    if with_outcome:
        row.result, row.traceback = _outcome(job)
    return row


def _outcome(job) -> tuple[Any, str | None]:
    result = job.latest_result()
    if result is None:
        return None, job.exc_info
    if result.type == result.Type.SUCCESSFUL:
        return result.return_value, None
    return None, result.exc_string or job.exc_info


def _fetch(job_id: str, platform_id: int):
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        job = Job.fetch(job_id, connection=redis_connection())
    except (NoSuchJobError, ValueError):
        raise JobNotFound(_("No job %(id)s.", id=job_id)) from None
    ours = {queue_name(p) for p in PRIORITIES}
    if job.origin not in ours or (job.meta or {}).get("platform_id") != platform_id:
        raise JobNotFound(_("No job %(id)s.", id=job_id))
    return job


def get_job(job_id: str, platform_id: int) -> JobRow:
    """One job of the platform, with its result or failure traceback; JobNotFound otherwise."""
    return _row(_fetch(job_id, platform_id), with_outcome=True)


@dataclass
class JobPage:
    state: str
    rows: list[JobRow]
    page: int
    pages: int
    total: int


def list_jobs(state: str, platform_id: int, page: int = 1) -> JobPage:
    """The platform's jobs in one state (all priority queues), newest first, one page."""
    from rq.job import Job

    if state not in STATES:
        raise ValueError(state)
    ids = [job_id for queue in rq_queues() for job_id in _ids(queue, state)]
    jobs = [j for j in Job.fetch_many(ids, connection=redis_connection()) if j is not None]
    jobs = [j for j in jobs if (j.meta or {}).get("platform_id") == platform_id]
    jobs.sort(key=_sort_key, reverse=True)
    pages = max(1, -(-len(jobs) // PAGE_SIZE))
    page = min(max(1, page), pages)
    chunk = jobs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return JobPage(state, [_row(j) for j in chunk], page, pages, len(jobs))


def _sort_key(job) -> datetime:
    moment = job.ended_at or job.started_at or job.enqueued_at or job.created_at
    return _aware(moment) or datetime.min.replace(tzinfo=UTC)


def retry_job(job_id: str, platform_id: int) -> JobRow:
    """Put a failed job back on its queue."""
    job = _fetch(job_id, platform_id)
    if not job.is_failed:
        raise ActionNotAllowed(
            _("Only a failed job can be retried; this one is %(state)s.", state=_state(job))
        )
    job.requeue()
    return _row(job)


def cancel_job(job_id: str, platform_id: int) -> JobRow:
    """Cancel a job that has not started (queued, deferred or scheduled)."""
    job = _fetch(job_id, platform_id)
    if job.get_status().value not in ("queued", "deferred", "scheduled"):
        raise ActionNotAllowed(
            _(
                "Only a job that has not started can be cancelled; this one is %(state)s.",
                state=_state(job),
            )
        )
    job.cancel()
    return _row(job)


def delete_job(job_id: str, platform_id: int) -> None:
    """Delete a job that is not running (a running job is stopped by its worker, not here)."""
    job = _fetch(job_id, platform_id)
    if job.get_status().value == "started":
        raise ActionNotAllowed(_("A running job cannot be deleted; wait until it ends."))
    job.delete()


def _state(job) -> str:
    return state_label(job.get_status().value)


def state_label(state: str) -> str:
    """The translated name of a job state."""
    labels = {
        "queued": _("queued"),
        "started": _("started"),
        "deferred": _("deferred"),
        "scheduled": _("scheduled"),
        "finished": _("finished"),
        "failed": _("failed"),
        "canceled": _("cancelled"),
        "stopped": _("stopped"),
    }
    return labels.get(state, state)
