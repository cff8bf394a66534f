"""Which rows of a column of mostly distinct texts (claim ids) repeat a text, without hashing a million texts.

`repeated_texts` fingerprints every cell from its length and its first and last 8 bytes, sorts the fingerprints to
find those seen twice, and compares the texts of those few rows exactly. `codes_by_first_appearance` turns its answer
into the integer codes the cross-row rules use for claim ids.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from econ_ties.checks.text_columns import chunks_of, text_buffers, text_codes

_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2**64 - 1], dtype=np.uint64)


def _fingerprints(chunk: pa.Array) -> np.ndarray | None:
    """A 64-bit number per cell from its length and its first and last 8 bytes: equal texts get equal numbers, and
    unequal texts rarely share one (every use compares the texts themselves). Two unaligned 8-byte loads per cell with
    numpy, several times cheaper than hashing every byte. None for chunks that are not plain text without nulls."""
    parts = text_buffers(chunk)
    if parts is None:
        return None
    offsets, data = parts
    base, stop = int(offsets[0]), int(offsets[-1])
    padded = np.zeros(stop - base + 16, dtype=np.uint8)
    padded[8 : 8 + stop - base] = data[base:stop]
    words = np.ndarray(shape=(len(padded) - 7,), dtype=np.uint64, buffer=padded, strides=(1,))  # word k = bytes k..k+7
    start, end = offsets[:-1] - base + 8, offsets[1:] - base + 8
    length = end - start
    head = words[start] & _LOW_BYTES[np.minimum(length, 8)]
    tail = np.where(length > 8, words[end - 8], np.uint64(0))
    with np.errstate(over="ignore"):
        return (head * np.uint64(0x9E3779B97F4A7C15)) ^ (tail * np.uint64(0xC2B2AE3D27D4EB4F)) ^ (length.astype(np.uint64) * np.uint64(0x165667B19E3779F9))


def repeated_texts(values: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """The rows whose text is also on another row (ascending), each with a label that equal texts share.

    For a column of mostly distinct texts (claim ids): fingerprints, one sort to find the fingerprints seen twice, then
    the texts of those few rows compared exactly — about a quarter of the cost of hashing a million texts."""
    maybe_prints = [_fingerprints(chunk) for chunk in chunks_of(values)]
    prints = [p for p in maybe_prints if p is not None]
    if len(prints) < len(maybe_prints):
        codes = text_codes(values)
        rows = np.flatnonzero(np.bincount(codes)[codes] > 1) if len(codes) else np.zeros(0, dtype=np.int64)
        return rows, codes[rows]
    fingerprints = np.concatenate(prints) if prints else np.zeros(0, dtype=np.uint64)
    ordered = np.sort(fingerprints)
    seen_twice = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if len(seen_twice) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    candidates = np.flatnonzero(pd.Series(fingerprints).isin(seen_twice).to_numpy())
    labels: dict[str, int] = {}
    label = np.array([labels.setdefault(t, len(labels)) for t in values.take(pa.array(candidates)).to_pylist()], dtype=np.int64)
    repeated = np.bincount(label)[label] > 1
    return candidates[repeated], label[repeated]


def codes_by_first_appearance(count: int, rows: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Codes numbered in order of first appearance for `count` rows, where only `rows` (ascending) share texts
    (grouped by `labels`) and every other row's text is its own."""
    first = np.arange(count, dtype=np.int64)
    if len(rows):
        order = np.argsort(labels, kind="stable")  # rows of one label together, ascending within it
        grouped = labels[order]
        starts = np.concatenate(([True], grouped[1:] != grouped[:-1]))
        first_of_label = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
        first[rows[order]] = rows[order][first_of_label]
    is_first = first == np.arange(count)
    return (np.cumsum(is_first) - 1)[first]
