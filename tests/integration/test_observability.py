"""Observability: request ids, JSON logs, /healthz, /readyz, /metrics, toggles and job gauges."""

from __future__ import annotations

import io
import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families
from rq import Queue, SimpleWorker

from tests.conftest import SHOP_MODULES, main_id
from wizamart.config import Settings
from wizamart.jobs.queue import enqueue, queue_name
from wizamart.modules.service import module_service
from wizamart.observability import (
    JsonFormatter,
    RequestContextFilter,
    configure_logging,
    init_sentry,
    log_format_for,
)

OUTSIDER = {"REMOTE_ADDR": "10.1.2.3"}


def samples(client, name: str, **headers) -> dict[tuple, float]:
    """{sorted label items: value} of one metric, read from /metrics."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    found = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            if sample.name == name:
                found[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def value(found: dict, **labels) -> float:
    return found.get(tuple(sorted(labels.items())), 0.0)


# -- liveness and readiness ----------------------------------------------------
def test_healthz_says_ok_with_a_request_id(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert len(response.headers["X-Request-ID"]) == 32


def test_healthz_answers_while_the_database_is_away_and_readyz_does_not(tmp_path):
    from tests.conftest import test_settings
    from wizamart import create_app

    broken = create_app(test_settings(f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"))
    client = broken.test_client()
    assert client.get("/healthz").json == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unready"
    assert response.json["failed"] == ["database"]
    assert "unable to open database file" in response.json["checks"]["database"]


def test_readyz_lists_what_it_checked(shop):
    response = shop.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ready",
        "checks": {"database": "ok", "module:fxhealth": "ok"},  # no Redis configured
    }


def test_readyz_fails_when_a_module_health_check_fails(shop, monkeypatch):
    monkeypatch.setitem(shop.config, "FXHEALTH_BROKEN", "disk full")
    response = shop.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["module:fxhealth"]
    assert response.json["checks"]["database"] == "ok"
    assert response.json["checks"]["module:fxhealth"] == "fxhealth is broken: disk full"


def test_readyz_skips_the_check_of_a_module_disabled_on_the_platform(shop, monkeypatch):
    with shop.app_context():
        module_service.disable_module(main_id(shop), "fxhealth")
    monkeypatch.setitem(shop.config, "FXHEALTH_BROKEN", "disk full")
    response = shop.test_client().get("/readyz")
    assert response.status_code == 200
    assert "module:fxhealth" not in response.json["checks"]


def test_readyz_fails_when_redis_is_unreachable(shop, make_app):
    app = make_app(extra_modules_dirs=[SHOP_MODULES], redis_url="redis://127.0.0.1:1/0")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unready"
    assert "redis" in response.json["failed"]
    assert response.json["checks"]["database"] == "ok"
    assert response.json["checks"]["redis"].startswith("Error")


def test_readyz_checks_redis_when_configured(shop, make_app, redis_url, redis_prefix):
    app = make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["redis"] == "ok"


def test_probes_are_not_module_routes_and_take_no_csrf(shop):
    client = shop.test_client()
    assert client.post("/healthz").status_code == 405  # GET only, not a CSRF 400
    rules = {rule.rule: rule.endpoint for rule in shop.url_map.iter_rules()}
    assert rules["/healthz"] == "healthz" and rules["/readyz"] == "readyz"


# -- request id and logs ---------------------------------------------------------
def test_a_sane_request_id_is_echoed_and_a_bad_one_replaced(app):
    client = app.test_client()
    assert client.get("/healthz", headers={"X-Request-ID": "trace-42.a_b"}).headers[
        "X-Request-ID"
    ] == ("trace-42.a_b")
    for bad in ("x" * 65, "has space", "semi;colon"):
        echoed = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert echoed != bad and len(echoed) == 32 and echoed.isalnum()


def test_log_lines_of_a_request_carry_its_id_as_json(demo, caplog):
    caplog.set_level(logging.INFO, logger="wizamart.request")
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logging.getLogger().addHandler(handler)
    try:
        response = demo.test_client().get("/", headers={"X-Request-ID": "trace-json-1"})
    finally:
        logging.getLogger().removeHandler(handler)
    assert response.headers["X-Request-ID"] == "trace-json-1"
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "wizamart.request"]
    assert len(access) == 1
    entry = access[0]
    assert entry["request_id"] == "trace-json-1"
    assert (entry["path"], entry["method"], entry["status"], entry["level"]) == (
        "/",
        "GET",
        200,
        "INFO",
    )
    assert entry["message"].startswith("GET / 200 ")
    assert entry["timestamp"].endswith("+00:00")


def test_json_lines_carry_the_exception_text():
    record = logging.getLogger("wizamart.x").makeRecord(
        "wizamart.x", logging.ERROR, __file__, 1, "it broke", (), None
    )
    try:
        raise ValueError("bad value")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    RequestContextFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "it broke" and entry["request_id"] == "-"
    assert "ValueError: bad value" in entry["exception"]
    assert "status" not in entry


def test_log_format_is_json_in_production_unless_forced():
    assert log_format_for(Settings(env="production", secret_key="k")) == "json"
    assert log_format_for(Settings(env="development")) == "text"
    assert log_format_for(Settings(env="production", secret_key="k", log_format="text")) == "text"
    assert log_format_for(Settings(env="development", log_format="JSON")) == "json"


def test_configuring_logging_twice_keeps_one_handler():
    root = logging.getLogger()
    level, before = root.level, list(root.handlers)
    stream = io.StringIO()
    try:
        first = configure_logging("text", stream=stream)
        second = configure_logging("json", stream=stream)
        assert first is second
        assert [h for h in root.handlers if h not in before] == [first]
        assert isinstance(first.formatter, JsonFormatter)
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
        root.setLevel(level)


def test_sentry_is_skipped_without_a_dsn_or_without_the_sdk(caplog):
    assert init_sentry(Settings()) is False
    try:
        import sentry_sdk  # noqa: F401
    except ImportError:
        assert init_sentry(Settings(sentry_dsn="https://key@sentry.invalid/1")) is False
        assert "sentry-sdk is not installed" in caplog.text


# -- metrics -----------------------------------------------------------------------
def test_metrics_count_the_request_just_made(demo, login_as):
    client = login_as(demo.test_client(), "admin")
    labels = {"module": "core", "endpoint": "core_admin.dashboard", "method": "GET"}
    before = samples(client, "wizamart_http_requests_total")
    assert client.get("/admin/").status_code == 200
    after = samples(client, "wizamart_http_requests_total")
    assert value(after, status="200", **labels) == value(before, status="200", **labels) + 1
    durations = samples(client, "wizamart_http_request_duration_seconds_count")
    assert value(durations, module="core", endpoint="core_admin.dashboard") >= 1


def test_metrics_label_unknown_urls_as_one_endpoint(demo):
    client = demo.test_client()
    client.get("/no/such/page-1")
    client.get("/no/such/page-2")
    found = samples(client, "wizamart_http_requests_total")
    assert value(found, module="framework", endpoint="unmatched", method="GET", status="404") >= 2
    assert not any("page-1" in str(key) for key in found)


def test_metrics_count_module_toggles(shop):
    client = shop.test_client()
    platform = str(main_id(shop))
    labels = {"platform": platform, "module": "fxcart"}
    before = samples(client, "wizamart_module_toggles_total")
    with shop.app_context():
        module_service.disable_module(int(platform), "fxcart")
        module_service.disable_module(int(platform), "fxcart")  # a no-op is not counted
        module_service.enable_module(int(platform), "fxcart")
    after = samples(client, "wizamart_module_toggles_total")
    for action in ("disable", "enable"):
        assert value(after, action=action, **labels) == value(before, action=action, **labels) + 1


def test_metrics_count_jobs_by_queue_and_state(shop, make_app, redis_url, redis_prefix):
    app = make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )
    task = f"{app.extensions['wizamart.registry']['fxpayments'].package}.tasks.capture"
    client = app.test_client()
    with app.app_context():
        enqueue(task, "1.00", platform_id=main_id(app), module="fxpayments")
        enqueue(task, "2.00", platform_id=main_id(app), module="fxpayments")
        default = queue_name("default")
    found = samples(client, "wizamart_jobs")
    assert value(found, queue=default, state="queued") == 2
    assert value(found, queue=default, state="finished") == 0
    assert value(found, queue=f"{redis_prefix}:high", state="queued") == 0
    with app.app_context():
        redis = app.extensions["wizamart.redis"]
        SimpleWorker([Queue(default, connection=redis)], connection=redis).work(burst=True)
    found = samples(client, "wizamart_jobs")
    assert value(found, queue=default, state="queued") == 0
    assert value(found, queue=default, state="finished") == 2


def test_without_redis_there_are_no_job_gauges(demo):
    assert samples(demo.test_client(), "wizamart_jobs") == {}


def test_each_app_has_its_own_metrics(demo, make_app):
    other = make_app()
    demo.test_client().get("/healthz")
    assert other.extensions["wizamart.metrics"].registry is not (
        demo.extensions["wizamart.metrics"].registry
    )


def test_metrics_are_refused_to_outsiders_without_a_token(demo):
    client = demo.test_client()
    response = client.get("/metrics", environ_base=OUTSIDER)
    assert response.status_code == 404
    assert b"wizamart_http_requests_total" not in response.data
    assert client.get("/metrics").status_code == 200  # loopback


@pytest.fixture
def token_app(demo, make_app):
    return make_app(metrics_token="s3cret-token")


def test_metrics_with_a_token_need_it_from_everyone(token_app):
    client = token_app.test_client()
    good = {"Authorization": "Bearer s3cret-token"}
    response = client.get("/metrics", headers=good, environ_base=OUTSIDER)
    assert response.status_code == 200
    assert b"wizamart_http_requests_total" in response.data
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/metrics", headers=wrong, environ_base=OUTSIDER).status_code == 404
    assert client.get("/metrics", environ_base=OUTSIDER).status_code == 404
    # Behind a local reverse proxy every caller is loopback: the token is still required.
    assert client.get("/metrics").status_code == 404


def test_the_grafana_dashboard_queries_our_metrics():
    from wizamart.config import PROJECT_ROOT

    dashboard = json.loads((PROJECT_ROOT / "docs" / "grafana-dashboard.json").read_text())
    assert dashboard["__inputs"][0]["name"] == "DS_PROMETHEUS"
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    for metric in (
        "wizamart_http_requests_total",
        "wizamart_http_request_duration_seconds_bucket",
        "wizamart_jobs",
        "wizamart_module_toggles_total",
    ):
        assert metric in exprs
    assert all(p["datasource"]["uid"] == "${DS_PROMETHEUS}" for p in dashboard["panels"])
