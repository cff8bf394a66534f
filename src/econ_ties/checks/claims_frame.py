"""The typed claims frame: validated text rows turned into the pandas frame that charts, rules and the store read.

Besides the text columns, the frame holds each claim's numbers (stated value and digits, scale, amount in currency
units, and `lower`/`upper` bounds, so "over $1.2B" is never read as exactly 1.2B) and its period fields (kind, start,
end, year). It holds no words for people: a period's label is in the reader's language, added per distinct period
where claims meet their sources (`period_labels`, `Dataset.with_sources`), so one loaded dataset serves every language.
Built column-wise from Arrow: periods are parsed once per distinct text, coded columns can stay pandas categoricals
for the cross-row rules (`decode=False`), and on a large upload the numbers are worked out on a second thread beside
the text columns.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from econ_ties.checks.cells import QUALIFIERS, SCALES
from econ_ties.checks.rows import CODE_COLUMNS, normalise_rows
from econ_ties.checks.text_columns import DistinctValues, as_numpy, decoded, dictionary_parts, index_in, is_coded, raw_column, trimmed_if_needed
from econ_ties.io.reading import TextTable
from econ_ties.model.cells import TRUE_TEXT
from econ_ties.model.columns import CLAIM_COLUMNS
from econ_ties.model.periods import parse_period
from econ_ties.model.schema import Qualifier, Scale


def claims_frame(table: pa.Table, lines: np.ndarray, *, canonical: bool = False, decode: bool = True) -> pd.DataFrame:
    """Typed claims from validated text rows: the text columns plus numbers and period fields for charts and rules.

    `lower`/`upper` hold what is known of a bound; `exact_amount` is NaN for bounds and 'majority' claims, so a bound
    can never be read as an exact value by accident. `canonical=True` says the text is already trimmed and in upper
    case where codes are (see `claim_suspects`), which saves a pass over every cell of a large upload. Coded columns
    become pandas categoricals with `decode=False` (cheap; for the rules, which then need no hashing) and `str` columns
    otherwise (see `decode_categories`).
    """
    if canonical:
        text = {c: raw_column(table, c) for c in CLAIM_COLUMNS}
        text["quote"], text["notes"] = trimmed_if_needed(table, "quote"), trimmed_if_needed(table, "notes")
    else:
        text = {c: pc.utf8_trim_whitespace(decoded(raw_column(table, c))) for c in CLAIM_COLUMNS}
        for c in CODE_COLUMNS:
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
    value = as_numpy(pc.cast(pc.if_else(pc.equal(value_text, ""), None, value_text), pa.float64())).astype(float)
    point = as_numpy(pc.find_substring(value_text, ".")).astype(np.int64)
    length = as_numpy(pc.utf8_length(value_text)).astype(np.int64)
    decimals = np.where(point >= 0, length - point - 1, 0).astype(np.int64)
    multiplier = np.array([float(Scale(s).multiplier) for s in SCALES] + [np.nan])[index_in(text["scale"], SCALES)]
    amount = value * multiplier
    qualifier = index_in(text["qualifier"], QUALIFIERS)
    lower = np.where(qualifier != QUALIFIERS.index(Qualifier.AT_MOST.value), amount, np.nan)
    upper = np.where(qualifier != QUALIFIERS.index(Qualifier.AT_LEAST.value), amount, np.nan)
    exact_codes = [QUALIFIERS.index(Qualifier.EXACT.value), QUALIFIERS.index(Qualifier.ABOUT.value)]
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
            "period_kind": spread([p.kind.value for p in periods], pa.string()),
            "period_end": as_numpy(pa.array([p.end for p in periods], pa.date32()).cast(pa.timestamp("s")).take(indices)),
            "period_start": as_numpy(pa.array([p.start for p in periods], pa.date32()).cast(pa.timestamp("s")).take(indices)),
            "year": as_numpy(pa.array([p.end.year for p in periods], pa.int64()).take(indices)).astype(np.int64),
        },
    }


def period_labels(periods: pd.Series) -> pd.Series:
    """Each row's period as people read it in the current language ("Jan–Nov 2021", "янв.–нояб. 2021"), labelled once
    per distinct period; text that is not a period is shown as it is."""
    if isinstance(periods.dtype, pd.CategoricalDtype):
        codes, distinct = periods.cat.codes.to_numpy(), periods.cat.categories
    else:
        codes, distinct = pd.factorize(periods)  # hashed in pandas/Arrow, not walked row by row in Python
    # a missing period (code -1) takes the last label, ""
    labels = np.array([_label(str(p)) for p in distinct] + [""], dtype=object)
    return pd.Series(labels[codes], index=periods.index, dtype=object, name="period_label")


def _label(period: str) -> str:
    try:
        return parse_period(period).label
    except ValueError:
        return period


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
