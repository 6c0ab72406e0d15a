"""Browser tests: Debian's Chromium driven by Playwright against a real server.

One live server per test session (per xdist worker): the shop app (real modules
plus the fixture set) over the session's test database, served by werkzeug in a
thread on 127.0.0.1 and a free port. Each test gets fresh demo data (the `shop`
fixture empties and seeds the database) and a fresh browser context (its own
cookies), so tests do not see each other.

We drive `playwright.sync_api` ourselves instead of installing pytest-playwright:
the four fixtures we need (browser, context, page, live server) are a few lines,
the launch must use Debian's Chromium with its own arguments anyway, and it is one
package less that could download a browser or pin Playwright.

Environment:
  WIZAMART_CHROMIUM   the Chromium executable (default /usr/bin/chromium). Without
                      one the browser tests are skipped, except under CI=true,
                      where a missing browser is an error.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.conftest import LOGINS

CHROMIUM = os.environ.get("WIZAMART_CHROMIUM", "/usr/bin/chromium")
# Without the networking switches Chromium keeps opening background connections
# (updates, sync, QUIC) that a closed network refuses, which slows every test down.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def pytest_collection_modifyitems(items):
    """Every test in this folder drives the browser: mark it so `-m "not browser"` skips it."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the test item, so `page` can save a failure shot."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which(CHROMIUM)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    return path


class QuietRequestHandler(WSGIRequestHandler):
    """No access log line per request: a browser test makes dozens (pages, CSS, fonts)."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture(scope="session")
def live_server(_shop_app) -> Iterator[str]:
    """The shop app served over HTTP on 127.0.0.1 in a thread; yields its base URL.

    Port 0 lets the system pick a free port, so xdist workers never collide.
    """
    server = make_server(
        "127.0.0.1", 0, _shop_app, threaded=True, request_handler=QuietRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(shop, live_server) -> str:
    """The live server's base URL, over fresh demo data with the fixture modules."""
    return live_server


@pytest.fixture
def new_context(browser, site):
    """new_context(**options): a browser context (own cookies) on the live site, closed after."""
    contexts = []

    def factory(**options):
        options.setdefault("viewport", DESKTOP)
        # Bootstrap scrolls smoothly unless motion is reduced; tests and screenshots
        # want the page where it ends up, not halfway there.
        options.setdefault("reduced_motion", "reduce")
        context = browser.new_context(base_url=site, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, request, tmp_path):
    """A desktop page; fails the test on an uncaught script error, keeps a shot on failure."""
    page = new_context().new_page()
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        shot = tmp_path / "failure.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failure: {shot}")
    assert not script_errors, f"uncaught script errors: {script_errors}"


def sign_in(page, who: str) -> None:
    """Sign in through the real /login form as one of the demo users."""
    email, password = LOGINS[who]
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state()  # without JS the next page is a full load; let it finish


@pytest.fixture
def screenshot(tmp_path):
    """screenshot(page, "name", full_page=True): a PNG, kept in docs/screenshots when asked.

    A full-page shot of a scrolled page draws the sticky top bar where the view
    was: take those at the top, or take only the view (full_page=False).

    With WIZAMART_SCREENSHOTS=1 the pictures in docs/screenshots/ are refreshed;
    otherwise they go to the test's temporary folder, so a test run leaves the
    tree as it was.
    """

    def take(page, name: str, full_page: bool = True) -> Path:
        folder = SCREENSHOTS if os.environ.get("WIZAMART_SCREENSHOTS") == "1" else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
        return path

    return take
