"""Reading a CSV file as it really arrives: into a table of text cells with the line number of every row.

This is the one reader for every CSV the package takes — the curated `data/` files, analysts' uploads and publishers'
downloads. It detects the encoding (UTF-8 with or without BOM, UTF-16, Latin-1/cp1252) and the delimiter (comma,
semicolon, tab), reads every column as text (type guessing would turn sector `01` into 1; we cast ourselves), keeps each
row's line number as in the file (header = line 1), and turns everything that makes a file unreadable into a `Problem`
instead of an exception. The parse itself is pyarrow's multi-threaded CSV reader. An Excel workbook (.xlsx) takes
the same path: its data sheet is written as CSV lines, one per sheet row (`io/workbook.py`), so its line numbers are
the sheet's row numbers.

Longer than 400 lines because the two routes into it (a plain UTF-8 file parsed from disk in blocks, anything else
decoded in memory first) must sniff, check and number rows identically; they share private steps that would need
to be public, and kept in step across files, if the module were cut.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from econ_ties.io.workbook import WorkbookError, is_workbook, workbook_csv
from econ_ties.language import N_
from econ_ties.model.problems import Problem, Said, Severity, said

#: Sizes are shown in megabytes of 1024 × 1024 bytes, the unit the limit is set in (200 MB = 200 × 1024 × 1024 bytes).
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 200 * MB
MAX_COLUMNS = 1000
MAX_CELL_CHARS = 100_000
#: The longest header line read, in bytes. A thousand columns of sixty-character names fit; a longer first line is not
#: a header (a file with no line breaks at all, or a cell pasted where the names belong), and would overflow the
#: `csv` module's 128 KiB field limit in the delimiter sniffer.
MAX_HEADER_BYTES = 64 * 1024

#: Which columns to read coded: names, or a function of the header's names giving them (see `read_text_table`).
CodedColumns = Collection[str] | Callable[[list[str]], Collection[str]]
#: How coded columns are read.
_CODED = pa.dictionary(pa.int32(), pa.string())

_BOMS = [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]


@dataclass
class TextTable:
    """Every cell as text (never null: an empty cell is ""), each row with its line number in the file."""

    file: str
    columns: list[str]
    table: pa.Table
    line_numbers: np.ndarray
    encoding: str
    delimiter: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def num_rows(self) -> int:
        return self.table.num_rows


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; `problem` says why in words for people."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _fail(file: str, code: str, message: Said, row: int | None = None) -> UnreadableFile:
    return UnreadableFile(Problem(code=code, message=message, file=file, row=row))


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    _check_file(path, max_bytes)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _fail(path.name, "unreadable-file", said(N_("{path} could not be opened: {reason}"), path=path, reason=exc.strerror)) from None


def _check_file(path: Path, max_bytes: int) -> None:
    """A missing file, a folder or a file over the size limit is one clear problem."""
    label = path.name
    if not path.exists():
        raise _fail(label, "unreadable-file", said(N_("{path} does not exist"), path=path))
    if path.is_dir():
        raise _fail(label, "unreadable-file", said(N_("{path} is a folder, not a CSV file"), path=path))
    size = path.stat().st_size
    if size > max_bytes:
        raise _fail(
            label, "unreadable-file", said(N_("the file is {size} MB; the limit is {limit} MB"), size=f"{size / MB:.1f}", limit=f"{max_bytes / MB:.0f}")
        )


def decode(data: bytes, file: str, *, strict_utf8: bool) -> tuple[bytes, str, list[Problem]]:
    """Return UTF-8 bytes without BOM, the encoding found, and any warning about it.

    With `strict_utf8` (the curated files, which are reviewed like code) anything but UTF-8 is an error that names the
    first bad line; otherwise Latin-1/cp1252 is accepted with a warning.
    """
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\x1f\x8b"):
        raise _fail(file, "unreadable-file", said(N_("this is a compressed archive (zip or gzip), not a CSV; extract the CSV and upload that")))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                data = data[len(bom) :]
                break
            try:
                return data[len(bom) :].decode(encoding).encode("utf-8"), "utf-16", []
            except UnicodeDecodeError:
                raise _fail(file, "encoding-error", said(N_("the file starts like UTF-16 but is not valid UTF-16 text"))) from None
    head = data[:8192]
    if b"\x00" in head:
        if _looks_like_utf16(head):
            encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
            try:
                return data.decode(encoding).encode("utf-8"), "utf-16", []
            except UnicodeDecodeError:
                pass
        raise _fail(file, "unreadable-file", said(N_("this looks like a binary file, not a CSV text file")))
    try:
        if not data.isascii():  # isascii is a fast scan; most files are plain ASCII and need no decoding at all
            data.decode("utf-8")
        return data, "utf-8", []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if strict_utf8:
            raise _fail(
                file,
                "encoding-error",
                said(N_("the file is not UTF-8: byte {byte} on line {line} cannot be read; save it as UTF-8"), byte=f"{data[exc.start]:#04x}", line=line),
                row=line,
            ) from None
        text = data.decode("cp1252", errors="strict") if _is_cp1252(data) else data.decode("latin-1")
        warning = Problem(
            code="encoding-error",
            message=said(N_("the file is not UTF-8; it was read as Latin-1/cp1252 — check accented names")),
            file=file,
            severity=Severity.WARNING,
        )
        return text.encode("utf-8"), "cp1252", [warning]


def _looks_like_utf16(head: bytes) -> bool:
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2 or 1
    return max(even_nuls, odd_nuls) > 0.3 * half and min(even_nuls, odd_nuls) < 0.05 * half


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _first_line(data: bytes) -> bytes:
    """The bytes before the first line break. A lone CR ends a line too, as it does for pyarrow's parser (old Mac
    files), so the header we read is the row pyarrow skips."""
    ends = [end for end in (data.find(b"\n"), data.find(b"\r")) if end >= 0]
    return data[: min(ends)] if ends else data


def _fields(line: str, delimiter: str) -> list[str]:
    """One line (never holding a line break: see `_first_line`, `_sample_lines`) split into cells as a CSV reader would."""
    return next(csv.reader([line], delimiter=delimiter), [])


def sniff_delimiter(header_line: str, sample_lines: list[str] | None = None) -> str:
    """Comma, semicolon or tab: the one that splits the header and the first data lines into the same number of
    fields (more than one), preferring more fields; with no such one, whichever splits the header into the most."""
    lines = [header_line, *(sample_lines or [])]
    best, best_score = ",", (False, 0)
    for delimiter in (",", ";", "\t"):
        counts = [len(_fields(line, delimiter)) for line in lines]
        header_count = counts[0] if counts else 0
        # A trailing delimiter on data rows (Comtrade Plus) adds one empty field: still consistent.
        consistent = header_count > 1 and all(c in (header_count, header_count + 1) for c in counts[1:])
        score = (consistent, header_count)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _sample_lines(data: bytes, count: int = 5) -> list[str]:
    """The first few lines after the header, decoded, for sniffing (never more than 64 KB looked at)."""
    window = data[:65536]
    if len(data) > len(window) and b"\n" in window:
        window = window[: window.rfind(b"\n") + 1]  # whole lines only, so every route to a file sniffs the same lines
    lines = window.decode("utf-8", errors="replace").splitlines()[1 : count + 1]
    return [line for line in lines if line.strip()]


def _blank_rows(table: pa.Table) -> np.ndarray | None:
    """Rows whose every cell is empty (blank lines, or lines of bare delimiters); None when there are none.

    Only rows with an empty first cell are looked at further, so a clean file costs one comparison over one column.
    """
    if table.num_columns == 0 or table.num_rows == 0:
        return None
    candidates = np.flatnonzero(pc.equal(table.column(0), "").to_numpy(zero_copy_only=False))
    if len(candidates) == 0:
        return None
    picked = table.take(pa.array(candidates))
    all_empty = np.ones(len(candidates), dtype=bool)
    for column in picked.columns:
        all_empty &= pc.equal(column, "").to_numpy(zero_copy_only=False)
    if not all_empty.any():
        return None
    blank = np.zeros(table.num_rows, dtype=bool)
    blank[candidates[all_empty]] = True
    return blank


def _is_blank(data: bytes, start: int = 0) -> bool:
    """True when data[start:] holds only whitespace; looks at the first 64 KB first, so a large file costs no copy."""
    view = memoryview(data)
    if bytes(view[start : start + 65536]).strip():
        return False
    return not bytes(view[start:]).strip()


#: How much of a file is looked at before it is parsed from disk: the header, sample rows, the encoding's first signs.
HEAD_BYTES = 1 << 18


def _plain_utf8_head(path: Path) -> bytes | None:
    """The first bytes of a file that can be parsed straight from disk; None when it needs the in-memory route.

    The route from disk skips holding the whole file in memory and decoding it here: pyarrow reads it in blocks and
    checks every text cell is UTF-8. It is taken only for files that start plainly — UTF-8 (a BOM is fine), no
    leading blank lines, a header and a non-blank row within the first `HEAD_BYTES` — and a file that turns out not
    to be UTF-8 further on is read again the other way (`read_text_table`)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return None
    whole_file = len(head) < HEAD_BYTES
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head or head[:1] in (b"\r", b"\n") or b"\x00" in head[:8192] or head.startswith((b"PK\x03\x04", b"\x1f\x8b", b"\xff\xfe", b"\xfe\xff")):
        return None
    # The whole file when it is shorter than the head (its last line may have no line break); else whole lines only.
    complete = head if whole_file else head[: head.rfind(b"\n") + 1]
    try:
        complete.decode("utf-8")
    except UnicodeDecodeError:
        return None
    header_end = complete.find(b"\n")
    if header_end < 0 or not complete[header_end:].strip():
        return None
    return complete


