"""Fixtures of the present/ tests: the curated dataset, loaded once, and every view's figures at its defaults."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.present.views import VIEWS


@pytest.fixture(scope="package")
def dataset() -> Dataset:
    return load_dataset(Path(__file__).resolve().parents[2] / "data")[0]


@pytest.fixture(scope="package")
def every_figure(dataset: Dataset) -> list[tuple[str, go.Figure]]:
    """(view name, figure) for every figure of every view, with the view's default parameters."""
    figures = []
    for name, spec in VIEWS.items():
        params, _ = spec.resolve(dataset, {})
        figures += [(name, fig) for fig in spec.figures(dataset, params)]
    return figures
