"""Arrow text columns worked on column-wise: a million cells without a Python loop over them.

The checks read claims as Arrow text. This module holds what they share to stay cheap on a large upload: the raw
offsets and bytes of a column (`text_buffers`), so that whitespace at a cell's edges is found from its first and last
byte with numpy; dictionary-coded columns (`is_coded`, `dictionary_parts`, `decoded`), as an upload in our own format
reads its few-valued columns; integer codes of a column by Arrow's hashing (`text_codes`); and `DistinctValues`, which
lets a check run once per distinct text and spreads its answer over the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def raw_column(table: pa.Table, column: str) -> pa.ChunkedArray:
    """A column of the table as read; an optional column the file does not have as empty texts."""
    if column not in table.column_names:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.large_string()).fill_null("")])
    return table.column(column)


def as_numpy(array: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """An Arrow array as numpy (without a copy where Arrow allows one)."""
    return array.to_numpy(zero_copy_only=False)


def text_buffers(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """(offsets, bytes) of a string chunk without copying; None for other types or chunks with nulls."""
    if chunk.null_count or not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
        return None
    _, offsets_buffer, data_buffer = chunk.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64 if pa.types.is_large_string(chunk.type) else np.int32)
    offsets = offsets[chunk.offset : chunk.offset + len(chunk) + 1].astype(np.int64, copy=False)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, dtype=np.uint8)
    return offsets, data


def chunks_of(values: pa.ChunkedArray | pa.Array) -> list[pa.Array]:
    return list(values.chunks) if isinstance(values, pa.ChunkedArray) else [values]


def is_coded(values: pa.ChunkedArray | pa.Array) -> bool:
    """True for a dictionary-coded text column (see `reading.read_text_table`'s `coded_columns`)."""
    return pa.types.is_dictionary(values.type)


def dictionary_parts(values: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, np.ndarray]:
    """A coded column as (its dictionary, every row's index into it). The chunks must share one dictionary
    (the reader unifies them; filtering and taking keep it)."""
    chunks = chunks_of(values)
    if not chunks:
        return pa.array([], pa.string()), np.zeros(0, dtype=np.int64)
    dictionary = shared_dictionary(values)
    if dictionary is None:
        return dictionary_parts(pa.table({"v": values}).unify_dictionaries().column("v"))
    # int32 as read (a cast to int64 per use costs more than it saves): numpy indexes and bincounts with them as they are.
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks])
    return dictionary, codes


def shared_dictionary(values: pa.ChunkedArray | pa.Array) -> pa.Array | None:
    """The dictionary every chunk of a coded column shares (as the reader leaves them); None if the chunks differ."""
    chunks = chunks_of(values)
    dictionary = chunks[0].dictionary
    return dictionary if all(c.dictionary.equals(dictionary) for c in chunks[1:]) else None


