"""The typed claims frame: what it holds of a claim's numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.checks.rules.examples import investment, load


@pytest.mark.parametrize("qualifier", ["at_least", "at_most"])
def test_bounds_have_no_exact_amount_in_the_frame(tmp_path, qualifier):
    dataset, _ = load(tmp_path, [investment("t", "total", "1.2", qualifier)])
    row = dataset.claims.iloc[0]
    assert row["exact_amount"] != row["exact_amount"]
    assert (row["lower"] == 1.2e9) == (qualifier == "at_least")
    assert (row["upper"] == 1.2e9) == (qualifier == "at_most")


@pytest.mark.parametrize("dtype", ["str", "category", object])
def test_period_labels_are_in_the_language_once_per_distinct_period_and_other_text_shows_as_it_is(dtype) -> None:
    from econ_ties.checks.claims_frame import period_labels
    from econ_ties.language import using

    periods = pd.Series(["2021Q4", "not a period", "2021Q4", None, "as of 2022-02-21"], index=[5, 6, 7, 8, 9]).astype(dtype)
    with using("ru"):
        labels = period_labels(periods)
    assert list(labels.index) == [5, 6, 7, 8, 9]
    assert list(labels) == ["IV кв. 2021", "not a period", "IV кв. 2021", "", "по состоянию на 21 февр. 2022"]
    assert period_labels(periods).iloc[0] == "Q4 2021"  # English outside `using`
