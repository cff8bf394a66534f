"""The canonical form of a claim, a source and an event: the text of each field, the row hash and the content hash.

Every field has one text: a stated number with the digits it was stated with ("5" stays "5", "1.30" stays "1.30"),
the uncertain flag as "true"/"false", every other field as it reads, and "" when missing. The store keeps that text,
the upload preview compares it, the claims CSV writes it. A row hash (pandas' hash of a row of those texts) tells
what changed between two revisions; a dataset's content hash (`content_hash`) is the sha256 of every table's text,
rows ordered by id and each cell length-prefixed, so it depends on the data alone: not on row order, and not on how
a CSV writer escapes or neutralises a cell for spreadsheets.

Hashes are versioned, because revisions recorded their hash long ago and `store check` recomputes it. Version 1
(`CSV_HASH_VERSION`) was the sha256 of the three CSV files as written for spreadsheets at commit 78f599b and earlier;
`csv_content_hash` keeps that definition frozen here, with its own copy of that day's formula rule, so a later change
of `csv_safety` cannot make an intact old revision look damaged. Version 2 (`HASH_VERSION`) is `content_hash`.
Columns added to the model after version 2 (`model.columns.ADDED_COLUMNS`, such as a quote's English translation)
count only where they hold text: a row's empty added cell is left out of its row hash, and an added column that is
empty in every row is left out of the content hash. So a revision recorded before a column was added keeps its hashes,
and an upload without the new column is the same data as the stored one.
This module knows no column list: callers name the columns (see `model.columns`).
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: The content hash new revisions are written with (`content_hash`).
HASH_VERSION = 2
#: The content hash of revisions written up to commit 78f599b (`csv_content_hash`).
CSV_HASH_VERSION = 1
HASH_VERSIONS = (CSV_HASH_VERSION, HASH_VERSION)
_CONTENT_HASH_PREFIX = b"econ-ties content hash 2\n"


# -- the text of each field -----------------------------------------------------------------------------------------


def value_texts(values: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Stated numbers as text with their stated decimals ("5" stays "5", "1.30" stays "1.30"); "" when empty.

    Each distinct number of each number of decimals is formatted once, so a million claims cost a few thousand calls.
    """
    values = np.asarray(values, dtype=float)
    decimals = np.asarray(decimals)
    out = np.full(len(values), "", dtype=object)
    present = ~np.isnan(values)
    if present.any():
        for places in np.unique(decimals[present]):
            chosen = present & (decimals == places)
            codes, uniques = pd.factorize(values[chosen])
            out[chosen] = np.array([f"{v:.{int(places)}f}" for v in uniques], dtype=object)[codes]
    return out


def value_text(value: float, decimals: int) -> str:
    """One stated number as text (`value_texts`); "" for a claim without a number ('the majority')."""
    return str(value_texts(np.array([value], dtype=float), np.array([decimals]))[0])


def flag_texts(flags: np.ndarray) -> np.ndarray:
    return np.where(np.asarray(flags, dtype=bool), "true", "false").astype(object)


def text_of(value: object) -> str:
    """A field of a source or an event (as pydantic dumps it to JSON) as text: "" when missing."""
    return "" if value is None else str(value)


