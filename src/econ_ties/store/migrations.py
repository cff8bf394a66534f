"""Migrations of a store written by an earlier econ-ties: named steps, each run once, in one write transaction, when a
store is opened (`migrate`), and recorded in `applied_migrations` so that later opens read one small table only.

Each step looks at the store before changing it, so on a store created by today's code (which has nothing to migrate)
it only records itself. Steps, in order:
- "revisions-hash-version": revisions record the version of their content hash (`canonical.HASH_VERSIONS`); the
  column is added with 1, the version every revision written before it had.
- "claim-rows-to-chunks": a store written before claims were chunked (a `claims` table of one row per claim) has every
  revision's claims moved into chunks; every revision's chunks must read back equal to its rows, and the old table is
  dropped only when all of them were moved. A revision whose rows already missed their recorded content hash is moved
  as it was and named in the audit log (and by `check`).
- "added-columns-quote-en-kind": the row tables get the columns added since (`model.columns.ADDED_COLUMNS`: events'
  kind), empty in earlier revisions; claims chunks need nothing, a chunk without quote_en reads it as empty.
- "added-columns-translations": the row tables get the translations of data text (sources' title_az and title_ru,
  events' title_az, title_ru, description_az and description_ru), empty in earlier revisions.
- "added-columns-speaker-roles": sources get the translations of the speaker's role (speaker_role_az and
  speaker_role_ru), empty in earlier revisions.
- "added-columns-speakers": sources get the speaker written in Azerbaijani and in Russian (speaker_az and speaker_ru),
  empty in earlier revisions.
- "added-columns-publishers": sources get the publisher written in Azerbaijani and in Russian (publisher_az and
  publisher_ru: the outlet's name as it writes it, its annotation translated), empty in earlier revisions.

Each step that adds columns names its own columns (`COLUMNS_ADDED_BY`), so what a step did is fixed when it is recorded:
a column added to the model later gets a step of its own, and a store that ran the earlier steps still gets it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from sqlalchemy import Engine, insert, inspect, select, text
from sqlalchemy.engine import Connection

from econ_ties.model.formatting import counted
from econ_ties.store import audit
from econ_ties.store import rows as stored
from econ_ties.store.codec import CLAIM_CHUNK_SCHEMA, conformed, encode_chunks
from econ_ties.store.engine import reading, writing
from econ_ties.store.errors import StoreError
from econ_ties.store.integrity import matches_recorded_hash
from econ_ties.store.tables import LEGACY_CLAIMS, MIGRATIONS, REVISIONS, ROW_TABLES


@dataclass(frozen=True)
class Migration:
    name: str
    #: changes the store inside the write transaction it is given, or does nothing when there is nothing to change
    apply: Callable[[Connection], None]


def _add_hash_version(connection: Connection) -> None:
    if "hash_version" not in {c["name"] for c in inspect(connection).get_columns(REVISIONS.name)}:
        connection.execute(text("ALTER TABLE revisions ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1"))
        earlier = len(stored.numbers(connection))
        detail = f"revisions record the version of their content hash; {counted(earlier, 'earlier revision')} {'has' if earlier == 1 else 'have'} version 1"
        audit.log(connection, actor="econ-ties", action="migrate", detail=detail)


def _move_claim_rows(connection: Connection) -> None:
    """Move every revision's claim rows into chunks and drop the row table after (see the module's docstring)."""
    if not inspect(connection).has_table(LEGACY_CLAIMS.name):
        return
    moved, claims, unverified = 0, 0, []
    for number in stored.numbers(connection):
        if stored.chunk_count(connection, number):
            raise StoreError(f"cannot migrate the store: revision {number} has both claim rows and claims chunks; nothing was changed")
        names = [c.name for c in LEGACY_CLAIMS.columns if c.name in CLAIM_CHUNK_SCHEMA.names]
        fetched = stored.fetch_columns(connection, LEGACY_CLAIMS, number, names)
        types = {c: CLAIM_CHUNK_SCHEMA.field(c).type for c in names}
        rows = conformed(pa.table({c: pa.array(np.asarray(fetched[c], dtype=object if types[c] == pa.string() else np.int64), types[c]) for c in names}))
        stored.insert_claims(connection, number, encode_chunks(rows))
        back = stored.claims(connection, number)
        if not back.equals(rows):
            raise StoreError(f"cannot migrate the store: revision {number}'s claims did not read back equal to its rows; nothing was changed")
        if not matches_recorded_hash(connection, number, back):
            unverified.append(number)
        moved, claims = moved + 1, claims + rows.num_rows
    LEGACY_CLAIMS.drop(connection)
    detail = f"{counted(claims, 'claim')} of {counted(moved, 'revision')} moved from the claims table to claims chunks"
    if unverified:
        named = "revision" if len(unverified) == 1 else "revisions"
        detail += f"; {named} {', '.join(map(str, unverified))} did not match their recorded content hash before the move (see store check)"
    audit.log(connection, actor="econ-ties", action="migrate", detail=detail)


#: The columns each adding step gives the row tables; together they are every added column of a row table
#: (`ADDED_COLUMNS`).
COLUMNS_ADDED_BY: dict[str, dict[str, tuple[str, ...]]] = {
    "added-columns-quote-en-kind": {"sources": (), "events": ("kind",)},
    "added-columns-translations": {"sources": ("title_az", "title_ru"), "events": ("title_az", "title_ru", "description_az", "description_ru")},
    "added-columns-speaker-roles": {"sources": ("speaker_role_az", "speaker_role_ru"), "events": ()},
    "added-columns-speakers": {"sources": ("speaker_az", "speaker_ru"), "events": ()},
    "added-columns-publishers": {"sources": ("publisher_az", "publisher_ru"), "events": ()},
}


def _adding(step: str) -> Callable[[Connection], None]:
    """A step that gives the row tables of an earlier store the columns `COLUMNS_ADDED_BY[step]`, empty in every stored
    row."""

    def add_columns(connection: Connection) -> None:
        _add_columns(connection, COLUMNS_ADDED_BY[step])

    return add_columns


def _add_columns(connection: Connection, columns: dict[str, tuple[str, ...]]) -> None:
    added = []
    for kind, table in ROW_TABLES.items():
        present = {c["name"] for c in inspect(connection).get_columns(table.name)}
        for name in columns[kind]:
            if name not in present:
                connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} TEXT NOT NULL DEFAULT ''"))
                added.append(f"{table.name}.{name}")
    if added:
        audit.log(
            connection,
            actor="econ-ties",
            action="migrate",
            detail=f"added the column{'s' if len(added) > 1 else ''} {', '.join(added)}, empty in earlier revisions",
        )


#: Every migration, in the order they run.
MIGRATION_STEPS = (
    Migration("revisions-hash-version", _add_hash_version),
    Migration("claim-rows-to-chunks", _move_claim_rows),
    Migration("added-columns-quote-en-kind", _adding("added-columns-quote-en-kind")),
    Migration("added-columns-translations", _adding("added-columns-translations")),
    Migration("added-columns-speaker-roles", _adding("added-columns-speaker-roles")),
    Migration("added-columns-speakers", _adding("added-columns-speakers")),
    Migration("added-columns-publishers", _adding("added-columns-publishers")),
)


def _applied(connection: Connection) -> set[str]:
    return set(connection.execute(select(MIGRATIONS.c.name)).scalars())


def migrate(engine: Engine) -> list[str]:
    """Run the migrations this store has not had (its tables exist already); the names of those run."""
    with reading(engine) as connection:
        if _applied(connection) >= {m.name for m in MIGRATION_STEPS}:
            return []
    ran = []
    with writing(engine) as connection:
        applied = _applied(connection)  # another process may have migrated while this one waited for the lock
        for migration in MIGRATION_STEPS:
            if migration.name not in applied:
                migration.apply(connection)
                connection.execute(insert(MIGRATIONS), {"name": migration.name, "applied_at": audit.now()})
                ran.append(migration.name)
    return ran
