"""The published data, as the dashboard and the command line see it: the latest (or a chosen) revision of the store.

`published_dataset(rev)` returns the Dataset of revision `rev` (the latest when None). On first start the store is
empty and the curated `data/` folder becomes revision 1. Revisions never change, so a revision's Dataset is cached by
(store, number) and only the latest number is looked up per call. `publish_upload` and `rollback_to` are the
server-side writes the app uses: both refuse anyone without a valid analyst sign-in (`auth.require_analyst`).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from econ_ties import bundled
from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.model.columnwise import text_isin
from econ_ties.model.formatting import counted
from econ_ties.services.auth import require_analyst
from econ_ties.settings import database_url
from econ_ties.store.revisions import PublishOutcome, Revision, Store, StoreError, UnknownRevision

SEED_AUTHOR = "econ-ties (curated data/)"


def published_store(url: str | None = None) -> Store:
    """The store at `url` (settings when None), seeded from the curated data/ when it has no revision yet."""
    store = Store.open(url or database_url())
    if store.latest_number() is None:
        curated = bundled.curated_data_dir()
        dataset, report = load_dataset(curated)
        if not report.ok or dataset.claims.empty:
            # Never seed an empty or errored revision 1: the store would show it as the published data from then on.
            found = "; ".join(p.describe() for p in report.sorted()[: min(3, len(report.errors))]) or "it holds no claims"
            raise StoreError(f"The curated data in {curated} could not be read, so the empty store was not seeded: {found} ({report.summary()})")
        store.seed(dataset, author=SEED_AUTHOR, note=f"The curated data/ folder ({report.summary()})")
    return store


@lru_cache(maxsize=4)
def _dataset(url: str, number: int, content_hash: str) -> Dataset:
    # Keyed by the hash too, so a store recreated at the same URL (tests, a restored backup) is never served stale.
    return Store.open(url).dataset(number)[1]


def latest_revision_number(url: str | None = None) -> int:
    number = published_store(url).latest_number()
    assert number is not None  # seeded above
    return number


def published_revision(rev: int | None = None, *, url: str | None = None) -> Revision:
    store = published_store(url)
    return store.revision(rev if rev is not None else latest_revision_number(url))


def published_dataset(rev: int | None = None, *, url: str | None = None) -> Dataset:
    """The Dataset of revision `rev`, or of the latest revision; `UnknownRevision` when there is no such revision."""
    store = published_store(url)
    number = rev if rev is not None else latest_revision_number(url)
    revision = store.revision(number)  # UnknownRevision, with a message, when there is none
    return _dataset(store.url, number, revision.content_hash)


def resolve_revision(raw: str | None, *, url: str | None = None) -> tuple[int, str | None]:
    """A `?rev=` query value as a revision number, and a notice when it was not usable (then the latest is used)."""
    revision, _latest, notice = shown_revision(raw, url=url)
    return revision.number, notice


def shown_revision(raw: str | None, *, url: str | None = None) -> tuple[Revision, int, str | None]:
    """The revision a `?rev=` value asks for (the latest when it is missing or unusable), the latest number, a notice.

    One read transaction of two small queries, so the dashboard can afford it on every page run: a newly published
    revision shows on the next load.
    """
    store = Store.open(url or database_url())
    with store.reading() as connection:
        latest = store.latest_number(connection)
        if latest is not None:
            number, notice = _asked_number(raw, latest)
            try:
                return store.revision(number, connection), latest, notice
            except UnknownRevision:
                return store.revision(latest, connection), latest, f"There is no revision {number}; showing the latest revision ({latest})."
    published_store(url)  # an empty store: seed it from data/, then as above
    return shown_revision(raw, url=url)


def _asked_number(raw: str | None, latest: int) -> tuple[int, str | None]:
    if raw is None or str(raw).strip() in ("", "latest"):
        return latest, None
    text = str(raw).strip()
    if not text.isdigit() or len(text) > 9:
        return latest, f"'{text[:40]}' is not a revision number; showing the latest revision ({latest})."
    return int(text), None


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


def publish_upload(
    result: object,
    *,
    analyst: object,
    parent: int,
    note: str,
    file_name: str,
    replace_all: bool = False,
    url: str | None = None,
) -> PublishOutcome:
    """Publish a validated upload (an `uploads.UploadResult`) as a new revision made from revision `parent`.

    Refuses without a valid analyst sign-in (`NotSignedIn`) and when the upload's report has errors (`StoreError`);
    a newer revision than `parent` is merged with or refused (`StalePublish`) by the store.
    """
    author = require_analyst(analyst)
    report = result.report  # type: ignore[attr-defined]
    if not report.ok:
        raise StoreError(f"The upload has {counted(len(report.errors), 'error')}; fix them before publishing ({report.summary()}).")
    claims = result.claims  # type: ignore[attr-defined]
    if claims.empty:
        raise StoreError("The upload holds no valid claims; there is nothing to publish.")
    base = published_dataset(parent, url=url)
    dataset = upload_applied(base, claims, replace_all=replace_all)
    extra_sources = getattr(result, "sources", None) or {}
    if extra_sources:
        dataset.sources.update({k: v for k, v in dict(extra_sources).items() if k not in dataset.sources})
    store = published_store(url)
    return store.publish(dataset, parent=parent, author=author, note=note, file_name=file_name, report_summary=report.summary())


def rollback_to(rev: int, *, analyst: object, note: str = "", url: str | None = None) -> Revision:
    """Publish a new revision equal to revision `rev`; refuses without a valid analyst sign-in."""
    author = require_analyst(analyst)
    return published_store(url).rollback(rev, author=author, note=note)
