"""The views' memo: what a view derives from one dataset (its claims with their sources, the table, the choices, the
summary) kept between reruns in the named cache `views`, so a rerun of a page does not work it out again.

An entry is keyed by the dataset's token, the language it was derived in (`language.current()`: a summary, a choice's
label or a table of formatted figures reads differently in Russian) and the name of what was derived. A value with no
words or formatted numbers in it may be memoised with `every_language=True`, so a language switch does not hold it
three times over; the claims frame is not such a value (each source's attribution ends with a date in words). The token is a number handed out once per
Dataset object and never again: an object's `id()` is reused once it is freed, so a key built on it could serve one
dataset's frames for another. A content hash would let equal datasets share entries, but it reads every row (seconds
for a million claims) where the token costs nothing. A token is forgotten when its dataset is freed, and the entries
keyed by it leave the cache at the next `memoised` call (or `forget_freed_datasets`): an upload's preview dataset,
dropped by the Upload page's caches, must not stay here as hundreds of megabytes of frames nobody can ask for again.
No entry holds its dataset: values are frames and lists derived from it, and the key holds only the token. The cache
is bounded in entries and, since a large revision's frames weigh hundreds of megabytes, in bytes
(`econ_ties.caches.size_of`).
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import deque
from collections.abc import Callable, Hashable
from typing import TypeVar

from econ_ties.caches import named_cache, size_of
from econ_ties.checks.dataset import Dataset
from econ_ties.language import current

T = TypeVar("T")

#: Entries: each page run asks for a few derived frames and choices per dataset; a few datasets are live at once (the
#: published revision, an upload's preview, an older revision in the history).
MEMO_MAX_ENTRIES = 256
#: Bytes: the frames of a million-claim revision fit, with room for an upload's preview beside them. Measured on 250,000
#: claims (the curated ones repeated): claims with sources 207 MiB, the table 128 MiB, its search text and the trade
#: subset the rest of 403 MiB; four times that for a million.
MEMO_MAX_BYTES = 3 * 1024**3


MEMO = named_cache("views", key="(dataset token, language or None, what was derived)", max_entries=MEMO_MAX_ENTRIES, max_bytes=MEMO_MAX_BYTES, size_of=size_of)

_tokens: dict[int, tuple[weakref.ref[Dataset], int]] = {}
_next_token = itertools.count(1)
# Reentrant: a dataset freed by a garbage collection that runs while this thread holds the lock calls `_forget`.
_tokens_lock = threading.RLock()
#: tokens of freed datasets whose entries are still to be dropped. The weak reference's callback only appends here (a
#: deque's append is atomic): it may run inside a garbage collection while this thread holds MEMO's lock.
_freed: deque[int] = deque()


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
    _freed.append(token)


def forget_freed_datasets() -> int:
    """Drop the entries derived from datasets that were freed since the last call; returns how many went."""
    tokens: set[int] = set()
    while _freed:
        tokens.add(_freed.popleft())
    if not tokens:
        return 0

    def of_a_freed_dataset(key: Hashable) -> bool:
        return isinstance(key, tuple) and key[0] in tokens

    return MEMO.discard_where(of_a_freed_dataset)


def memoised(dataset: Dataset, key: str, compute: Callable[[], T], *, every_language: bool = False) -> T:
    """`compute()` once per dataset, language and key; the value is shared, so callers treat it as read only.

    `every_language`: the value holds no text for people (a frame of the data as stored), so one entry serves every
    language. Anything with words or formatted numbers in it leaves this False."""
    forget_freed_datasets()
    value: T = MEMO.get_or_compute((dataset_token(dataset), None if every_language else current(), key), compute)
    return value
