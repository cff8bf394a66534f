"""The published data, as the dashboard and the command line see it: the latest (or a chosen) revision of the store.

`published_dataset(rev)` returns the Dataset of revision `rev` (the latest when None). On first start the store is
empty and the curated `data/` folder becomes revision 1. Revisions never change, so a revision's Dataset is kept in
the named cache "published.datasets" (`econ_ties.caches`) by (store, number, content hash), and only the latest number
is looked up per call. `shown_revision` resolves a `?rev=` value. Writing revisions is `econ_ties.services.publishing`.
"""

from __future__ import annotations

from econ_ties import bundled
from econ_ties.caches import named_cache
from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.language import DEFAULT, N_, using
from econ_ties.settings import database_url
from econ_ties.store.revisions import NotAStore, Revision, Store, StoreError, UnknownRevision

#: The author and note of revision 1, stored in English (the History page shows them in the reader's language).
SEED_AUTHOR = N_("econ-ties (curated data/)")
SEED_NOTE = N_("The curated data/ folder ({summary})")


def published_store(url: str | None = None) -> Store:
    """The store at `url` (settings when None), seeded from the curated data/ when it is new.

    New means created by this process (`Store.created`) or never published to (a store another process created a
    moment ago, or one whose creator stopped before seeding it). A store that had revisions and has none now lost
    them: it is refused, never seeded again over the loss."""
    store = Store.open(url or database_url())
    if store.latest_number() is None:
        if not (store.created or store.never_published()):
            raise NotAStore(
                f"{store.display_url} has no revisions, but its audit log records revisions written to it: its contents were lost."
                " It was left as it is; restore the store from your backup"
            )
        curated = bundled.curated_data_dir()
        dataset, report = load_dataset(curated)
        if not report.ok or dataset.claims.empty:
            # Never seed an empty or errored revision 1: the store would show it as the published data from then on.
            found = "; ".join(p.describe() for p in report.sorted()[: min(3, len(report.errors))]) or "it holds no claims"
            raise StoreError(f"The curated data in {curated} could not be read, so the empty store was not seeded: {found} ({report.summary()})")
        with using(DEFAULT):  # the first page may be drawn in any language: the stored note is English
            note = SEED_NOTE.format(summary=report.summary())
        store.seed(dataset, author=SEED_AUTHOR, note=note)
    return store


# Keyed by the content hash too, so a store recreated at the same URL (tests, a restored backup) is never served
# stale. Bounded in entries, not bytes: the revision a page shows must be held whatever its size (a million claims
# take a few hundred MB), and a page run that found it evicted would read it from the store again.
_DATASETS = named_cache("published.datasets", key="(store URL, revision number, content hash)", max_entries=4)


def revision_dataset(revision: Revision, *, url: str | None = None) -> Dataset:
    """The Dataset of `revision` of the store at `url` (settings when None), read from the store once per revision."""
    store = Store.open(url or database_url())
    return _DATASETS.get_or_compute((store.url, revision.number, revision.content_hash), lambda: store.dataset(revision.number)[1])


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
    return revision_dataset(revision, url=store.url)


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
