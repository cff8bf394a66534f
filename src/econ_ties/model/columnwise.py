"""Work over columns of a million rows that would otherwise be done cell by cell in Python.

- `text_isin`: pandas' `Series.isin` on Arrow-backed `str` columns turns every one of the *choices* into an Arrow
  scalar in Python (about 5 s for a million choices), and `set(series)` walks every cell as a Python object. This hands
  both sides to Arrow's hash set instead, which answers in milliseconds; missing cells are never members.
- `per_distinct`: a Python function of a row (a formatted figure, a label) called once per distinct combination of
  the columns it reads, not once per row.

Both answer as the plain computation does (`tests/model/test_columnwise.py`, `tests/present/views/test_table.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def text_array(values: pd.Series | pd.Index | Iterable[str]) -> pa.Array | pa.ChunkedArray:
    """Text as an Arrow array: the Arrow data itself when pandas holds it in Arrow, else one conversion."""
    if isinstance(values, (pd.Series, pd.Index)):
        array = values.array
        if isinstance(array, pd.arrays.ArrowStringArray) or isinstance(getattr(array, "dtype", None), pd.ArrowDtype):
            return array.__arrow_array__()
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        return pa.array(np.asarray(values, dtype=object), pa.large_string(), from_pandas=True)
    return pa.array(list(values), pa.large_string(), from_pandas=True)


def text_isin(values: pd.Series | pd.Index, choices: pd.Series | pd.Index | Iterable[str]) -> np.ndarray:
    """`values.isin(choices)` for text columns, as a numpy mask (False for missing cells)."""
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    left, right = text_array(values), text_array(choices)
    if left.type != right.type:
        right = right.cast(left.type)
    found = pc.is_in(left, value_set=right.combine_chunks() if isinstance(right, pa.ChunkedArray) else right, skip_nulls=True)
    return found.fill_null(False).to_numpy(zero_copy_only=False).astype(bool, copy=False)


def per_distinct(frame: pd.DataFrame, columns: list[str], compute: Callable[[dict[str, Any]], Any]) -> np.ndarray:
    """`compute(row)` for every row, called once per distinct combination of `columns` (the texts of a million claims
    repeat: a few countries, sources, qualifiers, and far fewer distinct figures than claims). An object array."""
    if frame.empty:
        return np.array([], dtype=object)
    group = frame.groupby(columns, sort=False, dropna=False, observed=True).ngroup().to_numpy()
    _, first = np.unique(group, return_index=True)  # ngroup numbers groups in order of first appearance
    picked = frame[columns].iloc[first]
    values = [compute(dict(zip(columns, row, strict=True))) for row in zip(*(picked[c].tolist() for c in columns), strict=True)]
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out[group]
