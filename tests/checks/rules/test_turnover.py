"""Turnover = exports + imports when the same source states all three for the same period and side."""

from __future__ import annotations

from tests.checks.rules.examples import codes, load, trade


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
