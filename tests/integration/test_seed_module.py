"""The seed's own example definition (tests/fixtures/modsets/seed/analytics) works as written.

Its menu entry is a string id (`FrontendType.VENDOR: ["analytics"]`), its paths say
`app.modules.analytics...` and its translations folder is `locales_path="locales"`:
the platform loads it, `modules check` finds no ERROR, and the vendor menu links the
module's index page, labelled with the module's name.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import FIXTURES, reset_database, seed_demo
from tests.conftest import test_settings as settings_for
from wizamart import create_app
from wizamart.modules import FrontendType, MenuItem
from wizamart.modules.discovery import REAL_MODULES_DIR
from wizamart.modules.loader import get_module_config
from wizamart.modules.rules import Severity, check_modules
from wizamart.modules.service import module_service

SEED_MODULES = FIXTURES / "modsets" / "seed"
MENU_ENTRY = re.compile(
    r'<a class="nav-link[^"]*"\s+href="/vendor/bakery/analytics/" data-menu-item="analytics"'
    r"[^>]*>\s*<i [^>]*></i>\s*<span>Analytics &amp; Reporting</span>"
)


@pytest.fixture(scope="module")
def _seed_app(migrated_database):
    return create_app(settings_for(migrated_database, extra_modules_dirs=[SEED_MODULES]))


@pytest.fixture
def seed_app(_seed_app):
    """The real modules plus the seed's analytics module, with the demo data."""
    reset_database(_seed_app)
    seed_demo(_seed_app)
    yield _seed_app
    reset_database(_seed_app)


def main_platform_id() -> int:
    from modules.tenancy.services.access import access

    return access.platform_by_code("main").id


def test_the_seed_definition_loads_with_its_own_spellings(_seed_app):
    analytics = _seed_app.extensions["wizamart.registry"]["analytics"]
    assert analytics.menu_for(FrontendType.VENDOR) == [
        MenuItem("analytics", "Analytics & Reporting", "analytics_vendor.analytics_page")
    ]
    assert analytics.menu_for(FrontendType.ADMIN) == []
    assert analytics.translations_path == "locales"
    with _seed_app.app_context():
        assert get_module_config("analytics").report_row_limit == 1000


def test_modules_check_finds_no_error_in_the_seed_module():
    findings = check_modules(REAL_MODULES_DIR, SEED_MODULES)
    assert [str(f) for f in findings if f.severity == Severity.ERROR] == []
    assert [str(f) for f in findings if f.module == "analytics"] == []


def test_vendor_pages_show_the_entry_labelled_with_the_module_name(seed_app, login_as):
    client = login_as(seed_app.test_client(), "bakery_owner")
    dashboard = client.get("/vendor/bakery/")
    assert dashboard.status_code == 200
    assert MENU_ENTRY.search(dashboard.get_data(as_text=True))
    page = client.get("/vendor/bakery/analytics/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Analytics</h1>" in html and "Visitors: 6" in html
    assert 'data-menu-item="analytics"' in html and 'aria-current="page"' in html
    assert client.get("/api/v1/vendor/bakery/analytics/").get_json() == {
        "orders": 0,
        "visitors": 6,
    }


def test_another_platforms_vendor_gets_404(seed_app, login_as):
    client = login_as(seed_app.test_client(), "bakery_owner")
    assert client.get("/vendor/books/analytics/").status_code == 404  # books is on oms


def test_switched_off_the_module_is_404_and_leaves_the_menu(seed_app, login_as):
    with seed_app.app_context():
        module_service.disable_module(main_platform_id(), "analytics")
    client = login_as(seed_app.test_client(), "bakery_owner")
    assert client.get("/vendor/bakery/analytics/").status_code == 404
    assert client.get("/api/v1/vendor/bakery/analytics/").status_code == 404
    dashboard = client.get("/vendor/bakery/")
    assert dashboard.status_code == 200
    assert 'data-menu-item="analytics"' not in dashboard.get_data(as_text=True)
