"""Row validation of our claims format at scale: the column-wise pre-filter sends every doubtful row (bad or merely
not in canonical form) to pydantic, and the typed frame built from canonical rows equals the one built by normalising
every cell; the cross-row rules give the same problems with their row numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from econ_ties.checks.cells import claim_suspects
from econ_ties.checks.claims_frame import claims_frame, valid_claims_frame
from econ_ties.checks.rows import FIGURES, validate_rows
from econ_ties.checks.rules import check_claims
from tests.conftest import claims_text_table, curated_claim_rows

MESSY = {
    "country": lambda v: f" {v.lower()} ",
    "currency": lambda v: v.lower(),
    "uncertain": lambda v: v.upper(),
    "period": lambda v: v.replace("as of", "As  of"),
    "quote": lambda v: f"\u2003{v}  ",
    "sector": lambda v: f"{v} ",
    "value": lambda v: f" {v}" if v else v,
}


def test_messy_but_valid_cells_are_normalised_exactly_like_cell_by_cell():
    rows = curated_claim_rows()
    messy = [{**row, **{c: fix(row[c]) for c, fix in MESSY.items()}} if i % 2 else row for i, row in enumerate(rows)]
    table = claims_text_table(messy)
    suspects = claim_suspects(table.table)
    assert suspects[1::2].all()  # every messy row is looked at by pydantic
    valid, problems = validate_rows(table, FIGURES, suspects)
    assert problems == [] and valid.all()
    fast = valid_claims_frame(table, valid, suspects)
    slow = claims_frame(table.table, table.line_numbers)  # trims and upper-cases every cell
    pd.testing.assert_frame_equal(fast, slow)
    clean = claims_frame(claims_text_table(rows).table, claims_text_table(rows).line_numbers)
    pd.testing.assert_frame_equal(fast, clean)


def test_clean_rows_are_not_suspects():
    # A 'majority' claim (no number) and a fall (a negative growth rate) are left to pydantic by design.
    rows = [r for r in curated_claim_rows() if r["qualifier"] != "majority" and not r["value"].startswith("-")]
    assert not claim_suspects(claims_text_table(rows).table).any()


def test_cross_row_rules_report_rows_as_in_the_file():
    rows = curated_claim_rows()
    by_id = {r["claim_id"]: r for r in rows}
    extra = [
        {**by_id["S2"], "claim_id": "S2"},  # the same id again
        {**by_id["S2a"], "value": "4", "claim_id": "S2a-copy"},  # the same statement under another id
    ]
    changed = [{**r, "value": "4"} if r["claim_id"] == "S2a" else r for r in rows]  # 4 + 1.3 ≠ 6.3
    table = claims_text_table(changed + extra)
    valid, _ = validate_rows(table, FIGURES, claim_suspects(table.table))
    frame = valid_claims_frame(table, valid, claim_suspects(table.table))
    problems = {(p.code, p.row) for p in check_claims(frame, {r["source_id"] for r in rows})}
    n = len(rows)
    s2_line = next(i for i, r in enumerate(rows) if r["claim_id"] == "S2") + 2
    assert ("duplicate-row", n + 2) in problems and ("duplicate-row", n + 3) in problems
    assert ("parts-mismatch", s2_line) in problems


def test_every_bad_row_of_a_large_upload_is_reported_once():
    rows = [r for r in curated_claim_rows() if r["qualifier"] != "majority"]
    many = [{**rows[i % len(rows)], "claim_id": f"c{i}", "period": str(1950 + i % 60), "value": f"{i}.5"} for i in range(20_000)]
    bad_lines = {}
    for i in range(7, 20_000, 997):
        column, value = [("value", "-3"), ("country", "XXX"), ("period", "2150"), ("value", "abc"), ("quote", " ")][i % 5]
        many[i] = {**many[i], column: value}
        bad_lines[i + 2] = column
    for coded in (False, True):  # plain text columns, and the upload reader's Arrow dictionaries: the same report
        table = claims_text_table(many, coded=coded)
        assert pa.types.is_dictionary(table.table.schema.field("country").type) is coded
        suspects = claim_suspects(table.table)
        valid, problems = validate_rows(table, FIGURES, suspects)
        assert {p.row: p.column for p in problems} == bad_lines
        assert int(np.count_nonzero(~valid)) == len(bad_lines)
