"""Requests/s of the vendor dashboard, with and without the module system, side by side.

Three gunicorn servers (`-w 2`, sync workers, as README's deploy) on free loopback
ports, over one SQLite database prepared with `flask db upgrade` and `flask demo seed`
in a temporary folder:

  bare        bench/bare_app.py: a plain Flask route rendering the dashboard's template
              with a context computed once (no tenancy, gating, user load, menus, DB)
  full        wsgi:app, `/vendor/bakery/` signed in as owner@bakery.test: host
              resolution, module stamp, user load, vendor gate, permissions, menu
              build, the dashboard's query, the template
  full+N      the same app with N generated modules on top (a menu of N more entries)

Before loading, every server's page is fetched once and checked: status 200, the
dashboard's figure in it, and (for bare against full) the same HTML once the CSRF
token is set aside. Load comes from `wrk` when installed (apt-get install wrk), else
from a Python thread pool with http.client. Rounds rotate the order of the servers so
that drift on the machine spreads over all of them; the table shows medians.

Prints figures only; there is no pass/fail threshold.

    .venv/bin/python bench/requests.py [--rounds 5] [--duration 5] [--connections 4]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from genmodules import generate_modules
from machine import OtherLoad, children_of, process_seconds, wait_for_quiet

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PATH = "/vendor/bakery/"
EMAIL, PASSWORD = "owner@bakery.test", "demo-vendor"
# Flask-Login's session protection hashes the user agent: keep it the same everywhere.
USER_AGENT = "wizamart-bench"
CSRF_RE = re.compile(rb'(name="csrf_token" value=|"X-CSRFToken": )"[^"]*"')


@dataclass
class Server:
    name: str
    app: str
    env: dict[str, str]
    port: int = 0
    process: subprocess.Popen | None = None
    cookie: str = ""
    page_bytes: int = 0
    menu_entries: int = 0
    rates: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    elsewhere: list[float] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        headers = {"User-Agent": USER_AGENT}
        if self.cookie:
            headers["Cookie"] = self.cookie
        return headers


# -- set-up ---------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def base_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZAMART_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        WIZAMART_ENV="production",
        WIZAMART_SECRET_KEY="bench-secret-key",
        WIZAMART_DATABASE_URL=database_url,
        # The bench signs in once per server; the defaults are far above that anyway.
        WIZAMART_LOGIN_RATE_LIMIT="100 per minute",
    )
    return env


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],  # this checkout's wizamart
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def start(server: Server, log_dir: Path) -> None:
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        raise SystemExit("gunicorn is missing: .venv/bin/pip install -e '.[deploy]'")
    server.port = free_port()
    log = open(log_dir / f"{server.name}.log", "w")  # noqa: SIM115 - closed with the process
    server.process = subprocess.Popen(
        [str(gunicorn), "-w", "2", "-b", f"{HOST}:{server.port}", server.app],
        cwd=ROOT,
        env=server.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_up(server: Server, log_dir: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = (log_dir / f"{server.name}.log").read_text()
            raise SystemExit(f"server {server.name} exited:\n{log[-3000:]}")
        try:
            with socket.create_connection((HOST, server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server {server.name} did not start within {timeout:.0f}s")


def stop(server: Server) -> None:
    if server.process is not None and server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def request(server: Server, method: str, path: str, body: bytes | None = None, headers=None):
    conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={**server.headers, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def session_cookie(headers) -> str | None:
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("session="):
            return value.split(";", 1)[0]
    return None


def sign_in(server: Server) -> None:
    """Sign in through the real /login form; keeps the session cookie for the load."""
    status, headers, body = request(server, "GET", "/login")
    server.cookie = session_cookie(headers) or server.cookie
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body)
    if status != 200 or token is None:
        raise SystemExit(f"{server.name}: /login answered {status} without a CSRF token")
    form = urllib.parse.urlencode(
        {"csrf_token": token.group(1).decode(), "email": EMAIL, "password": PASSWORD}
    ).encode()
    status, headers, _ = request(
        server,
        "POST",
        "/login",
        form,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    server.cookie = session_cookie(headers) or server.cookie
    if status != 302:
        raise SystemExit(f"{server.name}: signing in as {EMAIL} answered {status}")


def check_page(server: Server) -> bytes:
    """The page once: 200, the dashboard itself, no new cookie (so every request is alike)."""
    status, headers, body = request(server, "GET", PATH)
    if status != 200 or b'data-figure="team"' not in body:
        raise SystemExit(f"{server.name}: {PATH} answered {status}, not the dashboard")
    if session_cookie(headers):
        raise SystemExit(f"{server.name}: {PATH} sets a new session cookie on every request")
    server.page_bytes = len(body)
    server.menu_entries = body.count(b"data-menu-item=")
    return body


# -- load -----------------------------------------------------------------------------
@dataclass
class Measure:
    rate: float  # requests/s
    latency: float  # median, ms
    requests: int


def measure(server: Server, run, duration: int, connections: int) -> None:
    """One load run: requests/s, median latency, the workers' CPU ms per request, and
    how much of the machine other processes (not the servers, not the load) took."""
    workers = children_of(server.process.pid)
    before = process_seconds(workers)
    others = OtherLoad(lambda: process_seconds(workers))
    result = run(server, duration, connections)
    server.elsewhere.append(others.share())
    server.cpu_ms.append((process_seconds(workers) - before) * 1000 / result.requests)
    server.rates.append(result.rate)
    server.latencies.append(result.latency)


def wrk_run(server: Server, duration: int, connections: int) -> Measure:
    """(requests/s, median latency ms) from wrk; refuses a run with errors or redirects."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in server.headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, f"http://{HOST}:{server.port}{PATH}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    if re.search(r"Non-2xx or 3xx responses|Socket errors: connect [1-9]", out):
        raise SystemExit(f"{server.name}: wrk saw errors:\n{out}")
    count, size, unit = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(\w+) read", out).groups()
    scale = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]
    per_response = float(size) * scale / int(count)
    if per_response < server.page_bytes * 0.9:  # a 3xx to /login would be much smaller
        raise SystemExit(f"{server.name}: responses average {per_response:.0f} bytes, not pages")
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    latency = float(p50.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    return Measure(rate, latency, int(count))


def python_run(server: Server, duration: int, connections: int) -> Measure:
    """The same measure without wrk: one keep-alive http.client connection per thread."""
    deadline = time.perf_counter() + duration
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
        mine = []
        while (started := time.perf_counter()) < deadline:
            conn.request("GET", PATH, headers=server.headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{server.name}: {len(failures)} responses were not 200")
    return Measure(len(latencies) / elapsed, statistics.median(latencies) * 1000, len(latencies))


# -- report ---------------------------------------------------------------------------
def same_page(a: bytes, b: bytes) -> bool:
    return CSRF_RE.sub(b"", a) == CSRF_RE.sub(b"", b)


def report(servers: list[Server], args, loader: str, identical: bool) -> None:
    bare = statistics.median(servers[0].rates)
    print()
    print(
        f"GET {PATH} as {EMAIL}: gunicorn -w 2 (sync), SQLite, load {loader} "
        f"{args.connections} connections, {args.rounds} rounds x {args.duration:g}s, "
        f"{os.cpu_count()} CPUs (load generator on the same machine)"
    )
    bare_cpu = statistics.median(servers[0].cpu_ms)
    print(
        f"{'server':<11}{'menu':>5}{'bytes':>7}{'req/s med':>10}{'min':>6}{'max':>6}"
        f"{'vs bare':>8}{'p50 ms':>8}{'CPU ms/req':>11}{'vs bare':>8}"
    )
    for server in servers:
        median = statistics.median(server.rates)
        cpu = statistics.median(server.cpu_ms)
        print(
            f"{server.name:<11}{server.menu_entries:>5}{server.page_bytes:>7}{median:>10.0f}"
            f"{min(server.rates):>6.0f}{max(server.rates):>6.0f}{median / bare:>8.2f}"
            f"{statistics.median(server.latencies):>8.1f}{cpu:>11.2f}{cpu / bare_cpu:>8.1f}"
        )
    print("CPU ms/req: user+system time of the two workers per request served (from /proc)")
    elsewhere = statistics.median(v for server in servers for v in server.elsewhere)
    print(f"other processes took a median {elsewhere:.0%} of the machine during the runs")
    print(f"bare page == full page (CSRF token aside): {'yes' if identical else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--modules", type=int, default=200, help="generated modules (0: skip)")
    parser.add_argument("--python-load", action="store_true", help="do not use wrk")
    parser.add_argument(
        "--settle", type=float, default=20, help="seconds to wait for a quiet machine per round"
    )
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.python_load
    run = wrk_run if use_wrk else python_run

    with tempfile.TemporaryDirectory(prefix="wizamart-bench-") as tmp:
        tmp = Path(tmp)
        env = base_env(f"sqlite:///{tmp / 'bench.sqlite3'}")
        print("preparing the database (flask db upgrade, flask demo seed) ...", flush=True)
        flask(env, "db", "upgrade")
        flask(env, "demo", "seed")
        servers = [Server("bare", "bench.bare_app:app", env), Server("full", "wsgi:app", env)]
        if args.modules:
            generated = generate_modules(tmp / "generated", args.modules)
            extra = {**env, "WIZAMART_EXTRA_MODULES_DIRS": f'["{generated}"]'}
            servers.append(Server(f"full+{args.modules}", "wsgi:app", extra))
        try:
            for server in servers:
                start(server, tmp)
            for server in servers:
                wait_until_up(server, tmp)
            pages = {}
            for server in servers:
                if server.name != "bare":
                    sign_in(server)
                pages[server.name] = check_page(server)
                run(server, 1, args.connections)  # warm-up: templates compiled, pools filled
            identical = same_page(pages["bare"], pages["full"])
            for round_ in range(args.rounds):
                wait_for_quiet(args.settle)
                shift = round_ % len(servers)
                for server in servers[shift:] + servers[:shift]:
                    measure(server, run, args.duration, args.connections)
                line = "  ".join(
                    f"{s.name} {s.rates[-1]:.0f} req/s {s.cpu_ms[-1]:.2f} ms"
                    f" ({s.elsewhere[-1]:.0%} other)"
                    for s in servers
                )
                print(f"round {round_ + 1}/{args.rounds}: {line}", flush=True)
        finally:
            for server in servers:
                stop(server)
    report(servers, args, "wrk" if use_wrk else "python http.client", identical)


if __name__ == "__main__":
    main()
