"""The one publish path: an upload is drafted once onto a revision (the dataset it would publish and its preview), then
that draft is published; rollback publishes an earlier revision again. The app and the command line both come here
(tests/services/test_auth.py drives the app's publish step, tests/store/test_store.py the commands)."""

from __future__ import annotations

import pytest

from econ_ties.checks.claims_frame import empty_claims_frame
from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.checks.uploads import UploadResult, validate_upload_bytes
from econ_ties.model.problems import Problem, ValidationReport
from econ_ties.services import publishing
from econ_ties.services.published import published_dataset, published_store
from econ_ties.services.publishing import NothingToPublish, NotPublishable, draft, publish, rollback
from econ_ties.store.revisions import StalePublish
from tests.conftest import DATA_DIR

CURATED = load_dataset(DATA_DIR)[0]
HEADER, *ROWS = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()


def row(claim_id: str) -> str:
    return next(line for line in ROWS if line.startswith(f"{claim_id},"))


def upload(*lines: str, name: str = "upload.csv") -> UploadResult:
    return validate_upload_bytes("\n".join([HEADER, *lines, ""]).encode(), name, CURATED.sources)


def value_of(dataset: Dataset, claim_id: str) -> float:
    return float(dataset.claims.loc[dataset.claims["claim_id"] == claim_id, "value"].iloc[0])


def test_a_draft_is_what_would_be_published_and_publishing_it_writes_exactly_that(store_url: str) -> None:
    turnover = upload(row("S3").replace(",2.9,", ",3.0,"), row("S3").replace("S3,", "S3-new,", 1).replace(",2021,", ",2016,"))
    drafted = draft(turnover, url=store_url, file_name="upload.csv")
    assert (drafted.parent, drafted.replace_all) == (1, False)
    assert drafted.diff.summary() == "1 added, 1 changed, 0 removed, 0 unchanged"
    assert len(drafted.dataset.claims) == len(CURATED.claims) + 1 and value_of(drafted.dataset, "S3") == 3.0
    outcome = publish(drafted, author="Aysel", note="turnover restated", file_name="upload.csv", url=store_url)
    revision = outcome.revision
    assert (revision.number, revision.parent, revision.author, revision.note, revision.file_name) == (2, 1, "Aysel", "turnover restated", "upload.csv")
    assert outcome.merged_onto is None
    assert revision.changes["claims"]["changed"] == ["S3"] and revision.changes["claims"]["added"] == ["S3-new"]
    assert revision.report_summary == turnover.report.summary()
    assert revision.content_hash == drafted.dataset.content_hash == published_dataset(2, url=store_url).content_hash
    entry = published_store(store_url).audit_log()[0]
    assert (entry["actor"], entry["action"], entry["revision"]) == ("Aysel", "publish", 2)


def test_an_upload_with_errors_is_refused_and_nothing_is_published(store_url: str) -> None:
    bad = upload(row("S3").replace(",2.9,", ",three,"))
    assert not bad.report.ok
    with pytest.raises(NotPublishable, match=r"1 error; fix them before publishing"):
        publish(draft(bad, url=store_url), author="Aysel", note="x", file_name="bad.csv", url=store_url)
    assert [r.number for r in published_store(store_url).revisions()] == [1]


def test_an_upload_without_claims_is_refused(store_url: str) -> None:
    # A file without data rows is an error already; a report without errors and no claim left is refused all the same.
    empty = UploadResult("our claims format", empty_claims_frame(), ValidationReport([]))
    assert publishing.refusal(empty) == "The upload holds no valid claims; there is nothing to publish."
    with pytest.raises(NotPublishable, match="no valid claims"):
        publish(draft(empty, url=store_url), author="Aysel", note="x", file_name="empty.csv", url=store_url)
    assert [r.number for r in published_store(store_url).revisions()] == [1]


def test_replace_all_makes_the_upload_the_whole_claim_set(store_url: str) -> None:
    two = upload(row("S3"), row("S1"))
    merged, whole = draft(two, url=store_url), draft(two, replace_all=True, url=store_url)
    assert len(merged.dataset.claims) == len(CURATED.claims) and merged.diff.removed.empty
    assert sorted(whole.dataset.claims["claim_id"]) == ["S1", "S3"]
    assert len(whole.diff.removed) == len(CURATED.claims) - 2
    revision = publish(whole, author="Aysel", note="only two", file_name="two.csv", url=store_url).revision
    assert revision.claim_count == 2 and revision.changes["claims"]["removed_count"] == len(CURATED.claims) - 2


