"""The Partners view: the 2021 comparison, shares of the stated total, stated ranks, and choices that depend on others."""

from __future__ import annotations

import pytest

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import VIEWS


def test_partners_choices_cover_the_2021_comparison(dataset: Dataset) -> None:
    params, _ = VIEWS["partners"].resolve(dataset, {})
    assert params == {"reporter": "AZE", "indicator": "trade_turnover", "period": "2021", "show": "value"}
    fig = VIEWS["partners"].figures(dataset, params)[0]
    assert set(fig.data[0].y) >= {"Italy", "Turkey", "China"}
    assert sum(1 for y in fig.data[0].y if y.startswith("Russia")) == 2  # two sources disagree: two bars


def test_share_is_of_the_reporters_stated_total(dataset: Dataset) -> None:
    fig = VIEWS["partners"].figures(dataset, {"show": "share"})[0]
    shares = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert shares["Italy"] == pytest.approx(9.6 / 33.9 * 100)
    assert "T1-2021" in fig.layout.meta["claim_ids"]


def test_dependent_choice_falls_back_when_no_longer_offered(dataset: Dataset) -> None:
    params, notices = VIEWS["partners"].resolve(dataset, {"indicator": "exports", "period": "2021"})
    assert params["indicator"] == "exports"
    assert params["period"] in VIEWS["partners"].params["period"].choices(dataset, params)
    assert params["period"] != "2021" and len(notices) == 1


def test_partners_by_stated_rank(dataset: Dataset) -> None:
    (fig,) = VIEWS["partners"].figures(dataset, {"show": "rank"})
    ranks = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert ranks == {"Italy": 1, "Russia": 3, "China": 4}
    assert fig.data[0].text == ("1st", "3rd", "4th")
