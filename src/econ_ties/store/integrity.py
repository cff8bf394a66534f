"""`store check`: every claims chunk's bytes verified against its hash, and every revision's content hash recomputed
from its stored data with the hash version it was written with (`econ_ties.model.canonical.HASH_VERSIONS`), its
counts and its parent compared with what was recorded. Damage is reported per revision, never raised.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from sqlalchemy.engine import Connection

from econ_ties.model.canonical import HASH_VERSIONS
from econ_ties.store import rows as stored
from econ_ties.store.codec import CLAIM_CHUNK_SCHEMA, dataset_from_rows, decode_chunk


@dataclass(frozen=True)
class RevisionCheck:
    number: int
    ok: bool
    message: str


def check(connection: Connection, *, after: int = 0) -> list[RevisionCheck]:
    """Check every revision numbered above `after` (a chunk many revisions share is hashed once)."""
    results = []
    intact_chunks: dict[str, bool] = {}
    previous = None
    for number in stored.numbers(connection):
        if number <= after:
            previous = number
            continue
        record = stored.revision_record(connection, number)
        assert record is not None  # listed just above, in the same transaction
        problems: list[str] = []
        claims = checked_claims(connection, number, intact_chunks, problems)
        if record["parent"] != previous:
            problems.append(f"its parent is {record['parent']}, expected {previous}")
        if claims is not None:
            problems.extend(_data_problems(connection, number, claims, record))
        recorded = record["content_hash"]
        results.append(RevisionCheck(number, not problems, "; ".join(problems) or f"intact ({recorded[:12]}…)"))
        previous = number
    return results


def _data_problems(connection: Connection, number: int, claims: pa.Table, record: Mapping[str, Any]) -> list[str]:
    rows = stored.rows_with(connection, number, claims)
    counts = (len(rows["claims"]), len(rows["sources"]), len(rows["events"]))
    recorded_counts = (record["claim_count"], record["source_count"], record["event_count"])
    problems = []
    if counts != recorded_counts:
        problems.append(f"holds {counts} claims/sources/events but recorded {recorded_counts}")
    recorded, version = record["content_hash"], record["hash_version"]
    if version not in HASH_VERSIONS:
        known = ", ".join(map(str, HASH_VERSIONS))
        return [*problems, f"its content hash has version {version}, which this econ-ties does not know (it knows {known}): upgrade econ-ties"]
    try:
        actual = dataset_from_rows(rows).content_hash_of_version(version)
        if actual != recorded:
            problems.append(f"content hash {actual[:12]}… (version {version}) differs from the recorded {recorded[:12]}…")
    except Exception as failure:  # a row that no longer validates is a damaged revision, reported as such
        problems.append(f"its rows cannot be read back: {failure}")
    return problems


def matches_recorded_hash(connection: Connection, number: int, claims: pa.Table) -> bool:
    """Whether a revision's rows (its claims read already) still give its recorded content hash."""
    record = stored.revision_record(connection, number)
    assert record is not None
    try:
        return dataset_from_rows(stored.rows_with(connection, number, claims)).content_hash_of_version(record["hash_version"]) == record["content_hash"]
    except Exception:  # rows that no longer validate: damaged, as `check` reports
        return False


def checked_claims(connection: Connection, number: int, intact: dict[str, bool], problems: list[str]) -> pa.Table | None:
    """A revision's claims, each chunk verified; None (and the reasons in `problems`) when some cannot be read."""
    tables = []
    readable = True
    for position, digest, data, count in stored.chunk_records(connection, number):
        name = f"claims chunk {position} ({digest[:12]}…)"
        if data is None:
            problems.append(f"{name} is missing")
            readable = False
            continue
        if digest not in intact:
            intact[digest] = hashlib.sha256(data).hexdigest() == digest
        if not intact[digest]:
            # Not decoded: damaged Parquet bytes can abort the process inside the decoder (seen with zstd pages).
            problems.append(f"{name} is damaged: its bytes no longer match their hash, so the revision's content hash cannot be recomputed")
            readable = False
            continue
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
