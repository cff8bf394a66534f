"""Validating our own CSV formats (figures, sources, events) row by row, fast.

The pydantic models in `schema` are the one statement of what a valid row is. Running them on every row of a
million-row upload would take a minute, so claims go through cheap vectorised column checks over the Arrow table first;
only the rows those checks flag are validated by pydantic, which then writes the exact message. The column checks are a
pre-filter that must flag every row pydantic would reject (a test holds them to that); they never write messages.
Small tables (sources, events) go straight through pydantic.

How the column checks stay cheap on a million rows: an upload in our own format reads its few-valued columns
(`CODED_CLAIM_COLUMNS`) as Arrow dictionaries, so each distinct text is checked once and its integer codes serve the
typed frame (pandas categoricals until the very end) and the cross-row rules' keys; ids and values are checked on
their bytes with numpy; repeated claim ids are found from 64-bit fingerprints and confirmed on the texts. Each fast path
has a test against the plain computation (`tests/checks/test_fast_paths.py`); the curated files, read as plain text, go
through the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ValidationError

from econ_ties.io.reading import MAX_CELL_CHARS, TextTable
from econ_ties.model.countries import is_country, known_codes
from econ_ties.model.periods import parse_period
from econ_ties.model.problems import CODES, Problem, Severity
from econ_ties.model.schema import (
    FALSE_TEXT,
    ID_PATTERN,
    INDICATOR_MEASURE,
    INDICATOR_ROLES,
    SECTOR_PATTERN,
    TRUE_TEXT,
    Claim,
    Event,
    Indicator,
    Measure,
    Qualifier,
    Roles,
    Scale,
    Source,
)

CLAIM_COLUMNS = (
    "claim_id", "indicator", "country", "counterpart", "roles", "sector", "period", "measure", "value", "currency",
    "scale", "qualifier", "reporting_side", "source_id", "quote", "uncertain", "notes",
)  # fmt: skip
SOURCE_COLUMNS = (
    "source_id", "publisher", "title", "url", "date_published", "author", "speaker", "speaker_role", "language", "notes",
)  # fmt: skip
EVENT_COLUMNS = ("event_id", "date", "title", "description", "parties", "source_id")


@dataclass(frozen=True)
class TableSpec:
    file: str
    model: type[BaseModel]
    columns: tuple[str, ...]
    optional: frozenset[str]


FIGURES = TableSpec("figures.csv", Claim, CLAIM_COLUMNS, frozenset({"uncertain", "notes"}))
SOURCES = TableSpec("sources.csv", Source, SOURCE_COLUMNS, frozenset({"url", "date_published", "author", "speaker", "speaker_role", "language", "notes"}))
EVENTS = TableSpec("events.csv", Event, EVENT_COLUMNS, frozenset({"description"}))


def check_header(table: TextTable, spec: TableSpec) -> list[Problem]:
    """Missing required columns are errors (rows cannot be checked); unknown columns are warnings."""
    problems = []
    present = set(table.columns)
    for column in spec.columns:
        if column not in present and column not in spec.optional:
            problems.append(Problem("missing-column", f"the required column '{column}' is not in the header", table.file, 1, column))
    for column in table.columns:
        if column not in spec.columns and not column.startswith("__blank_"):
            problems.append(
                Problem("extra-column", f"the column '{column}' is not part of this format and is ignored", table.file, 1, column, column, Severity.WARNING)
            )
    return problems


def problems_from(error: ValidationError, row: dict[str, Any], file: str, line: int) -> list[Problem]:
    """Turn pydantic's errors for one row into Problems with our codes, the column to blame and its value."""
    problems = []
    for err in error.errors(include_url=False):
        ctx = err.get("ctx") or {}
        column = str(ctx.get("column") or (err["loc"][0] if err["loc"] else ""))
        code = err["type"] if err["type"] in CODES else "type-error"
        value = row.get(column, "")
        problems.append(Problem(code, err["msg"], file, line, column, "" if value is None else str(value)))
    return problems


def _raw(table: pa.Table, column: str) -> pa.ChunkedArray:
    if column not in table.column_names:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.large_string()).fill_null("")])
    return table.column(column)


