"""Background jobs on RQ: what a module needs to queue work, report progress and make an
effect happen once.

    from wizamart.jobs import enqueue, once, report_progress

The package's parts: `queue` (enqueue, job status, inline mode), `progress` (the one
progress widget's endpoint), `periodic` (cron jobs declared by modules), `idempotency`
(`once`), `cli` (`flask rq ...`). See docs/jobs.md.
"""

from wizamart.jobs.idempotency import once
from wizamart.jobs.queue import (
    JobRef,
    JobStartError,
    JobStatus,
    enqueue,
    job_status,
    report_progress,
)

__all__ = [
    "JobRef",
    "JobStartError",
    "JobStatus",
    "enqueue",
    "job_status",
    "once",
    "report_progress",
]
