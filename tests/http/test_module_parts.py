"""Each module's parts are found by convention: templates, static files, config, tasks."""

from __future__ import annotations

import sys


def test_module_template_config_and_static_are_wired(shop, login_as, monkeypatch):
    client = login_as(shop.test_client(), "admin")
    html = client.get("/admin/fxpayments/").get_data(as_text=True)
    assert '<p class="fx-greeting">Payments ready</p>' in html
    assert 'data-menu-item="fxpayments"' in html  # the shared admin layout, with its menu
    css = client.get("/static/modules/fxpayments/admin/payments.css")
    assert css.status_code == 200 and b"rebeccapurple" in css.data
    assert client.get("/static/modules/fxpayments/admin/missing.css").status_code == 404
    assert client.get("/static/modules/nomodule/x.css").status_code == 404


def test_module_tasks_package_is_imported_with_the_module(shop):
    loaded = [name for name in sys.modules if name.endswith(".fxpayments.tasks")]
    assert loaded and sys.modules[loaded[0]].IMPORTED is True


def test_module_config_reads_its_own_env_prefix(make_app, monkeypatch):
    from tests.conftest import SHOP_MODULES

    monkeypatch.setenv("FXPAYMENTS_GREETING", "Hello from env")
    # config objects are built when config.py is imported; a fresh class reads the env
    app = make_app(extra_modules_dirs=[SHOP_MODULES])
    config = app.extensions["wizamart.module_configs"]["fxpayments"]
    assert type(config)().greeting == "Hello from env"
