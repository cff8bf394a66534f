"""One revision's rows in the database: its record, its claims chunks, its sources and events, read and written.

Bulk reads and writes go through the driver (sqlite3 or psycopg) as plain tuples, without per-row ORM work: a
million-claim revision is a handful of statements. Reading claims checks each chunk's bytes against its hash, so a
damaged chunk is `DamagedRevision`, never shown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import Integer, Table, func, insert, literal, select
from sqlalchemy.engine import Connection

from econ_ties.store.codec import EncodedChunk, chunk_schema, decode_chunk
from econ_ties.store.errors import DamagedRevision
from econ_ties.store.tables import CHUNKS, LEFT_OUT, LEFT_OUT_COLUMNS, REVISION_CHUNKS, REVISIONS, ROW_TABLES, STORED_COLUMNS, RevisionRecord

#: Rows per `fetchmany` when reading rows back.
FETCH_CHUNK_ROWS = 100_000


def latest_number(connection: Connection) -> int | None:
    return connection.execute(select(func.max(RevisionRecord.number))).scalar()


def numbers(connection: Connection) -> list[int]:
    return list(connection.execute(select(RevisionRecord.number).order_by(RevisionRecord.number)).scalars())


def revision_record(connection: Connection, number: int) -> Mapping[str, Any] | None:
    record = connection.execute(select(REVISIONS).where(RevisionRecord.number == number)).first()
    return None if record is None else dict(record._mapping)


def insert_revision(connection: Connection, values: Mapping[str, Any]) -> None:
    connection.execute(insert(REVISIONS), dict(values))


def revision_number(number: int) -> Any:
    """`number` as the "revision" column of an INSERT … SELECT that copies another revision's rows."""
    return literal(number, Integer).label("revision")


# -- reading -----------------------------------------------------------------------------------------------------------


def _driver(connection: Connection) -> Any:
    """The DBAPI connection under a SQLAlchemy one (sqlite3 or psycopg), for bulk inserts and plain-tuple reads."""
    driver = connection.connection.driver_connection
    assert driver is not None, "the connection is closed"
    return driver


def _compiled(connection: Connection, query: Any) -> tuple[str, Any]:
    """A query as driver SQL and parameters, to read rows as plain tuples without per-row ORM work."""
    compiled = query.compile(dialect=connection.dialect)
    if connection.dialect.paramstyle in ("qmark", "numeric"):
        return str(compiled), tuple(compiled.params[name] for name in compiled.positiontup or ())
    return str(compiled), dict(compiled.params)


def fetch_columns(connection: Connection, table: Table, number: int, columns: Sequence[str]) -> dict[str, Sequence[Any]]:
    """One revision's rows of a row table as columns, read through the driver as plain tuples."""
    order = table.c.id if "id" in table.c else table.c.position
    query = select(*(table.c[c] for c in columns)).where(table.c.revision == number).order_by(order)
    sql, params = _compiled(connection, query)
    cursor = _driver(connection).cursor()
    chunks = []
    try:
        cursor.execute(sql, params)
        # Fetched in chunks, each turned into one 2-D object array at C speed: no per-row Python, and the
        # driver's tuples of one chunk are freed before the next is read.
        while fetched := cursor.fetchmany(FETCH_CHUNK_ROWS):
            chunks.append(np.array(fetched, dtype=object).reshape(len(fetched), len(columns)).T)
    finally:
        cursor.close()
    if not chunks:
        return {c: () for c in columns}
    # One column per row of a C-ordered array: each column is contiguous, which Arrow converts much faster.
    matrix = np.ascontiguousarray(chunks[0]) if len(chunks) == 1 else np.concatenate(chunks, axis=1)
    return {c: matrix[i] for i, c in enumerate(columns)}


def fetch(connection: Connection, kind: str, number: int, columns: Sequence[str]) -> pd.DataFrame:
    """One revision's sources or events (only `columns`) as a frame of text."""
    fetched = fetch_columns(connection, ROW_TABLES[kind], number, columns)
    return pd.DataFrame({c: np.array(values, dtype=object) for c, values in fetched.items()}, columns=list(columns), dtype=object)


def chunk_records(connection: Connection, number: int) -> list[tuple[int, str, bytes | None, int | None]]:
    """A revision's chunks in order: (position, hash, bytes, row count), bytes and count None for a missing chunk."""
    joined = REVISION_CHUNKS.outerjoin(CHUNKS, CHUNKS.c.hash == REVISION_CHUNKS.c.chunk)
    query = (
        select(REVISION_CHUNKS.c.position, REVISION_CHUNKS.c.chunk, CHUNKS.c.data, CHUNKS.c.row_count)
        .select_from(joined)
        .where(REVISION_CHUNKS.c.revision == number)
        .order_by(REVISION_CHUNKS.c.position)
    )
    return [(position, digest, None if data is None else bytes(data), count) for position, digest, data, count in connection.execute(query)]