def _trimmed_if_needed(table: pa.Table, column: str) -> pa.ChunkedArray:
    """Trim only when some cell starts or ends with whitespace (looking at the end bytes is cheaper than trimming)."""
    values = _raw(table, column)
    if len(values) == 0:
        return values
    maybe = _may_have_edge_space(values)
    rows = np.flatnonzero(maybe) if maybe is not None else np.arange(len(values))
    if len(rows):
        picked = values.take(pa.array(rows))
        if pc.any(pc.not_equal(pc.utf8_trim_whitespace(picked), picked)).as_py():
            return pc.utf8_trim_whitespace(values)
    return values


def _np(array: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


# -- column-wise work on raw text buffers ------------------------------------------------------------------------------
# Whitespace checks over a million quotes look only at each cell's first and last byte (numpy over Arrow's buffers);
# columns with few distinct texts are coded once (Arrow's hashing) and checked once per distinct text.


def _text_buffers(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """(offsets, bytes) of a string chunk without copying; None for other types or chunks with nulls."""
    if chunk.null_count or not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
        return None
    _, offsets_buffer, data_buffer = chunk.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64 if pa.types.is_large_string(chunk.type) else np.int32)
    offsets = offsets[chunk.offset : chunk.offset + len(chunk) + 1].astype(np.int64, copy=False)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, dtype=np.uint8)
    return offsets, data


def _chunks(values: pa.ChunkedArray | pa.Array) -> list[pa.Array]:
    return list(values.chunks) if isinstance(values, pa.ChunkedArray) else [values]


#: Columns of the claims format that hold few distinct texts; an upload reads them as Arrow dictionaries.
CODED_CLAIM_COLUMNS = (
    "indicator", "country", "counterpart", "roles", "sector", "period", "measure", "currency", "scale", "qualifier",
    "reporting_side", "source_id", "uncertain",
)  # fmt: skip


def is_coded(values: pa.ChunkedArray | pa.Array) -> bool:
    """True for a dictionary-coded text column (see `reading.read_text_table`'s `coded_columns`)."""
    return pa.types.is_dictionary(values.type)


def dictionary_parts(values: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, np.ndarray]:
    """A coded column as (its dictionary, every row's index into it). The chunks must share one dictionary
    (the reader unifies them; filtering and taking keep it)."""
    chunks = _chunks(values)
    if not chunks:
        return pa.array([], pa.string()), np.zeros(0, dtype=np.int64)
    dictionary = shared_dictionary(values)
    if dictionary is None:
        return dictionary_parts(pa.table({"v": values}).unify_dictionaries().column("v"))
    # int32 as read (a cast to int64 per use costs more than it saves): numpy indexes and bincounts with them as they are.
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks])
    return dictionary, codes


def shared_dictionary(values: pa.ChunkedArray | pa.Array) -> pa.Array | None:
    """The dictionary every chunk of a coded column shares (as the reader leaves them); None if the chunks differ."""
    chunks = _chunks(values)
    dictionary = chunks[0].dictionary
    return dictionary if all(c.dictionary.equals(dictionary) for c in chunks[1:]) else None


