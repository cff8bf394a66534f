"""The one way an upload becomes a published revision: draft it, preview it, publish it; and rollback.

`draft(upload, parent=..., replace_all=...)` computes, once, everything a validated upload would do to revision
`parent`: the Dataset it would publish (its claims replace published ones with the same id and add the rest, or, with
`replace_all`, become the whole claim set; the sources it brings are added) and the preview diff an analyst reads
before publishing. `publish(draft, author=..., note=..., file_name=...)` writes that same Dataset as the next revision,
so what was previewed is what is published, and nothing is applied twice: a publish that would change nothing (the
same file again, or a second click on one draft) is refused with `NothingToPublish`. A newer revision than `parent` is merged with
or refused (`StalePublish`) by the store. `rollback(rev, ...)` publishes a new revision equal to an earlier one.

The Upload page (after checking the analyst's sign-in with `services.auth.require_analyst`), `econ-ties publish` and
`econ-ties rollback` all come through here; the command line runs with the store's own credentials and names the
author itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.checks.preview import PreviewDiff, preview_diff
from econ_ties.checks.uploads import UploadResult
from econ_ties.language import DEFAULT, N_, _, n_, using
from econ_ties.model.columnwise import text_isin
from econ_ties.model.formatting import counted, format_number
from econ_ties.model.problems import ValidationReport, summary_in_language
from econ_ties.services.published import SEED_AUTHOR, SEED_NOTE, published_dataset, published_store
from econ_ties.store.revisions import NothingToPublish, PublishOutcome, Revision, StoreError
from econ_ties.store.tables import LEFT_OUT_COLUMNS

__all__ = [
    "FILE_PROBLEMS",
    "Draft",
    "NotPublishable",
    "NothingToPublish",
    "draft",
    "left_out_reasons",
    "left_out_rows",
    "left_out_summary",
    "nothing_changes",
    "publish",
    "refusal",
    "rollback",
    "upload_applied",
    "valid_claims",
]


#: problems with a file as a whole, not with one of its rows: no row of such a file is published, even by choice
FILE_PROBLEMS = frozenset(
    {
        "unreadable-file", "encoding-error", "empty-file", "header-only", "too-large", "no-claims",
        "unknown-format", "missing-column", "duplicate-column", "blank-column",
    }
)  # fmt: skip


class NotPublishable(StoreError):
    """An upload that cannot be published as it is (it has errors, or no valid claim); the message says which."""


@dataclass(frozen=True, eq=False)
class Draft:
    """What publishing `upload` onto revision `parent` would make: computed once, shown as a preview, then published."""

    upload: UploadResult
    #: the revision the upload was checked and previewed against
    parent: int
    #: the upload's claims become the whole claim set (published claims it leaves out are removed)
    replace_all: bool
    #: the dataset the upload would publish
    dataset: Dataset
    #: what would change against revision `parent`: added, changed and removed claims, and differs-from-published warnings
    diff: PreviewDiff
    #: the ids of the sources the upload brings that revision `parent` does not have
    added_sources: tuple[str, ...] = ()
    #: the problems of the upload's rows with errors (`LEFT_OUT_COLUMNS`): none of their claims is in `dataset`
    left_out: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(LEFT_OUT_COLUMNS)))
    #: the ids of the events an events file uploaded with the claims brings that revision `parent` does not have
    added_events: tuple[str, ...] = ()

    @property
    def report(self) -> ValidationReport:
        return self.upload.report


def refusal(upload: UploadResult, *, valid_rows_only: bool = False) -> str | None:
    """Why `upload` cannot be published (errors in its report, or no valid claim), or None when it can.

    With `valid_rows_only` (the analyst's explicit choice) errors in some rows do not stop the rest: only a problem
    with the file as a whole (`FILE_PROBLEMS`) does, or no valid row left.
    """
    report = upload.report
    whole_file = [p for p in report.errors if p.code in FILE_PROBLEMS or p.row is None]
    if not report.ok and (whole_file or not valid_rows_only):
        return f"The upload has {counted(len(report.errors), 'error')}; fix them before publishing ({report.summary()})."
    if upload.claims.empty or (valid_rows_only and valid_claims(upload).empty):
        return "The upload holds no valid claims; there is nothing to publish."
    return None


def left_out_rows(report: ValidationReport) -> pd.DataFrame:
    """The problems of the rows with errors (`LEFT_OUT_COLUMNS`), in order of row: what publishing the valid rows leaves out."""
    problems = sorted((p for p in report.errors if p.row is not None and p.code not in FILE_PROBLEMS), key=lambda p: (p.row or 0, p.column, p.code))
    return pd.DataFrame([[p.row, p.code, p.column, p.value, p.message] for p in problems], columns=list(LEFT_OUT_COLUMNS))


def left_out_reasons(left_out: pd.DataFrame) -> str:
    """ "type-error: 2, unknown-source: 1" — how many left-out rows have each problem code."""
    per_code = left_out.drop_duplicates(["row", "code"])["code"].value_counts()
    return ", ".join(f"{code}: {n:,}" for code, n in per_code.items())


def left_out_summary(left_out: pd.DataFrame) -> str:
    """ "3 rows with errors left out: type-error: 2, unknown-source: 1" — how many rows, and why, in the current
    language (a revision's note keeps it in English; the History page shows it in the reader's)."""
    rows = left_out["row"].nunique()
    return n_("{count} row with errors left out: {reasons}", "{count} rows with errors left out: {reasons}", rows).format(
        count=format_number(rows), reasons=left_out_reasons(left_out)
    )


def note_in_language(note: str, left_out: pd.DataFrame) -> str:
    """A revision's stored note with the account of the rows its publish left out (written in English) in the current
    language; the analyst's own words stay as they were written."""
    with using(DEFAULT):
        stored = f" — {left_out_summary(left_out)}" if len(left_out) else ""
    if not stored or not note.endswith(stored):
        return note
    return f"{note[: -len(stored)]} — {left_out_summary(left_out)}"


#: What a revision was made by ("kind" in the store), as a reader is told it.
REVISION_KINDS = {"seed": N_("first data"), "publish": N_("publish"), "merge": N_("merged publish"), "rollback": N_("rollback")}


def revision_kind(revision: Revision) -> str:
    """What made a revision ("publish", "rollback", …) in the current language; a kind we do not know as stored."""
    return _(REVISION_KINDS[revision.kind]) if revision.kind in REVISION_KINDS else revision.kind


def revision_author(revision: Revision) -> str:
    """Who published a revision: the analyst's name, or (for revision 1, from the curated data) our words for it."""
    return _(SEED_AUTHOR) if revision.author == SEED_AUTHOR else revision.author


def revision_note(revision: Revision, url: str | None = None) -> str:
    """A revision's stored note in the current language: revision 1's note (ours, with its report's summary) and the
    account of rows a publish left out are translated; the analyst's own words stay as they were written."""
    seeded = SEED_NOTE.split("{summary}")
    if revision.author == SEED_AUTHOR and revision.note.startswith(seeded[0]) and revision.note.endswith(seeded[1]):
        summary = revision.note[len(seeded[0]) : len(revision.note) - len(seeded[1])]
        return _(SEED_NOTE).format(summary=summary_in_language(summary))
    if " — " not in revision.note:
        return revision.note  # no account of left-out rows: the analyst's words alone, no store query
    return note_in_language(revision.note, published_store(url).left_out_rows(revision.number))


def valid_claims(upload: UploadResult) -> pd.DataFrame:
    """The upload's claims that come from rows without errors (a cross-row error names a row whose claim was read)."""
    rows = {p.row for p in upload.report.errors if p.row is not None}
    if not rows or upload.claims.empty:
        return upload.claims
    return upload.claims[~upload.claims["row"].isin(rows)]


def upload_applied(published: Dataset, uploaded_claims: pd.DataFrame, *, replace_all: bool = False) -> Dataset:
    """The dataset an upload would publish: uploaded claims replace published ones with the same id and add the rest.

    With `replace_all` the upload's claims become the whole claim set (claims it leaves out are removed).
    """
    columns = list(published.claims.columns)
    uploaded = uploaded_claims[[c for c in columns if c in uploaded_claims.columns]]
    if replace_all:
        claims = uploaded.reset_index(drop=True)
    else:
        kept = published.claims[~text_isin(published.claims["claim_id"], uploaded["claim_id"])]
        claims = pd.concat([kept, uploaded], ignore_index=True) if len(kept) else uploaded.reset_index(drop=True)
    return Dataset(claims, dict(published.sources), list(published.events))


def draft(upload: UploadResult, *, parent: int | None = None, replace_all: bool = False, url: str | None = None, file_name: str = "") -> Draft:
    """The draft of publishing `upload` onto revision `parent` (the latest when None) of the store at `url`.

    `file_name` only names the file in the preview's warnings. An upload with errors is drafted too: the claims of its
    rows without errors are previewed, and the rows with errors are the draft's `left_out`; `publish` refuses it unless
    the analyst chose to publish the valid rows only.
    """
    number = parent if parent is not None else published_store(url).latest_number()
    assert number is not None  # published_store seeds an empty store
    published = published_dataset(number, url=url)  # UnknownRevision when there is no such revision
    claims = valid_claims(upload)
    dataset = upload_applied(published, claims, replace_all=replace_all)
    # A source the upload brings (a publisher file is its own source) is added; a published one is never replaced.
    added_sources = tuple(k for k in upload.sources if k not in dataset.sources)
    dataset.sources.update({k: upload.sources[k] for k in added_sources})
    # So are the events of an events file uploaded with the claims (`validate_upload_files`), in date order.
    published_events = {e.event_id for e in dataset.events}
    added_events = tuple(e for e in upload.events if e.event_id not in published_events)
    dataset.events[:] = sorted([*dataset.events, *added_events], key=lambda e: e.date)
    diff = preview_diff(claims, published.claims, replace_all=replace_all, file=file_name)
    return Draft(upload, number, replace_all, dataset, diff, added_sources, left_out_rows(upload.report), tuple(e.event_id for e in added_events))


def nothing_changes(draft: Draft) -> str | None:
    """Why publishing `draft` would be refused as changing nothing against its parent, or None when it changes something.

    The page says so before the click; `publish` refuses it, and so does the store at the write for a draft whose
    parent is no longer the latest (a second click on one draft merges to nothing new).
    """
    diff = draft.diff
    if len(diff.added) or len(diff.changed) or len(diff.removed) or draft.added_sources or draft.added_events:
        return None
    return f"Nothing would change: every claim and source of the upload is already in revision {draft.parent} as it is."


def publish(draft: Draft, *, author: str, note: str, file_name: str, url: str | None = None, valid_rows_only: bool = False) -> PublishOutcome:
    """Publish the draft's dataset as the next revision, as a change from `draft.parent`.

    With `valid_rows_only` (the analyst's explicit choice) an upload whose rows have errors publishes its valid rows: the
    note says how many rows were left out and why, and the left-out rows are kept with the revision.

    `NotPublishable` when the upload has errors or no claims; `NothingToPublish` when it would change nothing (against
    its parent, or once merged onto a newer revision); `StalePublish` when a newer revision changed the same claims,
    sources or events (otherwise the changes are merged onto it, and the outcome says so).
    """
    why = refusal(draft.upload, valid_rows_only=valid_rows_only)
    if why is not None:
        raise NotPublishable(why)
    unchanged = nothing_changes(draft)
    if unchanged is not None:
        raise NothingToPublish(unchanged)
    left_out = draft.left_out if len(draft.left_out) else None
    return published_store(url).publish(
        draft.dataset,
        parent=draft.parent,
        author=author,
        # On one line: the note is printed by `econ-ties history` and shown in the History table.
        note=f"{note.strip()} — {_stored(left_out_summary, draft.left_out)}" if left_out is not None else note,
        left_out=left_out,
        file_name=file_name,
        report_summary=_stored(draft.report.summary),
        refuse_unchanged=True,
    )


def _stored(text: Callable[..., str], *args: object) -> str:
    # A revision's texts are stored in English, whichever language the analyst published in.
    with using(DEFAULT):
        return text(*args)


def rollback(rev: int, *, author: str, note: str = "", url: str | None = None) -> Revision:
    """Publish a new revision equal to revision `rev` (nothing is deleted); `UnknownRevision` when there is none."""
    return published_store(url).rollback(rev, author=author, note=note)
