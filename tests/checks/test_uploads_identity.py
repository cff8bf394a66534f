"""The same data uploaded again is the same claims: neither the file's name nor its delimiter is part of a claim.

For every publisher format (and our own), a file uploaded under another name, or written again with another delimiter,
previews against the first upload as 0 added and 0 changed; the file name stays traceable in the source's notes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.preview import preview_diff
from econ_ties.checks.uploads import NATIVE_FORMAT, UploadResult, validate_upload_bytes
from econ_ties.io import publishers
from econ_ties.io.reading import read_text_table
from tests.conftest import DATA_DIR

FIXTURES = Path(__file__).parents[1] / "fixtures" / "publishers"

#: One sample download per format: a fixture file, or the format's documented layout written out.
SAMPLES: dict[str, tuple[str, bytes]] = {
    publishers.COMTRADE_PLUS: ("comtrade_plus_2022.csv", (FIXTURES / "comtrade_plus_2022.csv").read_bytes()),
    publishers.COMTRADE_LEGACY: ("comtrade_legacy_22.csv", (FIXTURES / "comtrade_legacy_22.csv").read_bytes()),
    publishers.IMF_TIMESERIES: ("imf_dots_timeSeries.csv", (FIXTURES / "imf_dots_timeSeries.csv").read_bytes()),
    publishers.IMF_PANEL: ("imf_dots_panel.csv", (FIXTURES / "imf_dots_panel.csv").read_bytes()),
    publishers.WITS_TIMESERIES: (
        "wits-ts.csv",
        b"Reporter Name,Partner Name,Trade Flow,Product Group,Indicator,2020,2021\n"
        b"Azerbaijan,Russian Federation,Import,All Products,Import (US$ Thousand),1500000.5,1700000\n"
        b"Azerbaijan,Russian Federation,Import,All Products,Import Product share(%),4.1,4.2\n",
    ),
    publishers.WITS_PARTNER: ("wits_partner_export_2021.csv", (FIXTURES / "wits_partner_export_2021.csv").read_bytes()),
    publishers.IMF_SDMX: (
        "imts.csv",
        b"DATAFLOW,REF_AREA,INDICATOR,COUNTERPART_AREA,FREQUENCY,TIME_PERIOD,OBS_VALUE\n"
        b"IMF.STA:IMTS,AZE,XG_FOB_USD,RUS,A,2023,2100000000\nIMF.STA:IMTS,AZ,MG_CIF_USD,W00,Q,2023-Q2,5\n",
    ),
}
#: The IMF timeSeries layout also carries CDIS positions, whose claims are written by their own adapter.
CDIS = ("imf_cdis_timeSeries.csv", (FIXTURES / "imf_cdis_timeSeries.csv").read_bytes())
CASES = {**SAMPLES, "IMF CDIS (timeSeries)": CDIS, NATIVE_FORMAT: ("figures.csv", (DATA_DIR / "figures.csv").read_bytes())}


def test_every_publisher_format_has_a_sample():
    assert set(SAMPLES) == set(publishers.FORMATS)


@pytest.fixture(scope="module")
def published_sources():
    return load_dataset(DATA_DIR)[0].sources


def _check(data: bytes, name: str, sources) -> UploadResult:
    result = validate_upload_bytes(data, name, sources)
    assert not result.claims.empty, result.report.summary()
    return result


def with_delimiter(data: bytes, name: str, delimiter: str) -> bytes:
    """The same file written again as UTF-8 with another delimiter (every cell as it was read)."""
    text = read_text_table(data, name, strict_utf8=False)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(text.columns)
    writer.writerows(zip(*(text.table.column(i).to_pylist() for i in range(len(text.columns))), strict=True))
    return out.getvalue().encode("utf-8")


def _unchanged(first: UploadResult, again: UploadResult) -> None:
    diff = preview_diff(again.claims, first.claims)
    assert (len(diff.added), diff.changed["claim_id"].nunique() if len(diff.changed) else 0) == (0, 0), diff.changed.head(3).to_dict("records")
    assert diff.unchanged == len(first.claims)
    assert set(again.sources) == set(first.sources), "the same data cites the same source"


@pytest.mark.parametrize("case", list(CASES))
def test_a_renamed_file_is_unchanged(case, published_sources):
    name, data = CASES[case]
    first = _check(data, name, published_sources)
    again = _check(data, "a-copy-saved-later (2).csv", published_sources)
    _unchanged(first, again)
    # The file name is still there for a reader to trace: in the notes of the source the upload brings.
    for source in again.sources.values():
        assert "a-copy-saved-later (2).csv" in (source.notes or "")
        assert "a-copy-saved-later" not in source.source_id


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_same_file_with_another_delimiter_is_unchanged(case, delimiter, published_sources):
    name, data = CASES[case]
    first = _check(data, name, published_sources)
    again = _check(with_delimiter(data, name, delimiter), name, published_sources)
    _unchanged(first, again)


def test_a_spreadsheet_saved_with_semicolons_and_decimal_commas_is_unchanged(published_sources):
    # A German or Russian Excel writes the same figures with ";" between cells and "," before the decimals.
    name, data = SAMPLES[publishers.WITS_TIMESERIES]
    first = _check(data, name, published_sources)
    saved = data.decode().replace(",", ";").replace("1500000.5", "1500000,5").replace("4.1", "4,1").replace("4.2", "4,2")
    _unchanged(first, _check(saved.encode(), "wits-ts (Excel).csv", published_sources))