def record_texts(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """Sources or events (their JSON dumps, lists already joined) as a frame of text, one column per field."""
    return pd.DataFrame([{c: text_of(r.get(c)) for c in columns} for r in records], columns=list(columns), dtype=object)


class CodedText(NamedTuple):
    """A column of text as its distinct texts and each row's index into them (each distinct text is hashed once),
    and the column as Arrow text when it already was Arrow text (else None)."""

    texts: np.ndarray
    codes: np.ndarray
    arrow: pa.Array | pa.ChunkedArray | None

    def as_arrow(self) -> pa.Array | pa.ChunkedArray:
        return self.arrow if self.arrow is not None else pa.array(self.texts, pa.string()).take(pa.array(self.codes))

    def as_objects(self) -> np.ndarray:
        return np.asarray(self.texts, dtype=object)[self.codes]


def coded_text(column: pd.Series) -> CodedText:
    """A text column ("" for missing), coded. Arrow finds the distinct texts without touching Python."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = np.asarray(column.cat.categories.astype(object).to_numpy(dtype=object), dtype=object)
        codes = column.cat.codes.to_numpy().astype(np.intp, copy=True)
        texts = np.append(np.array([str(t) for t in categories], dtype=object), "")
        codes[codes < 0] = len(texts) - 1
        return CodedText(texts, codes, None)
    arrow = isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"
    array = column.array.__arrow_array__() if arrow else pa.array(column.to_numpy(dtype=object, na_value=""), pa.large_string())
    filled = pc.fill_null(array, "")
    encoded = pc.dictionary_encode(filled)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    texts = np.array(encoded.dictionary.to_pylist(), dtype=object)
    return CodedText(texts, encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp, copy=False), filled if arrow else None)


def _distinct(values: np.ndarray) -> CodedText:
    codes, uniques = pd.factorize(values)
    return CodedText(np.asarray(uniques, dtype=object), codes, None)


def coded_claim_fields(claims: pd.DataFrame, columns: Sequence[str]) -> list[CodedText]:
    """Each of `columns` of a typed claims frame as canonical text, coded: "value" from the number and its
    "decimals", "uncertain" from the flag, the rest as they read."""
    coded = []
    for column in columns:
        if column == "value":
            coded.append(_distinct(value_texts(claims["value"].to_numpy(dtype=float), claims["decimals"].to_numpy())))
        elif column == "uncertain":
            coded.append(CodedText(np.array(["false", "true"], dtype=object), claims["uncertain"].to_numpy(dtype=bool).astype(np.intp), None))
        else:
            coded.append(coded_text(claims[column]))
    return coded


def claim_texts(claims: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A typed claims frame's `columns` as canonical text (Python strings), on the frame's index."""
    coded = coded_claim_fields(claims, columns)
    return pd.DataFrame({c: field.as_objects() for c, field in zip(columns, coded, strict=True)}, index=claims.index, dtype=object)


# -- row hashes -----------------------------------------------------------------------------------------------------


def row_hashes(texts: pd.DataFrame) -> np.ndarray:
    """A hash of each row of a frame of text (pandas' row hash): equal rows, equal hash."""
    return pd.util.hash_pandas_object(texts, index=False).to_numpy().view(np.int64)


def coded_row_hashes_with_added(columns: Sequence[CodedText], names: Sequence[str], added: Sequence[str]) -> np.ndarray:
    """`coded_row_hashes`, where a row whose `added` cells are all empty hashes as if those columns did not exist."""
    base = [column for column, name in zip(columns, names, strict=True) if name not in added]
    hashes = coded_row_hashes(base)
    filled = np.zeros(len(hashes), dtype=bool)
    for column, name in zip(columns, names, strict=True):
        if name in added:
            filled |= np.asarray([bool(t) for t in column.texts], dtype=bool)[column.codes] if len(column.texts) else False
    if filled.any():
        hashes = np.where(filled, coded_row_hashes(columns), hashes)
    return hashes


def row_hashes_with_added(texts: pd.DataFrame, added: Sequence[str]) -> np.ndarray:
    """`row_hashes`, where a row whose `added` cells are all empty hashes as if those columns did not exist."""
    present = [c for c in added if c in texts.columns]
    hashes = row_hashes(texts.drop(columns=present))
    if present:
        filled = (texts[present].fillna("").astype(str) != "").any(axis=1).to_numpy()
        if filled.any():
            hashes = np.where(filled, row_hashes(texts), hashes)
    return hashes


def without_empty_added(table: pa.Table, added: Sequence[str]) -> pa.Table:
    """`table` less those of its `added` columns in which every cell is empty: what the content hash covers."""
    empty = [c for c in added if c in table.column_names and not pc.any(pc.not_equal(pc.fill_null(table.column(c), ""), "")).as_py()]
    return table.drop_columns(empty) if empty else table


def coded_row_hashes(columns: Sequence[CodedText]) -> np.ndarray:
    """`row_hashes` of the frame these coded columns make, bit for bit, hashing each distinct text once.

    pandas hashes a text column by hashing its distinct values and spreading them over the rows, then combines the
    columns as below (`pandas.core.util.hashing.combine_hash_arrays`); stored revisions' row hashes depend on it.
    """
    count = len(columns)
    out = np.full(len(columns[0].codes), 0x345678, dtype=np.uint64)
    multiplier = np.uint64(1000003)
    with np.errstate(over="ignore"):
        for i, column in enumerate(columns):
            out ^= pd.util.hash_array(column.texts, categorize=False)[column.codes]
            out *= multiplier
            multiplier += np.uint64(82520 + 2 * (count - i))
        out += np.uint64(97531)
    return out.view(np.int64)


# -- the content hash -----------------------------------------------------------------------------------------------


def content_hash(tables: Mapping[str, pa.Table], *, ids: Mapping[str, str], added: Mapping[str, Sequence[str]] | None = None) -> str:
    """sha256 of tables of canonical text (every column text, "" for missing), rows ordered by their `ids` column.
    A table's `added` columns are hashed only when some cell of them holds text (see the module's docstring).

    Each table gives its name and row count, then column by column its name, every cell's length in UTF-8 bytes and
    the cells end to end: no separator a text could hold, so no escaping, and a column is hashed where Arrow holds it.
    """
    digest = hashlib.sha256(_CONTENT_HASH_PREFIX)
    for name in sorted(tables):
        table = without_empty_added(tables[name], (added or {}).get(name, ()))
        _named(digest, name)
        digest.update(struct.pack("<q", table.num_rows))
        order = pc.sort_indices(table.column(ids[name])) if table.num_rows else None
        for column in table.column_names:
            _named(digest, column)
            cells = table.column(column)
            cells = cells.take(order) if order is not None else cells
            _cells(digest, pc.fill_null(cells.cast(pa.large_string()), ""))
    return digest.hexdigest()


def _named(digest: Any, name: str) -> None:
    encoded = name.encode("utf-8")
    digest.update(struct.pack("<q", len(encoded)))
    digest.update(encoded)


def _cells(digest: Any, cells: pa.Array | pa.ChunkedArray) -> None:
    chunks = cells.chunks if isinstance(cells, pa.ChunkedArray) else [cells]
    for chunk in chunks:
        if len(chunk) == 0:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
        digest.update(np.diff(offsets).astype("<i8").tobytes())
        data = chunk.buffers()[2]
        if data is not None:
            digest.update(memoryview(data)[offsets[0] : offsets[-1]])


# -- version 1: the CSV files as written for spreadsheets up to commit 78f599b (frozen) ------------------------------

# That day's formula rule (`csv_safety.neutralise_cell` at 78f599b), copied so that a later rule changes nothing here.
_V1_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_V1_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")
_V1_QUOTED = re.compile('[,"\n]')


def _v1_cell(text: str, *, only_column: bool) -> str:
    if text.startswith(_V1_DANGEROUS_START) and not _V1_PLAIN_NUMBER.match(text):
        text = "'" + text
    if _V1_QUOTED.search(text) or (only_column and text == ""):
        return '"' + text.replace('"', '""') + '"'
    return text


def _v1_column(column: pd.Series, *, only_column: bool) -> pa.Array:
    """A column as version-1 CSV cells: str() of each value ("" when missing), neutralised, quoted where needed."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    words = [_v1_cell(str(u), only_column=only_column) for u in uniques.astype(object)] + [_v1_cell("", only_column=only_column)]
    return pa.array(words, pa.large_string()).take(pa.array(np.where(codes < 0, len(words) - 1, codes)))


def csv_parts_v1(frame: pd.DataFrame, sort_by: str | None = None) -> list[bytes | memoryview]:
    """A frame as version 1 wrote it: a CSV file for spreadsheets, its rows in a stable order of `sort_by` when given,
    in pieces that end to end are the file's bytes."""
    header = ",".join(_v1_cell(str(c), only_column=len(frame.columns) == 1) for c in frame.columns) + "\n"
    if frame.empty:
        return [header.encode("utf-8")]
    cells = [_v1_column(frame.iloc[:, i], only_column=len(frame.columns) == 1) for i in range(len(frame.columns))]
    cells[-1] = pc.binary_join_element_wise(cells[-1], pa.scalar("\n", pa.large_string()), pa.scalar("", pa.large_string()))
    lines = pc.binary_join_element_wise(*cells, pa.scalar(",", pa.large_string())) if len(cells) > 1 else cells[0]
    if sort_by is not None:
        key = frame[sort_by]
        order = pc.sort_indices(pa.array(key, pa.large_string()) if isinstance(key.dtype, pd.StringDtype) else pa.array(key.to_numpy(dtype=object)))
        lines = lines.take(order)
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
    return [header.encode("utf-8"), memoryview(lines.buffers()[2])[offsets[0] : offsets[-1]]]


def csv_content_hash(files: Mapping[str, tuple[pd.DataFrame, str]]) -> str:
    """Version 1 of the content hash: sha256 over the files (name → (frame, id column)) as CSV for spreadsheets.

    Files in name order, each its name, a NUL, then the header and the rows in a stable order of the id column, every
    cell str() of its value ("" when missing) with that day's formula rule and csv.writer's quoting.
    """
    digest = hashlib.sha256()
    for name in sorted(files):
        frame, sort_by = files[name]
        digest.update(name.encode())
        digest.update(b"\0")
        for part in csv_parts_v1(frame, sort_by):
            digest.update(part)
    return digest.hexdigest()
