"""A dataset as the store holds it, and back: claims as Arrow tables of canonical text encoded as Parquet chunks,
sources and events as frames of text, each row with its row hash (`econ_ties.model.canonical`).

Claims (up to millions) are stored as immutable columnar chunks: Parquet files (zstd, dictionary-encoded) of up to
`CHUNK_ROWS` claims each, holding the canonical text plus each claim's line in its file and a row hash. A chunk is
named by the sha256 of its bytes, so identical chunks are stored once. Reading a revision back types its text as a CSV
load does (`dataset_from_rows`), so it yields the same `Dataset`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from econ_ties.checks.claims_frame import claims_frame
from econ_ties.checks.dataset import CANONICAL_IDS, Dataset, event_records, source_records
from econ_ties.model import canonical
from econ_ties.model.columns import ADDED_COLUMNS, CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS
from econ_ties.model.formatting import counted
from econ_ties.model.schema import Event, Source
from econ_ties.store.errors import StoreError

#: Claims per stored chunk: ~55 MB of text before compression at most for typical claims, far under PostgreSQL's 1 GB
#: limit on one bytea value, and enough rows for dictionary encoding and zstd to pay.
CHUNK_ROWS = 100_000
#: The columns of a stored claims chunk: the line in the uploaded file, the row hash, and the claim as canonical text.
CLAIM_CHUNK_SCHEMA = pa.schema([("line", pa.int64()), ("row_hash", pa.int64()), *((c, pa.string()) for c in CLAIM_COLUMNS)])


# -- the rows of a dataset ---------------------------------------------------------------------------------------------


def _lines(claims: pd.DataFrame) -> np.ndarray:
    return claims["row"].to_numpy(dtype=np.int64) if "row" in claims else np.zeros(len(claims), dtype=np.int64)


def claim_table(claims: pd.DataFrame) -> pa.Table:
    """The claims frame as stored (`CLAIM_CHUNK_SCHEMA`): the line in the uploaded file, a hash per row (for diffs and
    merges) and CLAIM_COLUMNS as canonical text, all in Arrow without a Python string per cell. Claim ids must be
    unique: `StoreError` says which are used twice."""
    coded = canonical.coded_claim_fields(claims, CLAIM_COLUMNS)
    ids = coded[CLAIM_COLUMNS.index("claim_id")]
    if len(ids.texts) < len(claims):  # the distinct ids were counted by the coding: no second pass in the usual case
        twice = ids.texts[ids.codes[pd.Series(ids.codes).duplicated().to_numpy()]]
        raise StoreError(used_twice_message("claims", twice))
    columns: dict[str, Any] = {"line": pa.array(_lines(claims), pa.int64()), "row_hash": pa.array(_claim_row_hashes(coded), pa.int64())}
    for name, field in zip(CLAIM_COLUMNS, coded, strict=True):
        columns[name] = field.as_arrow()
    return conformed(pa.table(columns))


def _claim_row_hashes(coded: list[canonical.CodedText]) -> np.ndarray:
    return canonical.coded_row_hashes_with_added(coded, CLAIM_COLUMNS, ADDED_COLUMNS["claims"])


def with_added_columns(table: pa.Table) -> pa.Table:
    """Claims read from a chunk written before a column was added (`ADDED_COLUMNS`) get that column, empty."""
    for name in ADDED_COLUMNS["claims"]:
        if name not in table.column_names:
            table = table.append_column(name, pa.array([""] * table.num_rows, pa.string()))
    return table


def conformed(table: pa.Table) -> pa.Table:
    """`table` with exactly `CLAIM_CHUNK_SCHEMA` (Arrow text may arrive as large_string, or from old rows as objects)."""
    table = with_added_columns(table).select(CLAIM_CHUNK_SCHEMA.names)
    return table if table.schema.equals(CLAIM_CHUNK_SCHEMA) else table.cast(CLAIM_CHUNK_SCHEMA)


def claim_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims as rows of Python values (line, row hash, CLAIM_COLUMNS as text): what a row-per-claim store would
    insert, e.g. bench/store.py's bare baseline. The values are those of `claim_table`."""
    coded = canonical.coded_claim_fields(claims, CLAIM_COLUMNS)
    rows = pd.DataFrame({c: field.as_objects() for c, field in zip(CLAIM_COLUMNS, coded, strict=True)}, dtype=object)
    rows.insert(0, "row_hash", _claim_row_hashes(coded))
    rows.insert(0, "line", _lines(claims))
    return rows


def _hashed_rows(texts: pd.DataFrame, added: Sequence[str]) -> pd.DataFrame:
    rows = texts.copy()
    rows.insert(0, "row_hash", canonical.row_hashes_with_added(texts, added))
    rows.insert(0, "position", np.arange(len(rows), dtype=np.int64))
    return rows


