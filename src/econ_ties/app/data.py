"""The one cached loader the pages use: the published dataset, and figures derived from it.

`published_dataset` is cached for the life of the server process (st.cache_resource), so a rerun — a click on a
control — neither rereads nor revalidates the files. Figures are cached per view and parameters on top of it, so going
back to a view you have seen draws it from memory.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from econ_ties.dataset import Dataset, load_dataset
from econ_ties.views import VIEWS

DATA_DIR = Path(__file__).resolve().parents[3] / "data"


@st.cache_resource(show_spinner=False)
def _load(rev: int | None) -> Dataset:
    dataset, _report = load_dataset(DATA_DIR)
    return dataset


def published_dataset(rev: int | None = None) -> Dataset:
    """The published data (the curated `data/` folder until the store provides revisions)."""
    return _load(rev)


@st.cache_resource(show_spinner=False, max_entries=256)
def _figures(view: str, params: tuple[tuple[str, str], ...], dataset_id: int, _dataset: Dataset) -> list[go.Figure]:
    return VIEWS[view].build(_dataset, dict(params))


def view_figures(view: str, params: dict[str, str], dataset: Dataset) -> list[go.Figure]:
    """The view's figures for already-resolved parameters, cached per (view, parameters, dataset)."""
    return _figures(view, tuple(sorted(params.items())), id(dataset), dataset)