def test_a_draft_of_an_older_revision_is_merged_onto_a_newer_one_when_they_touch_different_claims(store_url: str) -> None:
    first, second = draft(upload(row("S3").replace(",2.9,", ",3.0,")), url=store_url), draft(upload(row("S1").replace(",1.2,", ",1.3,")), url=store_url)
    assert first.parent == second.parent == 1
    publish(first, author="Aysel", note="turnover", file_name="one.csv", url=store_url)
    outcome = publish(second, author="Boris", note="stock", file_name="two.csv", url=store_url)
    assert (outcome.revision.number, outcome.revision.kind, outcome.merged_onto) == (3, "merge", 2)
    latest = published_dataset(url=store_url)
    assert (value_of(latest, "S3"), value_of(latest, "S1")) == (3.0, 1.3)


def test_a_stale_draft_that_changes_what_a_newer_revision_changed_is_refused(store_url: str) -> None:
    first, second = draft(upload(row("S3").replace(",2.9,", ",3.0,")), url=store_url), draft(upload(row("S3").replace(",2.9,", ",3.3,")), url=store_url)
    publish(first, author="Aysel", note="x", file_name="one.csv", url=store_url)
    with pytest.raises(StalePublish, match="Review your changes against revision 2") as refused:
        publish(second, author="Boris", note="y", file_name="two.csv", url=store_url)
    assert refused.value.overlap == {"claims": ["S3"]}
    assert [r.number for r in published_store(store_url).revisions()] == [2, 1]


def test_sources_the_upload_brings_are_added_and_published_ones_are_kept(store_url: str) -> None:
    from tests.checks.test_uploads import FIXTURES

    lines = (FIXTURES / "wits_partner_export_2021.csv").read_bytes().splitlines(keepends=True)
    wits = validate_upload_bytes(b"".join(line for line in lines if b"Atlantis" not in line), "wits.csv", CURATED.sources)  # its one bad row out
    assert wits.report.ok and wits.sources
    drafted = draft(wits, url=store_url)
    assert set(wits.sources) - set(CURATED.sources), "the file brings a source the curated data does not have"
    assert set(drafted.dataset.sources) == set(CURATED.sources) | set(wits.sources)
    assert all(drafted.dataset.sources[k] == v for k, v in CURATED.sources.items())
    revision = publish(drafted, author="Aysel", note="WITS exports", file_name="wits.csv", url=store_url).revision
    assert set(published_dataset(revision.number, url=store_url).sources) == set(drafted.dataset.sources)
    assert revision.changes["sources"]["added_count"] == len(set(wits.sources) - set(CURATED.sources))


