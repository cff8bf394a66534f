"""Excel workbooks (.xlsx), as WITS and the IMF let them be downloaded, are read through the same path as a CSV: the
data sheet's cells as text, line numbers = sheet row numbers, then the same format detection and checks. A zip or gzip
archive that is not a workbook is still refused, and a damaged or oversized workbook is one clear problem."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_bytes, validate_upload_file
from econ_ties.io import publishers
from econ_ties.io.reading import UnreadableFile, read_text_table
from tests.conftest import DATA_DIR

FIXTURES = Path(__file__).parents[1] / "fixtures" / "publishers"


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


def _workbook(sheets: dict[str, list[list[object]]], *, origin: tuple[int, int] = (1, 1)) -> bytes:
    """An .xlsx with the given sheets, in order; each sheet's first row at `origin` (row, column), 1-based."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.cell(row=origin[0] + r, column=origin[1] + c, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as_excel_cell(text: str) -> object:
    """What a cell of a publisher's workbook holds for the text of its CSV: numbers as numbers, the rest as text."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text


def _wits_workbook() -> bytes:
    """The WITS partner fixture as the .xlsx WITS also offers: same header, numbers stored as numbers."""
    frame = pd.read_csv(FIXTURES / "wits_partner_export_2021.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rows = [list(frame.columns), *([_as_excel_cell(cell) for cell in row] for row in frame.itertuples(index=False))]
    return _workbook({"Partner": rows})


def test_a_wits_workbook_gives_the_same_claims_as_the_same_download_as_csv(sources):
    from_csv = validate_upload_bytes((FIXTURES / "wits_partner_export_2021.csv").read_bytes(), "wits.csv", sources)
    from_xlsx = validate_upload_bytes(_wits_workbook(), "wits.xlsx", sources)
    assert from_xlsx.format_name == from_csv.format_name == publishers.WITS_PARTNER
    columns = ["country", "counterpart", "indicator", "sector", "period", "amount", "scale", "currency", "qualifier"]
    assert len(from_xlsx.claims) == len(from_csv.claims) > 0
    pd.testing.assert_frame_equal(from_xlsx.claims[columns].reset_index(drop=True), from_csv.claims[columns].reset_index(drop=True), check_dtype=False)
    assert sorted((p.code, p.row) for p in from_xlsx.report.problems) == sorted((p.code, p.row) for p in from_csv.report.problems)


def test_a_workbook_on_disk_is_read_like_its_bytes(tmp_path, sources):
    path = tmp_path / "wits.xlsx"
    path.write_bytes(_wits_workbook())
    from_disk = validate_upload_file(path, sources)
    from_bytes = validate_upload_bytes(path.read_bytes(), path.name, sources)
    assert from_disk.format_name == publishers.WITS_PARTNER
    assert from_disk.claims["amount"].tolist() == from_bytes.claims["amount"].tolist()
    assert len(from_disk.claims) > 0


def test_line_numbers_are_the_sheet_row_numbers():
    # The table starts at B3 and has an empty row 5: rows 4, 6 and 7 hold data.
    rows = [["country", "year", "value"], ["AZE", 2021, 1003427.86], [], ["x, y", 2021, 1588850000000], ["a\nb", 2020, 0.00001]]
    text = read_text_table(_workbook({"Data": rows}, origin=(3, 2)), "book.xlsx")
    assert text.columns == ["country", "year", "value"]
    assert text.line_numbers.tolist() == [4, 6, 7]
    assert text.table.to_pylist() == [
        {"country": "AZE", "year": "2021", "value": "1003427.86"},  # a whole number is 2021, not 2021.0
        {"country": "x, y", "year": "2021", "value": "1588850000000"},  # a comma in a cell stays in the cell
        {"country": "a b", "year": "2020", "value": "0.00001"},  # a line break in a cell cannot make a row a line longer
    ]
    assert text.problems == []


def test_the_sheet_holding_the_data_is_read_not_a_notes_sheet_before_it():
    notes = [["Data source: WITS"], ["Downloaded 2024-02-01"]]
    data = [["country", "value"], ["AZE", 1], ["RUS", 2], ["TUR", 3]]
    text = read_text_table(_workbook({"Notes": notes, "Data": data}), "book.xlsx")
    assert text.columns == ["country", "value"]
    assert text.table.column("country").to_pylist() == ["AZE", "RUS", "TUR"]


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [_zip({"exports.csv": b"a,b\n1,2\n"}), gzip.compress(b"a,b\n1,2\n")],
    ids=["zip-of-a-csv", "gzip-of-a-csv"],
)
def test_an_archive_that_is_not_a_workbook_is_still_refused(data):
    with pytest.raises(UnreadableFile) as failure:
        read_text_table(data, "exports.zip")
    assert failure.value.problem.code == "unreadable-file"
    assert "compressed archive" in failure.value.problem.message


def _damaged_workbooks() -> dict[str, bytes]:
    good = _wits_workbook()
    middle = len(good) // 2
    return {
        "cut-short": good[: len(good) - 300],
        "bytes-overwritten": good[:middle] + bytes(400) + good[middle + 400 :],
        "no-workbook-part-readable": _zip({"xl/workbook.xml": b"<not xml", "[Content_Types].xml": b"<Types/>"}),
    }


@pytest.mark.parametrize("name", list(_damaged_workbooks()))
def test_a_damaged_workbook_is_one_clear_problem_on_every_route(name, tmp_path, sources):
    data = _damaged_workbooks()[name]
    with pytest.raises(UnreadableFile) as failure:
        read_text_table(data, "book.xlsx")
    assert failure.value.problem.code == "unreadable-file"
    assert "Excel workbook" in failure.value.problem.message
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    for result in (validate_upload_bytes(data, "book.xlsx", sources), validate_upload_file(path, sources)):
        assert [p.code for p in result.report.errors] == ["unreadable-file"]
        assert "Excel workbook" in result.report.errors[0].message
        assert result.claims.empty


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_unpacked():
    sheet = b"<worksheet>" + b" " * (3 * 1024 * 1024) + b"</worksheet>"
    bomb = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": sheet})
    assert len(bomb) < 100_000
    with pytest.raises(UnreadableFile) as failure:
        read_text_table(bomb, "bomb.xlsx", max_bytes=200_000)
    assert failure.value.problem.code == "unreadable-file"
    assert "unpacks to" in failure.value.problem.message


def test_a_sheet_larger_than_the_size_limit_is_refused():
    rows = [["country", "note"], *(["AZE", "x" * 1000] for _ in range(300))]
    with pytest.raises(UnreadableFile) as failure:
        read_text_table(_workbook({"Data": rows}), "big.xlsx", max_bytes=100_000)
    assert "limit" in failure.value.problem.message
