"""Checks of single cells of the claims, column by column: the fast pre-filter before pydantic, and cells too long.

The pydantic models in `econ_ties.model.schema` are the one statement of what a valid row is. Running them on every
row of a million-row upload would take a minute, so claims go through cheap vectorised column checks over the Arrow
table first (`claim_suspects`); only the rows those checks flag are validated by pydantic (`econ_ties.checks.rows`),
which then writes the exact message. The column checks are a pre-filter that must flag every row pydantic would reject
(`tests/checks/test_validation_prefilter.py` holds them to that); they never write messages. Columns with few distinct
texts are checked once per distinct text; ids and values are checked on their bytes with numpy, each against the
regular expression it stands for (`tests/checks/test_fast_paths.py`).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from econ_ties.checks.text_columns import (
    DistinctValues,
    as_numpy,
    chunks_of,
    decoded,
    edge_bytes,
    may_have_edge_space,
    raw_column,
    rows_longer_than,
    text_buffers,
)
from econ_ties.io.reading import MAX_CELL_CHARS, TextTable
from econ_ties.language import N_
from econ_ties.model.cells import FALSE_TEXT, ID_PATTERN, TRUE_TEXT
from econ_ties.model.columns import CLAIM_COLUMNS, CODED_CLAIM_COLUMNS
from econ_ties.model.countries import is_country, known_codes
from econ_ties.model.periods import parse_period
from econ_ties.model.problems import Problem, said
from econ_ties.model.schema import (
    INDICATOR_MEASURE,
    INDICATOR_ROLES,
    SECTOR_PATTERN,
    UNITLESS_MEASURES,
    Indicator,
    Measure,
    Qualifier,
    Roles,
    Scale,
)


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
    for chunk in chunks_of(values):
        parts = text_buffers(chunk)
        if parts is None:
            return None
        offsets, data = parts
        length, head, tail = edge_bytes(offsets, data)
        bad = (length == 0) | (length > max_length) | ~first[head] | ~last[tail]
        body = data[offsets[0] : offsets[-1]]
        wrong = np.flatnonzero(~allowed[body])
        if len(wrong):
            bad[np.searchsorted(offsets, wrong + offsets[0], side="right") - 1] = True
        flags.append(bad)
    return np.concatenate(flags) if flags else np.zeros(0, dtype=bool)


def not_an_id(values: pa.ChunkedArray) -> np.ndarray:
    flags = _bytes_not_matching(values, _ID_BYTES, _ALNUM_BYTES, _ID_BYTES, _ID_MAX)
    return ~as_numpy(pc.match_substring_regex(values, ID_PATTERN.pattern)) if flags is None else flags


def not_a_plain_decimal(values: pa.ChunkedArray) -> np.ndarray:
    """Anything but digits with at most one decimal point inside them (`^\\d+(\\.\\d+)?$`)."""
    flags = _bytes_not_matching(values, _DIGIT_BYTES | _byte_set("."), _DIGIT_BYTES, _DIGIT_BYTES, 1 << 30)
    if flags is None:
        return ~as_numpy(pc.match_substring_regex(values, r"^\d+(\.\d+)?$"))
    return flags | (as_numpy(pc.count_substring(values, ".")) > 1)


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
SCALES = [s.value for s in Scale]
QUALIFIERS = [q.value for q in Qualifier]


def claim_suspects(table: pa.Table) -> np.ndarray:
    """Rows that may break a Claim rule, or are not written in canonical form: computed column-wise over raw text.

    A superset of what pydantic rejects. Rows it does not flag are valid *and* canonical (no stray spaces, codes in
    upper case, periods as `parse_period` writes them), so `claims_frame(..., canonical=True)` can skip normalising a
    million cells; flagged rows that pydantic accepts are normalised one by one in `normalise_rows`. Columns with few
    distinct texts are checked once per distinct text; ids, values and quotes are checked on their bytes.
    """
    n = table.num_rows
    col = {c: raw_column(table, c) for c in CLAIM_COLUMNS}
    distinct = {c: DistinctValues(col[c]) for c in CODED_CLAIM_COLUMNS}
    suspect = not_an_id(col["claim_id"])
    suspect |= distinct["source_id"].failing(lambda v: bool(ID_PATTERN.match(v)))
    indicator = distinct["indicator"].index_in(_INDICATORS)
    measure = distinct["measure"].index_in(_MEASURES)
    roles = distinct["roles"].index_in(_ROLES)
    suspect |= (indicator < 0) | (measure < 0) | (roles < 0)
    expected_measure = np.array([_MEASURES.index(INDICATOR_MEASURE[Indicator(i)].value) for i in _INDICATORS] + [-2])
    expected_roles = np.array([_ROLES.index(INDICATOR_ROLES[Indicator(i)].value) for i in _INDICATORS] + [-2])
    suspect |= (expected_measure[indicator] != measure) | (expected_roles[indicator] != roles)
    suspect |= distinct["scale"].not_in(set(SCALES)) | distinct["qualifier"].not_in(set(QUALIFIERS))
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
    suspect |= not_a_plain_decimal(col["value"])
    unitless = np.isin(measure, [_MEASURES.index(m.value) for m in UNITLESS_MEASURES])
    no_currency = distinct["currency"].spread([v == "" for v in distinct["currency"].texts], bool)
    suspect |= unitless != no_currency
    suspect |= unitless & distinct["scale"].spread([v != "unit" for v in distinct["scale"].texts], bool)
    assert len(suspect) == n
    return suspect


def _blank_cells(values: pa.ChunkedArray) -> np.ndarray:
    """Cells that are empty or hold only whitespace."""
    maybe = may_have_edge_space(values)
    if maybe is None:
        return as_numpy(pc.or_(pc.equal(values, ""), pc.utf8_is_space(values)))
    blank = as_numpy(pc.binary_length(values)) == 0
    rows = np.flatnonzero(maybe)
    if len(rows):
        blank[rows] |= as_numpy(pc.utf8_is_space(values.take(pa.array(rows))))
    return blank


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
        lengths = as_numpy(pc.utf8_length(decoded(column.take(pa.array(candidates)))))
        for i, length in zip(candidates, lengths, strict=True):
            if length <= MAX_CELL_CHARS:
                continue
            flagged[i] = True
            problems.append(
                Problem(
                    "cell-too-long",
                    said(N_("this cell has {length:,} characters; the limit is {limit:,}"), length=length, limit=MAX_CELL_CHARS),
                    text.file,
                    int(text.line_numbers[i]),
                    name,
                )
            )
    return flagged, problems