def chunk_count(connection: Connection, number: int) -> int:
    return int(connection.execute(select(func.count()).select_from(REVISION_CHUNKS).where(REVISION_CHUNKS.c.revision == number)).scalar() or 0)


def claims(connection: Connection, number: int, columns: Sequence[str] | None = None) -> pa.Table:
    """A revision's claims as one Arrow table (`CLAIM_CHUNK_SCHEMA`, or only `columns`), in the order published."""
    tables = []
    for position, digest, data, _ in chunk_records(connection, number):
        # Hashing the compressed bytes costs little next to decoding them, and no damaged chunk is ever shown.
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            damage = "is missing" if data is None else "is damaged (its bytes no longer match their hash)"
            raise DamagedRevision(f"revision {number} cannot be read: its claims chunk {position} ({digest[:12]}…) {damage}; run `econ-ties store check`")
        tables.append(decode_chunk(data, columns))
    if not tables:
        return chunk_schema(columns).empty_table()
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


def rows_with(connection: Connection, number: int, claim_table: pa.Table) -> dict[str, Any]:
    """A revision's stored rows: its claims (read already) with its sources and events."""
    rows: dict[str, Any] = {kind: fetch(connection, kind, number, STORED_COLUMNS[kind][1:]) for kind in ("sources", "events")}
    rows["claims"] = claim_table
    return rows


def revision_rows(connection: Connection, number: int) -> dict[str, Any]:
    return rows_with(connection, number, claims(connection, number))


# -- writing -----------------------------------------------------------------------------------------------------------


def insert_rows(connection: Connection, kind: str, number: int, rows: pd.DataFrame) -> None:
    """Sources or events of a revision (a few hundred rows) through the driver."""
    if rows.empty:
        return
    columns = STORED_COLUMNS[kind]
    values = [[number] * len(rows)] + [rows[c].tolist() for c in columns[1:]]
    raw = _driver(connection)
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {kind} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in zip(*values, strict=True):
                copy.write_row(row)
    else:
        placeholders = ", ".join("?" for _ in columns)
        cursor = raw.cursor()
        cursor.executemany(f"INSERT INTO {kind} ({', '.join(columns)}) VALUES ({placeholders})", zip(*values, strict=True))
        cursor.close()


def insert_claims(connection: Connection, number: int, chunks: Sequence[EncodedChunk]) -> None:
    """A revision's claims: the chunks the store does not hold yet, then the revision's list of chunks."""
    if not chunks:
        return
    wanted = {chunk.hash: chunk for chunk in chunks}
    held = set(connection.execute(select(CHUNKS.c.hash).where(CHUNKS.c.hash.in_(list(wanted)))).scalars())
    for digest, chunk in wanted.items():
        if digest not in held:  # one statement per chunk: each parameter is one large value
            connection.execute(insert(CHUNKS), {"hash": digest, "row_count": chunk.row_count, "data": chunk.data})
    connection.execute(insert(REVISION_CHUNKS), [{"revision": number, "position": i, "chunk": c.hash} for i, c in enumerate(chunks)])


def insert_left_out(connection: Connection, number: int, rows: pd.DataFrame) -> None:
    """The rows an upload's publish left out, with why (`LEFT_OUT_COLUMNS`), for revision `number`."""
    if rows.empty:
        return
    records = [
        {"revision": number, "position": i} | dict(zip(LEFT_OUT_COLUMNS, values, strict=True))
        for i, values in enumerate(rows[list(LEFT_OUT_COLUMNS)].itertuples(index=False))
    ]
    connection.execute(insert(LEFT_OUT), records)


def left_out(connection: Connection, number: int) -> pd.DataFrame:
    """The rows revision `number`'s publish left out, in the order of the report (empty for most revisions)."""
    query = select(*(LEFT_OUT.c[c] for c in LEFT_OUT_COLUMNS)).where(LEFT_OUT.c.revision == number).order_by(LEFT_OUT.c.position)
    return pd.DataFrame(connection.execute(query).all(), columns=list(LEFT_OUT_COLUMNS))


def copy_revision_data(connection: Connection, *, source: int, target: int) -> None:
    """Revision `target` holds the data of revision `source`: its list of chunks (no claim is written again) and copies
    of its sources and events rows."""
    chunks = select(revision_number(target), REVISION_CHUNKS.c.position, REVISION_CHUNKS.c.chunk).where(REVISION_CHUNKS.c.revision == source)
    connection.execute(insert(REVISION_CHUNKS).from_select(["revision", "position", "chunk"], chunks))
    for kind, table in ROW_TABLES.items():
        columns = STORED_COLUMNS[kind]
        rows = select(*(table.c[c] if c != "revision" else revision_number(target) for c in columns)).where(table.c.revision == source)
        connection.execute(insert(table).from_select(list(columns), rows))