def source_rows(sources: dict[str, Source]) -> pd.DataFrame:
    return _hashed_rows(canonical.record_texts(source_records(sources), SOURCE_COLUMNS), ADDED_COLUMNS["sources"])


def event_rows(events: list[Event]) -> pd.DataFrame:
    return _hashed_rows(canonical.record_texts(event_records(events), EVENT_COLUMNS), ADDED_COLUMNS["events"])


def dataset_rows(dataset: Dataset) -> dict[str, Any]:
    """A dataset as stored: the claims as an Arrow table (`claim_table`), sources and events as frames of text."""
    return {"claims": claim_table(dataset.claims), "sources": source_rows(dataset.sources), "events": event_rows(dataset.events)}


def rows_content_hash(rows: Mapping[str, Any]) -> str:
    """The content hash (`canonical.HASH_VERSION`) of stored rows: `Dataset.content_hash` of the dataset they hold,
    from the canonical text already made for storing it."""
    texts = {
        kind: pa.table({c: pa.array(rows[kind][c].to_numpy(dtype=object), pa.large_string()) for c in columns})
        for kind, columns in (("sources", SOURCE_COLUMNS), ("events", EVENT_COLUMNS))
    }
    texts["claims"] = rows["claims"].select(list(CLAIM_COLUMNS))
    return canonical.content_hash(texts, ids=CANONICAL_IDS, added=ADDED_COLUMNS)


def dataset_from_rows(rows: Mapping[str, Any]) -> Dataset:
    """Rebuild a Dataset from stored rows, through the same typing a CSV load uses (claims as an Arrow table of
    `CLAIM_CHUNK_SCHEMA`, sources and events as frames of text)."""
    # One contiguous array per column, as a CSV load gives: pandas works on a column of ten Arrow chunks ~1.7× slower.
    claims: pa.Table = rows["claims"].combine_chunks()
    # Stored text was written from a validated typed frame, so it is canonical already (trimmed, codes upper case):
    # no pass over every cell to normalise it again. `check` still recomputes the content hash from these rows.
    frame = claims_frame(claims.select(list(CLAIM_COLUMNS)), claims.column("line").to_numpy(), canonical=True)
    sources = {}
    for record in rows["sources"][list(SOURCE_COLUMNS)].to_dict("records"):
        source = Source.model_validate(record)
        sources[source.source_id] = source
    events = [Event.model_validate(record) for record in rows["events"][list(EVENT_COLUMNS)].to_dict("records")]
    return Dataset(frame, sources, events)


def used_twice_message(kind: str, twice: np.ndarray) -> str:
    return (
        f"{counted(len(twice), kind[:-1] + ' id is', kind[:-1] + ' ids are')} used twice, e.g. {', '.join(map(str, pd.unique(twice)[:5]))}; each must be unique"
    )


# -- claims chunks -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncodedChunk:
    hash: str
    row_count: int
    data: bytes


def encode_chunk(table: pa.Table) -> EncodedChunk:
    """Claims (`CLAIM_CHUNK_SCHEMA`) as one Parquet file, named by the sha256 of its bytes.

    The same pyarrow writes the same rows as the same bytes, so an unchanged chunk is found again by its hash.
    """
    sink = pa.BufferOutputStream()
    # No Arrow schema in the file: the reader then gives plain `string` columns, never dictionaries; no statistics:
    # nothing filters on them, and min/max of a million quotes is work for nothing.
    pq.write_table(table, sink, compression="zstd", use_dictionary=True, write_statistics=False, store_schema=False, row_group_size=CHUNK_ROWS)
    data = sink.getvalue().to_pybytes()
    return EncodedChunk(hashlib.sha256(data).hexdigest(), table.num_rows, data)


def encode_chunks(table: pa.Table) -> list[EncodedChunk]:
    """A revision's claims as chunks of `CHUNK_ROWS`, in order (Parquet writes without the GIL: two at a time)."""
    slices = [table.slice(start, CHUNK_ROWS) for start in range(0, table.num_rows, CHUNK_ROWS)]
    if len(slices) <= 1:
        return [encode_chunk(s) for s in slices]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="claim-chunks") as pool:
        return list(pool.map(encode_chunk, slices))


def chunk_schema(columns: Sequence[str] | None = None) -> pa.Schema:
    return CLAIM_CHUNK_SCHEMA if columns is None else pa.schema([CLAIM_CHUNK_SCHEMA.field(c) for c in columns])


def decode_chunk(data: bytes, columns: Sequence[str] | None = None) -> pa.Table:
    stored = pq.read_schema(pa.BufferReader(data)).names
    wanted = [c for c in (CLAIM_CHUNK_SCHEMA.names if columns is None else columns) if c in stored]
    table = with_added_columns(pq.read_table(pa.BufferReader(data), columns=wanted))
    schema = chunk_schema(columns)
    return table if table.schema.equals(schema) else table.select(schema.names).cast(schema)
