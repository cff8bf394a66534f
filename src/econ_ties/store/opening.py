"""Opening a store: a new one is created whole, and an existing database that is not an econ-ties store is refused.

A store is created only where there was none: for SQLite, when the file does not exist (the tables are built in a
temporary file beside it, which is then linked into place, so no other process ever sees a half-made or empty store
file); for PostgreSQL, when the database holds none of the store's tables. Anything else must already hold the
`revisions` table. An empty file, a truncated one, a file that is not SQLite, or a database that holds some of our
tables but not the revisions is refused with `NotAStore`, naming it and leaving it as it was: it may be a store whose
contents were lost, and building a fresh store over it (then seeding it from data/) would hide that loss.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from econ_ties.store import engine as engines
from econ_ties.store import migrations
from econ_ties.store.errors import NotAStore, StoreError
from econ_ties.store.tables import REVISIONS, Base

_SQLITE_HEADER = b"SQLite format 3\x00"
_RESTORE = "it was left as it is. Restore the store from your backup, or move the file away to start a new store from the curated data"


def open_store_engine(url: str) -> tuple[Engine, bool]:
    """The engine of the store at `url`, its tables made and migrated; and whether the store was created just now."""
    path = _sqlite_file(url)
    created = False
    if path is not None:
        if not path.exists():
            created = _create_sqlite_store(path)
        _check_sqlite_file(path)
    engine = engines.create_store_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        if REVISIONS.name not in tables:
            ours = tables & set(Base.metadata.tables)
            if path is not None or ours:
                where = describe(url)
                holds = f"holds the tables {', '.join(sorted(ours))} but no revisions" if ours else "holds no revisions table"
                raise NotAStore(f"{where} is not an econ-ties store: it {holds}; {_RESTORE}.")
            created = True  # a PostgreSQL database with none of our tables: a new store
        Base.metadata.create_all(engine)
        migrations.migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine, created


def describe(url: str) -> str:
    """A store as messages name it: the SQLite file, or the database URL without its password."""
    path = _sqlite_file(url)
    return f"the store file {path}" if path is not None else f"the database {make_url(url).render_as_string(hide_password=True)}"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser()


def _create_sqlite_store(path: Path) -> bool:
    """Build a new store in a temporary file beside `path` and link it into place; False when another process made
    `path` first (its store is used, ours thrown away)."""
    building = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.new")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = engines.create_store_engine(f"sqlite:///{building.resolve()}")
        try:
            Base.metadata.create_all(engine)
            migrations.migrate(engine)
        finally:
            engine.dispose()  # the last connection closed: the WAL is checkpointed into the file and removed
    except (OSError, SQLAlchemyError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
        raise StoreError(f"a new store could not be created at {path}: {reason}") from None
    try:
        try:
            os.link(building, path)  # fails when the file exists: never replaces a store another process just made
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            if path.exists():
                return False
            os.replace(building, path)
        return True
    finally:
        for leftover in (building, building.with_name(building.name + "-wal"), building.with_name(building.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _check_sqlite_file(path: Path) -> None:
    """An existing SQLite store file must start with SQLite's header and list the revisions table."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise NotAStore(f"the store file {path} could not be read: {exc.strerror}") from None
    if size == 0:
        raise NotAStore(f"the store file {path} is empty (0 bytes), so it is not an econ-ties store; {_RESTORE}.")
    if header != _SQLITE_HEADER:
        raise NotAStore(f"the store file {path} is not an SQLite database ({size:,} bytes), so it is not an econ-ties store; {_RESTORE}.")
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=120)) as connection:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise NotAStore(f"the store file {path} cannot be read as an SQLite database ({exc}), so it is not a usable econ-ties store; {_RESTORE}.") from None
    if REVISIONS.name not in names:
        raise NotAStore(f"the store file {path} is an SQLite database without a revisions table, so it is not an econ-ties store; {_RESTORE}.")
