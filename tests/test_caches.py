"""The named caches: bounded in entries and bytes, least recently used out first, one at a time."""

from __future__ import annotations

import threading

import pytest

from econ_ties.caches import CACHES, NamedCache, named_cache


def test_the_least_recently_used_entry_goes_first_and_only_it() -> None:
    cache: NamedCache[int] = NamedCache("t", key="a letter", max_entries=3)
    for letter, value in zip("abc", range(3), strict=True):
        cache.put(letter, value)
    assert cache.get("a") == 0  # a is now the most recently used
    cache.put("d", 3)
    assert "b" not in cache
    assert [k for k in "acd" if k in cache] == ["a", "c", "d"]


def test_a_bound_in_bytes_evicts_until_the_rest_fits() -> None:
    cache: NamedCache[bytes] = NamedCache("t", key="name", max_entries=100, max_bytes=10, size_of=len)
    cache.put("x", b"1234")
    cache.put("y", b"1234")
    cache.put("z", b"1234")  # 12 bytes: x goes
    assert "x" not in cache and "y" in cache and "z" in cache
    assert cache.info().bytes == 8
    cache.put("huge", b"x" * 11)  # over the whole bound: not kept, and nothing else is evicted for it
    assert "huge" not in cache and len(cache) == 2


def test_get_or_compute_computes_once_per_key() -> None:
    calls: list[str] = []
    cache: NamedCache[str] = NamedCache("t", key="word", max_entries=2)

    def compute(word: str) -> str:
        calls.append(word)
        return word.upper()

    assert cache.get_or_compute("a", lambda: compute("a")) == "A"
    assert cache.get_or_compute("a", lambda: compute("a")) == "A"
    assert calls == ["a"]
    assert (cache.info().hits, cache.info().misses) == (1, 1)


def test_threads_never_push_a_cache_over_its_bound() -> None:
    cache: NamedCache[int] = NamedCache("t", key="number", max_entries=5)

    def fill(start: int) -> None:
        for n in range(start, start + 500):
            cache.get_or_compute(n % 37, lambda n=n: n)

    threads = [threading.Thread(target=fill, args=(i * 500,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) <= 5


def test_a_name_stands_for_one_cache() -> None:
    name = "test-registered-once"
    try:
        first = named_cache(name, key="k", max_entries=1)
        assert named_cache(name, key="k", max_entries=1) is first  # a module imported again keeps its cache
        with pytest.raises(ValueError, match="exists already"):
            named_cache(name, key="k", max_entries=2)
    finally:
        CACHES.pop(name, None)
