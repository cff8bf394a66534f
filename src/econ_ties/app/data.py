"""The one loader the pages use: the published dataset, and figures derived from it.

A revision's Dataset is held by the named cache "published.datasets" (`econ_ties.services.published`) for the life of
the server process, so a rerun — a click on a control — neither rereads nor revalidates anything. Figures are kept per
view and parameters in the named cache "app.figures" on top of it, so going back to a view you have seen draws it from
memory. Both live in `econ_ties.caches`, not in Streamlit's caches, so their bounds are stated in one place.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import plotly.graph_objects as go
import streamlit as st

from econ_ties import language
from econ_ties.caches import NamedCache, named_cache
from econ_ties.checks.dataset import Dataset
from econ_ties.language import current
from econ_ties.present.views import VIEWS
from econ_ties.services import published
from econ_ties.settings import database_url
from econ_ties.store.revisions import Revision

V = TypeVar("V")

_FIGURES = named_cache("app.figures", key="(view, its parameters, the language, the dataset object drawn)", max_entries=256)


def per_dataset(cache: NamedCache[Any], key: Hashable, dataset: Dataset, compute: Callable[[], V]) -> V:
    """`cache`'s value for `key` and this very `dataset` object, computed and kept when it has none.

    Keyed by `id(dataset)`, and checked through a weak reference: a dataset that happens to reuse a freed one's id is
    never served the freed one's value, and the cache keeps no dataset alive.
    """
    entry = cache.get((key, id(dataset)))
    if entry is not None and entry[0]() is dataset:
        return cast(V, entry[1])
    value = compute()
    cache.put((key, id(dataset)), (weakref.ref(dataset), value))
    return value


def published_dataset(rev: int | None = None) -> Dataset:
    """A published revision from the store: `rev`, else the one the reader asks for (`asked_revision`), else the latest."""
    if rev is not None:
        url = database_url()
        return published.revision_dataset(published.published_revision(rev, url=url), url=url)
    return shown_published()[0]


def shown_published() -> tuple[Dataset, Revision]:
    """The revision the reader asks for (`?rev=N` or the one kept in the session, else the latest) and its Dataset: one small store query per call.

    A page calls this once per run and hands both down (the snapshot panel names the revision), so a newly published
    revision shows on the next load without a store query per chart.
    """
    url = database_url()
    revision = published.shown_revision(asked_revision(), url=url)[0]
    return published.revision_dataset(revision, url=url), revision


# The session's chosen revision: the `?rev=` value this reader last opened, kept across pages (`show_revision_choice`
# puts it back into the address after a sidebar click, which drops the query string) until they choose the latest.
KEPT_REVISION = "revision.kept"


def asked_revision() -> str | None:
    """The revision the reader asks for: the address's `?rev=` value, else the one kept in the session, else None."""
    raw = st.query_params.get("rev")
    return raw if raw is not None else st.session_state.get(KEPT_REVISION)


def view_figures(view: str, params: dict[str, str], dataset: Dataset) -> list[go.Figure]:
    """The view's figures for already-resolved parameters, cached per (view, parameters, language, dataset): a figure's
    titles, labels and hover text are in the language it was drawn in."""
    return per_dataset(_FIGURES, (view, tuple(sorted(params.items())), current()), dataset, lambda: VIEWS[view].build(dataset, dict(params)))


# The session's language: the switch's widget key. Kept across pages (a click in the navigation drops the query
# string) and put back into the address by `shown_language`.
KEPT_LANGUAGE = "language.kept"


def browser_language() -> str:
    """The browser's language when it is one we have (its navigator.language, else the first of its Accept-Language
    header that we have), else English."""
    if found := language.chosen(st.context.locale):
        return found
    accepted = st.context.headers.get("Accept-Language") or ""
    for part in accepted.split(","):
        if found := language.chosen(part.split(";")[0]):
            return found
    return language.DEFAULT


def shown_language() -> str:
    """The language of this run: the address's `?lang=` when it names one of ours, else the one chosen earlier in this
    session, else the browser's. Every part of a run (the page, and a fragment rerun, which starts a fresh context)
    wraps its drawing in `language.using(shown_language())`."""
    asked = language.chosen(st.query_params.get("lang"))
    if asked is not None:
        return asked
    kept = st.session_state.get(KEPT_LANGUAGE)
    return kept if kept in language.LANGUAGES else browser_language()
