"""The published store, the same suite on SQLite and on a real PostgreSQL server: revisions, history, merges and
refusals of stale publishes, rollback, hash checks, the command line and the `?rev=N` resolution."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import text

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.checks.validation import CLAIM_COLUMNS
from econ_ties.cli.main import main
from econ_ties.services.published import published_dataset, published_store, resolve_revision, upload_applied
from econ_ties.settings import database_url
from econ_ties.store.codec import claim_rows, claim_table, event_rows, source_rows
from econ_ties.store.errors import DamagedRevision, StalePublish, StoreError, UnknownRevision
from econ_ties.store.revisions import Store
from econ_ties.store.tables import LEGACY_CLAIMS, REVISIONS
from tests.conftest import DATA_DIR, read_rows
from tests.conftest import write_rows as write_csv_rows


@pytest.fixture(scope="module")
def curated() -> Dataset:
    return load_dataset(DATA_DIR)[0]


def changed(dataset: Dataset, claim_id: str, value: float) -> Dataset:
    claims = dataset.claims.copy()
    claims.loc[claims["claim_id"] == claim_id, "value"] = value
    return Dataset(claims, dict(dataset.sources), list(dataset.events))


def added(dataset: Dataset, claim_id: str, like: str = "S3") -> Dataset:
    row = dataset.claims[dataset.claims["claim_id"] == like].assign(claim_id=claim_id)
    return Dataset(pd.concat([dataset.claims, row], ignore_index=True), dict(dataset.sources), list(dataset.events))


def value_of(dataset: Dataset, claim_id: str) -> float:
    return float(dataset.claims.loc[dataset.claims["claim_id"] == claim_id, "value"].iloc[0])


def chunks_of(store: Store, number: int) -> list[str]:
    """The hashes of a revision's claims chunks, in order."""
    with store.engine.connect() as connection:
        query = text("SELECT chunk FROM revision_chunks WHERE revision = :n ORDER BY position")
        return list(connection.execute(query, {"n": number}).scalars())


