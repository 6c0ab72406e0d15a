"""The monitoring module: queues, workers and jobs pages over a real Redis and RQ worker."""

from __future__ import annotations

import re

import pytest
from rq import Queue, SimpleWorker
from rq.job import Job

from tests.conftest import SHOP_MODULES, csrf_token, main_id, run_worker, task
from wizamart.jobs.queue import enqueue, queue_name
from wizamart.modules.service import module_service


def put(app, name: str, *args, priority: str = "default") -> str:
    with app.app_context():
        return enqueue(
            task(app, name), *args, platform_id=main_id(app), module="fxpayments", priority=priority
        ).id


def fetch(app, job_id: str) -> Job:
    return Job.fetch(job_id, connection=app.extensions["wizamart.redis"])


@pytest.fixture
def redis_app(shop, make_app, redis_url, redis_prefix):
    return make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )


@pytest.fixture
def jobs(redis_app):
    """One finished job, one failed job, then one queued job left for no worker."""
    done = put(redis_app, "count_to", 3)
    failed = put(redis_app, "always_fails", "card declined", priority="high")
    run_worker(redis_app)
    queued = put(redis_app, "capture", "7.00", priority="low")
    return {"done": done, "failed": failed, "queued": queued}


@pytest.fixture
def admin(redis_app, login_as):
    return login_as(redis_app.test_client(), "admin")


def post(client, path: str, **headers):
    token = csrf_token(client, "/admin/monitoring/")
    return client.post(path, data={"csrf_token": token, "state": "failed"}, headers=headers)


def cell(html: str, queue: str, state: str) -> str:
    row = re.search(rf'data-queue="{queue}".*?</tr>', html, re.S).group(0)
    return re.search(rf'data-count="{state}"><a [^>]*>(\d+)</a>', row).group(1)


def test_queues_page_counts_jobs_by_state(jobs, admin):
    html = admin.get("/admin/monitoring/").get_data(as_text=True)
    assert cell(html, "high", "failed") == "1"
    assert cell(html, "default", "finished") == "1"
    assert cell(html, "low", "queued") == "1"
    assert cell(html, "high", "queued") == "0"


def test_workers_page_lists_a_live_worker(redis_app, admin):
    from rq.worker import Worker

    with redis_app.app_context():
        redis = redis_app.extensions["wizamart.redis"]
        worker = SimpleWorker([Queue(queue_name("default"), connection=redis)], connection=redis)
        worker.register_birth()
        worker.heartbeat()
        try:
            html = admin.get("/admin/monitoring/workers").get_data(as_text=True)
        finally:
            worker.register_death()
        assert worker.name not in [w.name for w in Worker.all(connection=redis)]
    assert f'data-worker="{worker.name}"' in html
    assert 'data-health="alive"' in html and " UTC" in html


