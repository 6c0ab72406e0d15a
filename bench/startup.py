"""Start-up time of `create_app()`: the real modules, and the real modules plus 200
generated ones.

Each run is a fresh Python process (imports are cached inside one process, so a loop
in-process would measure nothing after the first call). The child prints how long
`import wizamart` and `create_app()` took; the parent also times the whole process
(interpreter start to exit). Runs of the two sets alternate, to spread machine noise
over both; one discarded warm-up run per set writes the bytecode caches first.

Prints figures only; there is no pass/fail threshold.

    .venv/bin/python bench/startup.py [--runs 7] [--modules 200]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from genmodules import generate_modules
from machine import OtherLoad, wait_for_quiet

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from wizamart import create_app
t1, c1 = time.perf_counter(), time.process_time()
app = create_app(json.loads(sys.argv[1]))
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({
    "import_ms": (t1 - t0) * 1000,
    "create_ms": (t2 - t1) * 1000,
    "create_cpu_ms": (c2 - c1) * 1000,
    "modules": len(app.extensions["wizamart.registry"].modules),
    "rules": len(list(app.url_map.iter_rules())),
}))
"""


def child_env() -> dict[str, str]:
    """The environment of a child: bytecode caches on, as in a deployment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZAMART_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(config: dict) -> dict:
    """One fresh process building the app; its own timings plus the process wall time."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(config)],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    wall_ms = (time.perf_counter() - started) * 1000
    if result.returncode != 0:
        raise SystemExit(f"create_app failed in the child process:\n{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["process_ms"] = wall_ms
    return figures


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.0f}{min(values):6.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per set")
    parser.add_argument("--modules", type=int, default=200, help="generated modules")
    parser.add_argument(
        "--settle", type=float, default=10, help="seconds to wait for a quiet machine per run"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wizamart-bench-") as tmp:
        generated = generate_modules(Path(tmp) / "generated", args.modules)
        base = {
            "env": "production",
            "secret_key": "bench",
            "database_url": f"sqlite:///{Path(tmp) / 'unused.sqlite3'}",
        }
        sets = {
            "real modules": base,
            f"real + {args.modules} generated": {**base, "extra_modules_dirs": [str(generated)]},
        }
        first = {name: run_once(config) for name, config in sets.items()}  # writes .pyc
        runs: dict[str, list[dict]] = {name: [] for name in sets}
        others = []
        for i in range(args.runs):
            wait_for_quiet(args.settle)
            window = OtherLoad()
            for name in list(sets) if i % 2 == 0 else list(reversed(sets)):
                runs[name].append(run_once(sets[name]))
            others.append(window.share())

    print(f"\ncreate_app() start-up, {args.runs} fresh processes per set, ms (median, min)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {date.today()}")
    print(
        f"{'set':<24}{'modules':>8}{'rules':>6}  {'create_app()':>13}  {'its CPU':>7}"
        f"  {'import wizamart':>15}  {'whole process':>13}"
    )
    med_min = f"{'med':>7}{'min':>6}"
    print(f"{'':<38}{med_min}  {'med':>7}  {med_min:>15}  {med_min}")
    for name, results in runs.items():
        cpu = statistics.median(r["create_cpu_ms"] for r in results)
        print(
            f"{name:<24}{results[0]['modules']:>8}{results[0]['rules']:>6}  "
            f"{summary([r['create_ms'] for r in results])}  {cpu:7.0f}  "
            f"{summary([r['import_ms'] for r in results]):>15}  "
            f"{summary([r['process_ms'] for r in results])}"
        )
    print("first run, writing bytecode caches: create_app() ", end="")
    print(", ".join(f"{name} {first[name]['create_ms']:.0f} ms" for name in sets))
    print(f"other processes took a median {statistics.median(others):.0%} of the machine")


if __name__ == "__main__":
    main()
