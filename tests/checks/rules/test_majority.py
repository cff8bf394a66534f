"""'The majority non-oil' agrees with the parts and total stated beside it, and states no number."""

from __future__ import annotations

from tests.checks.rules.examples import codes, investment, load


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