def test_job_list_and_detail_show_the_failure(redis_app, jobs, admin):
    listing = admin.get("/admin/monitoring/jobs?state=failed").get_data(as_text=True)
    assert f'data-job="{jobs["failed"]}"' in listing
    assert jobs["done"] not in listing

    response = admin.get(f"/admin/monitoring/jobs/{jobs['failed']}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert task(redis_app, "always_fails") in html
    assert "Main" in html and "fxpayments" in html
    assert "RuntimeError: payment gateway refused: card declined" in html
    assert "Traceback" in html


def test_job_detail_shows_result_and_progress(jobs, admin):
    html = admin.get(f"/admin/monitoring/jobs/{jobs['done']}").get_data(as_text=True)
    assert "3 / 3" in html and "3 of 3" in html
    assert re.search(r'data-field="result">3<', html)


def test_retry_requeues_a_failed_job(redis_app, jobs, admin):
    response = post(admin, f"/admin/monitoring/jobs/{jobs['failed']}/retry")
    assert response.status_code == 302
    with redis_app.app_context():
        assert fetch(redis_app, jobs["failed"]).get_status() == "queued"
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "The job is queued again." in page


def test_retry_over_htmx_updates_the_table_in_place(redis_app, jobs, admin):
    response = post(
        admin,
        f"/admin/monitoring/jobs/{jobs['failed']}/retry",
        **{"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#job-table"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'data-empty="jobs"' in html  # no failed job left
    assert "The job is queued again." in html  # the flash area, out of band


def test_actions_not_allowed_in_the_state_are_409(redis_app, jobs, admin):
    retry = post(admin, f"/admin/monitoring/jobs/{jobs['done']}/retry")
    assert retry.status_code == 409
    assert "Only a failed job can be retried" in retry.get_data(as_text=True)
    cancel = post(admin, f"/admin/monitoring/jobs/{jobs['failed']}/cancel")
    assert cancel.status_code == 409
    assert "has not started can be cancelled" in cancel.get_data(as_text=True)
    with redis_app.app_context():
        assert fetch(redis_app, jobs["done"]).get_status() == "finished"


def test_cancel_and_delete(redis_app, jobs, admin):
    assert post(admin, f"/admin/monitoring/jobs/{jobs['queued']}/cancel").status_code == 302
    with redis_app.app_context():
        assert fetch(redis_app, jobs["queued"]).get_status() == "canceled"
        assert (
            Queue(queue_name("low"), connection=redis_app.extensions["wizamart.redis"]).count == 0
        )
    assert post(admin, f"/admin/monitoring/jobs/{jobs['done']}/delete").status_code == 302
    with redis_app.app_context():
        assert not Job.exists(jobs["done"], connection=redis_app.extensions["wizamart.redis"])
    assert admin.get(f"/admin/monitoring/jobs/{jobs['done']}").status_code == 404


def test_unknown_job_or_action_is_404(jobs, admin):
    assert admin.get("/admin/monitoring/jobs/no-such-job").status_code == 404
    assert post(admin, "/admin/monitoring/jobs/no-such-job/retry").status_code == 404
    assert post(admin, f"/admin/monitoring/jobs/{jobs['failed']}/explode").status_code == 404
    assert admin.get("/admin/monitoring/jobs?state=bogus").status_code == 404


def test_actions_need_csrf(jobs, admin):
    response = admin.post(f"/admin/monitoring/jobs/{jobs['failed']}/retry")
    assert response.status_code == 400


def test_vendor_users_get_403_and_no_vendor_routes(redis_app, login_as):
    owner = login_as(redis_app.test_client(), "bakery_owner")
    assert owner.get("/admin/monitoring/").status_code == 403
    assert owner.get("/admin/monitoring/jobs").status_code == 403
    rules = {rule.endpoint.split(".")[0] for rule in redis_app.url_map.iter_rules()}
    assert "monitoring_admin" in rules
    assert not rules & {"monitoring_vendor", "monitoring_storefront", "monitoring_api_vendor"}
    assert owner.get("/vendor/bakery/monitoring/").status_code == 404
    dashboard = owner.get("/vendor/bakery/").get_data(as_text=True)
    assert "/admin/monitoring" not in dashboard


def test_admin_menu_has_monitoring(admin):
    assert 'href="/admin/monitoring/"' in admin.get("/admin/").get_data(as_text=True)


def test_disabled_on_the_platform_is_404(redis_app, admin):
    with redis_app.app_context():
        module_service.disable_module(main_id(redis_app), "monitoring")
    assert admin.get("/admin/monitoring/").status_code == 404
    assert 'href="/admin/monitoring/"' not in admin.get("/admin/").get_data(as_text=True)


def test_without_redis_the_pages_say_jobs_run_inline(shop, login_as):
    admin = login_as(shop.test_client(), "admin")
    for path in ("/admin/monitoring/", "/admin/monitoring/workers", "/admin/monitoring/jobs"):
        response = admin.get(path)
        assert response.status_code == 200
        assert "Jobs run inline: no queue to show (WIZAMART_REDIS_URL is not set)" in (
            response.get_data(as_text=True)
        )
