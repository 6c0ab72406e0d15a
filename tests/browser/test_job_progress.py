"""The progress widget in a real browser: a demo job on a real RQ worker, watched by htmx."""

from __future__ import annotations

import threading
import time

import pytest
from rq import Queue, SimpleWorker
from rq.timeouts import TimerDeathPenalty
from werkzeug.serving import make_server

from tests.browser.conftest import DESKTOP, TIMEOUT_MS, QuietRequestHandler, sign_in
from tests.conftest import SHOP_MODULES
from wizamart.jobs.queue import queue_name


class ThreadWorker(SimpleWorker):
    """An RQ worker that can run in a thread: no signal handlers, timeouts by timer."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self):
        pass


@pytest.fixture
def redis_site(shop, make_app, redis_url, redis_prefix):
    """A live server of the shop app with Redis, and an RQ worker thread serving its queue."""
    app = make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    threading.Thread(target=server.serve_forever, name="live-redis", daemon=True).start()
    with app.app_context():
        redis = app.extensions["wizamart.redis"]
        worker = ThreadWorker([Queue(queue_name("default"), connection=redis)], connection=redis)

    def work():
        with app.app_context():
            worker.work(burst=False, max_idle_time=15)

    thread = threading.Thread(target=work, name="rq-worker", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    worker._stop_requested = True
    server.shutdown()
    server.server_close()


READ_WIDGET = """() => {
    const widget = document.querySelector("#job-progress");
    if (!widget) return [null, null, null];
    const bar = widget.querySelector(".progress-bar");
    const text = widget.querySelector(".job-progress-text");
    return [widget.dataset.jobState, bar && bar.getAttribute("style"), text && text.innerText];
}"""


def test_the_demo_job_bar_moves_and_ends_with_its_result(browser, redis_site):
    context = browser.new_context(base_url=redis_site, locale="en-GB", viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, "bakery_owner")
        page.goto("/vendor/bakery/fxpayments/")
        page.get_by_role("button", name="Start a demo job").click()
        widget = page.locator("#job-progress")
        widget.wait_for()
        seen = set()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            # One read of the whole widget: htmx swaps it between polls, so reading its
            # state, bar and text one after the other may find a newer widget (or none).
            state, bar, text = page.evaluate(READ_WIDGET)
            if state in ("queued", "started") and bar is not None:
                seen.add((bar, text))
            if state == "finished":
                break
            page.wait_for_timeout(150)
        assert len(seen) >= 2, f"the bar did not move between polls: {seen}"
        page.locator('#job-progress[data-job-state="finished"]').wait_for()
        link = page.get_by_role("link", name="Counted to 10: back to payments")
        assert link.get_attribute("href") == "/vendor/bakery/fxpayments/"
        assert not errors, errors
    finally:
        context.close()
