"""Membership tests on text columns of a million rows.

pandas' `Series.isin` on Arrow-backed `str` columns turns every one of the *choices* into an Arrow scalar in Python
(about 5 s for a million choices), and `set(series)` walks every cell as a Python object. These helpers hand both
sides to Arrow's hash set instead, which answers in milliseconds. The answers are the same as pandas' for text
(`tests/test_membership.py`); missing cells are never members.
"""

from __future__ import annotations

from collections.abc import Iterable

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
