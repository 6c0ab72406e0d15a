"""Admin pages of the monitoring module: queues, workers, jobs and job actions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from modules.monitoring.exceptions import ActionNotAllowed, JobNotFound
from modules.monitoring.services import jobs as rq_state
from wizamart.auth import permission_required
from wizamart.htmx import is_htmx, render
from wizamart.paging import page_arg

router = Blueprint("monitoring_admin", __name__)

ACTIONS = {
    "retry": (rq_state.retry_job, lambda: _("The job is queued again.")),
    "cancel": (rq_state.cancel_job, lambda: _("The job is cancelled.")),
    "delete": (rq_state.delete_job, lambda: _("The job is deleted.")),
}


def _inline_page(template: str, **context):
    """Without Redis there is nothing to show: say so plainly (200)."""
    return render(template, inline=True, **context)


@router.route("/")
@permission_required("monitoring.view")
def queues():
    title = _("Queues")
    if rq_state.redis_connection() is None:
        return _inline_page("monitoring/admin/queues.html", page_title=title)
    return render(
        "monitoring/admin/queues.html",
        queues=rq_state.queue_overview(),
        states=rq_state.STATES,
        page_title=title,
    )


@router.route("/workers")
@permission_required("monitoring.view")
def workers():
    title = _("Workers")
    if rq_state.redis_connection() is None:
        return _inline_page("monitoring/admin/workers.html", page_title=title)
    return render(
        "monitoring/admin/workers.html", workers=rq_state.worker_overview(), page_title=title
    )


def _jobs_context(state: str, page: int) -> dict:
    return {
        "listing": rq_state.list_jobs(state, g.platform.id, page),
        "states": rq_state.STATES,
        "page_title": _("Jobs"),
    }


def _requested_state() -> str:
    state = request.values.get("state", "failed")
    if state not in rq_state.STATES:
        abort(404)
    return state


@router.route("/jobs")
@permission_required("monitoring.view")
def jobs():
    if rq_state.redis_connection() is None:
        return _inline_page("monitoring/admin/jobs.html", page_title=_("Jobs"))
    return render("monitoring/admin/jobs.html", **_jobs_context(_requested_state(), page_arg()))


@router.route("/jobs/<job_id>")
@permission_required("monitoring.view")
def job_detail(job_id):
    if rq_state.redis_connection() is None:
        return _inline_page("monitoring/admin/job.html", page_title=_("Job"))
    try:
        job = rq_state.get_job(job_id, g.platform.id)
    except JobNotFound:
        abort(404)
    return render("monitoring/admin/job.html", job=job, page_title=_("Job %(id)s", id=job.id))


@router.route("/jobs/<job_id>/<action>", methods=["POST"])
@permission_required("monitoring.manage")
def job_action(job_id, action):
    """Retry, cancel or delete a job; 409 with a message when its state does not allow it."""
    if action not in ACTIONS or rq_state.redis_connection() is None:
        abort(404)
    perform, done = ACTIONS[action]
    state, page = _requested_state(), page_arg()
    try:
        perform(job_id, g.platform.id)
    except JobNotFound:
        abort(404)
    except ActionNotAllowed as exc:
        flash(str(exc), "error")
        # A partial request gets the table and the message; a plain one the whole page.
        return render(
            "monitoring/admin/jobs.html", status=409, oob=("flash",), **_jobs_context(state, page)
        )
    flash(done(), "success")
    if not is_htmx():
        if request.form.get("from") == "detail" and action != "delete":
            return redirect(url_for(".job_detail", job_id=job_id))
        return redirect(url_for(".jobs", state=state, page=page))
    return render("monitoring/admin/jobs.html", oob=("flash",), **_jobs_context(state, page))


@router.context_processor
def monitoring_context() -> dict:
    return {"state_label": rq_state.state_label, "states": rq_state.STATES}