def decoded(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """A coded column as plain text (unchanged when it is not coded)."""
    if not is_coded(values):
        return values
    return pa.chunked_array([c.dictionary.take(c.indices) for c in values.chunks], pa.string())


def rows_longer_than(values: pa.ChunkedArray, limit: int) -> np.ndarray:
    """The rows whose cell has more than `limit` bytes. A coded column looks at its distinct texts only, and a chunk of
    plain text whose bytes together are within the limit is skipped without looking at its cells."""
    if is_coded(values):
        shared = shared_dictionary(values) if _chunks(values) else pa.array([], pa.string())
        if shared is not None and not (_np(pc.binary_length(shared)) > limit).any():
            return np.zeros(0, dtype=np.int64)  # no distinct text is that long: no row is
        dictionary, codes = dictionary_parts(values)
        long_texts = _np(pc.binary_length(dictionary)) > limit
        return np.flatnonzero(long_texts[codes])
    found, start = [], 0
    for chunk in _chunks(values):
        parts = _text_buffers(chunk)
        if parts is None or parts[0][-1] - parts[0][0] > limit:
            lengths = np.diff(parts[0]) if parts is not None else _np(pc.binary_length(chunk))
            found.append(np.flatnonzero(lengths > limit) + start)
        start += len(chunk)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def text_codes(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Integer codes of a text column, numbered in order of first appearance: equal texts get equal codes.

    Arrow's hash table (one pass over the bytes, without the GIL, so it can run beside other work)."""
    if is_coded(values):
        values = decoded(values) if isinstance(values, pa.ChunkedArray) else values.dictionary.take(values.indices)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return _np(pc.dictionary_encode(values).indices).astype(np.int64, copy=False)


def first_rows(codes: np.ndarray) -> np.ndarray:
    """For codes numbered in order of first appearance, the row where each code first appears."""
    if len(codes) == 0:
        return np.zeros(0, dtype=np.int64)
    running = np.maximum.accumulate(codes)
    return np.flatnonzero(np.concatenate(([True], codes[1:] > running[:-1])))


def _edge_bytes(offsets: np.ndarray, data: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Length, first byte and last byte of every cell (0 for empty cells)."""
    length = np.diff(offsets)
    some = length > 0
    first = np.zeros(len(length), dtype=np.uint8)
    last = np.zeros(len(length), dtype=np.uint8)
    first[some] = data[offsets[:-1][some]]
    last[some] = data[offsets[1:][some] - 1]
    return length, first, last


def _byte_set(text: str) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(text.encode("ascii"))] = True
    return table


_DIGIT_BYTES = _byte_set("0123456789")
_ALNUM_BYTES = _byte_set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
#: ID_PATTERN as byte sets: a letter or digit, then letters, digits, '.', '_' or '-'; 1 to 64 characters.
_ID_BYTES = _ALNUM_BYTES | _byte_set("._-")
_ID_MAX = 64


def _bytes_not_matching(values: pa.ChunkedArray, allowed: np.ndarray, first: np.ndarray, last: np.ndarray, max_length: int) -> np.ndarray | None:
    """Rows whose text is empty, longer than `max_length` bytes, has a byte outside `allowed`, a first byte outside
    `first` or a last byte outside `last`: a regular expression of that shape checked with
    numpy over Arrow's buffers (several times faster than the regex engine on a million cells). None when the column is
    not plain text without nulls; the caller then uses the regular expression."""
    flags = []
    for chunk in _chunks(values):
        parts = _text_buffers(chunk)
        if parts is None:
            return None
        offsets, data = parts
        length, head, tail = _edge_bytes(offsets, data)
        bad = (length == 0) | (length > max_length) | ~first[head] | ~last[tail]
        body = data[offsets[0] : offsets[-1]]
        wrong = np.flatnonzero(~allowed[body])
        if len(wrong):
            bad[np.searchsorted(offsets, wrong + offsets[0], side="right") - 1] = True
        flags.append(bad)
    return np.concatenate(flags) if flags else np.zeros(0, dtype=bool)


def _not_an_id(values: pa.ChunkedArray) -> np.ndarray:
    flags = _bytes_not_matching(values, _ID_BYTES, _ALNUM_BYTES, _ID_BYTES, _ID_MAX)
    return ~_np(pc.match_substring_regex(values, ID_PATTERN.pattern)) if flags is None else flags


def _not_a_plain_decimal(values: pa.ChunkedArray) -> np.ndarray:
    """Anything but digits with at most one decimal point inside them (`^\\d+(\\.\\d+)?$`)."""
    flags = _bytes_not_matching(values, _DIGIT_BYTES | _byte_set("."), _DIGIT_BYTES, _DIGIT_BYTES, 1 << 30)
    if flags is None:
        return ~_np(pc.match_substring_regex(values, r"^\d+(\.\d+)?$"))
    return flags | (_np(pc.count_substring(values, ".")) > 1)


_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True


def _may_have_edge_space(values: pa.ChunkedArray) -> np.ndarray | None:
    """Rows that may start or end with whitespace (an ASCII space or any non-ASCII character); None if not plain text."""
    parts = [_text_buffers(chunk) for chunk in _chunks(values)]
    if any(p is None for p in parts):
        return None
    flags = []
    for offsets, data in parts:  # type: ignore[misc]
        _, first, last = _edge_bytes(offsets, data)
        flags.append(_ASCII_SPACE[first] | _ASCII_SPACE[last] | (first >= 0x80) | (last >= 0x80))
    return np.concatenate(flags) if flags else np.zeros(0, dtype=bool)


_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2**64 - 1], dtype=np.uint64)


def _fingerprints(chunk: pa.Array) -> np.ndarray | None:
    """A 64-bit number per cell from its length and its first and last 8 bytes: equal texts get equal numbers, and
    unequal texts rarely share one (every use compares the texts themselves). Two unaligned 8-byte loads per cell with
    numpy, several times cheaper than hashing every byte. None for chunks that are not plain text without nulls."""
    parts = _text_buffers(chunk)
    if parts is None:
        return None
    offsets, data = parts
    base, stop = int(offsets[0]), int(offsets[-1])
    padded = np.zeros(stop - base + 16, dtype=np.uint8)
    padded[8 : 8 + stop - base] = data[base:stop]
    words = np.ndarray(shape=(len(padded) - 7,), dtype=np.uint64, buffer=padded, strides=(1,))  # word k = bytes k..k+7
    start, end = offsets[:-1] - base + 8, offsets[1:] - base + 8
    length = end - start
    head = words[start] & _LOW_BYTES[np.minimum(length, 8)]
    tail = np.where(length > 8, words[end - 8], np.uint64(0))
    with np.errstate(over="ignore"):
        return (head * np.uint64(0x9E3779B97F4A7C15)) ^ (tail * np.uint64(0xC2B2AE3D27D4EB4F)) ^ (length.astype(np.uint64) * np.uint64(0x165667B19E3779F9))


def repeated_texts(values: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """The rows whose text is also on another row (ascending), each with a label that equal texts share.

    For a column of mostly distinct texts (claim ids): fingerprints, one sort to find the fingerprints seen twice, then
    the texts of those few rows compared exactly — about a quarter of the cost of hashing a million texts."""
    maybe_prints = [_fingerprints(chunk) for chunk in _chunks(values)]
    prints = [p for p in maybe_prints if p is not None]
    if len(prints) < len(maybe_prints):
        codes = text_codes(values)
        rows = np.flatnonzero(np.bincount(codes)[codes] > 1) if len(codes) else np.zeros(0, dtype=np.int64)
        return rows, codes[rows]
    fingerprints = np.concatenate(prints) if prints else np.zeros(0, dtype=np.uint64)
    ordered = np.sort(fingerprints)
    seen_twice = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if len(seen_twice) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    candidates = np.flatnonzero(pd.Series(fingerprints).isin(seen_twice).to_numpy())
    labels: dict[str, int] = {}
    label = np.array([labels.setdefault(t, len(labels)) for t in values.take(pa.array(candidates)).to_pylist()], dtype=np.int64)
    repeated = np.bincount(label)[label] > 1
    return candidates[repeated], label[repeated]


def codes_by_first_appearance(count: int, rows: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Codes numbered in order of first appearance for `count` rows, where only `rows` (ascending) share texts
    (grouped by `labels`) and every other row's text is its own."""
    first = np.arange(count, dtype=np.int64)
    if len(rows):
        order = np.argsort(labels, kind="stable")  # rows of one label together, ascending within it
        grouped = labels[order]
        starts = np.concatenate(([True], grouped[1:] != grouped[:-1]))
        first_of_label = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
        first[rows[order]] = rows[order][first_of_label]
    is_first = first == np.arange(count)
    return (np.cumsum(is_first) - 1)[first]


class DistinctValues:
    """A text column as integer codes plus its distinct texts, so that checks run once per distinct text.

    A coded (dictionary) column already is that; any other column is hashed once."""

    def __init__(self, values: pa.ChunkedArray, *, used_only: bool = False):
        """`used_only`: a coded column's dictionary may hold texts of rows filtered out since; leave those out."""
        if is_coded(values):
            dictionary, self.codes = dictionary_parts(values)
            self.texts: list[str] = dictionary.to_pylist()
            if used_only and len(self.texts):
                used = np.bincount(self.codes, minlength=len(self.texts)) > 0
                if not used.all():
                    self.codes = (np.cumsum(used) - 1)[self.codes]
                    self.texts = [t for t, u in zip(self.texts, used.tolist(), strict=True) if u]
            return
        self.codes = text_codes(values)
        self.texts = values.take(pa.array(first_rows(self.codes))).to_pylist() if len(values) else []

    def spread(self, per_text: list[Any] | np.ndarray, dtype: Any = None) -> np.ndarray:
        """One value per distinct text → one value per row."""
        values = np.asarray(per_text, dtype=dtype)
        if values.dtype == bool and not values.any():  # the usual case of a check: no text fails, no pass over the rows
            return np.zeros(len(self.codes), dtype=bool)
        return values[self.codes] if len(self.codes) else np.zeros(0, dtype=dtype)

    def failing(self, is_ok: Callable[[str], bool]) -> np.ndarray:
        return self.spread([not is_ok(v) for v in self.texts], bool)

    def not_in(self, allowed: set[str] | frozenset[str]) -> np.ndarray:
        return self.spread([v not in allowed for v in self.texts], bool)

    def index_in(self, choices: list[str]) -> np.ndarray:
        """Position of each cell's text in `choices`; -1 when it is none of them."""
        return self.spread([choices.index(v) if v in choices else -1 for v in self.texts], np.int64)


def _index_in(values: pa.ChunkedArray, choices: list[str]) -> np.ndarray:
    """Position of each cell's text in `choices`; -1 when it is none of them."""
    return DistinctValues(values).index_in(choices)


def _canonical_period(text: str) -> bool:
    try:
        return parse_period(text).text == text
    except ValueError:
        return False


def _canonical_currency(text: str) -> bool:
    import pycountry

    return text == "" or (text == text.upper() and pycountry.currencies.get(alpha_3=text) is not None)


_INDICATORS = [i.value for i in Indicator]
_MEASURES = [m.value for m in Measure]
_ROLES = [r.value for r in Roles]
_SCALES = [s.value for s in Scale]
_QUALIFIERS = [q.value for q in Qualifier]


def claim_suspects(table: pa.Table) -> np.ndarray:
    """Rows that may break a Claim rule, or are not written in canonical form: computed column-wise over raw text.

    A superset of what pydantic rejects. Rows it does not flag are valid *and* canonical (no stray spaces, codes in
    upper case, periods as `parse_period` writes them), so `claims_frame(..., canonical=True)` can skip normalising a
    million cells; flagged rows that pydantic accepts are normalised one by one in `normalise_rows`. Columns with few
    distinct texts are checked once per distinct text; ids, values and quotes are checked on their bytes.
    """
    n = table.num_rows
    col = {c: _raw(table, c) for c in CLAIM_COLUMNS}
    distinct = {c: DistinctValues(col[c]) for c in CODED_CLAIM_COLUMNS}
    suspect = _not_an_id(col["claim_id"])
    suspect |= distinct["source_id"].failing(lambda v: bool(ID_PATTERN.match(v)))
    indicator = distinct["indicator"].index_in(_INDICATORS)
    measure = distinct["measure"].index_in(_MEASURES)
    roles = distinct["roles"].index_in(_ROLES)
    suspect |= (indicator < 0) | (measure < 0) | (roles < 0)
    expected_measure = np.array([_MEASURES.index(INDICATOR_MEASURE[Indicator(i)].value) for i in _INDICATORS] + [-2])
    expected_roles = np.array([_ROLES.index(INDICATOR_ROLES[Indicator(i)].value) for i in _INDICATORS] + [-2])
    suspect |= (expected_measure[indicator] != measure) | (expected_roles[indicator] != roles)
    suspect |= distinct["scale"].not_in(set(_SCALES)) | distinct["qualifier"].not_in(set(_QUALIFIERS))
    # 'majority' claims have rules of their own (no number, not the total): few, so pydantic looks at each.
    suspect |= distinct["qualifier"].spread([v == Qualifier.MAJORITY.value for v in distinct["qualifier"].texts], bool)
    iso = known_codes()
    suspect |= distinct["country"].not_in(iso) | distinct["counterpart"].not_in(iso)
    suspect |= distinct["reporting_side"].not_in({c for c in iso if is_country(c)})
    # The same text in both columns: compare positions in one shared list of the texts of either column.
    shared: dict[str, int] = {}
    country = distinct["country"].spread([shared.setdefault(v, len(shared)) for v in distinct["country"].texts], np.int64)
    counterpart = distinct["counterpart"].spread([shared.setdefault(v, len(shared)) for v in distinct["counterpart"].texts], np.int64)
    suspect |= country == counterpart
    suspect |= distinct["sector"].failing(lambda v: bool(SECTOR_PATTERN.match(v)))
    suspect |= distinct["period"].failing(_canonical_period)
    suspect |= distinct["currency"].failing(_canonical_currency)
    suspect |= distinct["uncertain"].not_in(TRUE_TEXT | FALSE_TEXT)
    suspect |= _blank_cells(col["quote"])
    # Plain non-negative decimals pass; anything else (empty, negative, text) is looked at by pydantic.
    suspect |= _not_a_plain_decimal(col["value"])
    is_rank = measure == _MEASURES.index(Measure.RANK.value)
    no_currency = distinct["currency"].spread([v == "" for v in distinct["currency"].texts], bool)
    suspect |= is_rank != no_currency
    assert len(suspect) == n
    return suspect


def _blank_cells(values: pa.ChunkedArray) -> np.ndarray:
    """Cells that are empty or hold only whitespace."""
    maybe = _may_have_edge_space(values)
    if maybe is None:
        return _np(pc.or_(pc.equal(values, ""), pc.utf8_is_space(values)))
    blank = _np(pc.binary_length(values)) == 0
    rows = np.flatnonzero(maybe)
    if len(rows):
        blank[rows] |= _np(pc.utf8_is_space(values.take(pa.array(rows))))
    return blank


_CODE_COLUMNS = ("country", "counterpart", "reporting_side", "currency")


def _normalised_cell(column: str, text: str) -> str:
    """What the old cell-by-cell normalisation made of a cell (trim; codes upper case; canonical period)."""
    text = text.strip()
    if column in _CODE_COLUMNS:
        return text.upper()
    if column == "uncertain":
        return text.lower()
    if column == "period" and text:
        return parse_period(text).text
    return text


def normalise_rows(table: pa.Table, rows: np.ndarray, changed: set[str] | None = None) -> pa.Table:
    """Claims columns (missing optional ones filled with ""), with the given valid rows rewritten in canonical form."""
    columns = {c: _raw(table, c) for c in CLAIM_COLUMNS}
    if len(rows):
        mask = np.zeros(table.num_rows, dtype=bool)
        mask[rows] = True
        picked = {c: columns[c].take(pa.array(rows)).to_pylist() for c in CLAIM_COLUMNS}
        for c, cells in picked.items():
            fixed = [_normalised_cell(c, cell) for cell in cells]
            if fixed != cells:
                if changed is not None:
                    changed.add(c)
                plain = decoded(columns[c]).combine_chunks()
                columns[c] = pa.chunked_array([pc.replace_with_mask(plain, pa.array(mask), pa.array(fixed, plain.type))])
    return pa.table({c: columns[c] for c in CLAIM_COLUMNS})


def claims_frame(table: pa.Table, lines: np.ndarray, *, canonical: bool = False, decode: bool = True) -> pd.DataFrame:
    """Typed claims from validated text rows: the text columns plus numbers and period fields for charts and rules.

    `lower`/`upper` hold what is known of a bound; `exact_amount` is NaN for bounds and 'majority' claims, so a bound
    can never be read as an exact value by accident. `canonical=True` says the text is already trimmed and in upper
    case where codes are (see `claim_suspects`), which saves a pass over every cell of a large upload. Coded columns
    become pandas categoricals with `decode=False` (cheap; for the rules, which then need no hashing) and `str` columns
    otherwise (see `decode_categories`).
    """
    if canonical:
        text = {c: _raw(table, c) for c in CLAIM_COLUMNS}
        text["quote"], text["notes"] = _trimmed_if_needed(table, "quote"), _trimmed_if_needed(table, "notes")
    else:
        text = {c: pc.utf8_trim_whitespace(decoded(_raw(table, c))) for c in CLAIM_COLUMNS}
        for c in _CODE_COLUMNS:
            text[c] = pc.utf8_upper(text[c])
        text["uncertain"] = pc.utf8_lower(text["uncertain"])
    n = table.num_rows
    # The numbers (Arrow casts and numpy, mostly without the GIL) are worked out beside the text and period columns.
    if n >= PARALLEL_FRAME_ROWS:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="amounts") as pool:
            numbers = pool.submit(_amounts, text)
            frame_text = _text_and_periods(text, canonical=canonical, decode=decode)
            amounts = numbers.result()
    else:
        amounts, frame_text = _amounts(text), _text_and_periods(text, canonical=canonical, decode=decode)
    data = frame_text["columns"]
    data["value"] = amounts.pop("value")
    data["uncertain"] = amounts.pop("uncertain")
    data.update(row=np.asarray(lines, dtype=np.int64), **amounts, **frame_text["periods"])
    # copy=False: the arrays are fresh, so pandas keeps them as they are instead of stacking the numbers into a copy.
    return pd.DataFrame(data, index=pd.RangeIndex(n), copy=False)


#: From this many rows on, `claims_frame` works out the numbers on a second thread.
PARALLEL_FRAME_ROWS = 100_000


def _amounts(text: dict[str, pa.ChunkedArray]) -> dict[str, np.ndarray]:
    """The claims' numbers: stated value and digits, scale, amount in currency units, its bounds, and the uncertain flag."""
    value_text = text["value"]
    value = _np(pc.cast(pc.if_else(pc.equal(value_text, ""), None, value_text), pa.float64())).astype(float)
    point = _np(pc.find_substring(value_text, ".")).astype(np.int64)
    length = _np(pc.utf8_length(value_text)).astype(np.int64)
    decimals = np.where(point >= 0, length - point - 1, 0).astype(np.int64)
    multiplier = np.array([float(Scale(s).multiplier) for s in _SCALES] + [np.nan])[_index_in(text["scale"], _SCALES)]
    amount = value * multiplier
    qualifier = _index_in(text["qualifier"], _QUALIFIERS)
    lower = np.where(qualifier != _QUALIFIERS.index(Qualifier.AT_MOST.value), amount, np.nan)
    upper = np.where(qualifier != _QUALIFIERS.index(Qualifier.AT_LEAST.value), amount, np.nan)
    exact_codes = [_QUALIFIERS.index(Qualifier.EXACT.value), _QUALIFIERS.index(Qualifier.ABOUT.value)]
    exact_amount = np.where(np.isin(qualifier, exact_codes), amount, np.nan)
    uncertain_texts = DistinctValues(text["uncertain"], used_only=True)
    uncertain = uncertain_texts.spread([v in TRUE_TEXT for v in uncertain_texts.texts], bool)
    return {
        "value": value,
        "uncertain": uncertain.astype(bool),
        "decimals": decimals,
        "multiplier": multiplier,
        "amount": amount,
        "lower": lower,
        "upper": upper,
        "exact_amount": exact_amount,
    }


def _text_and_periods(text: dict[str, pa.ChunkedArray], *, canonical: bool, decode: bool) -> dict[str, dict[str, Any]]:
    """The text columns (in CLAIM_COLUMNS order, with places kept for value and uncertain) and the period fields."""
    # Periods repeat: parse each distinct text once and spread the results over the rows.
    period_texts = DistinctValues(text["period"], used_only=True)
    periods = [parse_period(p) for p in period_texts.texts]
    indices = pa.array(period_texts.codes)

    def spread(values: list[Any], type_: pa.DataType) -> pd.Series:
        if not decode:
            return categorical(period_texts.codes, values)
        return pa.array(values, type_).take(indices).to_pandas()

    def column(name: str) -> pd.Series:
        values = text[name]
        if not is_coded(values):
            return values.to_pandas()
        if decode:
            return decoded(values).to_pandas()
        dictionary, codes = dictionary_parts(values)
        return categorical(codes, dictionary.to_pylist())

    # (value and uncertain are typed by `_amounts`; their places are kept so the columns stay in CLAIM_COLUMNS order)
    columns: dict[str, Any] = {c: None if c in ("value", "uncertain") else column(c) for c in CLAIM_COLUMNS}
    if not canonical:
        columns["period"] = spread([p.text for p in periods], pa.string())
    return {
        "columns": columns,
        "periods": {
            "period_label": spread([p.label for p in periods], pa.string()),
            "period_kind": spread([p.kind.value for p in periods], pa.string()),
            "period_end": _np(pa.array([p.end for p in periods], pa.date32()).cast(pa.timestamp("s")).take(indices)),
            "period_start": _np(pa.array([p.start for p in periods], pa.date32()).cast(pa.timestamp("s")).take(indices)),
            "year": _np(pa.array([p.end.year for p in periods], pa.int64()).take(indices)).astype(np.int64),
        },
    }


def categorical(codes: np.ndarray, texts: list[str]) -> pd.Series:
    """Rows' texts as a pandas categorical, from each row's index into `texts` (which may repeat a text)."""
    remap, categories = pd.factorize(pd.Series(texts, dtype=object))
    if len(categories) < len(texts):  # (a dictionary's texts are distinct; period labels may repeat)
        codes = remap[codes]
    # The codes index `categories` by construction: no pass over a million of them to check it.
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object), validate=False))


