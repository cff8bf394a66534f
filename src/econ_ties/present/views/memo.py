"""The views' memo: what a view derives from one dataset (its claims with their sources, the table, the choices, the
summary) kept between reruns in the named cache `views`, so a rerun of a page does not work it out again.

An entry is keyed by the dataset's token and the name of what was derived. The token is a number handed out once per
Dataset object and never again: an object's `id()` is reused once it is freed, so a key built on it could serve one
dataset's frames for another. A content hash would let equal datasets share entries, but it reads every row (seconds
for a million claims) where the token costs nothing. A token is forgotten when its dataset is freed; the entries keyed
by it are then never asked for again, and go first as the least recently used. The cache is bounded in entries and,
since a large revision's frames weigh hundreds of megabytes, in bytes (`size_of`).
"""

from __future__ import annotations

import itertools
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

from econ_ties.caches import named_cache
from econ_ties.checks.dataset import Dataset

T = TypeVar("T")

#: Entries: each page run asks for a few derived frames and choices per dataset; a few datasets are live at once (the
#: published revision, an upload's preview, an older revision in the history).
MEMO_MAX_ENTRIES = 256
#: Bytes: the frames of a million-claim revision fit, with room for an upload's preview beside them. Measured on 250,000
#: claims (the curated ones repeated): claims with sources 207 MiB, the table 128 MiB, its search text and the trade
#: subset the rest of 403 MiB; four times that for a million.
MEMO_MAX_BYTES = 3 * 1024**3


def size_of(value: Any) -> int:
    """An estimate of the memory a memoised value holds: a frame's columns as they are stored, other values shallowly
    (lists and tuples with their items)."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=False).sum())
    if isinstance(value, pd.Series):
        return int(value.memory_usage(index=True, deep=False))
    if isinstance(value, (list, tuple)):
        return sys.getsizeof(value) + sum(size_of(item) for item in value)
    return sys.getsizeof(value)


MEMO = named_cache("views", key="(dataset token, what was derived)", max_entries=MEMO_MAX_ENTRIES, max_bytes=MEMO_MAX_BYTES, size_of=size_of)

_tokens: dict[int, tuple[weakref.ref[Dataset], int]] = {}
_next_token = itertools.count(1)
_tokens_lock = threading.Lock()


def dataset_token(dataset: Dataset) -> int:
    """The dataset's token: the same for the life of the object, never handed to another object."""
    with _tokens_lock:
        found = _tokens.get(id(dataset))
        if found is not None and found[0]() is dataset:
            return found[1]
        token = next(_next_token)
        address = id(dataset)
        _tokens[address] = (weakref.ref(dataset, lambda _ref: _forget(address, token)), token)
        return token


def _forget(address: int, token: int) -> None:
    with _tokens_lock:
        found = _tokens.get(address)
        if found is not None and found[1] == token:  # a newer object at the same address keeps its own token
            del _tokens[address]


def memoised(dataset: Dataset, key: str, compute: Callable[[], T]) -> T:
    """`compute()` once per dataset and key; the value is shared, so callers treat it as read only."""
    value: T = MEMO.get_or_compute((dataset_token(dataset), key), compute)
    return value
