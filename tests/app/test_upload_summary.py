"""The Upload page's summary line says what became of every row of the file: claims, skipped by reason, errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

WITS = Path(__file__).parents[1] / "fixtures" / "publishers" / "wits_partner_export_2021.csv"
FIGURES_HEADER = (Path(__file__).parents[2] / "data" / "figures.csv").read_bytes().splitlines(keepends=True)[0]  # our claims format's header


def upload_page(data: bytes, file_name: str) -> None:
    from econ_ties.app.upload import show_upload

    show_upload(data, file_name)


def test_the_summary_line_accounts_for_every_row() -> None:
    rows = len(pd.read_csv(WITS, dtype=str))
    app = AppTest.from_function(upload_page, default_timeout=120, args=(WITS.read_bytes(), WITS.name))
    app.run()
    assert not app.exception
    summary = app.error[0].value  # the fixture has one unknown country: the summary is an error box
    assert summary.startswith(f"{rows} rows: 4 claims, 1 skipped (regions 1), 1 with errors. 1 error and 1 warning.")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty.csv is empty: there is nothing to check or publish."),
        (b"\n\n", "empty.csv is empty: there is nothing to check or publish."),
        (FIGURES_HEADER, "empty.csv has a header row but no data rows: there is nothing to check or publish."),
    ],
    ids=["empty", "blank lines", "our header only"],
)
def test_a_file_with_no_data_rows_says_so_at_the_top(data: bytes, says: str) -> None:
    app = AppTest.from_function(upload_page, default_timeout=60, args=(data, "empty.csv"))
    app.run()
    assert not app.exception
    assert app.error[0].value == says  # the first thing on the page, in one sentence
    assert not any("no known format" in m.value for m in app.markdown)
