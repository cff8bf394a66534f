"""Publishing revisions, reading them back, history, merges and refusals of stale publishes, rollback and the audit log, the same suite on SQLite and on a real PostgreSQL server; and the `?rev=N` resolution."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from econ_ties.checks.dataset import Dataset
from econ_ties.services.published import published_dataset, published_store, resolve_revision
from econ_ties.services.publishing import upload_applied
from econ_ties.store.errors import StalePublish, StoreError, UnknownRevision
from econ_ties.store.revisions import Store
from tests.store.conftest import added, changed, value_of


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
