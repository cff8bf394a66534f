"""The Over time view: a pair's conflicts are found among the pair's claims alone, and equal the pair's rows of all."""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import frames, over_time


def test_a_pair_s_conflicts_are_the_pair_s_rows_of_all_conflicts(dataset: Dataset) -> None:

    # The curated claims several times over with figures moved, so every pair has disagreements of its own.
    rng = np.random.default_rng(2)
    claims = pd.concat([dataset.claims] * 5, ignore_index=True)
    claims["claim_id"] = [f"p{i}" for i in range(len(claims))]
    claims["amount"] = claims["amount"] * rng.choice([1.0, 1.2], size=len(claims))
    for data in (dataset, Dataset(claims, dict(dataset.sources), list(dataset.events))):
        everything = data.with_sources(data.conflicts())
        pairs = set(zip(data.claims["country"], data.claims["counterpart"], strict=True))
        assert len(pairs) > 3
        compared = 0
        for a, b in pairs:
            expected = frames.pair_rows(everything, a, b).reset_index(drop=True)
            found = over_time.pair_conflicts(data, a, b).reset_index(drop=True)
            if expected.empty:
                assert found.empty
            else:
                pd.testing.assert_frame_equal(found, expected)
                compared += 1
        assert compared >= 1
