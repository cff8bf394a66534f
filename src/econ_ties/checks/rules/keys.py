"""The keys the cross-row rules group claims by, as integer codes computed once and shared by every rule.

Grouping a million rows by six text columns with pandas is slow; hashing each column once into integers and combining
them is not. `KeyCodes` holds the codes of one claims frame's columns and of the combinations the rules group by (a
statement, a subject, a trade group), numbered in order of first appearance, so "is this the first row with this key"
is a running maximum. The renumbering helpers below do that with lookup tables instead of hashing where they can.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from econ_ties.checks.rules.sums import rounding
from econ_ties.checks.text_columns import text_codes

STATEMENT_KEY = ["source_id", "indicator", "country", "counterpart", "period", "reporting_side"]
SUBJECT_KEY = ["indicator", "country", "counterpart", "sector", "period"]
#: Two rows state the same claim when these and the value are equal.
SAME_STATEMENT_KEY = [*SUBJECT_KEY, "source_id", "reporting_side", "qualifier"]
#: The key columns every cross-row rule shares: each rule's key extends this one (see `KeyCodes.key`).
BASE_KEY = ["source_id", "country", "counterpart", "period", "reporting_side"]
#: The turnover rule's groups: exports, imports and turnover of one source, pair, sector, period and side.
TRADE_KEY = ["source_id", "country", "counterpart", "sector", "period", "reporting_side"]


class KeyCodes:
    """Integer codes for the columns of one claims frame, computed once and shared by the rules.

    Grouping a million rows by six text columns with pandas is slow; hashing each column once into integers and
    combining them is not. Codes are numbered in order of first appearance, so "is this the first row with this key"
    is a running maximum.
    """

    def __init__(self, frame: pd.DataFrame, known: dict[str, np.ndarray] | None = None, keys: dict[tuple[str, ...], np.ndarray] | None = None):
        """`known` holds codes already computed for some columns (any numbering; claim_id's must be by first appearance),
        `keys` codes already computed for some combinations (any numbering)."""
        self.frame = frame
        self._columns: dict[str, np.ndarray] = dict(known or {})
        self._keys: dict[tuple[str, ...], np.ndarray] = dict(keys or {})
        self._rounding: np.ndarray | None = None

    def prefetch(self, names: Iterable[str]) -> None:
        """Code several columns at once on two threads (the hashing runs in Arrow/pandas C code without the GIL)."""
        todo = [n for n in dict.fromkeys(names) if n not in self._columns]
        if len(self.frame) < 100_000 or len(todo) < 2:
            return
        with ThreadPoolExecutor(max_workers=2) as pool:
            for name, codes in zip(todo, pool.map(self._codes, todo), strict=True):
                self._columns[name] = codes

    def _codes(self, name: str) -> np.ndarray:
        column = self.frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):  # a coded column: its codes are free
            return column.cat.codes.to_numpy().astype(np.int64)
        if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
            # Arrow-backed text: Arrow's hash of the bytes (much faster than hashing Python-visible strings).
            return text_codes(column.array.__arrow_array__())
        return pd.factorize(column, use_na_sentinel=False)[0].astype(np.int64)

    @property
    def rounding(self) -> np.ndarray:
        if self._rounding is None:
            self._rounding = rounding(self.frame)
        return self._rounding

    @property
    def keys(self) -> dict[tuple[str, ...], np.ndarray]:
        return dict(self._keys)

    def column(self, name: str) -> np.ndarray:
        if name not in self._columns:
            self._columns[name] = self._codes(name)
        return self._columns[name]

    def key(self, names: Iterable[str]) -> np.ndarray:
        """Codes of the combination of `names`, numbered in order of first appearance.

        Built on the largest key already computed whose columns are among `names` (the rules share most of their key
        columns), and kept small: when the combined range would outgrow a lookup table, it is renumbered first.
        """
        names = tuple(names)
        if names not in self._keys:
            wanted = set(names)
            base = max((k for k in self._keys if set(k) <= wanted), key=len, default=())
            combined = self._keys[base].astype(np.int64) if base else np.zeros(len(self.frame), dtype=np.int64)
            radix = int(combined.max()) + 1 if len(combined) else 1
            for name in (n for n in names if n not in base):
                codes = self.column(name)
                size = int(codes.max()) + 1 if len(codes) else 1
                if radix * size > dense_table_limit(len(combined)):
                    combined = dense_codes(combined, radix).astype(np.int64)
                    radix = int(combined.max()) + 1 if len(combined) else 1
                combined = combined * size + codes
                radix *= size
            self._keys[names] = dense_codes(combined, radix)
        return self._keys[names]


def dense_table_limit(rows: int) -> int:
    """Up to this range, codes are renumbered with lookup tables (cheaper than hashing a million integers)."""
    return max(4 * rows, 1 << 16)


def dense_codes(codes: np.ndarray, size: int) -> np.ndarray:
    """The same grouping as `codes` (integers in [0, size)) numbered 0, 1, … in order of first appearance, as int32
    (there are never more codes than rows; callers widen before combining)."""
    n = len(codes)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    if size > dense_table_limit(n):
        return pd.factorize(codes)[0].astype(np.int32)
    first = first_rows_of(codes, size)
    present = np.flatnonzero(first < n)
    renumber = np.empty(size, dtype=np.int32)
    renumber[present[np.argsort(first[present], kind="stable")]] = np.arange(len(present), dtype=np.int32)
    return renumber[codes]


def first_rows_of(codes: np.ndarray, size: int) -> np.ndarray:
    """For codes in [0, size): the first row holding each code (len(codes) for codes that do not occur).

    Written back to front, so that for a code on several rows the last write, the first row, stays (numpy assigns
    repeated indices in order; `tests/checks/test_fast_paths.py` holds this against pandas)."""
    n = len(codes)
    kind = np.int32 if n < 2**31 - 1 else np.int64
    first = np.full(size, n, dtype=kind)
    first[codes[::-1]] = np.arange(n - 1, -1, -1, dtype=kind)
    return first


def first_of_each(codes: np.ndarray) -> np.ndarray:
    """True on the first row of each code (any numbering of non-negative integers)."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    size = int(codes.max()) + 1
    if size > dense_table_limit(len(codes)):
        return ~pd.Series(codes).duplicated().to_numpy()
    return first_rows_of(codes, size)[codes] == np.arange(len(codes))


def first_occurrences(codes: np.ndarray) -> np.ndarray:
    """True where a code (numbered in order of first appearance) appears for the first time."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    running = np.maximum.accumulate(codes)
    return np.concatenate(([True], codes[1:] > running[:-1]))


def rule_keys(columns: dict[str, np.ndarray], rows: int) -> dict[tuple[str, ...], np.ndarray]:
    """Every rule's key from integer codes of its columns (as an upload's coded columns give them), for all `rows`."""
    codes = KeyCodes(pd.DataFrame(index=pd.RangeIndex(rows)), columns)
    for names in (BASE_KEY, STATEMENT_KEY, TRADE_KEY, SAME_STATEMENT_KEY):
        codes.key(names)
    return codes.keys
