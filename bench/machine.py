"""How busy the machine is: the benchmarks share their cores with whatever else runs.

Linux only (/proc). Figures taken while other processes eat the CPU are worth less, so
the benchmarks wait a little for a quiet moment before each round and say how much of
the machine others took while they measured.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / TICKS


def own_seconds() -> float:
    """CPU time of this process and of its children that have ended (load generators)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def process_seconds(pids: list[int]) -> float:
    """User + system CPU time of running processes (for example gunicorn's workers)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def children_of(parent: int) -> list[int]:
    """Processes whose parent is `parent` (gunicorn's workers are its master's children)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended while we looked
            continue
        if int(fields[1]) == parent:
            pids.append(int(stat.parent.name))
    return pids


class OtherLoad:
    """Share of the machine taken by processes that are not ours, over a stretch of time.

    `ours` is a callable giving the CPU seconds of our own processes that the machine
    counters would otherwise blame on others (servers under load, the load generator).
    """

    def __init__(self, ours=lambda: 0.0):
        self.ours = ours
        self.start = self._sample()

    def _sample(self) -> tuple[float, float, float]:
        return machine_busy_seconds(), own_seconds() + self.ours(), time.monotonic()

    def share(self) -> float:
        busy, mine, now = (b - a for a, b in zip(self.start, self._sample(), strict=True))
        return max(0.0, busy - mine) / (max(now, 1e-6) * (os.cpu_count() or 1))


def wait_for_quiet(max_wait: float, threshold: float = 0.25) -> float:
    """Wait (up to max_wait seconds) until others take under `threshold` of the machine.

    Returns the share others took in the last second looked at.
    """
    deadline = time.monotonic() + max_wait
    while True:
        window = OtherLoad()
        time.sleep(1)
        share = window.share()
        if share < threshold or time.monotonic() >= deadline:
            return share
