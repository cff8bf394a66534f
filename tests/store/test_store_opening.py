"""A store is seeded only when it is new. An existing store file that is empty, truncated or not a store, and a store
whose revisions were lost, are refused with a message naming the file and suggesting the backup — never re-seeded
from data/, never changed."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from econ_ties.services.published import published_store
from econ_ties.settings import sqlite_url
from econ_ties.store.revisions import NotAStore, Store
from econ_ties.store.tables import AUDIT


def _store_check(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "econ_ties.cli", "store", "check", "--database", url], capture_output=True, text=True, check=False)


def _seeded_file(folder: Path) -> Path:
    path = folder / "store.sqlite"
    store = published_store(sqlite_url(path))
    store.close()
    return path


def _refused(url: str, path: Path | None) -> str:
    with pytest.raises(NotAStore) as refusal:
        published_store(url)
    message = str(refusal.value)
    if path is not None:
        assert str(path) in message
    assert "backup" in message
    return message


def test_an_empty_store_file_is_refused_not_reseeded(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"")
    assert "is empty (0 bytes), so it is not an econ-ties store" in _refused(sqlite_url(path), path)
    result = _store_check(sqlite_url(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "all intact" not in result.stdout
    assert "not an econ-ties store" in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == b""  # left as it was: no tables, no seed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.sqlite"]


@pytest.mark.parametrize("keep", [50, 4096, 0.5])
def test_a_truncated_store_file_is_refused_and_left_as_it_is(tmp_path: Path, keep: float) -> None:
    path = _seeded_file(tmp_path)
    size = int(path.stat().st_size * keep) if keep < 1 else int(keep)
    with path.open("r+b") as handle:
        handle.truncate(size)
    before = path.read_bytes()
    _refused(sqlite_url(path), path)
    result = _store_check(sqlite_url(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "all intact" not in result.stdout and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.sqlite"
    text_file.write_text("claim_id,value\nS1,2\n", encoding="utf-8")
    assert "is not an SQLite database" in _refused(sqlite_url(text_file), text_file)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.close()
    assert "without a revisions table" in _refused(sqlite_url(other), other)
    with sqlite3.connect(other) as connection:
        assert [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["invoices"]
    connection.close()


def test_a_store_whose_revisions_were_lost_is_not_reseeded(store_url: str) -> None:
    store = published_store(store_url)
    assert store.created and store.latest_number() == 1
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as connection:
        for table in ("revision_chunks", "claim_chunks", "sources", "events", "revisions"):
            connection.execute(text(f"DELETE FROM {table}"))
    engine.dispose()
    message = _refused(store_url, None)
    assert "has no revisions, but its audit log records revisions written to it" in message
    reopened = Store(store_url)
    assert not reopened.created and reopened.latest_number() is None
    reopened.close()


def test_a_database_with_some_store_tables_but_no_revisions_is_refused(store_url: str) -> None:
    engine = create_engine(store_url)
    AUDIT.create(engine)
    engine.dispose()
    assert "not an econ-ties store" in _refused(store_url, None)


def test_a_new_store_is_created_and_seeded_once(store_url: str) -> None:
    store = published_store(store_url)
    assert store.created and [r.number for r in store.revisions()] == [1]
    store.close()
    again = published_store(store_url)
    assert not again.created and [r.number for r in again.revisions()] == [1]
    again.close()


def _open_and_count(url: str) -> int:
    store = published_store(url)
    return len(store.revisions())


def test_processes_starting_on_a_new_store_file_at_once_share_one_seeded_store(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "store.sqlite")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        counts = pool.map(_open_and_count, [url] * 4)
    assert counts == [1, 1, 1, 1]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["store.sqlite"]
