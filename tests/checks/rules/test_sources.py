"""Every claim's source exists; a claim without one is reported and left out."""

from __future__ import annotations

from tests.checks.rules.examples import codes, investment, load


def test_unknown_source_is_reported_and_left_out(tmp_path):
    dataset, report = load(tmp_path, [investment("t", "total", "6.3", source_id="nowhere")])
    assert codes(report) == [("unknown-source", 2, "source_id")]
    assert dataset.claims.empty
