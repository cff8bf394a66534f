"""Validating our own CSV formats (figures, sources, events) row by row, fast.

The pydantic models in `schema` are the one statement of what a valid row is. Running them on every row of a
million-row upload would take a minute, so claims go through cheap vectorised column checks over the Arrow table first;
only the rows those checks flag are validated by pydantic, which then writes the exact message. The column checks are a
pre-filter that must flag every row pydantic would reject (a test holds them to that); they never write messages.
Small tables (sources, events) go straight through pydantic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ValidationError

from econ_ties.countries import is_country, known_codes
from econ_ties.periods import parse_period
from econ_ties.problems import CODES, Problem, Severity
from econ_ties.reading import MAX_CELL_CHARS, TextTable
from econ_ties.schema import (
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


def _trimmed(table: pa.Table, column: str) -> pa.ChunkedArray:
    return pc.utf8_trim_whitespace(_raw(table, column))


def _raw(table: pa.Table, column: str) -> pa.ChunkedArray:
    if column not in table.column_names:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.large_string()).fill_null("")])
    return table.column(column)


def _trimmed_if_needed(table: pa.Table, column: str) -> pa.ChunkedArray:
    """Trim only when some cell starts or ends with whitespace (checking the end characters is cheaper than trimming)."""
    values = _raw(table, column)
    if len(values) == 0:
        return values
    edges = (pc.utf8_slice_codeunits(values, 0, 1), pc.utf8_slice_codeunits(values, -1))
    if any(pc.any(pc.utf8_is_space(edge)).as_py() for edge in edges):
        return pc.utf8_trim_whitespace(values)
    return values


def _np(array: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _not_in(values: pa.ChunkedArray, allowed: set[str] | frozenset[str]) -> np.ndarray:
    return ~_np(pc.is_in(values, value_set=pa.array(sorted(allowed), pa.string())))


def _index_in(values: pa.ChunkedArray, choices: list[str]) -> np.ndarray:
    """Position of each cell's text in `choices`; -1 when it is none of them."""
    return _np(pc.fill_null(pc.index_in(values, value_set=pa.array(choices, pa.string())), -1)).astype(np.int64)


