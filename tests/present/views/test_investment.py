"""The Investment & sectors view: a chosen sector and date are kept, a repeated statement is drawn once."""

from __future__ import annotations

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import VIEWS, investment


def test_other_valid_values_are_kept(dataset: Dataset) -> None:
    raw = {"reporter": "AZE", "partner": "RUS", "period": "as of 2019-12", "sector": "oil"}
    params, notices = VIEWS["investment"].resolve(dataset, raw)
    assert params == raw and notices == []
    fig = VIEWS["investment"].figures(dataset, params)[0]
    assert [t.name for t in fig.data if t.type == "bar"] == ["Oil"]
    assert list(fig.data[0].text) == ["$4.0B"]


def test_repeated_statements_are_kept_once_from_the_original_source(dataset: Dataset) -> None:
    rows = investment.investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    assert "S4-ru-az" in set(rows["claim_id"]) and "S2" not in set(rows["claim_id"])
