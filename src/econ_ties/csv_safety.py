"""Keeping the CSVs we write safe to open in a spreadsheet.

A cell that begins with = + - @ (or a tab or carriage return) is run as a formula by Excel and LibreOffice. Every CSV
the app or the command line writes passes its text cells through `neutralise_cell`, which prefixes such a cell with an
apostrophe. Plain negative numbers ("-12.5") are left alone so numeric columns stay numeric.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import pandas as pd

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")


def neutralise_cell(text: str) -> str:
    if text.startswith(_DANGEROUS_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def write_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a header, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise_cell(str(h)) for h in header])
    for row in rows:
        writer.writerow([neutralise_cell("" if cell is None else str(cell)) for cell in row])
    return buffer.getvalue()


def frame_to_csv(frame: pd.DataFrame) -> str:
    """A DataFrame as safe CSV text (missing values written as empty cells)."""
    cleaned = frame.astype(object).where(frame.notna(), None)
    return write_rows(list(frame.columns), cleaned.itertuples(index=False, name=None))
