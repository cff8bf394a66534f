"""The published store: every published dataset is an immutable, numbered revision, kept for ever.

A revision records who published it, when, why (the note), which revision it was made from (its parent), the upload's
file name and report summary, what it changed against its parent, and the dataset's content hash with its version
(`econ_ties.model.canonical`), which `check` recomputes from the stored data. The data is stored as `store.codec`
encodes it; a rollback writes no claims at all: it points at the chunks of the revision it restores.

Publishing is one transaction under a store-wide write lock (`store.engine`), so a process killed at any point leaves
the store as it was. Concurrency is optimistic: a publish names the revision it started from. When a newer revision
has appeared since, changes that do not touch the same claims, sources or events are merged onto it
(`store.changes`); overlapping ones are refused with `StalePublish`. Every publish and rollback is written to the
audit log (`store.audit`) in the same transaction. Opening a store (`store.opening`) creates a new one whole or
refuses a database that is not a store, and runs the migrations it has not had (`store.migrations`); `check` is
`store.integrity`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection

from econ_ties.checks.dataset import Dataset
from econ_ties.language import _, n_
from econ_ties.model.canonical import HASH_VERSION
from econ_ties.store import audit, changes, engine, integrity, opening
from econ_ties.store import rows as stored
from econ_ties.store.codec import dataset_from_rows, dataset_rows, encode_chunks, rows_content_hash, used_twice_message
from econ_ties.store.errors import NotAStore, NothingToPublish, StalePublish, StoreError, UnknownRevision
from econ_ties.store.integrity import RevisionCheck
from econ_ties.store.tables import AUDIT, KINDS, REVISIONS, RevisionRecord

__all__ = ["NotAStore", "NothingToPublish", "PublishOutcome", "Revision", "RevisionCheck", "StalePublish", "Store", "StoreError", "UnknownRevision"]


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
    #: how `content_hash` was computed (`econ_ties.model.canonical.HASH_VERSIONS`)
    hash_version: int = HASH_VERSION

    def describe_changes(self) -> str:
        """ "+3 claims, 2 changed, 1 removed; +1 source" — what this revision changed against its parent, in the current
        language (English for the command line and the stored text)."""
        if self.parent is None:
            return _("first revision: {claims}, {sources}, {events}").format(
                claims=_counted("claims", "", self.claim_count),
                sources=_counted("sources", "", self.source_count),
                events=_counted("events", "", self.event_count),
            )
        parts = []
        for kind in KINDS:
            change = self.changes.get(kind, {})
            counts = [(what, change.get(f"{what}_count", 0)) for what in ("added", "changed", "removed")]
            bits = [_counted(kind, what, n) for what, n in counts if n]
            if bits:
                parts.append(", ".join(bits))
        text = "; ".join(parts) or _("no change in the data")
        return _("restores revision {number}: {changes}").format(number=self.restores, changes=text) if self.restores is not None else text


def _counted(kind: str, what: str, n: int) -> str:
    """ "+3 claims", "1 source changed", "2 events removed": each written out, so that each language has its own forms."""
    forms = {
        ("claims", ""): n_("{count} claim", "{count} claims", n),
        ("sources", ""): n_("{count} source", "{count} sources", n),
        ("events", ""): n_("{count} event", "{count} events", n),
        ("claims", "added"): n_("+{count} claim", "+{count} claims", n),
        ("sources", "added"): n_("+{count} source", "+{count} sources", n),
        ("events", "added"): n_("+{count} event", "+{count} events", n),
        ("claims", "changed"): n_("{count} claim changed", "{count} claims changed", n),
        ("sources", "changed"): n_("{count} source changed", "{count} sources changed", n),
        ("events", "changed"): n_("{count} event changed", "{count} events changed", n),
        ("claims", "removed"): n_("{count} claim removed", "{count} claims removed", n),
        ("sources", "removed"): n_("{count} source removed", "{count} sources removed", n),
        ("events", "removed"): n_("{count} event removed", "{count} events removed", n),
    }
    return forms[kind, what].format(count=n)


@dataclass(frozen=True)
class PublishOutcome:
    revision: Revision
    #: when the publish started from an older revision, the newer one its changes were merged onto
    merged_onto: int | None = None


def _as_utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _revision(record: Mapping[str, Any]) -> Revision:
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
        hash_version=record["hash_version"],
    )


class Store:
    """The revisions in one database. Create with `Store(url)`; `Store.open(url)` shares one per URL in a process."""

    _open: dict[str, Store] = {}  # noqa: RUF012 — one Store (engine and connection pool) per URL per process

    def __init__(self, url: str) -> None:
        self.url = url
        #: whether this store was created by this call (`store.opening`): only a new store may be seeded
        self.engine, self.created = opening.open_store_engine(url)
        self.backend = self.engine.dialect.name

    @classmethod
    def open(cls, url: str) -> Store:
        if url not in cls._open:
            cls._open[url] = cls(url)
        return cls._open[url]

    @property
    def display_url(self) -> str:
        """The store as a message names it: its file, or its URL without the password."""
        return opening.describe(self.url)

    def close(self) -> None:
        self.engine.dispose()
        if Store._open.get(self.url) is self:
            del Store._open[self.url]

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction holding the store-wide write lock, so revision numbers and parents are decided alone."""
        with engine.writing(self.engine) as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with engine.reading(self.engine) as connection:
            yield connection

    # -- reading --------------------------------------------------------------------------------------------------

    def latest_number(self, connection: Connection | None = None) -> int | None:
        if connection is None:
            with self.reading() as connection:
                return stored.latest_number(connection)
        return stored.latest_number(connection)

    def never_published(self) -> bool:
        """No revision was ever written here: none is stored and the audit log names none (a store whose revisions
        were lost still has the audit entries that wrote them)."""
        with self.reading() as connection:
            if stored.latest_number(connection) is not None:
                return False
            return connection.execute(select(AUDIT.c.id).where(AUDIT.c.revision.is_not(None)).limit(1)).first() is None

    def revision(self, number: int, connection: Connection | None = None) -> Revision:
        if connection is None:
            with self.reading() as connection:
                return self.revision(number, connection)
        record = stored.revision_record(connection, number)
        if record is None:
            latest = stored.latest_number(connection)
            raise UnknownRevision(f"there is no revision {number}; the latest is {latest}" if latest else "the store has no revisions yet")
        return _revision(record)

    def latest(self) -> Revision | None:
        with self.reading() as connection:
            number = stored.latest_number(connection)
            return None if number is None else self.revision(number, connection)

    def revisions(self) -> list[Revision]:
        """Every revision, newest first."""
        with self.reading() as connection:
            records = connection.execute(select(REVISIONS).order_by(RevisionRecord.number.desc())).all()
        return [_revision(dict(r._mapping)) for r in records]

    def dataset(self, number: int | None = None) -> tuple[Revision, Dataset]:
        """The given revision (the latest when None) and its data."""
        with self.reading() as connection:
            if number is None:
                number = stored.latest_number(connection)
                if number is None:
                    raise UnknownRevision("the store has no revisions yet")
            revision = self.revision(number, connection)
            rows = stored.revision_rows(connection, number)
        return revision, dataset_from_rows(rows)

    def check(self, *, after: int = 0) -> list[RevisionCheck]:
        """Verify every claims chunk's bytes against its hash, and recompute every revision's content hash (of those
        numbered above `after`) with the version it was written with, and compare counts and parents."""
        with self.reading() as connection:
            return integrity.check(connection, after=after)

    def left_out_rows(self, number: int) -> pd.DataFrame:
        """The rows of its upload that revision `number`'s publish left out, with why (`LEFT_OUT_COLUMNS`); usually none."""
        with self.reading() as connection:
            self.revision(number, connection)  # UnknownRevision when there is none
            return stored.left_out(connection, number)

    # -- the audit log ----------------------------------------------------------------------------------------------

    def audit_log(self, limit: int = 200) -> list[dict[str, Any]]:
        with self.reading() as connection:
            return audit.entries(connection, limit)

    def record_audit(self, *, actor: str, action: str, revision: int | None = None, detail: str = "") -> None:
        with self.writing() as connection:
            audit.log(connection, actor=actor, action=action, revision=revision, detail=detail)

    def count_audit(self, *, actor: str, action: str, since: dt.datetime) -> int:
        with self.reading() as connection:
            return audit.count(connection, actor=actor, action=action, since=since)

    # -- writing --------------------------------------------------------------------------------------------------

    def _record(self, connection: Connection, **values: Any) -> Revision:
        """Insert a revision's record: number, parent, kind, author, note, content_hash, hash_version, file_name,
        report_summary, the claim, source and event counts, changes (as a dict) and restores."""
        record = {"created_at": audit.now(), "restores": None, "hash_version": HASH_VERSION} | values
        record["changes"] = json.dumps(record["changes"])
        stored.insert_revision(connection, record)
        return _revision(record)

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
        refuse_unchanged: bool = False,
        left_out: pd.DataFrame | None = None,
    ) -> PublishOutcome:
        """Make `dataset` the next revision, as changed from revision `parent`.

        When a newer revision than `parent` exists, the changes from `parent` to `dataset` are merged onto the newest
        revision if they touch none of the claims, sources or events it changed (and `merge` is on); otherwise
        `StalePublish` says which ones overlap and which revision to review against. With `refuse_unchanged`, a
        publish that (merged or not) adds, changes and removes nothing is refused with `NothingToPublish`, decided
        under the write lock so that two clicks on one draft make one revision. `left_out` (`LEFT_OUT_COLUMNS`) are the
        upload's rows with errors the analyst chose to leave out; they are kept with the revision (`left_out_rows`).
        """
        if not author.strip():
            raise StoreError("a revision needs an author")
        rows = dataset_rows(dataset)  # refuses claim ids used twice
        for what in ("sources", "events"):
            twice = changes.used_twice(rows[what], what)
            if len(twice):
                raise StoreError(used_twice_message(what, twice))
        # Encoding the claims and hashing their text are pure computation, mostly without the GIL: done side by side,
        # before the write lock is taken, so other writers wait less.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="content-hash") as pool:
            hashing = pool.submit(rows_content_hash, rows)
            chunks = encode_chunks(rows["claims"])
            content_hash = hashing.result()
        merged_onto = None
        with self.writing() as connection:
            latest = stored.latest_number(connection)
            if latest is not None and parent != latest:
                if parent is None:
                    message = f"the store already has revisions (the latest is {latest}); publish as a change from one of them"
                    raise StalePublish(message, parent=None, latest=latest, overlap={})
                self.revision(parent, connection)  # an unknown parent is an error, not a merge
                newest = self.revision(latest, connection)
                latest_by = f"{newest.author} ({newest.created_at:%Y-%m-%d %H:%M} UTC)"
                rows, content_hash = changes.merged(connection, rows, parent=parent, latest=latest, latest_by=latest_by, refuse=not merge)
                chunks = encode_chunks(rows["claims"])
                merged_onto, kind = latest, "merge"
            parent_keys = changes.stored_keys(connection, latest) if latest is not None else None
            summary = changes.change_summary(parent_keys, changes.keys(rows))
            if refuse_unchanged and latest is not None and not changes.any_change(summary):
                raise NothingToPublish(f"Nothing would change: the data would be the same as revision {latest}, the latest.")
            number = (latest or 0) + 1
            revision = self._record(
                connection,
                number=number,
                parent=latest,
                kind=kind,
                author=author,
                note=note,
                content_hash=content_hash,
                file_name=file_name,
                report_summary=report_summary,
                claim_count=len(rows["claims"]),
                source_count=len(rows["sources"]),
                event_count=len(rows["events"]),
                changes=summary,
            )
            stored.insert_claims(connection, number, chunks)
            for what in ("sources", "events"):
                stored.insert_rows(connection, what, number, rows[what])
            if left_out is not None:
                stored.insert_left_out(connection, number, left_out)
            detail = f"from revision {parent}" + (f", merged onto revision {merged_onto}" if merged_onto else "") + (f"; file {file_name}" if file_name else "")
            audit.log(connection, actor=author, action=revision.kind, revision=number, detail=detail)
        return PublishOutcome(revision, merged_onto)

    def rollback(self, number: int, *, author: str, note: str = "") -> Revision:
        """Publish a new revision equal to revision `number` (nothing is deleted; the rollback is itself a revision)."""
        if not author.strip():
            raise StoreError("a rollback needs an author")
        with self.writing() as connection:
            target = self.revision(number, connection)
            latest = stored.latest_number(connection)
            assert latest is not None  # the target exists
            revision = self._record(
                connection,
                number=latest + 1,
                parent=latest,
                kind="rollback",
                author=author,
                note=note or f"Roll back to revision {number}",
                content_hash=target.content_hash,
                hash_version=target.hash_version,
                file_name=target.file_name,
                report_summary=target.report_summary,
                claim_count=target.claim_count,
                source_count=target.source_count,
                event_count=target.event_count,
                changes=changes.change_summary(changes.stored_keys(connection, latest), changes.stored_keys(connection, number)),
                restores=number,
            )
            # No claim is written: the new revision lists the restored revision's chunks.
            stored.copy_revision_data(connection, source=number, target=revision.number)
            audit.log(connection, actor=author, action="rollback", revision=revision.number, detail=f"restores revision {number}")
        return revision

    def seed(self, dataset: Dataset, *, author: str, note: str) -> Revision:
        """Revision 1 from `dataset` when the store is empty; the existing first revision otherwise."""
        try:
            return self.publish(dataset, parent=None, author=author, note=note, kind="seed", merge=False).revision
        except StalePublish:
            return self.revision(1)
