"""The published store: every published dataset is an immutable, numbered revision, kept for ever.

A revision records who published it, when, why (the note), which revision it was made from (its parent), the upload's
file name and report summary, what it changed against its parent, and the dataset's content hash
(`Dataset.content_hash`), which `check` recomputes from the stored rows. Claims, sources and events are stored as rows
keyed by revision, in the text form a CSV load would give, so reading a revision back yields the same `Dataset`.

Publishing is one transaction under a store-wide write lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock), so
a process killed at any point leaves the store as it was. Concurrency is optimistic: a publish names the revision it
started from. When a newer revision has appeared since, changes that do not touch the same claims, sources or events are
merged onto it; overlapping ones are refused with `StalePublish`, never silently overwritten. A rollback publishes a new
revision equal to an old one. Every publish and rollback is written to the audit log in the same transaction.

SQLAlchemy 2 with SQLite (WAL mode) by default, PostgreSQL (psycopg 3) when several app servers share one store.
Bulk rows go through the driver directly (`executemany` for SQLite, `COPY` for PostgreSQL), so a million-claim publish
is one bulk insert.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
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
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from econ_ties.dataset import Dataset
from econ_ties.schema import Event, Source
from econ_ties.validation import CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS, claims_frame

#: The advisory lock every PostgreSQL writer takes (any constant; it only has to be the same in every process).
PG_WRITE_LOCK = 620_0006
#: How many ids of each kind a revision's change summary lists (the counts are always complete).
CHANGE_EXAMPLES = 20
KINDS = ("claims", "sources", "events")
#: Rows per `fetchmany` when reading a revision back.
FETCH_CHUNK_ROWS = 100_000


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


def _row_table(name: str, key: str, text_columns: Sequence[str]) -> Table:
    """Rows of one kind for every revision. Claims carry the line of the file they came from; sources and events keep
    their order by position. `row_hash` tells what changed between revisions without comparing whole rows."""
    if key == "id":
        # No unique index on (revision, claim_id): ids are unique per revision by validation, and a second index would
        # make every million-row publish pay for it. The id orders rows as they were published.
        leading: list[Column[Any]] = [Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)]
        leading += [Column("revision", Integer, ForeignKey("revisions.number"), nullable=False, index=True), Column("line", Integer, nullable=False)]
    else:
        leading = [Column("revision", Integer, ForeignKey("revisions.number"), primary_key=True), Column("position", Integer, primary_key=True)]
    columns: list[Column[Any]] = [
        *leading,
        Column("row_hash", BigInteger, nullable=False),
        *(Column(c, Text, nullable=False, default="") for c in text_columns),
    ]
    return Table(name, Base.metadata, *columns)


REVISIONS = cast(Table, RevisionRecord.__table__)
CLAIMS = _row_table("claims", "id", CLAIM_COLUMNS)
SOURCES = _row_table("sources", "position", SOURCE_COLUMNS)
EVENTS = _row_table("events", "position", EVENT_COLUMNS)


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
ROW_TABLES = {"claims": CLAIMS, "sources": SOURCES, "events": EVENTS}
ID_COLUMN = {"claims": "claim_id", "sources": "source_id", "events": "event_id"}
STORED_CLAIM_COLUMNS = ("revision", "line", "row_hash", *CLAIM_COLUMNS)
STORED_SOURCE_COLUMNS = ("revision", "position", "row_hash", *SOURCE_COLUMNS)
STORED_EVENT_COLUMNS = ("revision", "position", "row_hash", *EVENT_COLUMNS)
STORED_COLUMNS = {"claims": STORED_CLAIM_COLUMNS, "sources": STORED_SOURCE_COLUMNS, "events": STORED_EVENT_COLUMNS}


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


def _text_column(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A text column ("" for missing) as (its distinct texts as Python strings, each row's index into them).

    Arrow finds the distinct texts without touching Python; the rows then share one string object per distinct text,
    which is what makes handing a million rows to the driver cheap.
    """
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        array = column.array.__arrow_array__()
    else:
        array = pa.array(column.to_numpy(dtype=object, na_value=""), pa.large_string())
    encoded = pc.dictionary_encode(pc.fill_null(array, ""))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return np.array(encoded.dictionary.to_pylist(), dtype=object), encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp, copy=False)


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