def valid_claims_frame(
    text: TextTable, valid: np.ndarray, suspects: np.ndarray, changed: set[str] | None = None, *, consume: bool = False, decode: bool = True
) -> pd.DataFrame:
    """The typed frame of the rows that passed: non-suspect rows as they are, accepted suspects normalised first.

    `changed`, when given, receives the names of the columns whose text normalising rewrote. With `consume=True` the
    text table is emptied (`text.table` keeps its columns, no rows) and each text column is freed as soon as its valid
    rows are copied, so a large upload never holds all of its text twice.
    """
    table = normalise_rows(text.table, np.flatnonzero(valid & suspects), changed)
    if consume:
        text.table = text.table.schema.empty_table()
    if not valid.all():
        mask = pa.array(valid)
        columns = {name: table.column(name) for name in table.column_names}
        del table
        kept = {}
        for name in list(columns):
            kept[name] = columns.pop(name).filter(mask)
        table = pa.table(kept)
        del kept
    return claims_frame(table, text.line_numbers[valid], canonical=True, decode=decode)


def too_long_cells(text: TextTable) -> tuple[np.ndarray, list[Problem]]:
    """Cells over MAX_CELL_CHARS: reported once per cell, and their rows are not validated further."""
    flagged = np.zeros(text.num_rows, dtype=bool)
    problems = []
    for name in text.columns:
        column = text.table.column(name)
        # A cell has at least as many bytes as characters: count characters only where the bytes are over the limit.
        candidates = rows_longer_than(column, MAX_CELL_CHARS)
        if len(candidates) == 0:
            continue
        lengths = _np(pc.utf8_length(decoded(column.take(pa.array(candidates)))))
        for i, length in zip(candidates, lengths, strict=True):
            if length <= MAX_CELL_CHARS:
                continue
            flagged[i] = True
            problems.append(
                Problem("cell-too-long", f"this cell has {length:,} characters; the limit is {MAX_CELL_CHARS:,}", text.file, int(text.line_numbers[i]), name)
            )
    return flagged, problems


