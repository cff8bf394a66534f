"""The investment chart: a lower bound is drawn open-ended and labelled "over", a majority in words, sector parts
stacked with the stated total."""

from __future__ import annotations

from econ_ties.checks.dataset import Dataset
from econ_ties.present.charts import investment as investment_charts
from econ_ties.present.charts import style
from econ_ties.present.views.investment import investment_rows


def test_lower_bound_is_drawn_open_ended_and_labelled_over(dataset: Dataset) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    fig = investment_charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="as of Feb 2022")
    bars = [t for t in fig.data if t.type == "bar"]
    az_ru = [(t, i) for t in bars for i, y in enumerate(t.y) if y == "Azerbaijan → Russia"]
    assert len(az_ru) == 1
    trace, i = az_ru[0]
    assert trace.text[i] == "over $1.2B"
    assert trace.marker.pattern.shape[i] == style.BOUND_PATTERN
    arrows = [t for t in fig.data if t.type == "scatter" and t.name == "open-ended (lower bound)"]
    assert arrows and arrows[0].x[1] > arrows[0].x[0] == 1.2e9
    assert any("over $1.2B is a lower bound" in n for n in fig.layout.meta["notes"])


def test_majority_claim_is_shown_without_a_number(dataset: Dataset) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    fig = investment_charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="as of Feb 2022")
    texts = [a.text for a in fig.layout.annotations]
    assert any("the majority non-oil" in t for t in texts)
    assert "S4-az-ru-nonoil" in fig.layout.meta["claim_ids"]


def test_sector_parts_are_stacked_with_the_stated_total(dataset: Dataset) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    fig = investment_charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="as of Feb 2022")
    by_name = {t.name: t for t in fig.data if t.type == "bar"}
    assert list(by_name["Oil"].text) == ["$5.0B"] and list(by_name["Non-oil"].text) == ["$1.3B"]
    assert fig.layout.barmode == "stack"
    totals = [t for t in fig.data if t.name == "Stated total"]
    # "$6.3B" and "over $6.0B" end a few pixels apart: one label names both (two were written over each other).
    labels = [t.text[0] for t in totals if t.text[0]]
    assert labels == ["totals $6.3B · over $6.0B", "total $1.2B"], [t.text[0] for t in totals]
    assert len(totals) == 3
    # "over $1.2B" and "$1.2B" of Azerbaijan → Russia were two bars stacked into $2.4B: one bar and one mark now.
    bars = [(t.name, y) for t in fig.data if t.type == "bar" for y in t.y]
    assert len(bars) == len(set(bars)), bars
