"""Job status for the progress widget, and a clear 'try again' when Redis is down."""

from __future__ import annotations

import logging

import pytest
from flask import g

from tests.conftest import SHOP_MODULES, main_id, run_worker, task
from wizamart.jobs.queue import JobStartError, enqueue, job_status

CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_app(shop, make_app, redis_url, redis_prefix):
    return make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )


def test_job_status_follows_a_job_from_queued_to_finished(redis_app):
    with redis_app.app_context():
        ref = enqueue(
            task(redis_app, "count_to"), 4, platform_id=main_id(redis_app), module="fxpayments"
        )
        queued = job_status(ref.id)
        assert (queued.state, queued.done, queued.running) == ("queued", 0, True)
        assert queued.platform_id == main_id(redis_app) and queued.vendor_id is None
    run_worker(redis_app)
    with redis_app.app_context():
        done = job_status(ref.id)
    assert (done.state, done.done, done.total, done.message) == ("finished", 4, 4, "4 of 4")
    assert (done.result, done.percent, done.running, done.error) == (4, 100, False, None)


def test_a_failed_job_says_so_in_words_not_a_traceback(redis_app):
    with redis_app.app_context():
        ref = enqueue(
            task(redis_app, "count_to"), "x", platform_id=main_id(redis_app), module="fxpayments"
        )
    run_worker(redis_app)
    with redis_app.app_context():
        failed = job_status(ref.id)
    assert failed.state == "failed"
    assert failed.error.startswith("The job failed. Please try again")
    assert "Traceback" not in failed.error


def test_an_unknown_job_is_unknown(redis_app):
    with redis_app.app_context():
        assert job_status("no-such-job").state == "unknown"


def test_an_inline_run_has_an_ended_status_for_the_widget(shop):
    with shop.app_context():
        ok = enqueue(task(shop, "capture"), "3.00", platform_id=main_id(shop), module="fxpayments")
        broken = enqueue(
            task(shop, "count_to"),
            "x",
            platform_id=main_id(shop),
            module="fxpayments",
            report_inline_failure=True,
        )
        with pytest.raises(TypeError):  # without it, an inline failure raises like a call
            enqueue(task(shop, "count_to"), "x", platform_id=main_id(shop), module="fxpayments")
    status = ok.progress()
    assert (status.id, status.state, status.result, status.running) == (
        None,
        "finished",
        "captured 3.00",
        False,
    )
    failed = broken.progress()
    assert failed.state == "failed" and failed.error.startswith("The job failed.")


def test_unreachable_redis_raises_job_start_error_and_logs_the_request_id(shop, make_app, caplog):
    app = make_app(extra_modules_dirs=[SHOP_MODULES], redis_url=CLOSED_REDIS)
    caplog.set_level(logging.ERROR, logger="wizamart.jobs.queue")
    with app.test_request_context("/"):
        g.request_id = "req-4711"
        with pytest.raises(JobStartError) as raised:
            enqueue(task(app, "capture"), "1.00", platform_id=main_id(app), module="fxpayments")
    assert str(raised.value) == "The job could not be started. Please try again in a moment."
    assert "req-4711" in caplog.text and "Redis unreachable" in caplog.text


def test_the_demo_page_answers_503_with_try_again_when_redis_is_down(
    shop, make_app, login_as, caplog
):
    from tests.conftest import csrf_token

    app = make_app(extra_modules_dirs=[SHOP_MODULES], redis_url=CLOSED_REDIS)
    caplog.set_level(logging.ERROR, logger="wizamart.jobs.queue")
    client = login_as(app.test_client(), "bakery_owner")
    token = csrf_token(client, "/vendor/bakery/fxpayments/")
    response = client.post(
        "/vendor/bakery/fxpayments/demo-job",
        data={"csrf_token": token},
        headers={"X-Request-ID": "support-ticket-42"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["X-Request-ID"] == "support-ticket-42"
    # the error is logged with the request's id, so support can find it from the header
    logged = [r.getMessage() for r in caplog.records if r.name == "wizamart.jobs.queue"]
    assert logged and all("support-ticket-42" in message for message in logged)
    assert "The job could not be started. Please try again in a moment." in html
    assert "Start a demo job" in html  # the page is still there to try again
    assert "could not enqueue" in caplog.text
    # The rest of the back office still works.
    assert client.get("/vendor/bakery/").status_code == 200
