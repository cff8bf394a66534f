"""The published store: every published dataset is an immutable, numbered revision, kept for ever.

A revision records who published it, when, why (the note), which revision it was made from (its parent), the upload's
file name and report summary, what it changed against its parent, and the dataset's content hash
(`Dataset.content_hash`), which `check` recomputes from the stored data. Sources and events (a few hundred) are stored as
rows keyed by revision. Claims (up to millions) are stored as immutable columnar chunks: Parquet files (zstd,
dictionary-encoded) of up to `CHUNK_ROWS` claims each, holding the text form a CSV load would give plus each claim's
line in its file and a row hash. Chunks are content-addressed (their sha256 is their key) and a revision is the ordered
list of its chunks, so identical chunks are stored once and a rollback writes no claims at all: it points at the chunks
of the revision it restores. Reading a revision back checks each chunk's bytes against its hash (a damaged chunk is
`DamagedRevision`, never shown), decodes the chunks into one Arrow table and types it as a CSV load does, so it yields
the same `Dataset`; what changed between revisions is told from the claim ids and row hashes alone, which Parquet reads
without decoding the quotes.

Publishing is one transaction under a store-wide write lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock), so
a process killed at any point leaves the store as it was. Concurrency is optimistic: a publish names the revision it
started from. When a newer revision has appeared since, changes that do not touch the same claims, sources or events are
merged onto it; overlapping ones are refused with `StalePublish`, never silently overwritten. A rollback publishes a new
revision equal to an old one. Every publish and rollback is written to the audit log in the same transaction.
`check` verifies every chunk's bytes against its hash and recomputes every revision's content hash.

SQLAlchemy 2 with SQLite (WAL mode) by default, PostgreSQL (psycopg 3) when several app servers share one store.
A store written before claims were chunked (a `claims` table of one row per claim) is migrated when it is opened, in one
transaction: every revision's chunks must read back equal to its rows, and the old table is dropped only when all of
them were moved. A revision whose rows already missed their recorded content hash is moved as it was and named in the
audit log (and by `check`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    inspect,
    literal,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from econ_ties.checks.claims_frame import claims_frame
from econ_ties.checks.dataset import Dataset
from econ_ties.model.columns import CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS
from econ_ties.model.formatting import counted
from econ_ties.model.schema import Event, Source

#: The advisory lock every PostgreSQL writer takes (any constant; it only has to be the same in every process).
PG_WRITE_LOCK = 620_0006
#: How many ids of each kind a revision's change summary lists (the counts are always complete).
CHANGE_EXAMPLES = 20
KINDS = ("claims", "sources", "events")
#: Rows per `fetchmany` when reading rows back.
FETCH_CHUNK_ROWS = 100_000
#: Claims per stored chunk: ~55 MB of text before compression at most for typical claims, far under PostgreSQL's 1 GB
#: limit on one bytea value, and enough rows for dictionary encoding and zstd to pay.
CHUNK_ROWS = 100_000
#: The columns of a stored claims chunk: the line in the uploaded file, the row hash, and the claim as canonical text.
CLAIM_CHUNK_SCHEMA = pa.schema([("line", pa.int64()), ("row_hash", pa.int64()), *((c, pa.string()) for c in CLAIM_COLUMNS)])


class Base(DeclarativeBase):
    pass


class RevisionRecord(Base):
    __tablename__ = "revisions"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    parent: Mapped[int | None] = mapped_column(ForeignKey("revisions.number"))
    #: seed (the curated data/), publish, merge (a publish merged onto a newer revision) or rollback
    kind: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(500), default="")
    report_summary: Mapped[str] = mapped_column(Text, default="")
    claim_count: Mapped[int] = mapped_column(Integer)
    source_count: Mapped[int] = mapped_column(Integer)
    event_count: Mapped[int] = mapped_column(Integer)
    #: JSON: per kind, the counts and first ids added, changed and removed against the parent
    changes: Mapped[str] = mapped_column(Text, default="{}")
    #: for a rollback, the revision it restores
    restores: Mapped[int | None] = mapped_column(Integer)


class ClaimChunk(Base):
    """Up to `CHUNK_ROWS` claims as one Parquet file, stored once whatever the number of revisions that use it."""

    __tablename__ = "claim_chunks"

    #: sha256 of `data`, in hex: the chunk's identity, and what `check` verifies the bytes against
    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_count: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class RevisionChunk(Base):
    """A revision's claims: its chunks in order."""

    __tablename__ = "revision_chunks"

    revision: Mapped[int] = mapped_column(ForeignKey("revisions.number"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    chunk: Mapped[str] = mapped_column(ForeignKey("claim_chunks.hash"), index=True)


def _row_table(name: str, text_columns: Sequence[str], metadata: MetaData = Base.metadata) -> Table:
    """Rows of one kind for every revision, in order of position. `row_hash` tells what changed between revisions
    without comparing whole rows."""
    columns: list[Column[Any]] = [
        Column("revision", Integer, ForeignKey("revisions.number"), primary_key=True),
        Column("position", Integer, primary_key=True),
        Column("row_hash", BigInteger, nullable=False),
        *(Column(c, Text, nullable=False, default="") for c in text_columns),
    ]
    return Table(name, metadata, *columns)


REVISIONS = cast(Table, RevisionRecord.__table__)
CHUNKS = cast(Table, ClaimChunk.__table__)
REVISION_CHUNKS = cast(Table, RevisionChunk.__table__)
SOURCES = _row_table("sources", SOURCE_COLUMNS)
EVENTS = _row_table("events", EVENT_COLUMNS)

#: The claims table of stores written before claims were chunked (one row per claim), kept only to migrate them.
LEGACY_METADATA = MetaData()
LEGACY_CLAIMS = Table(
    "claims",
    LEGACY_METADATA,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("revision", Integer, ForeignKey(REVISIONS.c.number), nullable=False, index=True),
    Column("line", Integer, nullable=False),
    Column("row_hash", BigInteger, nullable=False),
    *(Column(c, Text, nullable=False, default="") for c in CLAIM_COLUMNS),
)


class AuditEntry(Base):
    """Every publish, rollback and sign-in attempt, in order."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("audit_by_actor_action", "actor", "action", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")


AUDIT = cast(Table, AuditEntry.__table__)
ROW_TABLES = {"sources": SOURCES, "events": EVENTS}
ID_COLUMN = {"claims": "claim_id", "sources": "source_id", "events": "event_id"}
#: A claim as a row: the revision, its line in the uploaded file, its row hash and its text (the legacy claims table,
#: and the bare row-per-claim baseline of bench/store.py).
STORED_CLAIM_COLUMNS = ("revision", "line", "row_hash", *CLAIM_COLUMNS)
STORED_SOURCE_COLUMNS = ("revision", "position", "row_hash", *SOURCE_COLUMNS)
STORED_EVENT_COLUMNS = ("revision", "position", "row_hash", *EVENT_COLUMNS)
STORED_COLUMNS = {"sources": STORED_SOURCE_COLUMNS, "events": STORED_EVENT_COLUMNS}


# -- what callers get back ---------------------------------------------------------------------------------------------


class StoreError(Exception):
    """A store operation a user asked for cannot be done; the message says why."""


class UnknownRevision(StoreError):
    pass


class StalePublish(StoreError):
    """The publish started from an older revision and changes what a newer one changed too."""

    def __init__(self, message: str, *, parent: int | None, latest: int, overlap: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.parent, self.latest, self.overlap = parent, latest, overlap


@dataclass(frozen=True)
class Revision:
    number: int
    parent: int | None
    kind: str
    author: str
    created_at: dt.datetime
    note: str
    content_hash: str
    file_name: str
    report_summary: str
    claim_count: int
    source_count: int
    event_count: int
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    restores: int | None = None

    def describe_changes(self) -> str:
        """ "+3 claims, 2 changed, 1 removed; +1 source" — what this revision changed against its parent."""
        if self.parent is None:
            return f"first revision: {self.claim_count} claims, {self.source_count} sources, {self.event_count} events"
        parts = []
        for kind in KINDS:
            change = self.changes.get(kind, {})
            counts = [(what, change.get(f"{what}_count", 0)) for what in ("added", "changed", "removed")]
            bits = [f"+{n} {_noun(kind, n)}" if what == "added" else f"{n} {_noun(kind, n)} {what}" for what, n in counts if n]
            if bits:
                parts.append(", ".join(bits))
        text = "; ".join(parts) or "no change in the data"
        return f"restores revision {self.restores}: {text}" if self.restores is not None else text


def _noun(kind: str, count: int) -> str:
    return kind if count != 1 else kind[:-1]


@dataclass(frozen=True)
class PublishOutcome:
    revision: Revision
    #: when the publish started from an older revision, the newer one its changes were merged onto
    merged_onto: int | None = None


@dataclass(frozen=True)
class RevisionCheck:
    number: int
    ok: bool
    message: str


# -- the rows of a dataset, as stored -----------------------------------------------------------------------------------


def _value_text(values: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """The stated number as text with its stated decimals ("5" stays "5", "1.30" stays "1.30"); "" when empty."""
    out = np.full(len(values), "", dtype=object)
    present = ~np.isnan(values)
    if present.any():
        for places in np.unique(decimals[present]):
            chosen = present & (decimals == places)
            codes, uniques = pd.factorize(values[chosen])
            out[chosen] = np.array([f"{v:.{int(places)}f}" for v in uniques], dtype=object)[codes]
    return out


def _row_hashes(frame: pd.DataFrame) -> np.ndarray:
    return pd.util.hash_pandas_object(frame, index=False).to_numpy().view(np.int64)


def _text_column(column: pd.Series) -> tuple[np.ndarray, np.ndarray, pa.Array | pa.ChunkedArray | None]:
    """A text column ("" for missing) as (its distinct texts as Python strings, each row's index into them, the column
    as Arrow text when it already was Arrow text, else None).

    Arrow finds the distinct texts without touching Python, so that each distinct text is hashed once.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = np.asarray(column.cat.categories.astype(object).to_numpy(dtype=object), dtype=object)
        codes = column.cat.codes.to_numpy().astype(np.intp, copy=True)
        texts = np.append(np.array([str(t) for t in categories], dtype=object), "")
        codes[codes < 0] = len(texts) - 1
        return texts, codes, None
    arrow = isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"
    array = column.array.__arrow_array__() if arrow else pa.array(column.to_numpy(dtype=object, na_value=""), pa.large_string())
    filled = pc.fill_null(array, "")
    encoded = pc.dictionary_encode(filled)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    texts = np.array(encoded.dictionary.to_pylist(), dtype=object)
    return texts, encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp, copy=False), filled if arrow else None


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(values)
    return np.asarray(uniques, dtype=object), codes


def _combined_row_hashes(columns: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """`_row_hashes` of the frame these (distinct texts, codes) columns make, bit for bit, hashing each text once.

    pandas hashes a text column by hashing its distinct values and spreading them over the rows, then combines the
    columns as below (`pandas.core.util.hashing.combine_hash_arrays`); stored revisions' row hashes depend on it.
    """
    count = len(columns)
    out = np.full(len(columns[0][1]), 0x345678, dtype=np.uint64)
    multiplier = np.uint64(1000003)
    with np.errstate(over="ignore"):
        for i, (texts, codes) in enumerate(columns):
            out ^= pd.util.hash_array(texts, categorize=False)[codes]
            out *= multiplier
            multiplier += np.uint64(82520 + 2 * (count - i))
        out += np.uint64(97531)
    return out.view(np.int64)


def _coded_claims(claims: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray, pa.Array | pa.ChunkedArray | None]]:
    """Each of CLAIM_COLUMNS as stored text, coded: (distinct texts, row codes, Arrow text or None)."""
    coded: list[tuple[np.ndarray, np.ndarray, pa.Array | pa.ChunkedArray | None]] = []
    for column in CLAIM_COLUMNS:
        if column == "value":
            coded.append((*_distinct(_value_text(claims["value"].to_numpy(dtype=float), claims["decimals"].to_numpy())), None))
        elif column == "uncertain":
            flags = claims["uncertain"].to_numpy(dtype=bool)
            coded.append((np.array(["false", "true"], dtype=object), flags.astype(np.intp), None))
        else:
            coded.append(_text_column(claims[column]))
    return coded


def _lines(claims: pd.DataFrame) -> np.ndarray:
    return claims["row"].to_numpy(dtype=np.int64) if "row" in claims else np.zeros(len(claims), dtype=np.int64)


def claim_table(claims: pd.DataFrame) -> pa.Table:
    """The claims frame as stored (`CLAIM_CHUNK_SCHEMA`): the line in the uploaded file, a hash per row (for diffs and
    merges) and CLAIM_COLUMNS as canonical text, all in Arrow without a Python string per cell. Claim ids must be
    unique: `StoreError` says which are used twice."""
    coded = _coded_claims(claims)
    ids, id_codes, _ = coded[CLAIM_COLUMNS.index("claim_id")]
    if len(ids) < len(claims):  # the distinct ids were counted by the coding: no second pass in the usual case
        twice = ids[id_codes[pd.Series(id_codes).duplicated().to_numpy()]]
        raise StoreError(_used_twice_message("claims", twice))
    columns: dict[str, Any] = {"line": pa.array(_lines(claims), pa.int64()), "row_hash": pa.array(_combined_row_hashes([c[:2] for c in coded]), pa.int64())}
    for name, (texts, codes, arrow) in zip(CLAIM_COLUMNS, coded, strict=True):
        columns[name] = arrow if arrow is not None else pa.array(texts, pa.string()).take(pa.array(codes))
    return _conformed(pa.table(columns))


def _conformed(table: pa.Table) -> pa.Table:
    """`table` with exactly `CLAIM_CHUNK_SCHEMA` (Arrow text may arrive as large_string, or from old rows as objects)."""
    table = table.select(CLAIM_CHUNK_SCHEMA.names)
    return table if table.schema.equals(CLAIM_CHUNK_SCHEMA) else table.cast(CLAIM_CHUNK_SCHEMA)


def claim_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims as rows of Python values (line, row hash, CLAIM_COLUMNS as text): what a row-per-claim store would
    insert, e.g. bench/store.py's bare baseline. The values are those of `claim_table`."""
    coded = _coded_claims(claims)
    rows = pd.DataFrame({c: texts[codes] for c, (texts, codes, _) in zip(CLAIM_COLUMNS, coded, strict=True)}, dtype=object)
    rows.insert(0, "row_hash", _combined_row_hashes([c[:2] for c in coded]))
    rows.insert(0, "line", _lines(claims))
    return rows


def source_rows(sources: dict[str, Source]) -> pd.DataFrame:
    records = [{k: ("" if v is None else str(v)) for k, v in s.model_dump(mode="json").items()} for s in sources.values()]
    rows = pd.DataFrame(records, columns=list(SOURCE_COLUMNS), dtype=object)
    rows.insert(0, "row_hash", _row_hashes(rows))
    rows.insert(0, "position", np.arange(len(rows), dtype=np.int64))
    return rows


def event_rows(events: list[Event]) -> pd.DataFrame:
    records = [{**{k: ("" if v is None else str(v)) for k, v in e.model_dump(mode="json").items()}, "parties": ";".join(e.parties)} for e in events]
    rows = pd.DataFrame(records, columns=list(EVENT_COLUMNS), dtype=object)
    rows.insert(0, "row_hash", _row_hashes(rows))
    rows.insert(0, "position", np.arange(len(rows), dtype=np.int64))
    return rows


def dataset_rows(dataset: Dataset) -> dict[str, Any]:
    """A dataset as stored: the claims as an Arrow table (`claim_table`), sources and events as frames of text."""
    return {"claims": claim_table(dataset.claims), "sources": source_rows(dataset.sources), "events": event_rows(dataset.events)}


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


def _ids(rows: Any, kind: str) -> np.ndarray:
    """The ids of stored rows of one kind (an Arrow table for claims, a frame otherwise) as Python strings."""
    column = rows[ID_COLUMN[kind]]
    if isinstance(column, pa.ChunkedArray | pa.Array):
        return np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)
    return np.asarray(column.to_numpy(), dtype=object)


