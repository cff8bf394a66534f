"""Fixtures of the export tests: the curated dataset, a stamp naming revision 7 of it, the overview's investment chart as
the dashboard draws it, and a chart whose every text is hostile."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.export.provenance import DatasetStamp
from econ_ties.present.views import VIEWS
from tests.conftest import DATA_DIR
from tests.export.support import HOSTILE


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA_DIR)[0]


@pytest.fixture(scope="module")
def stamp(dataset: Dataset) -> DatasetStamp:
    return DatasetStamp.of(dataset, revision=7)


@pytest.fixture(scope="module")
def chart(dataset: Dataset) -> go.Figure:
    """The overview's investment chart, as the dashboard draws it."""
    view = VIEWS["overview"]
    return view.figures(dataset, view.resolve(dataset, {})[0])[0]


@pytest.fixture(scope="module")
def hostile_figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=[HOSTILE, "Россия", "ישראל"], y=[1, 2, 3], name=HOSTILE))
    fig.update_layout(
        xaxis_title=HOSTILE,
        meta={
            "title": HOSTILE,
            "subtitle": "Trade turnover, US$, 2021 — <b>not bold</b>",
            "source_line": 'Source: <img src=x onerror=alert(1)> via "Azernews"',
            "notes": ["over $1.2B & rising <br> still one line"],
            "claim_ids": ["S1", "S2"],
            "source_ids": ["src-1"],
            "source_urls": ["https://example.org/a?x=1&y=<2>"],
            "alt_text": HOSTILE,
        },
    )
    return fig