def test_an_upload_is_applied_once_per_publish(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"applied": 0, "preview": 0}
    real_applied, real_preview = publishing.upload_applied, publishing.preview_diff

    def applied(*args: object, **kwargs: object) -> Dataset:
        calls["applied"] += 1
        return real_applied(*args, **kwargs)  # type: ignore[arg-type]

    def preview(*args: object, **kwargs: object) -> object:
        calls["preview"] += 1
        return real_preview(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(publishing, "upload_applied", applied)
    monkeypatch.setattr(publishing, "preview_diff", preview)
    drafted = draft(upload(row("S3").replace(",2.9,", ",3.0,")), url=store_url)
    assert calls == {"applied": 1, "preview": 1}
    publish(drafted, author="Aysel", note="x", file_name="one.csv", url=store_url)
    assert calls == {"applied": 1, "preview": 1}, "publishing reuses the draft the preview showed"


def test_rollback_publishes_an_earlier_revision_again(store_url: str) -> None:
    publish(draft(upload(row("S3").replace(",2.9,", ",3.0,")), url=store_url), author="Aysel", note="x", file_name="one.csv", url=store_url)
    revision = rollback(1, author="Boris", note="the restatement was wrong", url=store_url)
    assert (revision.number, revision.kind, revision.restores, revision.author) == (3, "rollback", 1, "Boris")
    assert revision.content_hash == published_store(store_url).revision(1).content_hash
    assert published_store(store_url).audit_log()[0]["action"] == "rollback"


def test_a_publish_that_changes_nothing_is_refused_with_that_reason(store_url: str) -> None:
    same = draft(upload(row("S3"), row("S1")), url=store_url)
    assert publishing.nothing_changes(same) == "Nothing would change: every claim and source of the upload is already in revision 1 as it is."
    with pytest.raises(NothingToPublish, match=r"Nothing would change.*revision 1"):
        publish(same, author="Aysel", note="again", file_name="same.csv", url=store_url)
    assert [r.number for r in published_store(store_url).revisions()] == [1]


def test_one_draft_publishes_one_revision_however_often_it_is_sent(store_url: str) -> None:
    restated = draft(upload(row("S3").replace(",2.9,", ",3.0,")), url=store_url)
    assert publishing.nothing_changes(restated) is None
    assert publish(restated, author="Aysel", note="restated", file_name="r.csv", url=store_url).revision.number == 2
    # The same draft again (a second click): merged onto revision 2 it would change nothing, so the store refuses it.
    with pytest.raises(NothingToPublish, match="the data would be the same as revision 2"):
        publish(restated, author="Aysel", note="restated", file_name="r.csv", url=store_url)
    assert [r.number for r in published_store(store_url).revisions()] == [2, 1]


def _mixed() -> UploadResult:
    """S3 restated (line 2) and S1 with a value that is no number (line 3)."""
    return upload(row("S3").replace(",2.9,", ",3.0,"), row("S1").replace(",1.2,", ",twelve,"))


def test_the_valid_rows_of_a_file_with_errors_are_published_only_by_choice_and_the_rest_kept_with_why(store_url: str) -> None:
    drafted = draft(_mixed(), url=store_url)
    assert publishing.left_out_summary(drafted.left_out) == "1 row with errors left out: type-error: 1"
    with pytest.raises(NotPublishable, match="1 error"):
        publish(drafted, author="Aysel", note="turnover", file_name="mixed.csv", url=store_url)
    revision = publish(drafted, author="Aysel", note="turnover", file_name="mixed.csv", url=store_url, valid_rows_only=True).revision
    assert revision.changes["claims"]["changed"] == ["S3"] and revision.changes["claims"]["changed_count"] == 1
    assert revision.note == "turnover — 1 row with errors left out: type-error: 1"
    left_out = published_store(store_url).left_out_rows(revision.number)
    assert left_out[["row", "code", "column", "value"]].to_dict("records") == [{"row": 3, "code": "type-error", "column": "value", "value": "twelve"}]
    assert "twelve" in left_out["message"].iloc[0]
    assert published_store(store_url).left_out_rows(1).empty


def test_a_claim_on_a_row_with_an_error_is_neither_previewed_nor_published(store_url: str) -> None:
    # A cross-row error (parts that do not add up) names the total's row: that row is left out with the rest.
    total = row("S3").replace(",2.9,", ",3.0,")
    drafted = draft(upload(total), url=store_url)
    assert drafted.left_out.empty
    bad = UploadResult(
        drafted.upload.format_name, drafted.upload.claims, ValidationReport([Problem("parts-mismatch", "parts", "upload.csv", 2, "value", "3.0")])
    )
    drafted = draft(bad, url=store_url)
    assert list(drafted.left_out["row"]) == [2] and drafted.diff.summary().startswith("0 added, 0 changed")
    with pytest.raises(NotPublishable, match="no valid claims"):
        publish(drafted, author="Aysel", note="x", file_name="bad.csv", url=store_url, valid_rows_only=True)


def test_a_file_refused_as_a_whole_is_not_published_even_by_choice(store_url: str) -> None:
    unreadable = validate_upload_bytes(b"a,b\n1,2\n", "other.csv", CURATED.sources)
    assert any(p.code in publishing.FILE_PROBLEMS for p in unreadable.report.errors)
    with pytest.raises(NotPublishable, match="fix them before publishing"):
        publish(draft(unreadable, url=store_url), author="Aysel", note="x", file_name="other.csv", url=store_url, valid_rows_only=True)
    assert [r.number for r in published_store(store_url).revisions()] == [1]
