"""Stores written by earlier versions of econ-ties open, check intact and go on: tests/fixtures/stores holds one written
by commit 78f599b (content hash version 1, formula-looking cells; see make_store_v1.py there)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from econ_ties.checks.dataset import Dataset
from econ_ties.model import csv_safety
from econ_ties.model.canonical import CSV_HASH_VERSION, HASH_VERSION
from econ_ties.settings import sqlite_url
from econ_ties.store import migrations
from econ_ties.store.revisions import Store
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "stores" / "store-v1-78f599b.sqlite"


@pytest.fixture
def old_store(tmp_path: Path) -> str:
    """A copy of the store commit 78f599b wrote (the fixture itself is never opened: opening migrates)."""
    copy = tmp_path / "store.sqlite"
    shutil.copyfile(FIXTURE, copy)
    return sqlite_url(copy)


def test_a_store_written_by_78f599b_checks_intact_reads_back_and_takes_a_new_revision(old_store: str) -> None:
    store = Store(old_store)
    try:
        assert [(r.number, r.kind, r.hash_version) for r in reversed(store.revisions())] == [
            (1, "seed", CSV_HASH_VERSION),
            (2, "publish", CSV_HASH_VERSION),
            (3, "merge", CSV_HASH_VERSION),
            (4, "rollback", CSV_HASH_VERSION),
        ]
        assert [(c.number, c.ok) for c in store.check()] == [(1, True), (2, True), (3, True), (4, True)]
        datasets = {number: store.dataset(number)[1] for number in (1, 2, 3, 4)}
        assert [len(d.claims) for d in datasets.values()] == [81, 83, 84, 83]
        formulas = datasets[2].claims.set_index("claim_id")
        assert formulas.loc["FX-1", "quote"] == '=1+1 said the minister, "roughly", and more', "stored as stated, never neutralised"
        assert formulas.loc["FX-1", "notes"] == "+SUM(A1); a line\nbreak"
        assert (formulas.loc["FX-1", "value"], formulas.loc["FX-1", "decimals"]) == (1.3, 2)
        assert datasets[4].content_hash == datasets[2].content_hash, "the rollback holds revision 2's data"

        claims = datasets[4].claims.copy()
        claims.loc[claims["claim_id"] == "FX-2", "notes"] = "@restated"
        outcome = store.publish(Dataset(claims, datasets[4].sources, datasets[4].events), parent=4, author="analyst@example.org")
        assert (outcome.revision.number, outcome.revision.hash_version) == (5, HASH_VERSION)
        assert outcome.revision.describe_changes() == "1 claim changed"
        back = store.rollback(3, author="analyst@example.org")
        assert (back.number, back.hash_version, back.content_hash) == (6, CSV_HASH_VERSION, store.revision(3).content_hash)
        assert all(c.ok for c in store.check()), [c.message for c in store.check() if not c.ok]
    finally:
        store.close()


def test_opening_an_old_store_migrates_it_once_and_records_it(old_store: str) -> None:
    store = Store(old_store)
    try:
        with store.engine.connect() as connection:
            applied = list(connection.execute(text("SELECT name FROM applied_migrations ORDER BY name")).scalars())
        assert applied == sorted(m.name for m in migrations.MIGRATION_STEPS)
        details = [e["detail"] for e in store.audit_log() if e["action"] == "migrate"]
        assert sorted(details) == [
            "added the column events.kind, empty in earlier revisions",
            "added the columns sources.publisher_az, sources.publisher_ru, empty in earlier revisions",
            "added the columns sources.speaker_az, sources.speaker_ru, empty in earlier revisions",
            "added the columns sources.speaker_role_az, sources.speaker_role_ru, empty in earlier revisions",
            "added the columns sources.title_az, sources.title_ru, events.title_az, events.title_ru, events.description_az, "
            "events.description_ru, empty in earlier revisions",
            "revisions record the version of their content hash; 4 earlier revisions have version 1",
        ]
        assert migrations.migrate(store.engine) == [], "a second open finds every migration recorded"
    finally:
        store.close()


def test_old_revisions_stay_intact_when_the_spreadsheet_rule_changes(old_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_safety, "neutralise_cell", lambda text: "\u2063" + text)
    store = Store(old_store)
    try:
        assert all(c.ok for c in store.check())
    finally:
        store.close()


def test_a_revision_whose_hash_version_is_unknown_is_named_by_check(old_store: str) -> None:
    store = Store(old_store)
    try:
        with store.engine.begin() as connection:
            connection.execute(text("UPDATE revisions SET hash_version = 9 WHERE number = 2"))
        results = {c.number: c for c in store.check()}
        assert [n for n, c in results.items() if not c.ok] == [2]
        assert "its content hash has version 9, which this econ-ties does not know" in results[2].message
    finally:
        store.close()


def test_an_old_store_gets_the_table_of_left_out_rows_when_opened_and_keeps_them(old_store: str) -> None:
    import pandas as pd

    from econ_ties.store.tables import LEFT_OUT_COLUMNS

    store = Store(old_store)
    try:
        assert all(store.left_out_rows(number).empty for number in (1, 2, 3, 4))
        _, latest = store.dataset(4)
        claims = latest.claims.copy()
        claims.loc[claims["claim_id"] == "FX-2", "notes"] = "restated"
        left_out = pd.DataFrame([[7, "type-error", "value", "twelve", "'twelve' is not a number"]], columns=list(LEFT_OUT_COLUMNS))
        revision = store.publish(Dataset(claims, latest.sources, latest.events), parent=4, author="analyst@example.org", left_out=left_out).revision
        assert store.left_out_rows(revision.number).to_dict("records") == left_out.to_dict("records")
        assert all(c.ok for c in store.check())
    finally:
        store.close()