def _uniques_failing(values: pa.ChunkedArray, is_ok: Callable[[str], bool]) -> np.ndarray:
    """Check each distinct value once (columns like period repeat a few values over many rows)."""
    bad = {v for v in pc.unique(values).to_pylist() if not is_ok(v)}
    return ~_not_in(values, bad) if bad else np.zeros(len(values), dtype=bool)


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
    million cells; flagged rows that pydantic accepts are normalised one by one in `normalise_rows`.
    """
    n = table.num_rows
    col = {c: _raw(table, c) for c in CLAIM_COLUMNS}
    suspect = ~_np(pc.match_substring_regex(col["claim_id"], ID_PATTERN.pattern))
    suspect |= _uniques_failing(col["source_id"], lambda v: bool(ID_PATTERN.match(v)))
    indicator = _index_in(col["indicator"], _INDICATORS)
    measure = _index_in(col["measure"], _MEASURES)
    roles = _index_in(col["roles"], _ROLES)
    suspect |= (indicator < 0) | (measure < 0) | (roles < 0)
    expected_measure = np.array([_MEASURES.index(INDICATOR_MEASURE[Indicator(i)].value) for i in _INDICATORS] + [-2])
    expected_roles = np.array([_ROLES.index(INDICATOR_ROLES[Indicator(i)].value) for i in _INDICATORS] + [-2])
    suspect |= (expected_measure[indicator] != measure) | (expected_roles[indicator] != roles)
    suspect |= _not_in(col["scale"], set(_SCALES)) | _not_in(col["qualifier"], set(_QUALIFIERS))
    # 'majority' claims have rules of their own (no number, not the total): few, so pydantic looks at each.
    suspect |= _np(pc.equal(col["qualifier"], Qualifier.MAJORITY.value))
    codes = known_codes()
    suspect |= _not_in(col["country"], codes) | _not_in(col["counterpart"], codes)
    suspect |= _not_in(col["reporting_side"], {c for c in codes if is_country(c)})
    suspect |= _np(pc.equal(col["country"], col["counterpart"]))
    suspect |= _uniques_failing(col["sector"], lambda v: bool(SECTOR_PATTERN.match(v)))
    suspect |= _uniques_failing(col["period"], _canonical_period)
    suspect |= _uniques_failing(col["currency"], _canonical_currency)
    suspect |= _not_in(col["uncertain"], TRUE_TEXT | FALSE_TEXT)
    quote = col["quote"]
    suspect |= _np(pc.or_(pc.equal(quote, ""), pc.utf8_is_space(quote)))
    # Plain non-negative decimals pass; anything else (empty, negative, text) is looked at by pydantic.
    suspect |= ~_np(pc.match_substring_regex(col["value"], r"^\d+(\.\d+)?$"))
    is_rank = measure == _MEASURES.index(Measure.RANK.value)
    no_currency = _np(pc.equal(col["currency"], ""))
    suspect |= is_rank != no_currency
    assert len(suspect) == n
    return suspect


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


def normalise_rows(table: pa.Table, rows: np.ndarray) -> pa.Table:
    """Claims columns (missing optional ones filled with ""), with the given valid rows rewritten in canonical form."""
    columns = {c: _raw(table, c) for c in CLAIM_COLUMNS}
    if len(rows):
        mask = np.zeros(table.num_rows, dtype=bool)
        mask[rows] = True
        picked = {c: columns[c].take(pa.array(rows)).to_pylist() for c in CLAIM_COLUMNS}
        for c, cells in picked.items():
            fixed = [_normalised_cell(c, cell) for cell in cells]
            if fixed != cells:
                columns[c] = pc.replace_with_mask(columns[c].combine_chunks(), pa.array(mask), pa.array(fixed, columns[c].type))
    return pa.table({c: columns[c] for c in CLAIM_COLUMNS})


def claims_frame(table: pa.Table, lines: np.ndarray, *, canonical: bool = False) -> pd.DataFrame:
    """Typed claims from validated text rows: the text columns plus numbers and period fields for charts and rules.

    `lower`/`upper` hold what is known of a bound; `exact_amount` is NaN for bounds and 'majority' claims, so a bound
    can never be read as an exact value by accident. `canonical=True` says the text is already trimmed and in upper
    case where codes are (see `claim_suspects`), which saves a pass over every cell of a large upload.
    """
    if canonical:
        text = {c: _raw(table, c) for c in CLAIM_COLUMNS}
        text["quote"], text["notes"] = _trimmed_if_needed(table, "quote"), _trimmed_if_needed(table, "notes")
    else:
        text = {c: _trimmed(table, c) for c in CLAIM_COLUMNS}
        for c in _CODE_COLUMNS:
            text[c] = pc.utf8_upper(text[c])
        text["uncertain"] = pc.utf8_lower(text["uncertain"])
    n = table.num_rows
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
    uncertain = _np(pc.is_in(text["uncertain"], value_set=pa.array(sorted(TRUE_TEXT), pa.string())))

    # Periods repeat: parse each distinct text once and spread the results with its dictionary indices.
    encoded = (
        pc.dictionary_encode(text["period"]).combine_chunks() if n else pa.DictionaryArray.from_arrays(pa.array([], pa.int32()), pa.array([], pa.string()))
    )
    indices = encoded.indices
    periods = [parse_period(p) for p in encoded.dictionary.to_pylist()]

    def spread(values: list[Any], type_: pa.DataType) -> pd.Series:
        return pa.array(values, type_).take(indices).to_pandas()

    data: dict[str, Any] = {c: text[c].to_pandas() for c in CLAIM_COLUMNS}
    if not canonical:
        data["period"] = spread([p.text for p in periods], pa.string())
    data["value"] = value
    data["uncertain"] = uncertain.astype(bool)
    data.update(
        row=np.asarray(lines, dtype=np.int64),
        decimals=decimals,
        multiplier=multiplier,
        amount=amount,
        lower=lower,
        upper=upper,
        exact_amount=exact_amount,
        period_label=spread([p.label for p in periods], pa.string()),
        period_kind=spread([p.kind.value for p in periods], pa.string()),
        period_end=_np(pa.array([p.end for p in periods], pa.date32()).cast(pa.timestamp("s")).take(indices)),
        period_start=_np(pa.array([p.start for p in periods], pa.date32()).cast(pa.timestamp("s")).take(indices)),
        year=_np(pa.array([p.end.year for p in periods], pa.int64()).take(indices)).astype(np.int64),
    )
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def valid_claims_frame(text: TextTable, valid: np.ndarray, suspects: np.ndarray) -> pd.DataFrame:
    """The typed frame of the rows that passed: non-suspect rows as they are, accepted suspects normalised first."""
    table = normalise_rows(text.table, np.flatnonzero(valid & suspects))
    if not valid.all():
        table = table.filter(pa.array(valid))
    return claims_frame(table, text.line_numbers[valid], canonical=True)


def too_long_cells(text: TextTable) -> tuple[np.ndarray, list[Problem]]:
    """Cells over MAX_CELL_CHARS: reported once per cell, and their rows are not validated further."""
    flagged = np.zeros(text.num_rows, dtype=bool)
    problems = []
    for name in text.columns:
        lengths = pc.utf8_length(text.table.column(name)).to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(lengths > MAX_CELL_CHARS):
            flagged[i] = True
            problems.append(
                Problem(
                    "cell-too-long", f"this cell has {lengths[i]:,} characters; the limit is {MAX_CELL_CHARS:,}", text.file, int(text.line_numbers[i]), name
                )
            )
    return flagged, problems


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
    picked = text.table.select(columns).take(pa.array(rows_to_check)).to_pylist()
    for index, row in zip(rows_to_check, picked, strict=True):
        try:
            spec.model.model_validate(row)
        except ValidationError as error:
            valid[index] = False
            problems.extend(problems_from(error, row, text.file, int(text.line_numbers[index])))
    return valid, problems


def empty_claims_frame() -> pd.DataFrame:
    empty = pa.table({c: pa.array([], pa.string()) for c in CLAIM_COLUMNS})
    return claims_frame(empty, np.zeros(0, dtype=np.int64))
