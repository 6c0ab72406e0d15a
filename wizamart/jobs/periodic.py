"""Periodic jobs declared by modules (ModuleDefinition.periodic_jobs), on RQ's cron scheduler.

A PeriodicJob names a function (`.tasks.nightly` is relative to the module's package)
and a cron expression. RQ's CronScheduler (`flask rq scheduler`) enqueues one
`fan_out` job per tick; the worker running it enqueues the real job once per platform
that has the module enabled, so every job carries its platform like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from croniter import croniter
from flask import current_app

from wizamart.modules.definition import ModuleDefinition, PeriodicJob
from wizamart.modules.service import module_service
from wizamart.tenancy import tenancy_backend


@dataclass(frozen=True)
class ScheduledJob:
    module: str
    job: PeriodicJob
    func_path: str

    def next_run(self, after: datetime | None = None) -> datetime:
        return croniter(self.job.cron, after or datetime.now(UTC)).get_next(datetime)


def absolute_func(module: ModuleDefinition, func: str) -> str:
    """`.tasks.nightly` -> `<module package>.tasks.nightly`; absolute paths stay."""
    return f"{module.package}{func}" if func.startswith(".") else func


def scheduled_jobs() -> list[ScheduledJob]:
    """Every periodic job of every module, validated (a bad cron string is refused)."""
    jobs = []
    for module in current_app.extensions["wizamart.registry"]:
        for job in module.periodic_jobs:
            if not croniter.is_valid(job.cron):
                raise ValueError(
                    f"module '{module.code}': periodic job '{job.name}' has an "
                    f"invalid cron expression {job.cron!r}"
                )
            jobs.append(ScheduledJob(module.code, job, absolute_func(module, job.func)))
    return sorted(jobs, key=lambda j: (j.module, j.job.name))


def fan_out(module: str, func_path: str) -> list[int]:
    """Enqueue `func_path` for every platform that has `module` enabled; their ids."""
    from wizamart.jobs.queue import enqueue

    platform_ids = [
        pid
        for pid in tenancy_backend().platform_ids()
        if module_service.is_module_enabled(pid, module)
    ]
    for platform_id in platform_ids:
        enqueue(func_path, platform_id=platform_id, module=module, priority="low")
    return platform_ids


def register_all(scheduler) -> int:
    """Register every periodic job with an rq.cron.CronScheduler; how many."""
    from wizamart.jobs.queue import queue_name

    jobs = scheduled_jobs()
    for job in jobs:
        scheduler.register(
            fan_out,
            queue_name("low"),
            args=(job.module, job.func_path),
            cron=job.job.cron,
            name=f"{job.module}:{job.job.name}",
        )
    return len(jobs)
