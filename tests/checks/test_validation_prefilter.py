"""The vectorised column checks are only a pre-filter: they must flag every row that the pydantic model rejects.

Each case breaks one cell of a real curated row in a way a user might; validating only the flagged rows must give
exactly the problems that validating every row gives.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from econ_ties.checks.cells import claim_suspects
from econ_ties.checks.rows import FIGURES, validate_rows
from tests.conftest import claims_text_table, curated_claim_rows

BAD_VALUES = {
    "claim_id": ["", "has space", "x" * 80],
    "indicator": ["", "turnover", "TRADE_TURNOVER"],
    "country": ["", "XXX", "Azerbaijan", "WLDX"],
    "counterpart": ["AZE", "ZZZ"],
    "roles": ["", "host/investor"],
    "sector": ["", "gas", "HS:"],
    "period": ["", "2021-13", "as of 2022-02-30", "Jan 2021", "1850"],
    "measure": ["", "rank", "stocks"],
    "value": ["", "-1", "abc", "1,2", "1e3", "NaN", "inf"],
    "currency": ["", "XYZ"],
    "scale": ["", "bn"],
    "qualifier": ["", "over", "majority"],
    "reporting_side": ["", "WLD", "QQQ"],
    "source_id": ["", "a b"],
    "quote": [""],
    "uncertain": ["maybe"],
}


def test_prefilter_flags_every_row_pydantic_rejects():
    base = curated_claim_rows()
    templates = [base[0], next(r for r in base if r["measure"] == "rank"), next(r for r in base if r["qualifier"] == "majority")]
    rows = []
    for template, (column, values) in itertools.product(templates, BAD_VALUES.items()):
        rows.extend({**template, column: value, "claim_id": template["claim_id"] if column != "claim_id" else value} for value in values)
    table = claims_text_table(rows)
    suspects = claim_suspects(table.table)
    valid_filtered, problems_filtered = validate_rows(table, FIGURES, suspects)
    valid_all, problems_all = validate_rows(table, FIGURES, None)
    assert len(problems_all) > len(rows) // 2  # the cases really are bad
    assert np.array_equal(valid_filtered, valid_all)
    assert sorted(map(repr, problems_filtered)) == sorted(map(repr, problems_all))


def test_prefilter_passes_the_curated_rows_it_need_not_check():
    # 'majority' claims (no number) and negative values (a fall, a deficit) are left to pydantic by design
    rows = [r for r in curated_claim_rows() if r["qualifier"] != "majority" and not r["value"].startswith("-")]
    table = claims_text_table(rows)
    assert not claim_suspects(table.table).any()


@pytest.mark.parametrize(
    ("column", "value", "code"), [("country", "XXX", "unknown-country"), ("value", "-3", "constraint-error"), ("value", "abc", "type-error")]
)
def test_prefilter_row_reports_column_value_and_line(column, value, code):
    rows = curated_claim_rows()[:5]
    rows[3] = {**rows[3], column: value}
    table = claims_text_table(rows)
    _, problems = validate_rows(table, FIGURES, claim_suspects(table.table))
    assert [(p.code, p.row, p.column, p.value) for p in problems] == [(code, 5, column, value)]
