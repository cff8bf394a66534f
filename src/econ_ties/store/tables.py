"""The store's tables: revisions, claims chunks and each revision's list of them, sources and events rows, the rows an
upload's publish left out (with why), the audit log and the migrations applied. SQLAlchemy declarations only; reading and writing them is `store.rows`.

Claims are stored as content-addressed Parquet chunks (`store.codec`); sources and events (a few hundred) as rows keyed
by revision and position, with a row hash that tells what changed between revisions without comparing whole rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from econ_ties.model.columns import CLAIM_COLUMNS, EVENT_COLUMNS, LEGACY_CLAIM_COLUMNS, SOURCE_COLUMNS

KINDS = ("claims", "sources", "events")
ID_COLUMN = {"claims": "claim_id", "sources": "source_id", "events": "event_id"}


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
    #: how `content_hash` was computed (`econ_ties.model.canonical.HASH_VERSIONS`); 1 for revisions written before
    #: there was a version (the migration "revisions-hash-version" adds the column with that default)
    hash_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
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
    """Up to `codec.CHUNK_ROWS` claims as one Parquet file, stored once whatever the number of revisions that use it."""

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


class LeftOutRow(Base):
    """A problem of a row left out of the revision it was published with: the analyst chose to publish an upload's valid
    rows and leave out those with errors (one record per problem, so a row with two errors has two)."""

    __tablename__ = "left_out_rows"

    revision: Mapped[int] = mapped_column(ForeignKey("revisions.number"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the row's line in the uploaded file (header = line 1)
    row: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    column: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Every publish, rollback, migration and sign-in attempt, in order."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("audit_by_actor_action", "actor", "action", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")


class AppliedMigration(Base):
    """The migrations (`store.migrations`) done on this store, so that opening it checks one small table only."""

    __tablename__ = "applied_migrations"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def _row_table(name: str, text_columns: Sequence[str], metadata: MetaData = Base.metadata) -> Table:
    """Rows of one kind for every revision, in order of position."""
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
AUDIT = cast(Table, AuditEntry.__table__)
LEFT_OUT = cast(Table, LeftOutRow.__table__)
#: a left-out row as the History page and `Store.left_out_rows` give it
LEFT_OUT_COLUMNS = ("row", "code", "column", "value", "message")
MIGRATIONS = cast(Table, AppliedMigration.__table__)
SOURCES = _row_table("sources", SOURCE_COLUMNS)
EVENTS = _row_table("events", EVENT_COLUMNS)
ROW_TABLES = {"sources": SOURCES, "events": EVENTS}

#: The claims table of stores written before claims were chunked (one row per claim), kept only to migrate them.
LEGACY_METADATA = MetaData()
LEGACY_CLAIMS = Table(
    "claims",
    LEGACY_METADATA,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("revision", Integer, ForeignKey(REVISIONS.c.number), nullable=False, index=True),
    Column("line", Integer, nullable=False),
    Column("row_hash", BigInteger, nullable=False),
    *(Column(c, Text, nullable=False, default="") for c in LEGACY_CLAIM_COLUMNS),
)

#: A claim as a row: the revision, its line in the uploaded file, its row hash and its text (the legacy claims table,
#: and the bare row-per-claim baseline of bench/store.py).
STORED_CLAIM_COLUMNS = ("revision", "line", "row_hash", *CLAIM_COLUMNS)
STORED_SOURCE_COLUMNS = ("revision", "position", "row_hash", *SOURCE_COLUMNS)
STORED_EVENT_COLUMNS = ("revision", "position", "row_hash", *EVENT_COLUMNS)
STORED_COLUMNS = {"sources": STORED_SOURCE_COLUMNS, "events": STORED_EVENT_COLUMNS}
