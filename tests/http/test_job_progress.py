"""GET /jobs/<id>/progress: only the job's own vendor team and platform see it."""

from __future__ import annotations

import pytest

from tests.conftest import SHOP_MODULES
from wizamart.jobs.queue import enqueue


@pytest.fixture
def redis_app(shop, make_app, redis_url, redis_prefix):
    return make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )


def start_job(app, platform: str = "main", vendor: str | None = "bakery") -> str:
    """Queue a count_to job (no worker runs it: it stays queued) and return its id."""
    from modules.tenancy.services.access import access

    with app.app_context():
        platform_ref = access.platform_by_code(platform)
        vendor_ref = access.vendor_by_code(platform_ref.id, vendor) if vendor else None
        package = app.extensions["wizamart.registry"]["fxpayments"].package
        ref = enqueue(
            f"{package}.tasks.count_to",
            3,
            platform_id=platform_ref.id,
            vendor_id=vendor_ref.id if vendor_ref else None,
            module="fxpayments",
        )
    return ref.id


def test_the_vendor_team_sees_the_polling_widget(redis_app, login_as):
    job_id = start_job(redis_app)
    client = login_as(redis_app.test_client(), "bakery_owner")
    response = client.get(f"/jobs/{job_id}/progress")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in html and 'hx-swap="outerHTML"' in html
    assert 'http-equiv="refresh"' in html  # the whole page refreshes itself without JS
    assert "Waiting for a worker" in html


def test_an_htmx_poll_gets_only_the_widget(redis_app, login_as):
    job_id = start_job(redis_app)
    client = login_as(redis_app.test_client(), "admin")
    response = client.get(
        f"/jobs/{job_id}/progress",
        headers={
            "HX-Request": "true",
            "HX-Request-Type": "partial",
            "HX-Target": "div#job-progress",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="job-progress"') and "<html" not in html


def test_another_vendors_owner_gets_404(redis_app, login_as):
    job_id = start_job(redis_app)
    client = login_as(redis_app.test_client(), "bikes_owner")
    assert client.get(f"/jobs/{job_id}/progress").status_code == 404


def test_a_job_of_another_platform_is_404(redis_app, login_as):
    job_id = start_job(redis_app, platform="oms", vendor=None)
    client = login_as(redis_app.test_client(), "admin")
    assert client.get(f"/jobs/{job_id}/progress").status_code == 404


def test_an_unknown_job_is_404(redis_app, login_as):
    client = login_as(redis_app.test_client(), "bakery_owner")
    assert client.get("/jobs/no-such-job/progress").status_code == 404


def test_anonymous_is_sent_to_sign_in_or_refused(redis_app):
    job_id = start_job(redis_app)
    client = redis_app.test_client()
    response = client.get(f"/jobs/{job_id}/progress")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    htmx = client.get(f"/jobs/{job_id}/progress", headers={"HX-Request": "true"})
    assert htmx.status_code == 401


def test_the_demo_page_without_redis_runs_inline_and_shows_the_result(shop, login_as):
    from tests.conftest import csrf_token

    client = login_as(shop.test_client(), "bakery_owner")
    token = csrf_token(client, "/vendor/bakery/fxpayments/")
    response = client.post("/vendor/bakery/fxpayments/demo-job", data={"csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-job-state="finished"' in html and "hx-trigger" not in html
    assert 'href="/vendor/bakery/fxpayments/"' in html and "Counted to 10" in html


def test_a_platform_job_is_for_the_platform_admins_only(redis_app, login_as):
    job_id = start_job(redis_app, vendor=None)
    admin = login_as(redis_app.test_client(), "admin")
    assert admin.get(f"/jobs/{job_id}/progress").status_code == 200
    owner = login_as(redis_app.test_client(), "bakery_owner")
    assert owner.get(f"/jobs/{job_id}/progress").status_code == 404
