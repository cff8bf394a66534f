"""The audit log: every publish, rollback, migration and sign-in attempt, written in the transaction that did it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from econ_ties.store.tables import AUDIT, AuditEntry


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def log(connection: Connection, *, actor: str, action: str, revision: int | None = None, detail: str = "") -> int:
    """Add an entry; its id."""
    values = {"at": now(), "actor": actor, "action": action, "revision": revision, "detail": detail}
    return int(connection.execute(insert(AUDIT).returning(AUDIT.c.id), values).scalar_one())


def amend(connection: Connection, entry: int, *, action: str, detail: str) -> None:
    """Say how an entry written before its outcome was known turned out (a sign-in is logged as failed until its
    password proves right, so that concurrent attempts count it)."""
    connection.execute(update(AUDIT).where(AUDIT.c.id == entry), {"action": action, "detail": detail})


def entries(connection: Connection, limit: int) -> list[dict[str, Any]]:
    """The latest `limit` entries, newest first."""
    records = connection.execute(select(AUDIT).order_by(AuditEntry.id.desc()).limit(limit)).all()
    return [dict(r._mapping) for r in records]


def count(connection: Connection, *, actor: str, action: str, since: dt.datetime) -> int:
    query = select(func.count()).select_from(AuditEntry).where(AuditEntry.actor == actor, AuditEntry.action == action, AuditEntry.at >= since)
    return int(connection.execute(query).scalar() or 0)