def rows_as_dicts(table: pa.Table, columns: list[str], rows: np.ndarray) -> list[dict[str, Any]]:
    """A few rows of a large table as {column: text}, column by column (a coded column is looked up in its dictionary
    rather than taken as a dictionary array, which Arrow would have to unify over every chunk first)."""
    picked: dict[str, list[Any]] = {}
    for name in columns:
        values = table.column(name)
        if is_coded(values):
            dictionary, codes = dictionary_parts(values)
            picked[name] = dictionary.take(pa.array(codes[rows])).to_pylist()
        else:
            picked[name] = values.take(pa.array(rows)).to_pylist()
    return [dict(zip(columns, cells, strict=True)) for cells in zip(*(picked[c] for c in columns), strict=True)]


def validate_rows(text: TextTable, spec: TableSpec, suspects: np.ndarray | None = None) -> tuple[np.ndarray, list[Problem]]:
    """Validate rows with the spec's model. Returns a mask of rows that passed and the problems found.

    `suspects` limits pydantic to those rows; None means every row (fine for small tables).
    """
    too_long, problems = too_long_cells(text)
    valid = ~too_long
    rows_to_check = np.flatnonzero(~too_long if suspects is None else (suspects & ~too_long))
    if len(rows_to_check) == 0:
        return valid, problems
    columns = [c for c in spec.columns if c in text.columns]
    picked = rows_as_dicts(text.table, columns, rows_to_check)
    for index, row in zip(rows_to_check, picked, strict=True):
        try:
            spec.model.model_validate(row)
        except ValidationError as error:
            valid[index] = False
            problems.extend(problems_from(error, row, text.file, int(text.line_numbers[index])))
    return valid, problems


def categories_decoded(column: pd.Series, keep: np.ndarray | None = None) -> pd.Series:
    """A categorical text column as pandas `str` (Arrow-backed), keeping only the rows where `keep` is True."""
    # large_string: what pandas' `str` columns hold, so the result is taken over without copying its offsets
    categories = pa.array(column.cat.categories.to_numpy(dtype=object), pa.large_string())
    codes = column.cat.codes.to_numpy()
    if keep is not None:
        codes = codes[keep]
    return pd.Series(categories.take(pa.array(codes)).to_pandas(), index=pd.RangeIndex(len(codes)), name=column.name)


def empty_claims_frame() -> pd.DataFrame:
    empty = pa.table({c: pa.array([], pa.string()) for c in CLAIM_COLUMNS})
    return claims_frame(empty, np.zeros(0, dtype=np.int64))