def decoded(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """A coded column as plain text (unchanged when it is not coded)."""
    if not is_coded(values):
        return values
    return pa.chunked_array([c.dictionary.take(c.indices) for c in values.chunks], pa.string())


def rows_longer_than(values: pa.ChunkedArray, limit: int) -> np.ndarray:
    """The rows whose cell has more than `limit` bytes. A coded column looks at its distinct texts only, and a chunk of
    plain text whose bytes together are within the limit is skipped without looking at its cells."""
    if is_coded(values):
        shared = shared_dictionary(values) if chunks_of(values) else pa.array([], pa.string())
        if shared is not None and not (as_numpy(pc.binary_length(shared)) > limit).any():
            return np.zeros(0, dtype=np.int64)  # no distinct text is that long: no row is
        dictionary, codes = dictionary_parts(values)
        long_texts = as_numpy(pc.binary_length(dictionary)) > limit
        return np.flatnonzero(long_texts[codes])
    found, start = [], 0
    for chunk in chunks_of(values):
        parts = text_buffers(chunk)
        if parts is None or parts[0][-1] - parts[0][0] > limit:
            lengths = np.diff(parts[0]) if parts is not None else as_numpy(pc.binary_length(chunk))
            found.append(np.flatnonzero(lengths > limit) + start)
        start += len(chunk)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def text_codes(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Integer codes of a text column, numbered in order of first appearance: equal texts get equal codes.

    Arrow's hash table (one pass over the bytes, without the GIL, so it can run beside other work)."""
    if is_coded(values):
        values = decoded(values) if isinstance(values, pa.ChunkedArray) else values.dictionary.take(values.indices)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return as_numpy(pc.dictionary_encode(values).indices).astype(np.int64, copy=False)


def first_rows(codes: np.ndarray) -> np.ndarray:
    """For codes numbered in order of first appearance, the row where each code first appears."""
    if len(codes) == 0:
        return np.zeros(0, dtype=np.int64)
    running = np.maximum.accumulate(codes)
    return np.flatnonzero(np.concatenate(([True], codes[1:] > running[:-1])))


def edge_bytes(offsets: np.ndarray, data: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Length, first byte and last byte of every cell (0 for empty cells)."""
    length = np.diff(offsets)
    some = length > 0
    first = np.zeros(len(length), dtype=np.uint8)
    last = np.zeros(len(length), dtype=np.uint8)
    first[some] = data[offsets[:-1][some]]
    last[some] = data[offsets[1:][some] - 1]
    return length, first, last


_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True


def may_have_edge_space(values: pa.ChunkedArray) -> np.ndarray | None:
    """Rows that may start or end with whitespace (an ASCII space or any non-ASCII character); None if not plain text."""
    parts = [text_buffers(chunk) for chunk in chunks_of(values)]
    if any(p is None for p in parts):
        return None
    flags = []
    for offsets, data in parts:  # type: ignore[misc]
        _, first, last = edge_bytes(offsets, data)
        flags.append(_ASCII_SPACE[first] | _ASCII_SPACE[last] | (first >= 0x80) | (last >= 0x80))
    return np.concatenate(flags) if flags else np.zeros(0, dtype=bool)


def trimmed_if_needed(table: pa.Table, column: str) -> pa.ChunkedArray:
    """Trim only when some cell starts or ends with whitespace (looking at the end bytes is cheaper than trimming)."""
    values = raw_column(table, column)
    if len(values) == 0:
        return values
    maybe = may_have_edge_space(values)
    rows = np.flatnonzero(maybe) if maybe is not None else np.arange(len(values))
    if len(rows):
        picked = values.take(pa.array(rows))
        if pc.any(pc.not_equal(pc.utf8_trim_whitespace(picked), picked)).as_py():
            return pc.utf8_trim_whitespace(values)
    return values


class DistinctValues:
    """A text column as integer codes plus its distinct texts, so that checks run once per distinct text.

    A coded (dictionary) column already is that; any other column is hashed once."""

    def __init__(self, values: pa.ChunkedArray, *, used_only: bool = False):
        """`used_only`: a coded column's dictionary may hold texts of rows filtered out since; leave those out."""
        if is_coded(values):
            dictionary, self.codes = dictionary_parts(values)
            self.texts: list[str] = dictionary.to_pylist()
            if used_only and len(self.texts):
                used = np.bincount(self.codes, minlength=len(self.texts)) > 0
                if not used.all():
                    self.codes = (np.cumsum(used) - 1)[self.codes]
                    self.texts = [t for t, u in zip(self.texts, used.tolist(), strict=True) if u]
            return
        self.codes = text_codes(values)
        self.texts = values.take(pa.array(first_rows(self.codes))).to_pylist() if len(values) else []

    def spread(self, per_text: list[Any] | np.ndarray, dtype: Any = None) -> np.ndarray:
        """One value per distinct text → one value per row."""
        values = np.asarray(per_text, dtype=dtype)
        if values.dtype == bool and not values.any():  # the usual case of a check: no text fails, no pass over the rows
            return np.zeros(len(self.codes), dtype=bool)
        return values[self.codes] if len(self.codes) else np.zeros(0, dtype=dtype)

    def failing(self, is_ok: Callable[[str], bool]) -> np.ndarray:
        return self.spread([not is_ok(v) for v in self.texts], bool)

    def not_in(self, allowed: set[str] | frozenset[str]) -> np.ndarray:
        return self.spread([v not in allowed for v in self.texts], bool)

    def index_in(self, choices: list[str]) -> np.ndarray:
        """Position of each cell's text in `choices`; -1 when it is none of them."""
        return self.spread([choices.index(v) if v in choices else -1 for v in self.texts], np.int64)


def index_in(values: pa.ChunkedArray, choices: list[str]) -> np.ndarray:
    """Position of each cell's text in `choices`; -1 when it is none of them."""
    return DistinctValues(values).index_in(choices)
