"""Cells holding a carriage return or a line feed: every CSV we write quotes them, and no line inside a cell starts
like a formula — read back with Python's csv module, and split on CR as a program that treats a bare CR as the end of
a row (LibreOffice's "CR" separator, old Mac files) would."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

from econ_ties.model.csv_safety import frame_to_csv, neutralise_cell, write_rows
from econ_ties.model.problems import Problem, ValidationReport

HOSTILE = [
    "claims\r=2+5\r.csv",
    'claims\n=HYPERLINK("http://x")',
    "a\r\n+1+1",
    "@SUM(A1)\rnext",
    "x\r-cmd|' /C calc'!A0",
    "\r=1",
    "note\n\t=2",
    "line one\rline two",
    "-12.5",
    "total\n-3",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")


def _lines_of_cells(text: str) -> list[str]:
    """Every piece a program splitting rows on CR, LF or CRLF — and cells on commas — would see, quotes stripped."""
    pieces = []
    for line in re.split(r"\r\n|\r|\n", text):
        pieces.extend(cell.strip('"') for cell in line.split(","))
    return pieces


def _assert_safe(written: str, expected_cells: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert [cell for row in rows[1:] for cell in row] == expected_cells
    for piece in _lines_of_cells(written):
        assert not (piece.startswith(DANGEROUS) and not PLAIN_NUMBER.match(piece)), (piece, written)


@pytest.mark.parametrize("cell", HOSTILE)
def test_neutralised_cells_keep_their_text_after_the_apostrophes(cell: str) -> None:
    safe = neutralise_cell(cell)
    assert safe.replace("'", "") == cell.replace("'", "")
    for line in re.split(r"\r\n|\r|\n", safe)[1:]:
        assert not (line.startswith(DANGEROUS) and not PLAIN_NUMBER.match(line))


def test_write_rows_quotes_cr_and_neutralises_every_line() -> None:
    written = write_rows(["file"], [[cell] for cell in HOSTILE])
    _assert_safe(written, [neutralise_cell(cell) for cell in HOSTILE])
    assert '"claims\r\'=2+5\r.csv"' in written


def test_frame_to_csv_quotes_cr_and_neutralises_every_line() -> None:
    frame = pd.DataFrame({"file": pd.array(HOSTILE, dtype="string"), "n": range(len(HOSTILE))})
    written = frame_to_csv(frame)
    assert written == write_rows(["file", "n"], [[cell, n] for n, cell in enumerate(HOSTILE)])
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert [row[0] for row in rows[1:]] == [neutralise_cell(cell) for cell in HOSTILE]
    _assert_safe(frame_to_csv(frame[["file"]]), [neutralise_cell(cell) for cell in HOSTILE])


def test_the_problems_report_quotes_cr_in_a_file_name() -> None:
    report = ValidationReport([Problem("unknown-format", "no format matches", "claims\r=2+5\r.csv", 1, "a\rb", "v\r@x")])
    written = report.to_csv()
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert len(rows) == 2
    assert rows[1][rows[0].index("file")] == "claims\r'=2+5\r.csv"
    for piece in _lines_of_cells(written):
        assert not (piece.startswith(DANGEROUS) and not PLAIN_NUMBER.match(piece)), piece
