"""Excel workbooks (.xlsx) as publishers let them be downloaded (WITS, IMF DOTS and CDIS), turned into CSV text.

The one reader (`reading.read_text_table`) takes a workbook the way it takes a CSV: this module only picks the sheet
and writes its cells as CSV lines, one line per sheet row, so the reader's line numbers are the sheet's row numbers
and the same format detection and checks follow. Cells are read with python-calamine (a Rust reader: no formulas are
evaluated, no macros run). A number cell is written in plain positional digits, as the workbook stores it (Excel's
display format is not applied); a date cell as an ISO date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import numpy as np
import python_calamine

from econ_ties.language import N_
from econ_ties.model.problems import said

#: A workbook's XML is several times the size of the same cells as CSV; past this multiple of the size limit its
#: parts are not unpacked at all (a zip bomb costs nothing).
UNPACKED_LIMIT_FACTOR = 10


class WorkbookError(Exception):
    """The workbook cannot be read; the message says why in words for people."""


def is_workbook(data: bytes) -> bool:
    """True for an Excel .xlsx file (a zip holding `xl/workbook.xml`), also a damaged or cut one whose names still show."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        # A zip whose directory is broken or cut off: each part's local header still carries its name in plain bytes,
        # and only a workbook has parts under xl/ (a cut file may have lost xl/workbook.xml itself).
        return b"xl/" in data[:1_000_000]


def workbook_csv(data: bytes, *, max_bytes: int) -> tuple[bytes, int, str]:
    """The sheet holding the data as UTF-8 CSV bytes, the number of empty rows above its first row, and the sheet's name.

    The sheet is the one with the most filled cells (a WITS or IMF export has its data on one sheet and may carry a
    notes sheet beside it); on a tie, the first. Raises WorkbookError when the workbook is damaged or too large."""
    _check_unpacked_size(data, max_bytes)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [
            (name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name, meta in zip(book.sheet_names, book.sheets_metadata, strict=True)
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
    except Exception as exc:  # calamine raises its own errors and also plain ones (zip, XML) for a damaged file
        raise WorkbookError(said(N_("the Excel workbook could not be read: it is damaged or not a workbook ({reason})"), reason=_first_line(exc))) from None
    if not sheets:
        raise WorkbookError(said(N_("the Excel workbook has no worksheet")))
    name, rows = max(sheets, key=lambda sheet: sum(cell != "" for row in sheet[1] for cell in row))
    leading = 0
    while leading < len(rows) and all(cell == "" for cell in rows[leading]):
        leading += 1
    rows = rows[leading:]
    if not rows:
        raise WorkbookError(said(N_("the sheet '{sheet}' of the workbook is empty"), sheet=name))
    # Empty columns left of the table (data starting in column B) and right of it (a stray format) are not columns.
    first = min(next(i for i, cell in enumerate(row) if cell != "") for row in rows if any(cell != "" for cell in row))
    width = max((i + 1 for row in rows for i, cell in enumerate(row) if cell != ""), default=0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    size = 0
    for row in rows:
        writer.writerow([_text(cell) for cell in row[first:width]])
        size = out.tell()
        if size > max_bytes:
            raise WorkbookError(
                said(N_("the sheet '{sheet}' holds more than {limit} MB of cells, the limit for a file"), sheet=name, limit=f"{max_bytes / (1024 * 1024):.0f}")
            )
    return out.getvalue().encode("utf-8"), leading, name


def _check_unpacked_size(data: bytes, max_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(said(N_("the Excel workbook could not be read: it is damaged ({reason})"), reason=_first_line(exc))) from None
    if unpacked > UNPACKED_LIMIT_FACTOR * max_bytes:
        mb = 1024 * 1024
        raise WorkbookError(
            said(
                N_("the Excel workbook unpacks to {size} MB; at most {limit} MB is read"),
                size=f"{unpacked / mb:.0f}",
                limit=f"{UNPACKED_LIMIT_FACTOR * max_bytes / mb:.0f}",
            )
        )


def _text(cell: object) -> str:
    """One cell as the text a CSV of the same sheet would hold. A line break inside a cell becomes a space: each sheet
    row must stay one line, so that line numbers are row numbers."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if cell.is_integer():
            return str(int(cell))  # calamine gives every number as a float: 2021 is a year, not 2021.0
        return np.format_float_positional(cell, trim="-")  # the shortest digits that are this number, never 1e-05
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    text = str(cell)
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ") if ("\n" in text or "\r" in text) else text


def _first_line(exc: Exception) -> str:
    words = str(exc).strip().splitlines()
    return words[0] if words else type(exc).__name__
