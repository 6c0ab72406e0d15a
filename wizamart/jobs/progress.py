"""GET /jobs/<job_id>/progress: the one progress widget, polled by htmx while a job runs.

A job is shown only to a signed-in user of the platform it ran for and, when it ran
for a vendor, only to that vendor's team or the platform's admins; anyone else gets
404, so job ids cannot be probed. Without JavaScript the same URL is a whole page
that refreshes itself until the job ends.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wizamart.htmx import is_htmx, render
from wizamart.jobs.queue import JobStatus, job_status
from wizamart.tenancy import VendorRef, tenancy_backend

bp = Blueprint("jobs", __name__)


def may_see(job: JobStatus) -> bool:
    """A vendor's job is visible to that vendor's team (and the platform's admins); a
    platform's own job to the platform's admins only."""
    platform = g.get("platform")
    if platform is None or job.platform_id != platform.id:
        return False
    user = current_user._get_current_object()
    backend = tenancy_backend()
    if job.vendor_id is None:
        managed = backend.admin_platform_ids(user)
        return backend.can_use_admin(user) and (managed is None or platform.id in managed)
    vendor = VendorRef(id=job.vendor_id, code="", name="", platform_id=platform.id)
    return backend.can_work_for_vendor(user, vendor)


def visible_job(job_id: str) -> JobStatus:
    """The job's status if the current user may see it; 404 otherwise (or when unknown)."""
    job = job_status(job_id)
    if job.state == "unknown" or not may_see(job):
        abort(404)
    return job


@bp.get("/jobs/<job_id>/progress")
def progress(job_id: str):
    """The widget (to an htmx poll) or a whole page that refreshes while the job runs."""
    if not current_user.is_authenticated:
        if is_htmx():
            abort(401)
        return redirect(url_for("tenancy_public.login", next=request.full_path.rstrip("?")))
    job = visible_job(job_id)
    return render("jobs/progress.html", job=job, page_title=_l("Job progress"))


def init_app(app) -> None:
    app.register_blueprint(bp)
