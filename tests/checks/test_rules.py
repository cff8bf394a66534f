"""Rules across rows: parts add up, 'majority' agrees with the parts, turnover = exports + imports, sources exist,
no claim twice. Each rule has a case that passes and one that fails, checked through the real loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from tests.conftest import write_rows

CLAIM_HEADER = [
    "claim_id", "indicator", "country", "counterpart", "roles", "sector", "period", "measure", "value", "currency",
    "scale", "qualifier", "reporting_side", "source_id", "quote", "uncertain", "notes",
]  # fmt: skip
SOURCE_HEADER = ["source_id", "publisher", "title", "url", "date_published", "author", "speaker", "speaker_role", "language", "notes"]
EVENT_HEADER = ["event_id", "date", "title", "description", "parties", "source_id"]


def investment(claim_id: str, sector: str, value: str, qualifier: str = "exact", **extra: str) -> dict[str, str]:
    row = {
        "claim_id": claim_id, "indicator": "investment_stock", "country": "RUS", "counterpart": "AZE", "roles": "investor/host",
        "sector": sector, "period": "as of 2022-02", "measure": "stock", "value": value, "currency": "USD", "scale": "billion",
        "qualifier": qualifier, "reporting_side": "AZE", "source_id": "src", "quote": "A sentence.", "uncertain": "false", "notes": "",
    }  # fmt: skip
    row.update(extra)
    return row


def trade(claim_id: str, indicator: str, value: str, scale: str = "billion") -> dict[str, str]:
    return investment(
        claim_id, "total", value, indicator=indicator, country="AZE", counterpart="RUS", roles="reporter/partner",
        period="2021-01/2021-11", measure="flow", scale=scale,
    )  # fmt: skip


def load(tmp_path: Path, claims: list[dict[str, str]]):
    write_rows(tmp_path / "figures.csv", CLAIM_HEADER, claims)
    source = {"source_id": "src", "publisher": "Azernews", "title": "T", "url": "https://example.org/a", "date_published": "2022-02-21"}
    write_rows(tmp_path / "sources.csv", SOURCE_HEADER, [source])
    event = {"event_id": "e", "date": "2022-02-22", "title": "Declaration", "description": "", "parties": "AZE;RUS", "source_id": "src"}
    write_rows(tmp_path / "events.csv", EVENT_HEADER, [event])
    return load_dataset(tmp_path)


def codes(report) -> list[tuple[str, int | None, str]]:
    return [(p.code, p.row, p.column) for p in report.errors]


def test_parts_that_add_up_pass(tmp_path):
    _, report = load(tmp_path, [investment("t", "total", "6.3"), investment("o", "oil", "5.0"), investment("n", "non_oil", "1.3")])
    assert report.errors == []


def test_parts_that_do_not_add_up_fail(tmp_path):
    _, report = load(tmp_path, [investment("t", "total", "6.3"), investment("o", "oil", "5.0"), investment("n", "non_oil", "1.0")])
    assert codes(report) == [("parts-mismatch", 2, "value")]
    assert "$6.3B" in report.errors[0].message and "non-oil $1.0B" in report.errors[0].message


def test_whole_number_parts_allow_their_rounding(tmp_path):
    # "4 billion oil and about 1 billion non-oil" of 4.9 billion: fine within the rounding of whole billions.
    _, report = load(tmp_path, [investment("t", "total", "4.9"), investment("o", "oil", "4"), investment("n", "non_oil", "1", "about")])
    assert report.errors == []


def test_one_part_larger_than_the_total_fails(tmp_path):
    _, report = load(tmp_path, [investment("t", "total", "6.3"), investment("o", "oil", "7.0")])
    assert codes(report) == [("parts-mismatch", 2, "value")]


def test_parts_against_a_lower_bound_total(tmp_path):
    ok = [investment("t", "total", "6", "at_least"), investment("o", "oil", "5.0"), investment("n", "non_oil", "1.3")]
    assert load(tmp_path, ok)[1].errors == []
    short = [investment("t", "total", "9", "at_least"), investment("o", "oil", "5.0"), investment("n", "non_oil", "1.3")]
    assert codes(load(tmp_path, short)[1]) == [("parts-mismatch", 2, "value")]


def test_majority_consistent_with_parts_passes(tmp_path):
    rows = [investment("t", "total", "1.2", "at_least"), investment("m", "non_oil", "", "majority"), investment("o", "oil", "0.4")]
    assert load(tmp_path, rows)[1].errors == []


def test_majority_contradicted_by_parts_fails(tmp_path):
    rows = [investment("t", "total", "1.2"), investment("m", "non_oil", "", "majority"), investment("o", "oil", "0.9")]
    _, report = load(tmp_path, rows)
    assert codes(report) == [("majority-mismatch", 3, "qualifier")]
    assert "oil $900M is at least half" in report.errors[0].message


def test_majority_needs_no_value(tmp_path):
    _, report = load(tmp_path, [investment("m", "non_oil", "0.7", "majority")])
    assert codes(report) == [("constraint-error", 2, "value")]


def test_turnover_equal_to_exports_plus_imports_passes(tmp_path):
    rows = [trade("t", "trade_turnover", "2.6"), trade("x", "exports", "802.2", "million"), trade("m", "imports", "1.8")]
    assert load(tmp_path, rows)[1].errors == []


def test_turnover_not_equal_to_exports_plus_imports_fails(tmp_path):
    rows = [trade("t", "trade_turnover", "2.9"), trade("x", "exports", "802.2", "million"), trade("m", "imports", "1.8")]
    _, report = load(tmp_path, rows)
    assert codes(report) == [("turnover-mismatch", 2, "value")]


def test_turnover_rule_needs_all_three(tmp_path):
    rows = [trade("t", "trade_turnover", "2.9"), trade("x", "exports", "802.2", "million")]
    assert load(tmp_path, rows)[1].errors == []


def test_unknown_source_is_reported_and_left_out(tmp_path):
    dataset, report = load(tmp_path, [investment("t", "total", "6.3", source_id="nowhere")])
    assert codes(report) == [("unknown-source", 2, "source_id")]
    assert dataset.claims.empty


def test_duplicate_claim_id_and_duplicate_claim(tmp_path):
    rows = [investment("t", "total", "6.3"), investment("t", "oil", "5.0"), investment("u", "total", "6.3")]
    dataset, report = load(tmp_path, rows)
    assert sorted(codes(report)) == [("duplicate-row", 3, "claim_id"), ("duplicate-row", 4, "claim_id")]
    assert "line 2" in report.errors[0].message
    assert list(dataset.claims["claim_id"]) == ["t", "u"]


def test_claims_from_different_sources_may_disagree(tmp_path):
    # A conflict is data, not an error.
    rows = [trade("a", "trade_turnover", "2.6"), trade("b", "trade_turnover", "2.9")]
    rows[1]["reporting_side"] = "RUS"
    dataset, report = load(tmp_path, rows)
    assert report.errors == []
    assert len(dataset.conflicts()) == 2


@pytest.mark.parametrize("qualifier", ["at_least", "at_most"])
def test_bounds_have_no_exact_amount_in_the_frame(tmp_path, qualifier):
    dataset, _ = load(tmp_path, [investment("t", "total", "1.2", qualifier)])
    row = dataset.claims.iloc[0]
    assert row["exact_amount"] != row["exact_amount"]
    assert (row["lower"] == 1.2e9) == (qualifier == "at_least")
    assert (row["upper"] == 1.2e9) == (qualifier == "at_most")


def _conflicts_group_by_group(frame):
    """The reference: conflicts found one pandas group at a time (how `find_conflicts` worked before it went
    column-wise; a million claims in hundreds of thousands of groups took minutes)."""
    import numpy as np
    import pandas as pd

    from econ_ties.checks.rules import SUBJECT_KEY

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

    from econ_ties.checks.rules import find_conflicts
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
