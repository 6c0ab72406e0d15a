"""Observability for the framework: request ids, structured logs, probes, metrics, Sentry.

`init_observability(app)` is called once from create_app. It adds:

- a request id per request (`g.request_id`, the `X-Request-ID` response header, and
  on every log record made while the request runs);
- JSON log lines in production, readable text lines elsewhere (`WIZAMART_LOG_FORMAT`);
- `/healthz` (liveness, no I/O) and `/readyz` (database, Redis, module health checks);
- `/metrics` in the Prometheus text format, on a registry of the app's own;
- Sentry, when `WIZAMART_SENTRY_DSN` is set and sentry-sdk is installed.

The probes and /metrics are framework routes on the app itself, not a module's
blueprint, so the module gate never sees them; they are GET-only and CSRF-exempt.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask, current_app, g, jsonify, request
from flask.globals import _cv_app, _cv_request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

log = logging.getLogger(__name__)
access_log = logging.getLogger("wizamart.request")

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is echoed only when it cannot smuggle anything into logs or headers.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
LOOPBACK = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}
# Fields a log record carries from the request; `-` outside a request.
CONTEXT_FIELDS = ("request_id", "path", "method")
JOB_STATES = ("queued", "started", "finished", "failed", "deferred", "scheduled")
FRAMEWORK = "framework"  # the `module` label of routes no module owns
PROBES = ("/healthz", "/readyz")


# -- request id and logs -------------------------------------------------------
def request_id_from(header: str | None) -> str:
    """The caller's id when it is a sane token, else a fresh one."""
    if header and SANE_REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestContextFilter(logging.Filter):
    """Puts the request id, path and method on every record made during a request.

    Installed on handlers (ours, and any a test adds) so records from every logger
    get the fields, not only those logged on the root logger itself.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = _cv_request.get(None)  # the request context itself: no proxy lookups
        if ctx is None:
            values = dict.fromkeys(CONTEXT_FIELDS, "-")
        else:
            values = {
                "request_id": _cv_app.get().g.get("request_id", "-"),
                "path": ctx.request.path,
                "method": ctx.request.method,
            }
        for name, value in values.items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            entry[name] = getattr(record, name, "-")
        if getattr(record, "status", None) is not None:
            entry["status"] = record.status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def log_format_for(settings) -> str:
    """`json` or `text`: `auto` means JSON in production only."""
    wanted = (settings.log_format or "auto").lower()
    if wanted in ("json", "text"):
        return wanted
    return "json" if settings.is_production else "text"


def configure_logging(fmt: str, stream=None) -> logging.Handler:
    """Give the root logger one handler of ours (idempotent: a second call reuses it).

    Other handlers (pytest's caplog, a server's own) are left alone.
    """
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "_wizamart", False)), None)
    if handler is None:
        handler = logging.StreamHandler(stream or sys.stderr)
        handler._wizamart = True
        handler.addFilter(RequestContextFilter())
        root.addHandler(handler)
        if root.level in (logging.NOTSET, logging.WARNING):
            root.setLevel(logging.INFO)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    if fmt == "json":
        # The JSON lines carry no caller, thread or process fields, so the records need
        # not collect them: the optimisations of Python's logging HOWTO (a stack walk per
        # record is most of the access log line's cost). Text logs (development, pytest's
        # captured logs) keep file and line.
        logging._srcfile = None
        logging.logThreads = False
        logging.logProcesses = False
        logging.logMultiprocessing = False
    return handler


# -- metrics -------------------------------------------------------------------
class JobsCollector:
    """`wizamart_jobs{queue,state}`, read from the RQ registries at scrape time."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):
        from wizamart.jobs.queue import job_counts, rq_queues

        if self.app.extensions.get("wizamart.redis") is None:
            return
        family = GaugeMetricFamily(
            "wizamart_jobs", "Background jobs by queue and state.", labels=["queue", "state"]
        )
        try:
            with self.app.app_context():
                for queue in rq_queues():
                    for state, count in job_counts(queue).items():
                        family.add_metric([queue.name, state], count)
        except Exception as exc:  # a scrape must not fail because Redis is away
            log.warning("job metrics unavailable: %s", exc)
            return
        yield family


class Metrics:
    """The app's own Prometheus registry (tests build many apps in one process)."""

    def __init__(self, app: Flask) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "wizamart_http_requests_total",
            "HTTP requests answered.",
            ["module", "endpoint", "method", "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "wizamart_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["module", "endpoint"],
            registry=self.registry,
        )
        self.toggles = Counter(
            "wizamart_module_toggles_total",
            "Modules enabled or disabled on a platform.",
            ["platform", "module", "action"],
            registry=self.registry,
        )
        self.registry.register(JobsCollector(app))
        self._series: dict[tuple[str, str, str, str], tuple] = {}

    def on_toggle(self, sender, platform_id, module, action, **extra) -> None:
        self.toggles.labels(str(platform_id), module, action).inc()

    def observe(self, module: str, endpoint: str, method: str, status: str, seconds: float):
        """Count a request and its duration. The labelled series are looked up once per
        label set and kept (prometheus_client's labels() validates and locks each time);
        the set is bounded by the app's endpoints, methods and status codes."""
        key = (module, endpoint, method, status)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = (
                self.requests.labels(module, endpoint, method, status),
                self.duration.labels(module, endpoint),
            )
        series[0].inc()
        series[1].observe(seconds)


def request_labels(req=None) -> tuple[str, str]:
    """(module, endpoint) of this request; unmatched URLs share one label."""
    req = req if req is not None else request._get_current_object()
    blueprint = req.blueprint
    endpoints = current_app.extensions["wizamart.endpoints"]
    info = endpoints.get(blueprint.split(".")[0]) if blueprint else None
    module = info.module if info is not None else FRAMEWORK
    return module, req.endpoint or "unmatched"