def _used_twice(rows: pd.DataFrame, kind: str) -> np.ndarray:
    """The ids of rows (sources or events) whose id an earlier row already has."""
    ids = rows[ID_COLUMN[kind]]
    return ids[ids.duplicated()].to_numpy()


def _used_twice_message(kind: str, twice: np.ndarray) -> str:
    return (
        f"{counted(len(twice), kind[:-1] + ' id is', kind[:-1] + ' ids are')} used twice, e.g. {', '.join(map(str, pd.unique(twice)[:5]))}; each must be unique"
    )


def _keys(rows: Mapping[str, Any]) -> dict[str, pd.Series]:
    """Per kind: row hash by id — enough to tell what changed between two revisions without reading whole rows."""
    return {kind: _hash_by_id(_ids(rows[kind], kind), np.asarray(rows[kind]["row_hash"], dtype=np.int64)) for kind in KINDS}


# -- claims chunks --------------------------------------------------------------------------------------------------------


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


def decode_chunk(data: bytes, columns: Sequence[str] | None = None) -> pa.Table:
    table = pq.read_table(pa.BufferReader(data), columns=list(columns) if columns is not None else None)
    schema = CLAIM_CHUNK_SCHEMA if columns is None else pa.schema([CLAIM_CHUNK_SCHEMA.field(c) for c in columns])
    return table if table.schema.equals(schema) else table.select(schema.names).cast(schema)


