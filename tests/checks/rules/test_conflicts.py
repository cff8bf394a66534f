"""Conflicts are data, not errors: claims about the same thing that disagree are listed side by side."""

from __future__ import annotations

from econ_ties.checks.dataset import load_dataset
from tests.checks.rules.examples import load, trade


def test_claims_from_different_sources_may_disagree(tmp_path):
    # A conflict is data, not an error.
    rows = [trade("a", "trade_turnover", "2.6"), trade("b", "trade_turnover", "2.9")]
    rows[1]["reporting_side"] = "RUS"
    dataset, report = load(tmp_path, rows)
    assert report.errors == []
    assert len(dataset.conflicts()) == 2


def _conflicts_group_by_group(frame):
    """The reference: conflicts found one pandas group at a time (how `find_conflicts` worked before it went
    column-wise; a million claims in hundreds of thousands of groups took minutes)."""
    import numpy as np
    import pandas as pd

    from econ_ties.checks.rules.keys import SUBJECT_KEY

    stated = frame[frame["amount"].notna()]
    groups = []
    for key, group in stated.groupby(SUBJECT_KEY, sort=False):
        if len(group) < 2 or group["amount"].nunique() < 2:
            continue
        low, high = group["amount"].min(), group["amount"].max()
        groups.append(group.assign(conflict="|".join(str(k) for k in key), gap_pct=np.nan if low == 0 else (high - low) / low * 100))
    return pd.concat(groups, ignore_index=True) if groups else pd.DataFrame(columns=[*frame.columns, "conflict", "gap_pct"])


def test_conflicts_column_wise_are_the_conflicts_group_by_group():
    import numpy as np
    import pandas as pd

    from econ_ties.checks.rules.conflicts import find_conflicts
    from tests.conftest import DATA_DIR

    curated = load_dataset(DATA_DIR)[0].claims
    frames = [curated, curated.iloc[::-1].reset_index(drop=True)]
    # The curated claims many times over, with figures moved, a zero, and unstated amounts: more groups, more conflicts.
    rng = np.random.default_rng(5)
    many = pd.concat([curated] * 40, ignore_index=True)
    many["claim_id"] = [f"m{i}" for i in range(len(many))]
    moved = rng.random(len(many)) < 0.2
    many.loc[moved, "amount"] = many.loc[moved, "amount"] * rng.choice([0.5, 2.0, 0.0], size=int(moved.sum()))
    many.loc[rng.random(len(many)) < 0.05, "amount"] = np.nan
    many.loc[rng.random(len(many)) < 0.3, "period"] = "2019"
    frames.append(many)
    for frame in frames:
        expected = _conflicts_group_by_group(frame)
        found = find_conflicts(frame)
        assert len(expected) > 0
        pd.testing.assert_frame_equal(found, expected)