def chunk_count(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM claim_chunks")).scalar() or 0)


def chunk_bytes(store: Store, digest: str) -> bytes:
    with store.engine.connect() as connection:
        return bytes(connection.execute(text("SELECT data FROM claim_chunks WHERE hash = :h"), {"h": digest}).scalar_one())


def set_chunk_bytes(store: Store, digest: str, data: bytes) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE claim_chunks SET data = :d WHERE hash = :h"), {"d": data, "h": digest})


def test_first_start_makes_the_curated_data_revision_1(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    [first] = store.revisions()
    assert (first.number, first.parent, first.kind) == (1, None, "seed")
    assert first.content_hash == curated.content_hash
    assert (first.claim_count, first.source_count, first.event_count) == (len(curated.claims), len(curated.sources), len(curated.events))
    published_store(store_url)  # a second start does not seed again
    assert len(store.revisions()) == 1


def test_a_revision_reads_back_as_the_dataset_a_csv_load_gives(store_url: str, curated: Dataset) -> None:
    dataset = published_dataset(url=store_url)
    pd.testing.assert_frame_equal(dataset.claims, curated.claims)
    assert dataset.sources == curated.sources
    assert dataset.events == curated.events
    assert dataset.claim("S4-ru-az").value == curated.claim("S4-ru-az").value


def test_publish_records_author_time_note_parent_hash_file_and_report(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    outcome = store.publish(
        changed(curated, "S3", 3.1), parent=1, author="Aysel", note="2021 turnover restated", file_name="turnover.csv", report_summary="No problems found."
    )
    revision = outcome.revision
    assert outcome.merged_onto is None
    assert (revision.number, revision.parent, revision.author, revision.note) == (2, 1, "Aysel", "2021 turnover restated")
    assert (revision.file_name, revision.report_summary) == ("turnover.csv", "No problems found.")
    assert revision.content_hash == changed(curated, "S3", 3.1).content_hash != curated.content_hash
    assert revision.created_at.tzinfo is not None
    assert store.revision(2) == revision
    assert value_of(published_dataset(url=store_url), "S3") == 3.1
    assert value_of(published_dataset(1, url=store_url), "S3") == 2.9, "earlier revisions never change"


def test_history_says_what_each_revision_changed(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    one = Dataset(curated.claims[curated.claims["claim_id"] != "S1"], dict(curated.sources), list(curated.events))
    store.publish(added(changed(one, "S3", 3.0), "NEW-1"), parent=1, author="a")
    [latest, _] = store.revisions()
    claims = latest.changes["claims"]
    assert (claims["added"], claims["changed"], claims["removed"]) == (["NEW-1"], ["S3"], ["S1"])
    assert latest.describe_changes() == "+1 claim, 1 claim changed, 1 claim removed"


def test_a_stale_publish_that_overlaps_is_refused_with_a_clear_message(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="Aysel")
    with pytest.raises(StalePublish) as refusal:
        store.publish(changed(curated, "S3", 3.2), parent=1, author="Boris")
    message = str(refusal.value)
    assert "revision 2" in message and "Aysel" in message and "S3" in message and "Review" in message
    assert refusal.value.overlap == {"claims": ["S3"]}
    assert [r.number for r in store.revisions()] == [2, 1], "nothing was written"
    assert value_of(published_dataset(url=store_url), "S3") == 3.0


def test_a_stale_publish_that_does_not_overlap_is_merged(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="Aysel")
    outcome = store.publish(added(changed(curated, "S2", 6.4), "NEW-2"), parent=1, author="Boris")
    assert (outcome.merged_onto, outcome.revision.kind, outcome.revision.parent) == (2, "merge", 2)
    merged = published_dataset(url=store_url)
    assert (value_of(merged, "S3"), value_of(merged, "S2"), value_of(merged, "NEW-2")) == (3.0, 6.4, 2.9), "both analysts' work is kept"
    assert outcome.revision.content_hash == merged.content_hash
    assert outcome.revision.changes["claims"]["added"] == ["NEW-2"] and outcome.revision.changes["claims"]["changed"] == ["S2"]


def test_the_same_change_made_twice_is_no_conflict(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="Aysel")
    outcome = store.publish(changed(curated, "S3", 3.0), parent=1, author="Boris")
    assert outcome.merged_onto == 2 and value_of(published_dataset(url=store_url), "S3") == 3.0


def test_the_same_claim_added_twice_is_kept_once(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(added(curated, "NEW-7"), parent=1, author="Aysel")
    outcome = store.publish(added(changed(curated, "S2", 6.4), "NEW-7"), parent=1, author="Boris")
    merged = published_dataset(url=store_url)
    assert outcome.merged_onto == 2 and list(merged.claims["claim_id"]).count("NEW-7") == 1
    assert value_of(merged, "S2") == 6.4 and len(merged.claims) == len(curated.claims) + 1


def test_publishing_from_no_parent_or_an_unknown_parent_is_refused(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    with pytest.raises(StalePublish, match="already has revisions"):
        store.publish(curated, parent=None, author="a")
    with pytest.raises(UnknownRevision, match="no revision 7"):
        store.publish(changed(curated, "S3", 3.0), parent=7, author="a")
    with pytest.raises(StoreError, match="author"):
        store.publish(curated, parent=1, author=" ")


def test_rollback_publishes_a_new_revision_equal_to_an_old_one(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="a")
    store.publish(added(changed(curated, "S3", 3.0), "NEW-3"), parent=2, author="b")
    revision = store.rollback(1, author="c", note="bad upload")
    assert (revision.number, revision.parent, revision.kind, revision.restores, revision.note) == (4, 3, "rollback", 1, "bad upload")
    assert revision.content_hash == curated.content_hash
    restored = published_dataset(url=store_url)
    pd.testing.assert_frame_equal(restored.claims, curated.claims)
    assert revision.changes["claims"]["removed"] == ["NEW-3"] and revision.changes["claims"]["changed"] == ["S3"]
    assert [r.number for r in store.revisions()] == [4, 3, 2, 1], "nothing is deleted by a rollback"
    with pytest.raises(UnknownRevision):
        store.rollback(9, author="c")


def test_every_publish_and_rollback_goes_to_the_audit_log(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="Aysel", file_name="t.csv")
    store.rollback(1, author="Boris")
    entries = store.audit_log()
    assert [(e["actor"], e["action"], e["revision"]) for e in entries[:3]] == [
        ("Boris", "rollback", 3),
        ("Aysel", "publish", 2),
        (entries[2]["actor"], "seed", 1),
    ]
    assert "t.csv" in entries[1]["detail"]


def test_store_check_passes_when_intact_and_names_a_tampered_revision(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="a")
    assert all(result.ok for result in store.check())
    assert main(["store", "check", "--database", store_url]) == 0
    # Someone rewrites revision 2's claims with a well-formed chunk holding another value for S3.
    [digest] = chunks_of(store, 2)
    tampered = pq.read_table(pa.BufferReader(chunk_bytes(store, digest))).to_pandas()
    tampered.loc[tampered["claim_id"] == "S3", "value"] = "9.9"
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(tampered, preserve_index=False), sink)
    set_chunk_bytes(store, digest, sink.getvalue().to_pybytes())
    results = {r.number: r for r in store.check()}
    assert results[1].ok and not results[2].ok
    assert "content hash" in results[2].message and "damaged" in results[2].message
    assert main(["store", "check", "--database", store_url]) == 1


def test_hostile_text_survives_the_round_trip_and_the_hash(store_url: str, curated: Dataset) -> None:
    claims = curated.claims.copy()
    hostile = ['=HYPERLINK("http://x")', "-1\n2", 'say "no", twice\r\nplease', "\u202eevil", "<script>alert(1)</script>", "٣"]
    claims.loc[: len(hostile) - 1, "quote"] = hostile
    claims.loc[: len(hostile) - 1, "notes"] = list(reversed(hostile))
    dataset = Dataset(claims, dict(curated.sources), list(curated.events))
    store = published_store(store_url)
    revision = store.publish(dataset, parent=1, author="a").revision
    back = published_dataset(url=store_url)
    assert list(back.claims["quote"][: len(hostile)]) == hostile
    assert back.content_hash == revision.content_hash == dataset.content_hash
    assert all(result.ok for result in store.check())


def test_claims_held_as_categoricals_are_stored_as_the_same_text(curated: Dataset) -> None:
    coded = curated.claims.copy()
    for column in ("indicator", "country", "sector", "notes"):
        coded[column] = coded[column].astype("category")
    assert claim_table(coded).equals(claim_table(curated.claims))


def test_stored_row_hashes_are_pandas_row_hashes_of_the_stored_text(curated: Dataset) -> None:
    # Row hashes of older revisions were computed with hash_pandas_object; merges compare them with new ones.
    rows = claim_rows(changed(curated, "S3", 3.0).claims)
    assert rows["row_hash"].nunique() == len(rows)
    assert np.array_equal(rows["row_hash"].to_numpy(), pd.util.hash_pandas_object(rows.iloc[:, 2:], index=False).to_numpy().view(np.int64))


def test_a_revision_in_the_url_is_shown_and_an_unknown_one_falls_back_to_the_latest(store_url: str, curated: Dataset) -> None:
    published_store(store_url).publish(changed(curated, "S3", 3.0), parent=1, author="a")
    assert resolve_revision(None, url=store_url) == (2, None)
    assert resolve_revision("1", url=store_url) == (1, None)
    number, notice = resolve_revision("99", url=store_url)
    assert number == 2 and notice is not None and "no revision 99" in notice
    number, notice = resolve_revision("<script>", url=store_url)
    assert number == 2 and notice is not None and "not a revision number" in notice
    with pytest.raises(UnknownRevision):
        published_dataset(99, url=store_url)


def test_an_upload_replaces_claims_with_the_same_id_and_adds_the_rest(curated: Dataset) -> None:
    upload = added(curated, "NEW-4").claims.iloc[-2:].copy()  # the last curated claim and a new one
    upload.loc[upload.index[0], "value"] = 123.0
    result = upload_applied(curated, upload)
    assert len(result.claims) == len(curated.claims) + 1
    assert value_of(result, upload["claim_id"].iloc[0]) == 123.0
    assert set(upload_applied(curated, upload, replace_all=True).claims["claim_id"]) == set(upload["claim_id"])


def _write_upload(path: Path, changes: dict[str, str], extra: dict[str, str] | None = None) -> Path:
    header, rows = read_rows(DATA_DIR / "figures.csv")
    chosen = [dict(row) for row in rows if row["claim_id"] in changes]
    for row in chosen:
        row["value"] = changes[row["claim_id"]]
    if extra:
        chosen.append({**chosen[0], **extra})
    write_csv_rows(path, header, chosen)
    return path


def test_command_line_publish_history_rollback(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upload = _write_upload(tmp_path / "turnover.csv", {"S3": "3.0"}, {"claim_id": "S3-copy", "period": "2016", "value": "1.5"})
    assert main(["publish", str(upload), "--author", "Aysel", "--note", "restated", "--database", store_url]) == 0
    assert "Published revision 2: +1 claim, 1 claim changed" in capsys.readouterr().out
    store = published_store(store_url)
    latest = store.latest()
    assert latest is not None and (latest.author, latest.note, latest.file_name) == ("Aysel", "restated", "turnover.csv")
    assert latest.report_summary
    assert main(["history", "--database", store_url]) == 0
    out = capsys.readouterr().out
    assert "r2" in out and "Aysel" in out and "turnover.csv" in out and "r1" in out
    assert main(["rollback", "1", "--author", "Boris", "--database", store_url]) == 0
    assert store.latest().content_hash == store.revision(1).content_hash  # type: ignore[union-attr]
    assert main(["store", "check", "--database", store_url]) == 0


def test_command_line_refuses_a_file_with_errors_and_publishes_nothing(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upload = _write_upload(tmp_path / "bad.csv", {"S3": "three"})
    assert main(["publish", str(upload), "--author", "Aysel", "--note", "x", "--database", store_url]) == 1
    captured = capsys.readouterr()
    assert "type-error" in captured.out and "'three' is not a number" in captured.out
    assert "Not published" in captured.err
    assert [r.number for r in published_store(store_url).revisions()] == [1]
    assert main(["publish", str(tmp_path / "missing.csv"), "--author", "A", "--note", "x", "--database", store_url]) == 2
    assert main(["rollback", "42", "--database", store_url]) == 1
    assert "no revision 42" in capsys.readouterr().err


def test_command_line_stale_parent_is_refused_with_the_reason(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _write_upload(tmp_path / "one.csv", {"S3": "3.0"})
    second = _write_upload(tmp_path / "two.csv", {"S3": "3.3"})
    assert main(["publish", str(first), "--author", "A", "--note", "x", "--database", store_url]) == 0
    assert main(["publish", str(second), "--author", "B", "--note", "y", "--parent", "1", "--database", store_url]) == 1
    assert "Review your changes against revision 2" in capsys.readouterr().err


def test_sqlite_store_is_in_wal_mode_under_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECON_TIES_DATABASE_URL")
    monkeypatch.setenv("ECON_TIES_DATA_DIR", str(tmp_path / "data-home"))
    url = database_url()
    assert url == f"sqlite:///{tmp_path / 'data-home' / 'store.sqlite'}"
    store = published_store(url)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (tmp_path / "data-home" / "store.sqlite").exists()
    store.close()


def test_revision_summary_is_plain_data(store_url: str) -> None:
    revision = published_store(store_url).revision(1)
    assert dataclasses.asdict(revision)["number"] == 1
    assert np.isfinite(revision.claim_count)
    assert Store.open(store_url) is published_store(store_url)


def test_a_dataset_with_an_id_used_twice_is_refused(store_url: str, curated: Dataset) -> None:
    twice = Dataset(pd.concat([curated.claims, curated.claims.iloc[:1]], ignore_index=True), dict(curated.sources), list(curated.events))
    with pytest.raises(StoreError, match=r"used twice, e\.g\. S1"):
        published_store(store_url).publish(twice, parent=1, author="a")
    revision = published_store(store_url).publish(changed(curated, "S3", 3.0), parent=1, author="a").revision
    assert revision.kind == "publish"


# -- claims stored as chunks --------------------------------------------------------------------------------------------


def test_a_revision_of_many_chunks_reads_back_in_order_and_an_unchanged_chunk_is_stored_once(
    store_url: str, curated: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("econ_ties.store.codec.CHUNK_ROWS", 20)  # 81 claims → 5 chunks
    store = Store(store_url)
    store.seed(curated, author="a", note="curated")
    assert len(chunks_of(store, 1)) == 5 and chunk_count(store) == 5
    pd.testing.assert_frame_equal(store.dataset(1)[1].claims, curated.claims)
    last = curated.claims["claim_id"].iloc[-1]
    store.publish(changed(curated, last, 1.0), parent=1, author="a")
    assert chunks_of(store, 2)[:4] == chunks_of(store, 1)[:4] and chunks_of(store, 2)[4] != chunks_of(store, 1)[4]
    assert chunk_count(store) == 6, "only the chunk holding the changed claim is new"
    back = store.dataset(2)[1]
    assert value_of(back, last) == 1.0
    assert back.content_hash == changed(curated, last, 1.0).content_hash == store.revision(2).content_hash
    assert all(result.ok for result in store.check())
    store.close()


def test_a_rollback_writes_no_claims(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(added(changed(curated, "S3", 3.0), "NEW-5"), parent=1, author="a")
    before = chunk_count(store)
    store.rollback(1, author="b")
    assert chunk_count(store) == before
    assert chunks_of(store, 3) == chunks_of(store, 1)
    store.publish(curated, parent=3, author="c", note="the same data again")
    assert chunk_count(store) == before, "identical chunks are stored once"
    assert all(result.ok for result in store.check())


def test_store_check_names_a_chunk_whose_bytes_were_damaged(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="a")
    [digest] = chunks_of(store, 2)
    data = bytearray(chunk_bytes(store, digest))
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)  # a run of zeros in the middle of the file
    set_chunk_bytes(store, digest, bytes(data))
    results = {r.number: r for r in store.check()}
    assert results[1].ok and not results[2].ok
    assert f"claims chunk 0 ({digest[:12]}…) is damaged: its bytes no longer match their hash" in results[2].message
    with pytest.raises(DamagedRevision, match="is damaged"):
        store.dataset(2)
    assert main(["store", "check", "--database", store_url]) == 1


def test_store_check_names_a_missing_chunk(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="a")
    [digest] = chunks_of(store, 2)
    # Deleted behind the store's back, with foreign keys switched off (the store's own connections keep them on).
    if store.backend == "sqlite":
        with sqlite3.connect(str(store.engine.url.database)) as connection:
            connection.execute("DELETE FROM claim_chunks WHERE hash = ?", (digest,))
    else:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            connection.execute(text("DELETE FROM claim_chunks WHERE hash = :h"), {"h": digest})
    results = {r.number: r for r in Store(store_url).check()}
    assert results[1].ok and not results[2].ok
    assert results[2].message == f"claims chunk 0 ({digest[:12]}…) is missing"
    with pytest.raises(DamagedRevision, match="is missing"):
        Store(store_url).dataset(2)


def _old_layout_store(url: str, revisions: list[tuple[Dataset, str]]) -> None:
    """A store as the row-per-claim layout wrote it: the claims table, no chunk tables; one revision per dataset, its
    content hash of version 1 (the layout is older than hash versions)."""
    from sqlalchemy import create_engine, insert

    from econ_ties.store.engine import create_store_engine
    from econ_ties.store.tables import AUDIT, EVENTS, SOURCES, Base

    engine = create_store_engine(url) if url.startswith("sqlite") else create_engine(url)
    Base.metadata.create_all(engine, tables=[REVISIONS, SOURCES, EVENTS, AUDIT])
    LEGACY_CLAIMS.create(engine)
    with engine.begin() as connection:
        for number, (dataset, kind) in enumerate(revisions, start=1):
            counts = {"claim_count": len(dataset.claims), "source_count": len(dataset.sources), "event_count": len(dataset.events)}
            connection.execute(
                insert(REVISIONS),
                {"number": number, "parent": number - 1 or None, "kind": kind, "author": "old", "created_at": pd.Timestamp.now(tz="UTC").to_pydatetime()}
                | {"note": "", "content_hash": dataset.content_hash_of_version(1), "file_name": "", "report_summary": "", "changes": "{}"}
                | counts,
            )
            claims = claim_rows(dataset.claims).assign(revision=number)
            if len(claims):
                connection.execute(insert(LEGACY_CLAIMS), claims.to_dict("records"))
            for table, rows in ((SOURCES, source_rows(dataset.sources)), (EVENTS, event_rows(dataset.events))):
                connection.execute(insert(table), rows.assign(revision=number).to_dict("records"))
    engine.dispose()


def test_a_store_of_claim_rows_is_migrated_to_chunks_when_opened(store_url: str, curated: Dataset) -> None:
    first, second = curated, added(changed(curated, "S3", 3.0), "NEW-6")
    empty = Dataset(curated.claims.iloc[:0], dict(curated.sources), list(curated.events))
    _old_layout_store(store_url, [(first, "seed"), (second, "publish"), (empty, "publish"), (first, "rollback")])
    store = Store(store_url)
    try:
        with store.engine.connect() as connection:
            assert not connection.dialect.has_table(connection, "claims"), "the row table is dropped after the move"
        for number, expected in ((1, first), (2, second), (3, empty), (4, first)):
            back = store.dataset(number)[1]
            stated = [*CLAIM_COLUMNS, "row"]  # the rest is derived from these (and `changed` above sets no derived column)
            pd.testing.assert_frame_equal(back.claims[stated], expected.claims[stated])
            assert back.content_hash_of_version(1) == expected.content_hash_of_version(1) == store.revision(number).content_hash
            assert back.content_hash == expected.content_hash and store.revision(number).hash_version == 1
        assert chunks_of(store, 4) == chunks_of(store, 1) and chunk_count(store) == 2, "identical chunks are stored once"
        assert all(result.ok for result in store.check())
        [entry] = [e for e in store.audit_log() if e["action"] == "migrate"]
        assert entry["detail"] == f"{2 * len(first.claims) + len(second.claims):,} claims of 4 revisions moved from the claims table to claims chunks"
        store.publish(changed(first, "S2", 6.4), parent=4, author="a")  # and the store goes on as any other
        assert value_of(store.dataset()[1], "S2") == 6.4
        assert Store(store_url).revisions()[0].number == 5, "a second open finds nothing to migrate"
    finally:
        store.close()
        with store.engine.begin() as connection:
            LEGACY_CLAIMS.drop(connection, checkfirst=True)


def test_a_migrated_revision_that_was_damaged_before_keeps_its_rows_and_is_named(store_url: str, curated: Dataset) -> None:
    _old_layout_store(store_url, [(curated, "seed"), (changed(curated, "S3", 3.0), "publish")])
    from sqlalchemy import create_engine

    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE claims SET value = '9.9' WHERE revision = 2 AND claim_id = 'S3'"))
    engine.dispose()
    store = Store(store_url)
    try:
        assert value_of(store.dataset(2)[1], "S3") == 9.9, "the rows are moved as they were"
        [entry] = [e for e in store.audit_log() if e["action"] == "migrate"]
        assert "revision 2 did not match their recorded content hash" in entry["detail"]
        results = {r.number: r for r in store.check()}
        assert results[1].ok and not results[2].ok and "content hash" in results[2].message
    finally:
        store.close()
        with store.engine.begin() as connection:
            LEGACY_CLAIMS.drop(connection, checkfirst=True)
