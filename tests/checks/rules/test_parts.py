"""Parts add up to their total within the rounding of the stated digits; bounds take part as intervals."""

from __future__ import annotations

from tests.checks.rules.examples import codes, investment, load


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
