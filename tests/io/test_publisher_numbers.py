"""Publishers' numbers are read by column: a German Excel save ("." between thousands, "," for decimals) is read as
written, an ambiguous value is decided by its column or refused by name, and spreadsheet rounding is flagged."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_bytes
from econ_ties.io.publishers import parse_number
from tests.conftest import DATA_DIR

FIXTURES = Path(__file__).parents[1] / "fixtures" / "publishers"
LEGACY_HEADER = "Classification;Year;Period;Trade Flow Code;Trade Flow;Reporter Code;Reporter;Reporter ISO;Partner Code;Partner;Partner ISO;Commodity Code;Trade Value (US$)"


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


def _legacy(values: list[str]) -> bytes:
    partners = [("643", "Russian Federation", "RUS"), ("792", "Turkey", "TUR"), ("380", "Italy", "ITA"), ("156", "China", "CHN"), ("376", "Israel", "ISR")]
    lines = [LEGACY_HEADER]
    for value, (code, name, iso) in zip(values, partners, strict=False):
        lines.append(f"HS;2021;2021;2;Export;31;Azerbaijan;AZE;{code};{name};{iso};TOTAL;{value}")
    return ("\n".join(lines) + "\n").encode()


def _amounts(result) -> dict[str, float]:
    return dict(zip(result.claims["counterpart"], result.claims["amount"], strict=True))


def test_a_german_excel_column_is_read_as_its_other_values_show(sources):
    """The issue's file: '191.001' sits in a column that also holds '42.016.266' and '1.234,5', so it is 191001."""
    result = validate_upload_bytes(_legacy(["191.001", "42.016.266", "1.234,5"]), "german.csv", sources)
    assert _amounts(result) == {"RUS": 191001, "TUR": 42016266, "ITA": 1234.5}
    [note] = [p for p in result.report.warnings if p.code == "number-reading"]
    assert (note.row, note.column, note.value) == (2, "Trade Value (US$)", "191.001")
    assert "decimal comma" in note.message and "191001" in note.message and "42.016.266" in note.message


def test_an_english_column_reads_the_same_value_as_a_decimal(sources):
    result = validate_upload_bytes(_legacy(["191.001", "1,003,427.86"]).replace(b";", b"|").replace(b"|", b";"), "english.csv", sources)
    assert _amounts(result) == {"RUS": 191.001, "TUR": 1003427.86}
    assert any(p.code == "number-reading" and "decimal point" in p.message for p in result.report.warnings)


def test_an_ambiguous_value_nothing_decides_is_refused_by_line_column_and_value(sources):
    result = validate_upload_bytes(_legacy(["191.001", "42016266"]), "undecided.csv", sources)
    [error] = result.report.errors
    assert (error.code, error.row, error.column, error.value) == ("ambiguous-number", 2, "Trade Value (US$)", "191.001")
    assert "191.001" in error.message and "191001" in error.message
    assert _amounts(result) == {"TUR": 42016266}  # the other row is read; the ambiguous one is not guessed


def test_a_column_written_both_ways_refuses_its_separated_values(sources):
    result = validate_upload_bytes(_legacy(["1,234.5", "1.234,5", "77"]), "mixed.csv", sources)
    assert sorted((p.code, p.row) for p in result.report.errors) == [("ambiguous-number", 2), ("ambiguous-number", 3)]
    assert _amounts(result) == {"ITA": 77}


def test_an_ambiguous_column_is_decided_by_another_column_of_the_file(sources):
    text = _legacy(["191.001", "5"]).decode().splitlines()
    text = [text[0] + ";Netweight (kg)", text[1] + ";1.234,5", text[2] + ";"]
    result = validate_upload_bytes(("\n".join(text) + "\n").encode(), "file-decides.csv", sources)
    assert _amounts(result) == {"RUS": 191001, "TUR": 5}
    [note] = [p for p in result.report.warnings if p.code == "number-reading"]
    assert "another column" in note.message and "1.234,5" in note.message


def test_excel_rounding_is_a_warning_naming_line_column_and_value(sources):
    result = validate_upload_bytes(_legacy(["1.58885E+12", "1.234567891E+12", "2500"]), "rounded.csv", sources)
    assert _amounts(result) == {"RUS": 1.58885e12, "TUR": 1.234567891e12, "ITA": 2500}
    rounded = [(p.row, p.column, p.value) for p in result.report.warnings if p.code == "rounded-number"]
    assert rounded == [(2, "Trade Value (US$)", "1.58885E+12")]  # ten significant digits are not a spreadsheet's rounding


def _german_excel_save(frame: pd.DataFrame, column: str) -> bytes:
    """What German Excel writes: ';' between cells, '.' between thousands, ',' before decimals."""
    saved = frame.copy()
    saved[column] = [f"{float(v):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".").removesuffix(",00") if v else "" for v in frame[column]]
    return saved.to_csv(sep=";", index=False).encode("utf-8")


def test_a_german_excel_save_of_a_comtrade_fixture_reads_the_same_figures(sources):
    raw = pd.read_csv(FIXTURES / "comtrade_legacy_22.csv", dtype=str, keep_default_na=False)
    raw.loc[2, "Trade Value (US$)"] = "191001"  # a value under a million, the one a per-cell reading misread
    read = raw[raw["Trade Flow Code"].isin(["1", "2"])]
    expected = {(r["Reporter ISO"], r["Partner ISO"], r["Trade Flow"], r["Commodity Code"]): float(r["Trade Value (US$)"]) for _, r in read.iterrows()}
    english = validate_upload_bytes(raw.to_csv(index=False).encode(), "english.csv", sources)
    german = validate_upload_bytes(_german_excel_save(raw, "Trade Value (US$)"), "german.csv", sources)
    for result in (english, german):
        claims = result.claims
        flows = {"exports": "Export", "imports": "Import"}
        got = {(c, p, flows[i], s.removeprefix("S2:").replace("total", "TOTAL")): a
               for c, p, i, s, a in zip(claims["country"], claims["counterpart"], claims["indicator"], claims["sector"], claims["amount"], strict=True)}  # fmt: skip
        assert got == expected
        assert got[("AZE", "RUS", "Export", "33")] == 191001
    assert german.report.errors == english.report.errors == []


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [("1,003,427.86", ".", "1003427.86"), ("1.234,5", ",", "1234.5"), ("1234,5", ",", "1234.5"), ("1 234 567", ".", "1234567"),
     ("191.001", ",", "191001"), ("191.001", ".", "191.001"), ("2.5E+9", ".", "2500000000"), ("1,5E+3", ",", "1500"), ("-12", ".", "-12"),
     ("1.2.3", ",", None), ("2514530.02", ",", None), ("n/a", ".", None), ("", ".", None)],
)  # fmt: skip
def test_one_number_under_a_known_reading(text, decimal, expected):
    assert parse_number(text, decimal) == expected


def test_blank_lines_and_reordered_columns_change_nothing(sources):
    raw = pd.read_csv(FIXTURES / "comtrade_legacy_22.csv", dtype=str, keep_default_na=False)
    reordered = raw[list(reversed(raw.columns))]
    text = reordered.to_csv(index=False).replace("\n", "\n\n", 2)
    result = validate_upload_bytes(text.encode(), "reordered.csv", sources)
    original = validate_upload_bytes((FIXTURES / "comtrade_legacy_22.csv").read_bytes(), "reordered.csv", sources)
    assert sorted(result.claims["amount"]) == sorted(original.claims["amount"]) and len(result.claims) > 0
    assert pd.read_csv(io.StringIO(text), dtype=str).dropna(how="all").shape[0] == len(raw)