def claim_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims frame as stored: CLAIM_COLUMNS as text, the line in the uploaded file, and a hash per row."""
    coded = []
    for column in CLAIM_COLUMNS:
        if column == "value":
            coded.append(_distinct(_value_text(claims["value"].to_numpy(dtype=float), claims["decimals"].to_numpy())))
        elif column == "uncertain":
            flags = claims["uncertain"].to_numpy(dtype=bool)
            coded.append((np.array(["false", "true"], dtype=object), flags.astype(np.intp)))
        else:
            coded.append(_text_column(claims[column]))
    # object, not pandas' str: the driver wants Python strings anyway
    rows = pd.DataFrame({c: texts[codes] for c, (texts, codes) in zip(CLAIM_COLUMNS, coded, strict=True)}, dtype=object)
    rows.insert(0, "row_hash", _combined_row_hashes(coded))
    rows.insert(0, "line", claims["row"].to_numpy(dtype=np.int64) if "row" in claims else np.zeros(len(claims), dtype=np.int64))
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


def dataset_rows(dataset: Dataset) -> dict[str, pd.DataFrame]:
    return {"claims": claim_rows(dataset.claims), "sources": source_rows(dataset.sources), "events": event_rows(dataset.events)}


def dataset_from_rows(rows: Mapping[str, Any]) -> Dataset:
    """Rebuild a Dataset from stored rows, through the same typing a CSV load uses.

    The claims may be a frame or plain columns (name → sequence), as read from the driver.
    """
    claims = rows["claims"]
    table = pa.table({c: pa.array(np.asarray(claims[c], dtype=object), pa.string(), from_pandas=True) for c in CLAIM_COLUMNS})
    # Stored text was written from a validated typed frame, so it is canonical already (trimmed, codes upper case):
    # no pass over every cell to normalise it again. `check` still recomputes the content hash from these rows.
    frame = claims_frame(table, np.asarray(claims["line"], dtype=np.int64), canonical=True)
    sources = {}
    for record in rows["sources"][list(SOURCE_COLUMNS)].to_dict("records"):
        source = Source.model_validate(record)
        sources[source.source_id] = source
    events = [Event.model_validate(record) for record in rows["events"][list(EVENT_COLUMNS)].to_dict("records")]
    return Dataset(frame, sources, events)


def _keys(rows: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """Per kind: row hash by id — enough to tell what changed between two revisions without reading whole rows."""
    return {kind: _hash_by_id(frame[ID_COLUMN[kind]], frame["row_hash"]) for kind, frame in rows.items()}


def _hash_by_id(ids: Any, hashes: Any) -> pd.Series:
    # An object index, not pandas' str: lookups of a million ids in a str index go through Python one by one.
    return pd.Series(np.asarray(hashes, dtype=np.int64), index=pd.Index(np.asarray(ids, dtype=object), dtype=object))


def _diff(old: pd.Series, new: pd.Series) -> dict[str, list[str]]:
    """Ids added, changed (another row hash) and removed from `old` to `new`, in the order of their rows.

    Hash lookups only, no sorting: a million-claim revision is compared in well under a second.
    """
    in_old = new.index.isin(old.index)
    in_new = old.index.isin(new.index)
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

    def _fetch_columns(self, connection: Connection, kind: str, number: int, columns: Sequence[str]) -> dict[str, Sequence[Any]]:
        """One revision's rows of one kind as columns, read through the driver as plain tuples (no per-row ORM work)."""
        table = ROW_TABLES[kind]
        order = table.c.id if kind == "claims" else table.c.position
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
        fetched = self._fetch_columns(connection, kind, number, columns)
        return pd.DataFrame({c: np.array(values, dtype=object) for c, values in fetched.items()}, columns=list(columns), dtype=object)

    def _rows(self, connection: Connection, number: int, *, claims_as_columns: bool = False) -> dict[str, Any]:
        rows: dict[str, Any] = {kind: self._fetch(connection, kind, number, STORED_COLUMNS[kind][1:]) for kind in ("sources", "events")}
        columns = STORED_COLUMNS["claims"][1:]
        rows["claims"] = self._fetch_columns(connection, "claims", number, columns) if claims_as_columns else self._fetch(connection, "claims", number, columns)
        return rows

    def _stored_keys(self, connection: Connection, number: int) -> dict[str, pd.Series]:
        out = {}
        for kind in KINDS:
            columns = self._fetch_columns(connection, kind, number, (ID_COLUMN[kind], "row_hash"))
            out[kind] = _hash_by_id(columns[ID_COLUMN[kind]], columns["row_hash"])
        return out

    def dataset(self, number: int | None = None) -> tuple[Revision, Dataset]:
        """The given revision (the latest when None) and its data."""
        with self.reading() as connection:
            if number is None:
                number = self.latest_number(connection)
                if number is None:
                    raise UnknownRevision("the store has no revisions yet")
            revision = self.revision(number, connection)
            rows: dict[str, Any] = self._rows(connection, number, claims_as_columns=True)
        return revision, dataset_from_rows(rows)

    # -- writing --------------------------------------------------------------------------------------------------

    def _insert_rows(self, connection: Connection, kind: str, number: int, rows: pd.DataFrame) -> None:
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
        rows = dataset_rows(dataset)
        for what, frame in rows.items():
            twice = frame[ID_COLUMN[what]][frame[ID_COLUMN[what]].duplicated()]
            if len(twice):
                raise StoreError(f"{len(twice)} {what[:-1]} id(s) are used twice, e.g. {', '.join(map(str, twice.unique()[:5]))}; each must be unique")
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
            for kind_name in KINDS:
                self._insert_rows(connection, kind_name, number, rows[kind_name])
            if content_hash is None:
                content_hash = hashing.result()
                connection.execute(update(REVISIONS).where(REVISIONS.c.number == number).values(content_hash=content_hash))
                revision = dataclasses.replace(revision, content_hash=content_hash)
            detail = f"from revision {parent}" + (f", merged onto revision {merged_onto}" if merged_onto else "") + (f"; file {file_name}" if file_name else "")
            self.log(connection, actor=author, action=revision.kind, revision=number, detail=detail)
        return PublishOutcome(revision, merged_onto)

    def _merged(self, connection: Connection, ours: dict[str, pd.DataFrame], *, parent: int, latest: int, refuse: bool) -> tuple[dict[str, pd.DataFrame], str]:
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
            replaced = set(change["changed"]) | set(change["removed"])
            keep = merged[kind][~merged[kind][id_column].isin(replaced)]
            ours_new = ours[kind][ours[kind][id_column].isin(set(change["added"]) | set(change["changed"]))]
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
            for kind in KINDS:
                table = ROW_TABLES[kind]
                columns = STORED_COLUMNS[kind]
                source = select(*(table.c[c] if c != "revision" else _literal(new_number) for c in columns)).where(table.c.revision == number)
                if kind == "claims":
                    source = source.order_by(table.c.id)
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
        """Recompute every revision's content hash (of those numbered above `after`) and compare counts and parents."""
        results = []
        with self.reading() as connection:
            numbers = connection.execute(select(RevisionRecord.number).order_by(RevisionRecord.number)).scalars().all()
            previous = None
            for number in numbers:
                if number <= after:
                    previous = number
                    continue
                revision = self.revision(number, connection)
                rows = self._rows(connection, number)
                problems = []
                counts = (len(rows["claims"]), len(rows["sources"]), len(rows["events"]))
                if counts != (revision.claim_count, revision.source_count, revision.event_count):
                    problems.append(f"holds {counts} claims/sources/events but recorded {(revision.claim_count, revision.source_count, revision.event_count)}")
                if revision.parent != previous:
                    problems.append(f"its parent is {revision.parent}, expected {previous}")
                try:
                    actual = dataset_from_rows(rows).content_hash
                    if actual != revision.content_hash:
                        problems.append(f"content hash {actual[:12]}… differs from the recorded {revision.content_hash[:12]}…")
                except Exception as failure:  # a row that no longer validates is a damaged revision, reported as such
                    problems.append(f"its rows cannot be read back: {failure}")
                results.append(RevisionCheck(number, not problems, "; ".join(problems) or f"intact ({revision.content_hash[:12]}…)"))
                previous = number
        return results

    def drop_everything(self) -> None:
        """Delete every revision (tests and benchmarks only)."""
        with self.writing() as connection:
            for table in (AUDIT, CLAIMS, SOURCES, EVENTS, REVISIONS):
                connection.execute(delete(table))


def _driver(connection: Connection) -> Any:
    """The DBAPI connection under a SQLAlchemy one (sqlite3 or psycopg), for bulk inserts and plain-tuple reads."""
    driver = connection.connection.driver_connection
    assert driver is not None, "the connection is closed"
    return driver


def _literal(number: int) -> Any:
    from sqlalchemy import literal

    return literal(number, Integer).label("revision")


def _compiled(connection: Connection, query: Any) -> tuple[str, Any]:
    """A query as driver SQL and parameters, to read rows as plain tuples without per-row ORM work."""
    compiled = query.compile(dialect=connection.dialect)
    if connection.dialect.paramstyle in ("qmark", "numeric"):
        return str(compiled), tuple(compiled.params[name] for name in compiled.positiontup or ())
    return str(compiled), dict(compiled.params)
