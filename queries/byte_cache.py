"""A least-recently-used cache of serialised answers, bounded by bytes (not by entries).

The serving backend keeps the JSON of its answers per worker process: a hot document page or resolve is
then served without being computed or serialised again. Entries vary from 1 KB (a document page) to
several MB (a commune coverage table), so a bound in entries does not bound memory; this one is the sum
of the values' lengths. The cache belongs to one backend object: a reload builds a new backend, so a
changed graph never answers from the old one's cache.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

# Bytes kept per worker by default (`CPGRAPH_RESPONSE_CACHE_MB` changes it; 0 turns caching off).
DEFAULT_BUDGET = 48 * 2**20
# One value may take at most this share of the budget (a bigger one is served, never kept).
MAX_SHARE = 8


def budget_from_env(default: int = DEFAULT_BUDGET) -> int:
    """The budget in bytes from `CPGRAPH_RESPONSE_CACHE_MB` (MB, may be fractional), else `default`."""
    raw = os.environ.get("CPGRAPH_RESPONSE_CACHE_MB", "").strip()
    try:
        return max(0, int(float(raw) * 2**20)) if raw else default
    except ValueError:
        return default


class ByteLRU:
    """`get`/`put` of bytes (or values of a stated size) under a total size bound; the least recently
    used go first. Thread-safe (queries run in a thread pool)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()  # key: (size, value)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> Any:
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            self._items.move_to_end(key)
            return entry[1]

    def fits(self, size: int) -> bool:
        """Whether a value of `size` bytes would be kept (check before building a large one)."""
        return size * MAX_SHARE <= self.budget

    def put(self, key: Hashable, value: Any, size: int | None = None) -> None:
        """Keep `value` (bytes, or anything whose size in bytes is given)."""
        size = len(value) if size is None else size
        if not self.fits(size):
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[0]
            self._items[key] = (size, value)
            self.size += size
            while self.size > self.budget:
                _key, (dropped, _value) = self._items.popitem(last=False)
                self.size -= dropped


class StampedByteLRU:
    """A `ByteLRU` per loaded graph, for a backend whose graph may change under it (Neo4j: a load by
    another process). `current()` reads the graph's load stamp (one index seek) and gives the cache of
    that graph: a new, empty one when the stamp changed since the last call; None when the graph has no
    stamp (not loaded by cpgraph), so nothing is kept. A request takes its cache once, before it is
    answered: an answer computed while a load replaced the graph goes into the cache of the old stamp,
    which the next request no longer uses.
    """

    def __init__(self, read_stamp: Callable[[], object], budget: int) -> None:
        self._read_stamp = read_stamp
        self.budget = budget
        self._stamp: object = None
        self._cache: ByteLRU | None = None
        self._lock = threading.Lock()

    def current(self) -> ByteLRU | None:
        stamp = self._read_stamp()
        if stamp is None or self.budget <= 0:
            return None
        with self._lock:
            if self._cache is None or stamp != self._stamp:
                self._stamp, self._cache = stamp, ByteLRU(self.budget)
            return self._cache


__all__ = ["DEFAULT_BUDGET", "ByteLRU", "StampedByteLRU", "budget_from_env"]
