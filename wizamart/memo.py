"""A bounded least-recently-used mapping for per-process memos.

For values that are a pure function of their key (rendered HTML keyed by everything it
shows, formatted numbers...): nothing to invalidate, so no worker can serve a stale
value another worker has already replaced; the bound keeps the memory fixed. Anything
that can change without changing the key must not go in here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class LRU:
    """At most `size` entries; past that the least recently used one goes. Thread-safe
    (threaded servers); `size` 0 keeps nothing."""

    def __init__(self, size: int) -> None:
        self.size = max(0, int(size))
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, default=None):
        with self._lock:
            try:
                value = self._data[key]
            except KeyError:
                self.misses += 1
                return default
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value) -> None:
        if not self.size:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
