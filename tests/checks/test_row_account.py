"""Every data line of an upload is accounted for: it gave claims, was skipped for a reason, or has errors, and the
report's line says so and adds up to the file's data lines (status rows, empty cells and blank-line edits included)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_bytes
from econ_ties.io import publishers
from tests.conftest import DATA_DIR

FIXTURES = Path(__file__).parents[1] / "fixtures" / "publishers"


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


def _adds_up(result, lines: int) -> None:
    account = result.report.row_account
    assert account is not None and account.rows == lines
    assert account.claim_rows + sum(account.skipped.values()) + account.error_rows == lines
    assert account.text() in result.report.summary()


def test_imf_status_rows_are_counted_as_skipped(sources):
    raw = pd.read_csv(FIXTURES / "imf_dots_timeSeries.csv", dtype=str)
    result = validate_upload_bytes((FIXTURES / "imf_dots_timeSeries.csv").read_bytes(), "dots.csv", sources)
    _adds_up(result, len(raw))
    assert result.report.row_account.skipped["status rows"] == (raw["Attribute"] == "Status").sum()
    assert result.report.row_account.claims == len(result.claims)


def test_a_row_with_every_year_empty_is_counted(sources):
    wits = (
        "Reporter Name,Partner Name,Trade Flow,Product Group,Indicator,2020,2021\n"
        "Azerbaijan,Russian Federation,Import,All Products,Import (US$ Thousand),1500000.5,1700000\n"
        "Azerbaijan,Italy,Import,All Products,Import (US$ Thousand),,\n"
        "Azerbaijan,Turkey,Import,All Products,Import Product share(%),4.1,4.2\n"
    )
    raw = pd.read_csv(io.StringIO(wits), dtype=str)
    result = validate_upload_bytes(wits.encode(), "wits-ts.csv", sources)
    _adds_up(result, len(raw))
    account = result.report.row_account
    assert account.skipped == {"empty cells": int(raw[["2020", "2021"]].isna().all(axis=1).sum()), "other indicators": 1}
    assert (account.claim_rows, account.claims) == (1, 2)
    assert "3 rows: 1 with 2 claims, 2 skipped (" in result.report.summary()


def test_a_file_of_mostly_skipped_rows_says_so_not_just_zero_errors(sources):
    """The issue's report printed '0 errors, 6 warnings' for a file with 109 skipped rows."""
    raw = pd.read_csv(FIXTURES / "comtrade_legacy_22.csv", dtype=str, keep_default_na=False)
    re_export = raw[raw["Trade Flow Code"] == "3"]
    mutated = pd.concat([raw, *[re_export] * 108], ignore_index=True)
    result = validate_upload_bytes(mutated.to_csv(index=False).encode(), "legacy.csv", sources)
    _adds_up(result, len(mutated))
    skipped = int((~mutated["Trade Flow Code"].isin(["1", "2"])).sum())
    assert skipped == 109
    assert f"{len(mutated)} rows: {len(mutated) - 109} claims, 109 skipped (other flows 109), 0 with errors" in result.report.summary()


def test_blank_lines_are_not_rows_and_a_refused_header_refuses_every_row(sources):
    text = (FIXTURES / "comtrade_legacy_22.csv").read_text(encoding="utf-8")
    blank = text.replace("\n", "\n\n", 3)
    raw = pd.read_csv(io.StringIO(blank), dtype=str)  # pandas skips blank lines, as our reader does
    result = validate_upload_bytes(blank.encode(), "legacy.csv", sources)
    _adds_up(result, len(raw))
    unknown = validate_upload_bytes(b"a,b\n1,2\n3,4\n", "other.csv", sources)
    assert unknown.report.row_account.error_rows == 2 and "2 rows: 0 claims, 0 skipped, 2 with errors" in unknown.report.summary()


def test_a_native_upload_accounts_for_valid_and_invalid_rows(sources):
    figures = pd.read_csv(DATA_DIR / "figures.csv", dtype=str, keep_default_na=False)
    broken = figures.copy()
    broken.loc[0, "value"] = "lots"
    result = validate_upload_bytes(broken.to_csv(index=False).encode(), "figures.csv", sources)
    _adds_up(result, len(broken))
    assert result.report.row_account.error_rows >= 1 and result.report.row_account.claims == len(result.claims)


def test_every_fixture_adds_up(sources):
    for path in sorted(FIXTURES.glob("*.csv")):
        data = path.read_bytes()
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("latin-1")
        lines = sum(1 for line in text.splitlines()[1:] if line.strip())  # no cell of these files spans lines
        result = validate_upload_bytes(path.read_bytes(), path.name, sources)
        assert result.format_name in publishers.FORMATS.keys() | {publishers.IMF_DOTS_TIMESERIES, publishers.IMF_CDIS_TIMESERIES}
        _adds_up(result, lines)