class DamagedRevision(StoreError):
    """A revision's stored claims are missing or cannot be read (`check` says which chunk)."""


def _hash_by_id(ids: Any, hashes: Any) -> pd.Series:
    # An object index, not pandas' str: lookups of a million ids in a str index go through Python one by one.
    return pd.Series(np.asarray(hashes, dtype=np.int64), index=pd.Index(np.asarray(ids, dtype=object), dtype=object))


def _diff(old: pd.Series, new: pd.Series) -> dict[str, list[str]]:
    """Ids added, changed (another row hash) and removed from `old` to `new`, in the order of their rows.

    Hash lookups only, no sorting: a million-claim revision is compared in well under a second.
    """
    in_old = new.index.isin(old.index)
    # An old id is in `new` when it is one of the new ids found in `old`: hashing those few instead of a million.
    in_new = old.index.isin(new.index[in_old])
    both = new[in_old]
    changed = both.index[both.to_numpy() != old.reindex(both.index).to_numpy()] if len(both) else both.index
    return {"added": new.index[~in_old].tolist(), "changed": changed.tolist(), "removed": old.index[~in_new].tolist()}


def _change_summary(old: dict[str, pd.Series] | None, new: dict[str, pd.Series]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        diff = _diff(old[kind] if old else pd.Series(dtype=np.int64), new[kind])
        summary[kind] = {f"{what}_count": len(ids) for what, ids in diff.items()} | {what: ids[:CHANGE_EXAMPLES] for what, ids in diff.items()}
    return summary


# -- the store ----------------------------------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _revision(record: Mapping[Any, Any]) -> Revision:
    return Revision(
        number=record["number"],
        parent=record["parent"],
        kind=record["kind"],
        author=record["author"],
        created_at=_as_utc(record["created_at"]),
        note=record["note"] or "",
        content_hash=record["content_hash"],
        file_name=record["file_name"] or "",
        report_summary=record["report_summary"] or "",
        claim_count=record["claim_count"],
        source_count=record["source_count"],
        event_count=record["event_count"],
        changes=json.loads(record["changes"] or "{}"),
        restores=record["restores"],
    )


def create_store_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files are put in WAL mode and transactions are begun by us (see `Store.writing`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        from pathlib import Path

        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 120})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling would BEGIN lazily and DEFERRED; we issue BEGIN ourselves instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=120000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Store:
    """The revisions in one database. Create with `Store(url)`; `Store.open(url)` shares one per URL in a process."""

    _open: dict[str, Store] = {}  # noqa: RUF012 — one Store (engine and connection pool) per URL per process

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_store_engine(url)
        self.backend = self.engine.dialect.name
        Base.metadata.create_all(self.engine)
        if inspect(self.engine).has_table(LEGACY_CLAIMS.name):
            self._migrate_claim_rows()

    @classmethod
    def open(cls, url: str) -> Store:
        if url not in cls._open:
            cls._open[url] = cls(url)
        return cls._open[url]

    def close(self) -> None:
        self.engine.dispose()
        if Store._open.get(self.url) is self:
            del Store._open[self.url]

    # -- transactions ---------------------------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction holding the store-wide write lock, so revision numbers and parents are decided alone."""
        with self.engine.connect() as connection:
            if self.backend == "sqlite":
                connection.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                if self.backend == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
                yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    # -- reading --------------------------------------------------------------------------------------------------

    def latest_number(self, connection: Connection | None = None) -> int | None:
        if connection is None:
            with self.reading() as connection:
                return self.latest_number(connection)
        return connection.execute(select(func.max(RevisionRecord.number))).scalar()

    def revision(self, number: int, connection: Connection | None = None) -> Revision:
        if connection is None:
            with self.reading() as connection:
                return self.revision(number, connection)
        record = connection.execute(select(REVISIONS).where(RevisionRecord.number == number)).first()
        if record is None:
            latest = self.latest_number(connection)
            raise UnknownRevision(f"there is no revision {number}; the latest is {latest}" if latest else "the store has no revisions yet")
        return _revision(record._mapping)

    def latest(self) -> Revision | None:
        with self.reading() as connection:
            number = self.latest_number(connection)
            return None if number is None else self.revision(number, connection)

    def revisions(self) -> list[Revision]:
        """Every revision, newest first."""
        with self.reading() as connection:
            records = connection.execute(select(REVISIONS).order_by(RevisionRecord.number.desc())).all()
        return [_revision(r._mapping) for r in records]

    def audit_log(self, limit: int = 200) -> list[dict[str, Any]]:
        with self.reading() as connection:
            records = connection.execute(select(AUDIT).order_by(AuditEntry.id.desc()).limit(limit)).all()
        return [dict(r._mapping) for r in records]

    def _fetch_columns(self, connection: Connection, table: Table, number: int, columns: Sequence[str]) -> dict[str, Sequence[Any]]:
        """One revision's rows of a row table as columns, read through the driver as plain tuples (no per-row ORM work)."""
        order = table.c.id if "id" in table.c else table.c.position
        query = select(*(table.c[c] for c in columns)).where(table.c.revision == number).order_by(order)
        sql, params = _compiled(connection, query)
        cursor = _driver(connection).cursor()
        chunks = []
        try:
            cursor.execute(sql, params)
            # Fetched in chunks, each turned into one 2-D object array at C speed: no per-row Python, and the
            # driver's tuples of one chunk are freed before the next is read.
            while rows := cursor.fetchmany(FETCH_CHUNK_ROWS):
                chunks.append(np.array(rows, dtype=object).reshape(len(rows), len(columns)).T)
        finally:
            cursor.close()
        if not chunks:
            return {c: () for c in columns}
        # One column per row of a C-ordered array: each column is contiguous, which Arrow converts much faster.
        matrix = np.ascontiguousarray(chunks[0]) if len(chunks) == 1 else np.concatenate(chunks, axis=1)
        return {c: matrix[i] for i, c in enumerate(columns)}

    def _fetch(self, connection: Connection, kind: str, number: int, columns: Sequence[str]) -> pd.DataFrame:
        fetched = self._fetch_columns(connection, ROW_TABLES[kind], number, columns)
        return pd.DataFrame({c: np.array(values, dtype=object) for c, values in fetched.items()}, columns=list(columns), dtype=object)

    def _chunk_records(self, connection: Connection, number: int) -> list[tuple[int, str, bytes | None, int | None]]:
        """A revision's chunks in order: (position, hash, bytes, row count), bytes and count None for a missing chunk."""
        joined = REVISION_CHUNKS.outerjoin(CHUNKS, CHUNKS.c.hash == REVISION_CHUNKS.c.chunk)
        query = (
            select(REVISION_CHUNKS.c.position, REVISION_CHUNKS.c.chunk, CHUNKS.c.data, CHUNKS.c.row_count)
            .select_from(joined)
            .where(REVISION_CHUNKS.c.revision == number)
            .order_by(REVISION_CHUNKS.c.position)
        )
        return [(position, digest, None if data is None else bytes(data), count) for position, digest, data, count in connection.execute(query)]

    def _claims(self, connection: Connection, number: int, columns: Sequence[str] | None = None) -> pa.Table:
        """A revision's claims as one Arrow table (`CLAIM_CHUNK_SCHEMA`, or only `columns`), in the order published."""
        tables = []
        for position, digest, data, _ in self._chunk_records(connection, number):
            # Hashing the compressed bytes costs little next to decoding them, and no damaged chunk is ever shown.
            if data is None or hashlib.sha256(data).hexdigest() != digest:
                damage = "is missing" if data is None else "is damaged (its bytes no longer match their hash)"
                raise DamagedRevision(f"revision {number} cannot be read: its claims chunk {position} ({digest[:12]}…) {damage}; run `econ-ties store check`")
            tables.append(decode_chunk(data, columns))
        if not tables:
            schema = CLAIM_CHUNK_SCHEMA if columns is None else pa.schema([CLAIM_CHUNK_SCHEMA.field(c) for c in columns])
            return schema.empty_table()
        return pa.concat_tables(tables) if len(tables) > 1 else tables[0]

    def _rows(self, connection: Connection, number: int) -> dict[str, Any]:
        return self._rows_with(connection, number, self._claims(connection, number))

    def _stored_keys(self, connection: Connection, number: int) -> dict[str, pd.Series]:
        rows: dict[str, Any] = {kind: self._fetch(connection, kind, number, (ID_COLUMN[kind], "row_hash")) for kind in ("sources", "events")}
        # Parquet reads the two columns alone: the quotes and notes are not even decompressed.
        rows["claims"] = self._claims(connection, number, (ID_COLUMN["claims"], "row_hash"))
        return _keys(rows)

    def dataset(self, number: int | None = None) -> tuple[Revision, Dataset]:
        """The given revision (the latest when None) and its data."""
        with self.reading() as connection:
            if number is None:
                number = self.latest_number(connection)
                if number is None:
                    raise UnknownRevision("the store has no revisions yet")
            revision = self.revision(number, connection)
            rows = self._rows(connection, number)
        return revision, dataset_from_rows(rows)

    # -- writing --------------------------------------------------------------------------------------------------

    def _insert_rows(self, connection: Connection, kind: str, number: int, rows: pd.DataFrame) -> None:
        """Sources or events of a revision (a few hundred rows) through the driver."""
        if rows.empty:
            return
        columns = STORED_COLUMNS[kind]
        values = [[number] * len(rows)] + [rows[c].tolist() for c in columns[1:]]
        raw = _driver(connection)
        if self.backend == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {kind} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in zip(*values, strict=True):
                    copy.write_row(row)
        else:
            placeholders = ", ".join("?" for _ in columns)
            cursor = raw.cursor()
            cursor.executemany(f"INSERT INTO {kind} ({', '.join(columns)}) VALUES ({placeholders})", zip(*values, strict=True))
            cursor.close()

    def _insert_claims(self, connection: Connection, number: int, chunks: Sequence[EncodedChunk]) -> None:
        """A revision's claims: the chunks the store does not hold yet, then the revision's list of chunks."""
        if not chunks:
            return
        wanted = {chunk.hash: chunk for chunk in chunks}
        held = set(connection.execute(select(CHUNKS.c.hash).where(CHUNKS.c.hash.in_(list(wanted)))).scalars())
        for digest, chunk in wanted.items():
            if digest not in held:  # one statement per chunk: each parameter is one large value
                connection.execute(insert(CHUNKS), {"hash": digest, "row_count": chunk.row_count, "data": chunk.data})
        connection.execute(insert(REVISION_CHUNKS), [{"revision": number, "position": i, "chunk": c.hash} for i, c in enumerate(chunks)])

    def _record(
        self,
        connection: Connection,
        *,
        number: int,
        parent: int | None,
        kind: str,
        author: str,
        note: str,
        content_hash: str,
        file_name: str,
        report_summary: str,
        counts: tuple[int, int, int],
        changes: dict[str, Any],
        restores: int | None = None,
    ) -> Revision:
        now = _now()
        values = {
            "number": number,
            "parent": parent,
            "kind": kind,
            "author": author,
            "created_at": now,
            "note": note,
            "content_hash": content_hash,
            "file_name": file_name,
            "report_summary": report_summary,
            "claim_count": counts[0],
            "source_count": counts[1],
            "event_count": counts[2],
            "changes": json.dumps(changes),
            "restores": restores,
        }
        connection.execute(insert(REVISIONS), values)
        return _revision(values)

    def log(self, connection: Connection, *, actor: str, action: str, revision: int | None = None, detail: str = "") -> None:
        connection.execute(insert(AUDIT), {"at": _now(), "actor": actor, "action": action, "revision": revision, "detail": detail})

    def record_audit(self, *, actor: str, action: str, revision: int | None = None, detail: str = "") -> None:
        with self.writing() as connection:
            self.log(connection, actor=actor, action=action, revision=revision, detail=detail)

    def count_audit(self, *, actor: str, action: str, since: dt.datetime) -> int:
        with self.reading() as connection:
            query = select(func.count()).select_from(AuditEntry).where(AuditEntry.actor == actor, AuditEntry.action == action, AuditEntry.at >= since)
            return int(connection.execute(query).scalar() or 0)

    def publish(
        self,
        dataset: Dataset,
        *,
        parent: int | None,
        author: str,
        note: str = "",
        file_name: str = "",
        report_summary: str = "",
        kind: str = "publish",
        merge: bool = True,
    ) -> PublishOutcome:
        """Make `dataset` the next revision, as changed from revision `parent`.

        When a newer revision than `parent` exists, the changes from `parent` to `dataset` are merged onto the newest
        revision if they touch none of the claims, sources or events it changed (and `merge` is on); otherwise
        `StalePublish` says which ones overlap and which revision to review against.
        """
        if not author.strip():
            raise StoreError("a revision needs an author")
        # The content hash (Arrow work that mostly runs without the GIL) is computed beside the row conversion and the
        # bulk insert, and written into the revision row before the transaction commits.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="content-hash") as pool:
            hashing = pool.submit(lambda: dataset.content_hash)
            return self._publish(
                dataset, hashing, parent=parent, author=author, note=note, file_name=file_name, report_summary=report_summary, kind=kind, merge=merge
            )

    def _publish(
        self,
        dataset: Dataset,
        hashing: Future[str],
        *,
        parent: int | None,
        author: str,
        note: str,
        file_name: str,
        report_summary: str,
        kind: str,
        merge: bool,
    ) -> PublishOutcome:
        rows = dataset_rows(dataset)  # refuses claim ids used twice
        for what in ("sources", "events"):
            twice = _used_twice(rows[what], what)
            if len(twice):
                raise StoreError(_used_twice_message(what, twice))
        # Encoding the claims is pure computation: done before the write lock is taken, so other writers wait less.
        chunks = encode_chunks(rows["claims"])
        content_hash: str | None = None
        merged_onto = None
        with self.writing() as connection:
            latest = self.latest_number(connection)
            if latest is not None and parent != latest:
                if parent is None:
                    raise StalePublish(
                        f"the store already has revisions (the latest is {latest}); publish as a change from one of them",
                        parent=None,
                        latest=latest,
                        overlap={},
                    )
                self.revision(parent, connection)  # an unknown parent is an error, not a merge
                rows, content_hash = self._merged(connection, rows, parent=parent, latest=latest, refuse=not merge)
                chunks = encode_chunks(rows["claims"])
                merged_onto, kind = latest, "merge"
            parent_keys = self._stored_keys(connection, latest) if latest is not None else None
            number = (latest or 0) + 1
            revision = self._record(
                connection,
                number=number,
                parent=latest,
                kind=kind,
                author=author,
                note=note,
                content_hash=content_hash or "",
                file_name=file_name,
                report_summary=report_summary,
                counts=(len(rows["claims"]), len(rows["sources"]), len(rows["events"])),
                changes=_change_summary(parent_keys, _keys(rows)),
            )
            self._insert_claims(connection, number, chunks)
            for kind_name in ("sources", "events"):
                self._insert_rows(connection, kind_name, number, rows[kind_name])
            if content_hash is None:
                content_hash = hashing.result()
                connection.execute(update(REVISIONS).where(REVISIONS.c.number == number).values(content_hash=content_hash))
                revision = dataclasses.replace(revision, content_hash=content_hash)
            detail = f"from revision {parent}" + (f", merged onto revision {merged_onto}" if merged_onto else "") + (f"; file {file_name}" if file_name else "")
            self.log(connection, actor=author, action=revision.kind, revision=number, detail=detail)
        return PublishOutcome(revision, merged_onto)

    def _merged(self, connection: Connection, ours: dict[str, Any], *, parent: int, latest: int, refuse: bool) -> tuple[dict[str, Any], str]:
        base, theirs = self._stored_keys(connection, parent), self._stored_keys(connection, latest)
        our_keys = _keys(ours)
        overlap: dict[str, list[str]] = {}
        our_changes: dict[str, dict[str, list[str]]] = {}
        for kind in KINDS:
            mine, newer = _diff(base[kind], our_keys[kind]), _diff(base[kind], theirs[kind])
            our_changes[kind] = mine
            touched_mine = set(mine["added"]) | set(mine["changed"]) | set(mine["removed"])
            touched_newer = set(newer["added"]) | set(newer["changed"]) | set(newer["removed"])
            # The same change made on both sides is no conflict.
            clash = sorted(i for i in touched_mine & touched_newer if our_keys[kind].get(i) != theirs[kind].get(i))
            if clash:
                overlap[kind] = clash
        record = self.revision(latest, connection)
        if overlap or refuse:
            listed = "; ".join(f"{kind} {', '.join(ids[:10])}" + (f" and {len(ids) - 10} more" if len(ids) > 10 else "") for kind, ids in overlap.items())
            reason = f"it changes the same {listed}" if overlap else "merging was not allowed"
            raise StalePublish(
                f"Not published: you started from revision {parent}, but revision {latest} was published since by {record.author} "
                f"({record.created_at:%Y-%m-%d %H:%M} UTC) and {reason}. Review your changes against revision {latest} and publish again.",
                parent=parent,
                latest=latest,
                overlap=overlap,
            )
        merged = self._rows(connection, latest)
        for kind in KINDS:
            change, id_column = our_changes[kind], ID_COLUMN[kind]
            # What the newer revision already holds as we would write it stays where it is (never twice).
            theirs_already = {i for i in set(change["added"]) | set(change["changed"]) if theirs[kind].get(i) == our_keys[kind].get(i)}
            replaced = (set(change["changed"]) | set(change["removed"])) - theirs_already
            new = (set(change["added"]) | set(change["changed"])) - theirs_already
            if kind == "claims":
                theirs_claims, our_claims = merged[kind], ours[kind]
                keep = theirs_claims.filter(pc.invert(pc.is_in(theirs_claims[id_column], value_set=pa.array(sorted(replaced), pa.string()))))
                ours_new = our_claims.filter(pc.is_in(our_claims[id_column], value_set=pa.array(sorted(new), pa.string())))
                merged[kind] = pa.concat_tables([keep, _conformed(ours_new)])
                continue
            keep = merged[kind][~merged[kind][id_column].isin(replaced)]
            ours_new = ours[kind][ours[kind][id_column].isin(new)]
            combined = pd.concat([keep, ours_new[keep.columns]], ignore_index=True)
            if "position" in combined:
                combined["position"] = np.arange(len(combined), dtype=np.int64)
            merged[kind] = combined
        dataset = dataset_from_rows(merged)
        return dataset_rows(dataset), dataset.content_hash

    def rollback(self, number: int, *, author: str, note: str = "") -> Revision:
        """Publish a new revision equal to revision `number` (nothing is deleted; the rollback is itself a revision)."""
        if not author.strip():
            raise StoreError("a rollback needs an author")
        with self.writing() as connection:
            target = self.revision(number, connection)
            latest = self.latest_number(connection)
            assert latest is not None  # the target exists
            new_number = latest + 1
            revision = self._record(
                connection,
                number=new_number,
                parent=latest,
                kind="rollback",
                author=author,
                note=note or f"Roll back to revision {number}",
                content_hash=target.content_hash,
                file_name=target.file_name,
                report_summary=target.report_summary,
                counts=(target.claim_count, target.source_count, target.event_count),
                changes=_change_summary(self._stored_keys(connection, latest), self._stored_keys(connection, number)),
                restores=number,
            )
            # No claim is written: the new revision lists the restored revision's chunks.
            chunks = select(_literal(new_number), REVISION_CHUNKS.c.position, REVISION_CHUNKS.c.chunk).where(REVISION_CHUNKS.c.revision == number)
            connection.execute(insert(REVISION_CHUNKS).from_select(["revision", "position", "chunk"], chunks))
            for kind in ("sources", "events"):
                table = ROW_TABLES[kind]
                columns = STORED_COLUMNS[kind]
                source = select(*(table.c[c] if c != "revision" else _literal(new_number) for c in columns)).where(table.c.revision == number)
                connection.execute(insert(table).from_select(list(columns), source))
            self.log(connection, actor=author, action="rollback", revision=new_number, detail=f"restores revision {number}")
        return revision

    def seed(self, dataset: Dataset, *, author: str, note: str) -> Revision:
        """Revision 1 from `dataset` when the store is empty; the existing first revision otherwise."""
        try:
            return self.publish(dataset, parent=None, author=author, note=note, kind="seed", merge=False).revision
        except StalePublish:
            return self.revision(1)

    # -- checking -------------------------------------------------------------------------------------------------

    def check(self, *, after: int = 0) -> list[RevisionCheck]:
        """Verify every claims chunk's bytes against its hash, and recompute every revision's content hash (of those
        numbered above `after`) and compare counts and parents."""
        results = []
        intact_chunks: dict[str, bool] = {}  # a chunk many revisions share is hashed once
        with self.reading() as connection:
            numbers = connection.execute(select(RevisionRecord.number).order_by(RevisionRecord.number)).scalars().all()
            previous = None
            for number in numbers:
                if number <= after:
                    previous = number
                    continue
                revision = self.revision(number, connection)
                problems: list[str] = []
                claims = self._checked_claims(connection, number, intact_chunks, problems)
                if revision.parent != previous:
                    problems.append(f"its parent is {revision.parent}, expected {previous}")
                if claims is not None:
                    rows = self._rows_with(connection, number, claims)
                    counts = (len(rows["claims"]), len(rows["sources"]), len(rows["events"]))
                    if counts != (revision.claim_count, revision.source_count, revision.event_count):
                        recorded = (revision.claim_count, revision.source_count, revision.event_count)
                        problems.append(f"holds {counts} claims/sources/events but recorded {recorded}")
                    try:
                        actual = dataset_from_rows(rows).content_hash
                        if actual != revision.content_hash:
                            problems.append(f"content hash {actual[:12]}… differs from the recorded {revision.content_hash[:12]}…")
                    except Exception as failure:  # a row that no longer validates is a damaged revision, reported as such
                        problems.append(f"its rows cannot be read back: {failure}")
                results.append(RevisionCheck(number, not problems, "; ".join(problems) or f"intact ({revision.content_hash[:12]}…)"))
                previous = number
        return results

    def _checked_claims(self, connection: Connection, number: int, intact: dict[str, bool], problems: list[str]) -> pa.Table | None:
        """A revision's claims, each chunk verified; None (and the reasons in `problems`) when some cannot be read."""
        tables = []
        readable = True
        for position, digest, data, count in self._chunk_records(connection, number):
            name = f"claims chunk {position} ({digest[:12]}…)"
            if data is None:
                problems.append(f"{name} is missing")
                readable = False
                continue
            if digest not in intact:
                intact[digest] = hashlib.sha256(data).hexdigest() == digest
            if not intact[digest]:
                problems.append(f"{name} is damaged: its bytes no longer match their hash")
            try:
                table = decode_chunk(data)
            except Exception as failure:  # damaged bytes are what check is for: reported, not raised
                problems.append(f"{name} cannot be decoded: {failure}")
                readable = False
                continue
            if table.num_rows != count:
                problems.append(f"{name} holds {table.num_rows} claims but recorded {count}")
            tables.append(table)
        if not readable:
            return None
        return pa.concat_tables(tables) if tables else CLAIM_CHUNK_SCHEMA.empty_table()

    def _rows_with(self, connection: Connection, number: int, claims: pa.Table) -> dict[str, Any]:
        """A revision's stored rows: `claims` (read already) with its sources and events."""
        rows: dict[str, Any] = {kind: self._fetch(connection, kind, number, STORED_COLUMNS[kind][1:]) for kind in ("sources", "events")}
        rows["claims"] = claims
        return rows

    # -- stores written before claims were chunked ------------------------------------------------------------------

    def _migrate_claim_rows(self) -> None:
        """Move every revision's claim rows into chunks, in one write transaction, and drop the row table after.

        Each revision's chunks are read back and must equal its rows exactly (order, text, lines, row hashes), or
        nothing is changed. Their content hash is compared with the recorded one too: a revision damaged before the
        move is moved as it is (nothing is ever dropped) and named in the audit entry, and `check` keeps naming it.
        """
        with self.writing() as connection:
            if not inspect(connection).has_table(LEGACY_CLAIMS.name):
                return  # another process migrated while this one waited for the lock
            numbers = connection.execute(select(RevisionRecord.number).order_by(RevisionRecord.number)).scalars().all()
            moved, claims, unverified = 0, 0, []
            for number in numbers:
                if connection.execute(select(func.count()).select_from(REVISION_CHUNKS).where(REVISION_CHUNKS.c.revision == number)).scalar():
                    raise StoreError(f"cannot migrate the store: revision {number} has both claim rows and claims chunks; nothing was changed")
                fetched = self._fetch_columns(connection, LEGACY_CLAIMS, number, CLAIM_CHUNK_SCHEMA.names)
                rows = pa.table(
                    {
                        c: pa.array(np.asarray(fetched[c], dtype=object if t == pa.string() else np.int64), t)
                        for c, t in zip(CLAIM_CHUNK_SCHEMA.names, CLAIM_CHUNK_SCHEMA.types, strict=True)
                    },
                    schema=CLAIM_CHUNK_SCHEMA,
                )
                self._insert_claims(connection, number, encode_chunks(rows))
                back = self._claims(connection, number)
                if not back.equals(rows):
                    raise StoreError(f"cannot migrate the store: revision {number}'s claims did not read back equal to its rows; nothing was changed")
                try:
                    verified = dataset_from_rows(self._rows_with(connection, number, back)).content_hash == self.revision(number, connection).content_hash
                except Exception:  # rows that no longer validate: damaged before the move, as check reports
                    verified = False
                if not verified:
                    unverified.append(number)
                moved, claims = moved + 1, claims + rows.num_rows
            LEGACY_CLAIMS.drop(connection)
            detail = f"{counted(claims, 'claim')} of {counted(moved, 'revision')} moved from the claims table to claims chunks"
            if unverified:
                detail += f"; {'revision' if len(unverified) == 1 else 'revisions'} {', '.join(map(str, unverified))} did not match their recorded content hash before the move (see store check)"
            self.log(connection, actor="econ-ties", action="migrate", detail=detail)


def _driver(connection: Connection) -> Any:
    """The DBAPI connection under a SQLAlchemy one (sqlite3 or psycopg), for bulk inserts and plain-tuple reads."""
    driver = connection.connection.driver_connection
    assert driver is not None, "the connection is closed"
    return driver


def _literal(number: int) -> Any:
    return literal(number, Integer).label("revision")


def _compiled(connection: Connection, query: Any) -> tuple[str, Any]:
    """A query as driver SQL and parameters, to read rows as plain tuples without per-row ORM work."""
    compiled = query.compile(dialect=connection.dialect)
    if connection.dialect.paramstyle in ("qmark", "numeric"):
        return str(compiled), tuple(compiled.params[name] for name in compiled.positiontup or ())
    return str(compiled), dict(compiled.params)
