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

from econ_ties.countries import known_codes
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
    if column not in table.column_names:
        return pa.chunked_array([pa.array([""] * table.num_rows, pa.string())])
    return pc.utf8_trim_whitespace(table.column(column))


def _not_in(values: pa.ChunkedArray, allowed: set[str] | frozenset[str]) -> np.ndarray:
    return ~pc.is_in(values, value_set=pa.array(sorted(allowed), pa.string())).to_numpy(zero_copy_only=False)


def _uniques_failing(values: pa.ChunkedArray, is_ok: Callable[[str], bool]) -> np.ndarray:
    """Check each distinct value once (columns like period repeat a few values over many rows)."""
    bad = {v for v in pc.unique(values).to_pylist() if not is_ok(v)}
    return ~_not_in(values, bad) if bad else np.zeros(len(values), dtype=bool)


def _parses_as_period(text: str) -> bool:
    try:
        parse_period(text)
        return True
    except ValueError:
        return False


def _currency_ok(text: str) -> bool:
    import pycountry

    return text == "" or pycountry.currencies.get(alpha_3=text.upper()) is not None


def claim_suspects(table: pa.Table) -> np.ndarray:
    """Rows that may break a Claim rule: a superset of what pydantic rejects, computed column-wise."""
    n = table.num_rows
    col = {c: _trimmed(table, c) for c in CLAIM_COLUMNS}
    suspect = np.zeros(n, dtype=bool)
    for name in ("claim_id", "source_id"):
        suspect |= ~pc.match_substring_regex(col[name], ID_PATTERN.pattern).to_numpy(zero_copy_only=False)
    for name, enum in (("indicator", Indicator), ("roles", Roles), ("measure", Measure), ("scale", Scale), ("qualifier", Qualifier)):
        suspect |= _not_in(col[name], {m.value for m in enum})
    codes = known_codes()
    for name in ("country", "counterpart", "reporting_side"):
        suspect |= _not_in(pc.utf8_upper(col[name]), codes)
    suspect |= pc.equal(pc.utf8_upper(col["reporting_side"]), "WLD").to_numpy(zero_copy_only=False)
    suspect |= pc.equal(pc.utf8_upper(col["country"]), pc.utf8_upper(col["counterpart"])).to_numpy(zero_copy_only=False)
    suspect |= ~pc.match_substring_regex(col["sector"], SECTOR_PATTERN.pattern).to_numpy(zero_copy_only=False)
    suspect |= _uniques_failing(col["period"], _parses_as_period)
    suspect |= _uniques_failing(col["currency"], _currency_ok)
    suspect |= _not_in(pc.utf8_lower(col["uncertain"]), TRUE_TEXT | FALSE_TEXT)
    suspect |= pc.equal(col["quote"], "").to_numpy(zero_copy_only=False)
    # Plain non-negative decimals pass; anything else (empty, negative, text) is looked at by pydantic.
    suspect |= ~pc.match_substring_regex(col["value"], r"^\d+(\.\d+)?$").to_numpy(zero_copy_only=False)
    allowed = {f"{i.value}|{INDICATOR_MEASURE[i].value}|{INDICATOR_ROLES[i].value}" for i in Indicator}
    combo = pc.binary_join_element_wise(col["indicator"], col["measure"], col["roles"], "|")
    suspect |= _not_in(combo, allowed)
    is_rank = pc.equal(col["measure"], Measure.RANK.value).to_numpy(zero_copy_only=False)
    no_currency = pc.equal(col["currency"], "").to_numpy(zero_copy_only=False)
    suspect |= is_rank != no_currency
    # 'majority' rows are rare and have their own value/sector rules: pydantic looks at every one.
    suspect |= pc.equal(col["qualifier"], Qualifier.MAJORITY.value).to_numpy(zero_copy_only=False)
    return suspect


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


def claims_frame(table: pa.Table, lines: np.ndarray) -> pd.DataFrame:
    """Typed claims from validated text rows: the text columns plus numbers and period fields for charts and rules.

    `lower`/`upper` hold what is known of a bound; `exact_amount` is NaN for bounds and 'majority' claims, so a bound
    can never be read as an exact value by accident.
    """
    text = {c: _trimmed(table, c) for c in CLAIM_COLUMNS}
    frame = pd.DataFrame({c: text[c].to_pandas() for c in CLAIM_COLUMNS})
    for code_column in ("country", "counterpart", "reporting_side"):
        frame[code_column] = frame[code_column].str.upper()
    frame["currency"] = frame["currency"].str.upper()
    frame["row"] = lines
    value_text = text["value"]
    frame["value"] = pc.cast(pc.if_else(pc.equal(value_text, ""), None, value_text), pa.float64()).to_numpy(zero_copy_only=False)
    after_point = pc.utf8_length(pc.replace_substring_regex(value_text, r"^[^.]*\.?", "")).to_numpy(zero_copy_only=False)
    frame["decimals"] = after_point.astype(np.int64)
    multipliers = {s.value: float(s.multiplier) for s in Scale}
    frame["multiplier"] = frame["scale"].map(multipliers).astype(float)
    frame["amount"] = frame["value"] * frame["multiplier"]
    qualifier = frame["qualifier"]
    frame["lower"] = frame["amount"].where(qualifier != Qualifier.AT_MOST.value)
    frame["upper"] = frame["amount"].where(qualifier != Qualifier.AT_LEAST.value)
    frame["exact_amount"] = frame["amount"].where(qualifier.isin([Qualifier.EXACT.value, Qualifier.ABOUT.value]))
    frame["uncertain"] = frame["uncertain"].str.lower().isin(TRUE_TEXT)
    periods = {p: parse_period(p) for p in frame["period"].unique()}
    frame["period"] = frame["period"].map(lambda p: periods[p].text)
    frame["period_label"] = frame["period"].map({p.text: p.label for p in periods.values()})
    frame["period_kind"] = frame["period"].map({p.text: p.kind.value for p in periods.values()})
    frame["period_end"] = pd.to_datetime(frame["period"].map({p.text: p.end for p in periods.values()}))
    frame["period_start"] = pd.to_datetime(frame["period"].map({p.text: p.start for p in periods.values()}))
    frame["year"] = frame["period_end"].dt.year.astype(np.int64)
    return frame


def empty_claims_frame() -> pd.DataFrame:
    empty = pa.table({c: pa.array([], pa.string()) for c in CLAIM_COLUMNS})
    return claims_frame(empty, np.zeros(0, dtype=np.int64))