# -- probes ----------------------------------------------------------------------
def describe_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def check_database() -> str:
    from wizamart.extensions import db

    try:
        db.session.execute(sa.text("SELECT 1"))
        return "ok"
    except Exception as exc:
        db.session.rollback()
        return describe_error(exc)


def check_redis() -> str:
    try:
        current_app.extensions["wizamart.redis"].ping()
        return "ok"
    except Exception as exc:
        return describe_error(exc)


def run_health_check(check) -> str:
    """A module's check: True or "ok" is healthy; False, another string or an error is not."""
    try:
        result = check()
    except Exception as exc:
        return describe_error(exc)
    if result is True or (isinstance(result, str) and result.strip().lower() == "ok"):
        return "ok"
    return result if isinstance(result, str) and result else "failed"


def probe_platform():
    """The platform of the request's host (the probes skip the host middleware)."""
    backend = current_app.extensions.get("wizamart.tenancy")
    if backend is None:
        return None
    try:
        return backend.resolve_host(request.host.rsplit(":", 1)[0].lower()).platform
    except Exception as exc:
        from wizamart.extensions import db

        db.session.rollback()  # PostgreSQL refuses more queries in a failed transaction
        log.warning("readiness: host %s not resolved: %s", request.host, exc)
        return None


def modules_to_check(database_ok: bool) -> list:
    """Modules with a health check: those enabled on the request's platform.

    With no platform (a probe by IP) or no database to ask, every registered module.
    """
    from wizamart.modules.registry import current_registry
    from wizamart.modules.service import module_service

    modules = [m for m in current_registry() if m.health_check is not None]
    platform = probe_platform() if database_ok else None
    if platform is None:
        return modules
    enabled = module_service.get_platform_modules(platform.id)
    return [m for m in modules if m.code in enabled]


def healthz():
    """Liveness: the process answers. No I/O, so it stays fast under any outage."""
    return jsonify(status="ok")


def readyz():
    """Readiness: database, Redis (when configured) and module health checks."""
    checks = {"database": check_database()}
    if current_app.extensions.get("wizamart.redis") is not None:
        checks["redis"] = check_redis()
    for module in modules_to_check(checks["database"] == "ok"):
        checks[f"module:{module.code}"] = run_health_check(module.health_check)
    failed = [name for name, result in checks.items() if result != "ok"]
    if failed:
        return jsonify(status="unready", failed=failed, checks=checks), 503
    return jsonify(status="ready", checks=checks)


def metrics_allowed() -> bool:
    """With a token configured it is required (behind a local proxy every caller
    looks like loopback); without one, loopback callers only."""
    token = current_app.config["WIZAMART_SETTINGS"].metrics_token
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    return request.remote_addr in LOOPBACK


def metrics():
    """The app's metrics in the Prometheus text format; 404 to whoever may not see them."""
    if not metrics_allowed():
        return jsonify(error="Not found"), 404
    body = generate_latest(current_app.extensions["wizamart.metrics"].registry)
    return body, 200, {"Content-Type": CONTENT_TYPE_LATEST}


# -- wiring ----------------------------------------------------------------------
def init_sentry(settings) -> bool:
    """Sentry when a DSN is set and sentry-sdk is installed (the optional `sentry` extra)."""
    if not settings.sentry_dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.flask import FlaskIntegration
    except ImportError:
        log.warning("WIZAMART_SENTRY_DSN is set but sentry-sdk is not installed")
        return False
    sentry_sdk.init(
        dsn=settings.sentry_dsn, integrations=[FlaskIntegration()], environment=settings.env
    )
    return True


def start_request() -> None:
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    g.request_started = time.perf_counter()


def finish_request(response):
    # The proxies resolved once: this runs on every response.
    req, request_g = request._get_current_object(), g._get_current_object()
    response.headers[REQUEST_ID_HEADER] = request_g.get("request_id") or request_id_from(None)
    module, endpoint = request_labels(req)
    started = request_g.get("request_started")
    elapsed = time.perf_counter() - started if started is not None else 0.0
    status = response.status_code
    current_app.extensions["wizamart.metrics"].observe(
        module, endpoint, req.method, str(status), elapsed
    )
    if access_log.isEnabledFor(logging.INFO):
        access_log.info(
            "%s %s %s %.1fms",
            req.method,
            req.path,
            status,
            elapsed * 1000,
            extra={"status": status},
        )
    return response


def init_observability(app: Flask) -> None:
    """Request ids, logs, probes, metrics and Sentry for this app (see the module doc)."""
    from wizamart.extensions import csrf
    from wizamart.modules.service import module_toggled

    settings = app.config["WIZAMART_SETTINGS"]
    if not app.testing:  # tests keep pytest's own log capture as it is
        configure_logging(log_format_for(settings))
    init_sentry(settings)

    app_metrics = Metrics(app)
    app.extensions["wizamart.metrics"] = app_metrics
    # Weak connection: the receiver lives as long as the app's Metrics object.
    module_toggled.connect(app_metrics.on_toggle, sender=app)

    # First of all before_request functions, so a request the gate refuses still
    # has its id and its timing.
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request(finish_request)

    # Liveness never waits on the database, and readiness reports a database outage
    # as a 503 instead of failing in the host lookup before its view runs.
    app.config["UNTENANTED_PATHS"].update(PROBES)
    for rule, view in (("/healthz", healthz), ("/readyz", readyz), ("/metrics", metrics)):
        app.add_url_rule(rule, view.__name__, csrf.exempt(view), methods=["GET"])