def read_text_table(
    source: bytes | Path,
    file: str,
    *,
    strict_utf8: bool = True,
    max_columns: int = MAX_COLUMNS,
    coded_columns: CodedColumns = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> TextTable:
    """Parse CSV bytes, or a CSV file on disk, into a TextTable. Raises UnreadableFile with one clear problem when it cannot.

    Columns named in `coded_columns` (or named by it when it is a function of the header's names: those a format expects to hold few distinct texts: codes, categories, periods)
    are read as Arrow dictionaries with one dictionary shared by every chunk: each distinct text is stored and later
    checked once, and its integer codes serve the cross-row rules without hashing a million cells again. The cells'
    texts are the same either way; other columns are plain text.

    A file on disk that starts plainly (see `_plain_utf8_head`) is parsed from disk in blocks, never held whole in
    memory; any other file, and any file whose later bytes are not UTF-8, is read into memory and decoded first.
    Either way the table, line numbers and problems are the same (`tests/io/test_reading.py` reads every case both ways).
    """
    if isinstance(source, Path):
        _check_file(source, max_bytes)
        head = _plain_utf8_head(source)
        if head is not None:
            try:
                return _parse_table(str(source), head, 0, file, "utf-8", [], max_columns, coded_columns)
            except _NotUtf8:
                pass
        source = read_bytes(source, max_bytes=max_bytes)
    data = source
    if _is_blank(data):
        raise _fail(file, "empty-file", said(N_("the file is empty")))
    if is_workbook(data):
        return _read_workbook(data, file, max_columns, coded_columns, max_bytes)
    data, encoding, problems = decode(data, file, strict_utf8=strict_utf8)
    stripped = data.lstrip(b"\r\n")
    leading_lines = data.count(b"\n", 0, len(data) - len(stripped))
    data = stripped
    try:
        return _parse_table(io.BytesIO(data), data, leading_lines, file, encoding, problems, max_columns, coded_columns)
    except _NotUtf8 as exc:  # decode() made the bytes UTF-8; this cannot happen, but must not pass silently
        raise _fail(file, "unreadable-file", said(N_("the file could not be parsed as CSV: {reason}"), reason=str(exc))) from None


def _read_workbook(data: bytes, file: str, max_columns: int, coded_columns: CodedColumns, max_bytes: int) -> TextTable:
    """An .xlsx file: its data sheet as CSV lines (a comma between cells, whatever the cells hold), parsed as a CSV is."""
    try:
        lines, leading_rows, _sheet = workbook_csv(data, max_bytes=max_bytes)
    except WorkbookError as exc:
        raise _fail(file, "unreadable-file", exc.args[0]) from None
    return _parse_table(io.BytesIO(lines), lines, leading_rows, file, "xlsx", [], max_columns, coded_columns, delimiter=",")


def _long_header_message(header: bytes, head: bytes) -> Said:
    """Why a header line over `MAX_HEADER_BYTES` is refused: how long line 1 is, and whether the file has a line break at all."""
    size = said(N_("{size} MB"), size=f"{len(header) / MB:.1f}") if len(header) >= MB else said(N_("{size} KiB"), size=f"{len(header) / 1024:.0f}")
    if len(header) == len(head):
        where = said(N_("the file is one line of {size} ({bytes} bytes) with no line break"), size=size, bytes=f"{len(header):,}")
    else:
        where = said(N_("line 1 (the header) is {size} long ({bytes} bytes)"), size=size, bytes=f"{len(header):,}")
    return said(
        N_("{where}; a header line may be at most {limit} KiB ({bytes} bytes), so this is not a CSV table we can read"),
        where=where,
        limit=MAX_HEADER_BYTES // 1024,
        bytes=f"{MAX_HEADER_BYTES:,}",
    )


class _NotUtf8(Exception):
    """pyarrow found bytes that are not UTF-8 in a file parsed from disk: it must be decoded first."""


def _parse_table(
    source: io.BytesIO | str,
    head: bytes,
    leading_lines: int,
    file: str,
    encoding: str,
    problems: list[Problem],
    max_columns: int,
    coded_columns: CodedColumns,
    *,
    delimiter: str | None = None,
) -> TextTable:
    """The parse proper: `source` holds UTF-8 CSV whose header starts it (a file name or the bytes), `head` its first
    bytes (at least the header and a data row), `leading_lines` the blank lines cut off before the header. `delimiter`
    is given when it is known (a workbook written as CSV here); otherwise it is sniffed."""
    problems = list(problems)
    header_bytes = _first_line(head)
    if len(header_bytes) > MAX_HEADER_BYTES:
        raise _fail(file, "unreadable-file", _long_header_message(header_bytes, head), row=1)
    header_line = header_bytes.decode("utf-8")
    samples = _sample_lines(head)
    if delimiter is None:
        delimiter = sniff_delimiter(header_line, samples)
    header = _fields(header_line, delimiter)
    header = [h.strip() for h in header]
    first_row = _fields(samples[0], delimiter) if samples else None
    if header and header[-1] != "" and first_row is not None and len(first_row) == len(header) + 1 and first_row[-1] == "":
        # Data rows end with a delimiter the header does not have (Comtrade Plus): a phantom last column.
        header.append("")
    if len(header) > max_columns:
        raise _fail(file, "unreadable-file", said(N_("the header has {count} columns; we read at most {limit}"), count=len(header), limit=max_columns), row=1)
    # A trailing delimiter on every line (Comtrade Plus, IMF) makes a phantom last column with no name.
    trailing_blank = bool(header) and header[-1] == "" and header.count("") == 1
    names = [h if h else f"__blank_{i}" for i, h in enumerate(header)]
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if not h and not (trailing_blank and i == len(header) - 1):
            problems.append(Problem("blank-column", said(N_("column {number} of the header has no name"), number=i + 1), file, 1, f"#{i + 1}"))
        elif h in seen:
            message = said(N_("the column '{column}' appears twice (columns {first} and {second})"), column=h, first=seen[h] + 1, second=i + 1)
            problems.append(Problem("duplicate-column", message, file, 1, h, h))
            names[i] = f"{h}__{i}"
        elif h:
            seen[h] = i
    if _is_blank(head, len(_first_line(head))):
        raise _fail(file, "header-only", said(N_("the file has a header row but no data rows")), row=1)

    invalid: list[tuple[int | None, int, str]] = []
    coded = set(coded_columns(names) if callable(coded_columns) else coded_columns) & set(names)

    def on_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append((row.number, row.actual_columns, row.text))
        return "skip"

    def parse(tolerant: bool) -> pa.Table:
        # Blank lines are kept as rows of empty cells (ignore_empty_lines=False) so that row i is always line i + 2 and
        # no pass over the bytes is needed to number lines; rows with every cell empty are dropped below. The first,
        # multi-threaded attempt has no Python row
        # handler (it slows the parse); a file with short or long rows is parsed again on one thread, where pyarrow
        # numbers each bad row.
        if isinstance(source, io.BytesIO):
            source.seek(0)
        return pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=not tolerant, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, invalid_row_handler=on_invalid if tolerant else None, newlines_in_values=False, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: _CODED if n in coded else pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )

    try:
        try:
            table = parse(tolerant=False)
        except pa.ArrowInvalid as exc:
            if "columns" not in str(exc):
                raise
            invalid.clear()
            table = parse(tolerant=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError) as exc:
        if isinstance(source, str) and "utf8" in str(exc).lower():
            raise _NotUtf8(str(exc)) from None
        raise _fail(file, "unreadable-file", said(N_("the file could not be parsed as CSV: {reason}"), reason=str(exc).splitlines()[0])) from None
    if coded:
        table = table.unify_dictionaries()  # each chunk was coded on its own; one dictionary per column from here on

    if trailing_blank:
        blank_name = names[-1]
        column = table.column(blank_name)
        if pc.any(pc.not_equal(column, "")).as_py():
            message = said(N_("column {number} of the header has no name but holds values"), number=len(names))
            problems.append(Problem("blank-column", message, file, 1, f"#{len(names)}"))
        table = table.drop_columns([blank_name])
        names = names[:-1]
        header = header[:-1]

    # pyarrow numbers rows by physical line, header = 1; invalid rows were skipped and valid rows fill the other lines.
    bad_lines = np.array(sorted(n for n, _, _ in invalid if n is not None), dtype=np.int64)
    if len(bad_lines):
        all_lines = np.arange(2, table.num_rows + len(bad_lines) + 2, dtype=np.int64)
        line_numbers = all_lines[~np.isin(all_lines, bad_lines)]
    else:
        line_numbers = np.arange(2, table.num_rows + 2, dtype=np.int64)
    blank_rows = _blank_rows(table)
    if blank_rows is not None:
        table = table.filter(pa.array(~blank_rows))
        line_numbers = line_numbers[~blank_rows]
    line_numbers = line_numbers + leading_lines

    expected = len(names) + (1 if trailing_blank else 0)
    for number, actual, text in invalid:
        line = number + leading_lines if number is not None else None
        preview = text if len(text) <= 80 else text[:77] + "…"
        message = said(N_("this row has {count} cells but the header has {expected}"), count=actual, expected=expected)
        problems.append(Problem("missing-cell" if actual < expected else "extra-cell", message, file, line, "", preview))

    # Blank and repeated names keep their made-up unique names (`__blank_3`, `notes__16`): columns must stay distinct.
    clean_names = [h if h and n == h else n for h, n in zip(header, names, strict=True)]
    return TextTable(file, clean_names, table.rename_columns(clean_names), line_numbers, encoding, delimiter, problems)


def read_csv_file(path: Path, *, strict_utf8: bool = True, max_bytes: int = DEFAULT_MAX_BYTES) -> TextTable:
    return read_text_table(path, path.name, strict_utf8=strict_utf8, max_bytes=max_bytes)
