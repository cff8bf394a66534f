"""Conflicts are data, not errors: claims about the same thing that disagree are listed side by side."""

from __future__ import annotations

import pytest

from econ_ties.checks.dataset import load_dataset
from tests.checks.rules.examples import load, trade


def test_claims_from_different_sources_may_disagree(tmp_path):
    # A conflict is data, not an error.
    rows = [trade("a", "trade_turnover", "2.6"), trade("b", "trade_turnover", "2.9")]
    rows[1]["reporting_side"] = "RUS"
    dataset, report = load(tmp_path, rows)
    assert report.errors == []
    assert len(dataset.conflicts()) == 2


def test_the_two_sides_of_a_mirror_are_compared(tmp_path):
    # Azerbaijan states its turnover with Russia, Russia its turnover with Azerbaijan: one figure, two statements.
    # Azerbaijan's exports to Russia are Russia's imports from Azerbaijan.
    rows = [
        trade("az-turnover", "trade_turnover", "2.6"),
        trade("ru-turnover", "trade_turnover", "2.9", country="RUS", counterpart="AZE", reporting_side="RUS"),
        trade("az-exports", "exports", "0.8"),
        trade("ru-imports", "imports", "0.9", country="RUS", counterpart="AZE", reporting_side="RUS"),
        trade("ru-exports", "exports", "2.0", country="RUS", counterpart="AZE", reporting_side="RUS"),
    ]
    dataset, report = load(tmp_path, rows)
    assert report.errors == []
    conflicts = dataset.conflicts()
    groups = conflicts.groupby("conflict")["claim_id"].agg(frozenset)
    assert set(groups) == {frozenset({"az-turnover", "ru-turnover"}), frozenset({"az-exports", "ru-imports"})}
    turnover = conflicts[conflicts["claim_id"] == "ru-turnover"].iloc[0]
    assert turnover["gap_pct"] == pytest.approx((2.9 - 2.6) / 2.6 * 100)
    # The rows are the claims as stated: read across the mirror, never rewritten.
    assert (turnover["country"], turnover["counterpart"]) == ("RUS", "AZE")


def test_a_balance_or_a_share_has_no_mirror_and_currencies_are_never_compared(tmp_path):
    rows = [
        trade("az-balance", "trade_balance", "1.0"),
        trade("ru-balance", "trade_balance", "2.0", country="RUS", counterpart="AZE", reporting_side="RUS"),
        trade("usd", "trade_turnover", "4.17", country="RUS", counterpart="AZE", reporting_side="RUS"),
        trade("rub", "trade_turnover", "300", country="RUS", counterpart="AZE", reporting_side="RUS", currency="RUB"),
    ]
    dataset, report = load(tmp_path, rows)
    assert report.errors == []
    assert dataset.conflicts().empty


def test_the_curated_years_both_sides_disagree_on_are_conflicts():
    from tests.conftest import DATA_DIR

    dataset, _ = load_dataset(DATA_DIR)
    conflicts = dataset.conflicts()
    turnover = conflicts[
        (conflicts["indicator"] == "trade_turnover") & conflicts["country"].isin(["AZE", "RUS"]) & conflicts["counterpart"].isin(["AZE", "RUS"])
    ]
    for year, amounts in {"2014": {1.96e9, 4.0e9}, "2021": {2.9e9, 3.0e9, 3.4e9}}.items():
        group = turnover[turnover["period"] == year]
        assert set(group["reporting_side"]) == {"AZE", "RUS"}, year
        assert amounts <= set(group["amount"]), year
        assert group["conflict"].nunique() == 1, year
    # 2014: Russian customs' $4 bn is 104% above the State Customs Committee's $1.96 bn.
    assert turnover.loc[turnover["period"] == "2014", "gap_pct"].iloc[0] == pytest.approx((4.0 - 1.96) / 1.96 * 100)


def _conflicts_group_by_group(frame):
    """The reference: conflicts found one pandas group at a time (how `find_conflicts` worked before it went
    column-wise; a million claims in hundreds of thousands of groups took minutes), each mirrored flow written one way
    round in plain Python."""
    import numpy as np
    import pandas as pd

    from econ_ties.checks.rules.conflicts import CONFLICT_KEY, MIRRORED

    stated = frame[frame["amount"].notna()]
    subject = stated[CONFLICT_KEY].astype(object).copy()
    turned = [
        (MIRRORED[i], b, a) if i in MIRRORED and a > b else (i, a, b)
        for i, a, b in zip(subject["indicator"], subject["country"], subject["counterpart"], strict=True)
    ]
    subject[["indicator", "country", "counterpart"]] = turned if turned else None
    groups = []
    for key, rows in subject.groupby(CONFLICT_KEY, sort=False):
        group = stated.loc[rows.index]
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
