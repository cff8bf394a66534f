"""No claim twice: a claim id once, and no two rows stating the same figure, period, side and source."""

from __future__ import annotations

from tests.checks.rules.examples import codes, investment, load


def test_duplicate_claim_id_and_duplicate_claim(tmp_path):
    rows = [investment("t", "total", "6.3"), investment("t", "oil", "5.0"), investment("u", "total", "6.3")]
    dataset, report = load(tmp_path, rows)
    assert sorted(codes(report)) == [("duplicate-row", 3, "claim_id"), ("duplicate-row", 4, "claim_id")]
    assert "line 2" in report.errors[0].message
    assert list(dataset.claims["claim_id"]) == ["t", "u"]
