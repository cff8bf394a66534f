"""The one cached loader the pages use: the published dataset, and figures derived from it.

`published_dataset` is cached for the life of the server process (st.cache_resource), so a rerun — a click on a
control — neither rereads nor revalidates the files. Figures are cached per view and parameters on top of it, so going
back to a view you have seen draws it from memory.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import VIEWS
from econ_ties.services import published
from econ_ties.settings import database_url
from econ_ties.store.revisions import Revision


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(url: str, rev: int, content_hash: str) -> Dataset:
    return published.published_dataset(rev, url=url)


def published_dataset(rev: int | None = None) -> Dataset:
    """A published revision from the store: `rev`, else the one the URL asks for (`?rev=N`), else the latest."""
    if rev is not None:
        url = database_url()
        return _load(url, rev, published.published_revision(rev, url=url).content_hash)
    return shown_published()[0]


def shown_published() -> tuple[Dataset, Revision]:
    """The revision the URL asks for (`?rev=N`, else the latest) and its Dataset: one small store query per call.

    A page calls this once per run and hands both down (the snapshot panel names the revision), so a newly published
    revision shows on the next load without a store query per chart.
    """
    url = database_url()
    revision = published.shown_revision(st.query_params.get("rev"), url=url)[0]
    return _load(url, revision.number, revision.content_hash), revision


@st.cache_resource(show_spinner=False, max_entries=256)
def _figures(view: str, params: tuple[tuple[str, str], ...], dataset_id: int, _dataset: Dataset) -> list[go.Figure]:
    return VIEWS[view].build(_dataset, dict(params))


def view_figures(view: str, params: dict[str, str], dataset: Dataset) -> list[go.Figure]:
    """The view's figures for already-resolved parameters, cached per (view, parameters, dataset)."""
    return _figures(view, tuple(sorted(params.items())), id(dataset), dataset)
