"""The one way an upload becomes a published revision: draft it, preview it, publish it; and rollback.

`draft(upload, parent=..., replace_all=...)` computes, once, everything a validated upload would do to revision
`parent`: the Dataset it would publish (its claims replace published ones with the same id and add the rest, or, with
`replace_all`, become the whole claim set; the sources it brings are added) and the preview diff an analyst reads
before publishing. `publish(draft, author=..., note=..., file_name=...)` writes that same Dataset as the next revision,
so what was previewed is what is published, and nothing is applied twice. A newer revision than `parent` is merged with
or refused (`StalePublish`) by the store. `rollback(rev, ...)` publishes a new revision equal to an earlier one.

The Upload page (after checking the analyst's sign-in with `services.auth.require_analyst`), `econ-ties publish` and
`econ-ties rollback` all come through here; the command line runs with the store's own credentials and names the
author itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.checks.preview import PreviewDiff, preview_diff
from econ_ties.checks.uploads import UploadResult
from econ_ties.model.columnwise import text_isin
from econ_ties.model.formatting import counted
from econ_ties.model.problems import ValidationReport
from econ_ties.services.published import published_dataset, published_store
from econ_ties.store.revisions import PublishOutcome, Revision, StoreError


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

    @property
    def report(self) -> ValidationReport:
        return self.upload.report


def refusal(upload: UploadResult) -> str | None:
    """Why `upload` cannot be published (errors in its report, or no valid claim), or None when it can."""
    report = upload.report
    if not report.ok:
        return f"The upload has {counted(len(report.errors), 'error')}; fix them before publishing ({report.summary()})."
    if upload.claims.empty:
        return "The upload holds no valid claims; there is nothing to publish."
    return None


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

    `file_name` only names the file in the preview's warnings. An upload with errors is drafted too (its valid claims
    are previewed); `publish` refuses it.
    """
    number = parent if parent is not None else published_store(url).latest_number()
    assert number is not None  # published_store seeds an empty store
    published = published_dataset(number, url=url)  # UnknownRevision when there is no such revision
    dataset = upload_applied(published, upload.claims, replace_all=replace_all)
    # A source the upload brings (a publisher file is its own source) is added; a published one is never replaced.
    dataset.sources.update({k: v for k, v in upload.sources.items() if k not in dataset.sources})
    # So are the events of an events file uploaded with the claims (`validate_upload_files`), in date order.
    published_events = {e.event_id for e in dataset.events}
    dataset.events[:] = sorted([*dataset.events, *(e for e in upload.events if e.event_id not in published_events)], key=lambda e: e.date)
    diff = preview_diff(upload.claims, published.claims, replace_all=replace_all, file=file_name)
    return Draft(upload, number, replace_all, dataset, diff)


def publish(draft: Draft, *, author: str, note: str, file_name: str, url: str | None = None) -> PublishOutcome:
    """Publish the draft's dataset as the next revision, as a change from `draft.parent`.

    `NotPublishable` when the upload has errors or no claims; `StalePublish` when a newer revision changed the same
    claims, sources or events (otherwise the changes are merged onto it, and the outcome says so).
    """
    why = refusal(draft.upload)
    if why is not None:
        raise NotPublishable(why)
    return published_store(url).publish(
        draft.dataset, parent=draft.parent, author=author, note=note, file_name=file_name, report_summary=draft.report.summary()
    )


def rollback(rev: int, *, author: str, note: str = "", url: str | None = None) -> Revision:
    """Publish a new revision equal to revision `rev` (nothing is deleted); `UnknownRevision` when there is none."""
    return published_store(url).rollback(rev, author=author, note=note)
