"""Keeping the CSVs we write safe to open in a spreadsheet.

A cell that begins with = + - @ (or a tab or carriage return) is run as a formula by Excel and LibreOffice (OWASP's
CSV-injection guidance). Every CSV the app or the command line writes passes its text cells through `neutralise_cell`,
which prefixes such a cell with an apostrophe — and every line inside a cell too, after a CR or LF, since a program
that splits lines on a bare CR reads that line as a row of its own. Plain negative numbers ("-12.5") are left alone so
numeric columns stay numeric. A cell holding a comma, a quote, a CR or an LF is quoted (Python's csv.writer with "\n"
line endings would leave a bare CR unquoted). Nothing's identity depends
on this rule: a dataset's content hash is taken over its canonical text (`econ_ties.model.canonical`), never over
the CSV written here, so the rule may change without any stored revision looking damaged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_DANGEROUS_START_BYTES = "".join(_DANGEROUS_START).encode("ascii")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
#: A line break followed by a dangerous character: a line inside the cell that would start like a formula.
_DANGEROUS_LINE = r"[\r\n][=+\-@\t]"
#: Characters that make a cell quoted.
_QUOTED = r'[,"\r\n]'


def _risky(line: str) -> bool:
    return line.startswith(_DANGEROUS_START) and not _PLAIN_NUMBER.match(line)


def neutralise_cell(text: str) -> str:
    """The cell with an apostrophe before it, and before each of its lines, that a spreadsheet would run as a formula."""
    safe = "'" + text if _risky(text) else text
    if "\r" not in text and "\n" not in text:
        return safe
    parts = _LINE_BREAK.split(safe)  # text, break, text, break, …: every even part is a line
    for i in range(2, len(parts), 2):
        if _risky(parts[i]):
            parts[i] = "'" + parts[i]
    return "".join(parts)


def _csv_cell(text: str, *, only_cell: bool) -> str:
    if re.search(_QUOTED, text) or (only_cell and text == ""):  # a row's only cell, empty, is quoted so the line is not blank
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(cells: Sequence[str]) -> str:
    return ",".join(_csv_cell(neutralise_cell(cell), only_cell=len(cells) == 1) for cell in cells) + "\n"


def write_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a header, every cell neutralised, and quoted when it holds a comma, a quote, a CR or an LF."""
    lines = [_csv_line([str(h) for h in header])]
    lines.extend(_csv_line(["" if cell is None else str(cell) for cell in row]) for row in rows)
    return "".join(lines)


def frame_to_csv(frame: pd.DataFrame) -> str:
    """A DataFrame as safe CSV text (missing values written as empty cells).

    Column-wise with Arrow so a million rows take seconds, not a minute; the text is byte for byte what `write_rows`
    writes for the same cells (tests/model/test_csv_safety.py holds the two to it).
    """
    if frame.empty or len(frame.columns) == 0:
        cleaned = frame.astype(object).where(frame.notna(), None)
        return write_rows(list(frame.columns), cleaned.itertuples(index=False, name=None))
    return write_rows(list(frame.columns), []) + bytes(_joined_view(csv_lines(frame))).decode("utf-8")


def csv_lines(frame: pd.DataFrame) -> pa.Array:
    """One safe CSV line per row of a non-empty frame, each ending in a newline, as an Arrow `large_string` array."""
    cells = [_column_cells(frame.iloc[:, i], only_column=len(frame.columns) == 1) for i in range(len(frame.columns))]
    # The newline goes on the last cell, so the lines are built in one join instead of a second copy of them all.
    cells[-1] = pc.binary_join_element_wise(cells[-1], _text("\n"), _text(""))
    return pc.binary_join_element_wise(*cells, _text(",")) if len(cells) > 1 else cells[0]


def _joined_view(lines: pa.Array) -> memoryview:
    """The lines end to end, as a view of the array's data buffer (no million Python strings, no copy)."""
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    if len(lines) == 0:
        return memoryview(b"")
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
    data = lines.buffers()[2]
    return memoryview(data)[offsets[0] : offsets[-1]] if data is not None else memoryview(b"")


def _starting_with(text: pa.Array, first: bytes) -> np.ndarray:
    """Which cells of a large_string array without nulls start with one of the ASCII bytes `first`, read from the
    first byte of each cell (a UTF-8 cell starting with an ASCII character starts with its byte)."""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset : text.offset + len(text) + 1]
    data = text.buffers()[2]
    starts, nonempty = offsets[:-1], offsets[1:] > offsets[:-1]
    if data is None or not nonempty.any():
        return np.zeros(len(text), dtype=bool)
    leading = np.zeros(len(text), dtype=np.uint8)
    leading[nonempty] = np.frombuffer(data, dtype=np.uint8)[starts[nonempty]]
    return np.isin(leading, np.frombuffer(first, dtype=np.uint8))


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, pa.large_string())


def _column_cells(column: pd.Series, *, only_column: bool) -> pa.Array:
    """One column as CSV cells: str() of each value ("" when missing), neutralised, quoted where csv.writer quotes.

    A cell depends on its value alone, so a column whose values repeat (codes, periods, sources; a quote shared by
    several claims) is written once per distinct value and spread over the rows with one take.
    """
    if isinstance(column.dtype, pd.StringDtype):
        text = pc.fill_null(pa.array(column, type=pa.large_string()), "")
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        if not _repeats(text):
            return _cells(text, only_column=only_column)
        encoded = pc.dictionary_encode(text)
        return _cells(encoded.dictionary, only_column=only_column).take(encoded.indices)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    words = pa.array([str(u) for u in uniques.astype(object)] + [""], pa.large_string())
    return _cells(words, only_column=only_column).take(pa.array(np.where(codes < 0, len(words) - 1, codes)))


#: Rows a column must have, and the share of them its first rows may hold as distinct values, for it to be written
#: once per distinct value (below that, finding the distinct values costs more than it saves).
_CODED_MIN_ROWS = 10_000
_CODED_MAX_DISTINCT_SHARE = 0.5


def _repeats(text: pa.Array) -> bool:
    if len(text) < _CODED_MIN_ROWS:
        return False
    sample = text.slice(0, _CODED_MIN_ROWS)
    return bool(pc.count_distinct(sample).as_py() <= _CODED_MAX_DISTINCT_SHARE * len(sample))


def _cells(text: pa.Array, *, only_column: bool) -> pa.Array:
    """Texts (large_string, no nulls) as CSV cells."""
    risky = _starting_with(text, _DANGEROUS_START_BYTES) | pc.match_substring_regex(text, _DANGEROUS_LINE).to_numpy(zero_copy_only=False)
    if risky.any():
        mask = pa.array(risky)
        text = pc.replace_with_mask(text, mask, pa.array([neutralise_cell(v) for v in pc.filter(text, mask).to_pylist()], pa.large_string()))
    quote = pc.match_substring_regex(text, _QUOTED)
    if only_column:  # csv.writer quotes a row's only cell when it is empty, so that the line is not blank
        quote = pc.or_(quote, pc.equal(text, ""))
    if pc.any(quote).as_py():
        # Doubling the inner quotes of every chosen cell leaves those without one as they are, in one pass.
        chosen = pc.replace_substring(pc.filter(text, quote), '"', '""')
        text = pc.replace_with_mask(text, quote, pc.binary_join_element_wise(_text('"'), chosen, _text('"'), _text("")))
    return text
