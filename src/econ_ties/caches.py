"""Every in-process cache of econ-ties, in one place: each is named, says what its key is, and has a bound.

A cache here holds what is costly to compute and never changes for its key (a published revision's Dataset, a view's
choices for one dataset, a rendered chart). Each `NamedCache` is bounded in entries and, when given a `size_of`, in
bytes; past either bound it evicts the least recently used entries one by one, never everything at once. All caches are
registered by name in `CACHES`, so `econ_ties.caches.report()` lists them with their sizes and a test or an operator can
clear them. They are thread-safe: Streamlit runs each browser session in its own thread.

Not caches in this sense: a reference table built once on first use by a function without arguments (the country
codes of `model.countries`), which is a constant computed late, and `store.Store`'s one open store per URL, which
holds a connection pool, not data.

Why here and not beside their users: the bounds decide how much memory a server holds, and they are easier to reason
about, and to tune, when they stand side by side.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
import pandas as pd
import pydantic

V = TypeVar("V")


@dataclass(frozen=True)
class CacheInfo:
    name: str
    key: str
    entries: int
    max_entries: int
    bytes: int
    max_bytes: int | None
    hits: int
    misses: int


class NamedCache(Generic[V]):
    """A bounded, thread-safe, least-recently-used cache.

    `get_or_compute(key, compute)` returns the cached value or computes, stores and returns it. Two threads asking for
    the same missing key may both compute it; the first to finish is kept (computations are pure, so both are equal).
    """

    def __init__(self, name: str, *, key: str, max_entries: int, max_bytes: int | None = None, size_of: Callable[[Any], int] | None = None) -> None:
        if max_entries < 1:
            raise ValueError(f"cache {name!r}: max_entries must be at least 1")
        if max_bytes is not None and size_of is None:
            raise ValueError(f"cache {name!r}: a bound in bytes needs size_of")
        self.name, self.key, self.max_entries, self.max_bytes = name, key, max_entries, max_bytes
        self._size_of = size_of
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found[0]
            self.misses += 1
        value = compute()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: V) -> None:
        size = self._size_of(value) if self._size_of is not None else 0
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if self.max_bytes is not None and size > self.max_bytes:
                return  # larger than the whole bound: keeping it would evict everything else for one entry
            self._entries[key] = (value, size)
            self._bytes += size
            while len(self._entries) > self.max_entries or (self.max_bytes is not None and self._bytes > self.max_bytes):
                _, (_, evicted) = self._entries.popitem(last=False)
                self._bytes -= evicted

    def discard(self, key: Hashable) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]

    def discard_where(self, doomed: Callable[[Hashable], bool]) -> int:
        """Drop every entry whose key `doomed` says so (say, the entries derived from a dataset that was freed);
        returns how many went."""
        with self._lock:
            keys = [key for key in self._entries if doomed(key)]
            for key in keys:
                self._bytes -= self._entries.pop(key)[1]
            return len(keys)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(self.name, self.key, len(self._entries), self.max_entries, self._bytes, self.max_bytes, self.hits, self.misses)


#: Past this many items a list's or a dict's size is estimated from an even sample of its items (a report of a million
#: problems is measured in milliseconds, not seconds).
_SAMPLED_ITEMS = 1000


def size_of(value: Any) -> int:
    """An estimate of the memory `value` holds, for a cache bounded in bytes: a frame's or an array's buffers as they
    are stored (Arrow-backed text columns by their buffers, Python objects one by one), and dataclasses, pydantic
    models, lists, tuples and dicts with what they hold. What a weak reference points to is not counted: it is not kept
    alive by the entry. An object met twice is counted once."""
    return _size_of(value, set())


def _size_of(value: Any, seen: set[int]) -> int:
    if value is None or isinstance(value, (bool, int, float, str, bytes, bytearray, weakref.ref)):
        return sys.getsizeof(value)
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum())
    if isinstance(value, (pd.Series, pd.Index)):
        return int(value.memory_usage(deep=True))
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if isinstance(value, dict):
        return sys.getsizeof(value) + _sampled([*value.keys(), *value.values()], seen)
    if isinstance(value, (list, tuple, set, frozenset)):
        return sys.getsizeof(value) + _sampled(list(value), seen)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sys.getsizeof(value) + sum(_size_of(getattr(value, f.name), seen) for f in dataclasses.fields(value))
    if isinstance(value, pydantic.BaseModel):
        return sys.getsizeof(value) + sum(_size_of(item, seen) for item in vars(value).values())
    nbytes = getattr(value, "nbytes", None)  # an Arrow array or table
    return int(nbytes) if isinstance(nbytes, int) else sys.getsizeof(value)


def _sampled(items: list[Any], seen: set[int]) -> int:
    if len(items) <= _SAMPLED_ITEMS:
        return sum(_size_of(item, seen) for item in items)
    step = len(items) / _SAMPLED_ITEMS
    sample = [items[int(i * step)] for i in range(_SAMPLED_ITEMS)]
    return int(sum(_size_of(item, seen) for item in sample) * len(items) / _SAMPLED_ITEMS)


CACHES: dict[str, NamedCache[Any]] = {}


def named_cache(name: str, *, key: str, max_entries: int, max_bytes: int | None = None, size_of: Callable[[Any], int] | None = None) -> NamedCache[Any]:
    """Create and register the cache `name`.

    Registering a name again with the same key and bounds returns the registered cache: Streamlit re-imports a module
    whose file changed, and its cache must survive that. The same name with another key or bound is a bug.
    """
    if name in CACHES:
        existing = CACHES[name]
        if (existing.key, existing.max_entries, existing.max_bytes) != (key, max_entries, max_bytes):
            raise ValueError(f"a cache named {name!r} exists already, with another key or bound")
        return existing
    cache: NamedCache[Any] = NamedCache(name, key=key, max_entries=max_entries, max_bytes=max_bytes, size_of=size_of)
    CACHES[name] = cache
    return cache


def report() -> list[CacheInfo]:
    return [cache.info() for cache in CACHES.values()]


def clear_all() -> None:
    for cache in CACHES.values():
        cache.clear()
