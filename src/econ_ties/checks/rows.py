"""Checks of whole rows: a file's header against its format, and rows validated by the pydantic models.

`TableSpec` names each of our three files (figures, sources, events) with its model and columns. `validate_rows` runs
the model on the rows it is given (every row of a small table; for claims, only the suspects of `econ_ties.checks.cells`)
and turns pydantic's errors into `Problem`s with our codes, the column to blame and its value. Rows that pydantic
accepts but that were not written in canonical form (stray spaces, lower-case codes) are rewritten by `normalise_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ValidationError

from econ_ties.checks.cells import too_long_cells
from econ_ties.checks.text_columns import decoded, dictionary_parts, is_coded, raw_column
from econ_ties.io.reading import TextTable
from econ_ties.language import N_
from econ_ties.model.cells import TEMPLATE
from econ_ties.model.columns import CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS, TRANSLATION_COLUMNS
from econ_ties.model.periods import parse_period
from econ_ties.model.problems import CODES, Problem, Severity, said
from econ_ties.model.schema import Claim, Event, Source


@dataclass(frozen=True)
class TableSpec:
    file: str
    model: type[BaseModel]
    columns: tuple[str, ...]
    optional: frozenset[str]


FIGURES = TableSpec("figures.csv", Claim, CLAIM_COLUMNS, frozenset({"quote_en", "uncertain", "notes"}))
SOURCES = TableSpec(
    "sources.csv",
    Source,
    SOURCE_COLUMNS,
    frozenset({"url", "date_published", "author", "speaker", "speaker_role", "language", "notes", *TRANSLATION_COLUMNS["sources"]}),
)
EVENTS = TableSpec("events.csv", Event, EVENT_COLUMNS, frozenset({"description", "kind", *TRANSLATION_COLUMNS["events"]}))


def check_header(table: TextTable, spec: TableSpec) -> list[Problem]:
    """Missing required columns are errors (rows cannot be checked); unknown columns are warnings."""
    problems = []
    present = set(table.columns)
    for column in spec.columns:
        if column not in present and column not in spec.optional:
            problems.append(Problem("missing-column", said(N_("the required column '{column}' is not in the header"), column=column), table.file, 1, column))
    for column in table.columns:
        if column not in spec.columns and not column.startswith("__blank_"):
            problems.append(
                Problem(
                    "extra-column",
                    said(N_("the column '{column}' is not part of this format and is ignored"), column=column),
                    table.file,
                    1,
                    column,
                    column,
                    Severity.WARNING,
                )
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
        problems.append(Problem(code, _message(err["msg"], ctx), file, line, column, "" if value is None else str(value)))
    return problems


def _message(english: str, context: dict[str, Any]) -> str:
    # Our refusals keep their template (`model.cells.refused`): the message can then be said in the reader's language.
    # pydantic's own messages ("Input should be a valid string") stay as pydantic wrote them.
    template = context.get(TEMPLATE)
    if not isinstance(template, str):
        return english
    message = said(template, **{name: value for name, value in context.items() if name != TEMPLATE})
    return message if str(message) == english else english


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


CODE_COLUMNS = ("country", "counterpart", "reporting_side", "currency")


def _normalised_cell(column: str, text: str) -> str:
    """What the old cell-by-cell normalisation made of a cell (trim; codes upper case; canonical period)."""
    text = text.strip()
    if column in CODE_COLUMNS:
        return text.upper()
    if column == "uncertain":
        return text.lower()
    if column == "period" and text:
        return parse_period(text).text
    return text


def normalise_rows(table: pa.Table, rows: np.ndarray, changed: set[str] | None = None) -> pa.Table:
    """Claims columns (missing optional ones filled with ""), with the given valid rows rewritten in canonical form."""
    columns = {c: raw_column(table, c) for c in CLAIM_COLUMNS}
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
