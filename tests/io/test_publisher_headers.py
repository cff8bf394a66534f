"""Publishers' headers are matched as an analyst would read them: case, spaces and a BOM do not count; a header that is
nearly a known format is named as that format with its missing or renamed columns; a figure column is never dropped
without an error."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_bytes
from econ_ties.io import publishers
from econ_ties.io.publishers import detect_format
from tests.conftest import DATA_DIR

FIXTURES = Path(__file__).parents[1] / "fixtures" / "publishers"
WITS = FIXTURES / "wits_partner_export_2021.csv"
PLUS = FIXTURES / "comtrade_plus_2022.csv"


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


def _with_header(path: Path, edit) -> bytes:
    """The fixture with its header line (only) rewritten by `edit`."""
    raw = path.read_bytes()
    encoding = "latin-1" if path == PLUS else "utf-8-sig"
    header, _, rest = raw.decode(encoding).partition("\n")
    return (edit(header) + "\n" + rest).encode("utf-8")


def _expected_wits_exports(path: Path) -> dict[int, float]:
    """Line → exports in US dollars, read from the raw file with pandas (thousands, "1,003,427.86" written with commas)."""
    raw = pd.read_csv(path, dtype=str, encoding="utf-8-sig", thousands=",")
    return {i + 2: float(v.replace(",", "")) * 1000 for i, v in enumerate(raw["Export (US$ Thousand)"])}


def _by_line(result) -> dict[int, float]:
    return {int(line): a for line, a in zip(result.claims["row"], result.claims["amount"], strict=True)}


@pytest.mark.parametrize(
    "edit",
    [str.lower, str.upper, lambda h: ",".join(f"  {c.replace(' ', '   ')} " for c in h.split(",")), lambda h: "\ufeff" + h.lower()],
    ids=["lower-case", "upper-case", "spaces", "bom-and-lower-case"],
)
def test_an_edited_wits_header_reads_every_figure(sources, edit):
    """The issue's case: a header lower-cased to 'US$ thousand' silently dropped the export column."""
    result = validate_upload_bytes(_with_header(WITS, edit), "wits.csv", sources)
    assert result.format_name == publishers.WITS_PARTNER
    expected = _expected_wits_exports(WITS)
    got = _by_line(result)
    assert got and got == {line: expected[line] for line in got}
    original = _by_line(validate_upload_bytes(WITS.read_bytes(), "wits.csv", sources))
    assert got == original


def test_a_figure_column_under_another_name_is_an_error_not_a_silent_drop(sources):
    body = _with_header(WITS, lambda h: h.replace("Export (US$ Thousand)", "Export (USD thousands)"))
    result = validate_upload_bytes(body, "wits.csv", sources)
    errors = [(p.code, p.row) for p in result.report.errors]
    assert ("missing-column", 1) in errors
    assert any("Export (USD thousands)" in p.message for p in result.report.errors)


def test_a_comtrade_header_with_a_renamed_and_a_deleted_column_is_named_with_both(sources):
    def edit(header: str) -> str:
        return header.replace('"partnerDesc"', '"partnerName"').replace('"flowCode",', '"flowKode",')

    result = validate_upload_bytes(_with_header(PLUS, edit), "plus.csv", sources)
    assert result.format_name == publishers.COMTRADE_PLUS  # not "unknown-format"
    missing = {p.column: p.message for p in result.report.errors if p.code == "missing-column"}
    assert set(missing) == {"partnerDesc", "flowCode"}
    assert "'partnerName'" in missing["partnerDesc"] and "'flowKode'" in missing["flowCode"]
    assert result.claims.empty


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["REPORTER NAME", " partner  name ", "\ufeffyear", "Export (US$ thousand)"], publishers.WITS_PARTNER),
        (["Classification", "Year", "Trade Flow Code", "Reporter", "Partner", "Partner Code", "Value"], publishers.COMTRADE_LEGACY),  # 5 of 6
        (["Reporter", "Value"], None),  # 1 of 6: not nearly anything
    ],
)
def test_headers_are_compared_ignoring_case_spaces_and_bom(header, expected):
    assert detect_format(header) == expected


def test_publisher_labels_in_cells_and_indicator_codes_ignore_case_too(sources):
    wits = b"reporter name,partner name,trade flow,product group,indicator,2020\nAzerbaijan,Russian Federation,Import,All Products,import (us$  thousand),1500000.5\n"
    result = validate_upload_bytes(wits, "wits-ts.csv", sources)
    assert result.format_name == publishers.WITS_TIMESERIES and result.claims["amount"].tolist() == [1500000500.0]
    panel = (FIXTURES / "imf_dots_panel.csv").read_text(encoding="utf-8").replace("TXG_FOB_USD", "txg_fob_usd")
    raw = pd.read_csv(FIXTURES / "imf_dots_panel.csv", sep=";", dtype=str, decimal=",")
    result = validate_upload_bytes(panel.encode(), "panel.csv", sources)
    exports = result.claims[result.claims["indicator"] == "exports"]["amount"].tolist()
    assert exports == [float(v.replace(",", ".")) for v in raw.iloc[:, 5].dropna()]
