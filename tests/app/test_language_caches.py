"""The app's caches of text are kept per language: a chart drawn, or a citation written, in one language is never
served to a page in another. (Datasets are cached by revision alone: switching the language reloads no data.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from econ_ties.app.data import view_figures
from econ_ties.app.snapshot_panel import _citation
from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.export.provenance import DatasetStamp
from econ_ties.language import using
from econ_ties.present.views import VIEWS


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(Path(__file__).resolve().parents[2] / "data")[0]


def _text(figures: list) -> str:
    return " ".join(figure.to_json() for figure in figures)


def test_a_view_s_figures_are_drawn_again_in_another_language(dataset: Dataset) -> None:
    params, _notices = VIEWS["partners"].resolve(dataset, {})
    english = view_figures("partners", params, dataset)
    with using("ru"):
        russian = view_figures("partners", params, dataset)
        assert view_figures("partners", params, dataset) is russian  # a rerun in Russian is served from the cache
    assert russian is not english
    assert "\\u043c\\u043b\\u0440\\u0434" in _text(russian) and "\\u043c\\u043b\\u0440\\u0434" not in _text(english)  # "млрд"
    assert view_figures("partners", params, dataset) is english


def test_a_citation_is_written_again_in_another_language(dataset: Dataset) -> None:
    claim_ids = tuple(dataset.claims["claim_id"].head(3))
    stamp = DatasetStamp.of(dataset)
    english = _citation(claim_ids, "Trade", "", dataset, stamp)
    with using("ru"):
        russian = _citation(claim_ids, "Trade", "", dataset, stamp)
    assert russian != english
