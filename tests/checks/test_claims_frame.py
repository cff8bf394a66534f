"""The typed claims frame: what it holds of a claim's numbers."""

from __future__ import annotations

import pytest

from tests.checks.rules.examples import investment, load


@pytest.mark.parametrize("qualifier", ["at_least", "at_most"])
def test_bounds_have_no_exact_amount_in_the_frame(tmp_path, qualifier):
    dataset, _ = load(tmp_path, [investment("t", "total", "1.2", qualifier)])
    row = dataset.claims.iloc[0]
    assert row["exact_amount"] != row["exact_amount"]
    assert (row["lower"] == 1.2e9) == (qualifier == "at_least")
    assert (row["upper"] == 1.2e9) == (qualifier == "at_most")
