"""`text_isin` answers as pandas' isin does for text columns, whatever pandas holds the text in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from econ_ties.model.columnwise import text_isin

TEXTS = ["AZE", "RUS", "", "Türkiye", "c1", "AZE", None, "x" * 300]
CHOICES = ["RUS", "", "Türkiye", "nope", None, "RUS"]


@pytest.mark.parametrize("dtype", ["str", "object", "category"])
@pytest.mark.parametrize("kind", ["series", "index", "set", "list"])
def test_text_isin_answers_as_pandas_does(dtype, kind):
    values = pd.Series(TEXTS, dtype=dtype)
    choices_series = pd.Series(CHOICES, dtype="str")
    choices = {
        "series": choices_series,
        "index": pd.Index(choices_series),
        "set": {c for c in CHOICES if c is not None},
        "list": [c for c in CHOICES if c is not None],
    }[kind]
    expected = values.isin(choices if kind != "set" else list(choices)).to_numpy() & values.notna().to_numpy()
    assert text_isin(values, choices).tolist() == expected.tolist()


def test_text_isin_on_a_million_ids_matches_pandas():
    rng = np.random.default_rng(3)
    ids = pd.Series([f"c{i}" for i in rng.integers(0, 2_000_000, size=200_000)], dtype="str")
    choices = pd.Series([f"c{i}" for i in range(0, 2_000_000, 3)], dtype="str")
    assert np.array_equal(text_isin(ids, choices), ids.isin(set(choices)).to_numpy())


def test_text_isin_of_nothing():
    assert text_isin(pd.Series([], dtype="str"), ["a"]).tolist() == []
    assert text_isin(pd.Series(["a"], dtype="str"), []).tolist() == [False]
