"""The investment chart: a lower bound is drawn open-ended and labelled "over", a majority in words, sector parts
stacked with the stated total."""

from __future__ import annotations

import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.present.charts import investment as investment_charts
from econ_ties.present.charts import style
from econ_ties.present.views.investment import investment_rows


def rows_of(rows: pd.DataFrame) -> int:
    """How many statements of Azerbaijani investment in Russia, with a number, the period holds (one row each)."""
    mine = rows[(rows["country"] == "AZE") & (rows["counterpart"] == "RUS") & rows["amount"].notna()]
    return int(mine["source_id"].nunique())


def test_lower_bound_is_drawn_open_ended_and_labelled_over(dataset: Dataset) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    fig = investment_charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="as of Feb 2022")
    bars = [t for t in fig.data if t.type == "bar"]
    az_ru = [(t, i) for t in bars for i, y in enumerate(t.y) if y.startswith("Azerbaijan → Russia")]
    # Each statement of the direction has a row of its own, named by who stated it: no two bars on one row.
    rows = [t.y[i] for t, i in az_ru]
    stated = rows_of(rows_frame := investment_rows(dataset, "AZE", "RUS", "as of 2022-02"))
    assert len(rows) == len(set(rows)) == stated and stated >= 2, rows_frame[["claim_id", "source_id"]]
    [(trace, i)] = [(t, i) for t, i in az_ru if t.text[i].startswith("over ")]
    assert trace.text[i].split("<br>")[0] == "over $1.2B"
    assert trace.marker.pattern.shape[i] == style.BOUND_PATTERN
    arrows = [t for t in fig.data if t.type == "scatter" and t.name == "open-ended (lower bound)"]
    assert any(a.x[1] > a.x[0] == 1.2e9 and a.y[0] == trace.y[i] for a in arrows), "the arrow starts at the bound, on its row"
    assert any("over $1.2B is a lower bound" in n for n in fig.layout.meta["notes"])


def test_majority_claim_is_shown_without_a_number(dataset: Dataset) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    fig = investment_charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="as of Feb 2022")
    # on its own row, after that row's figure: "over $1.2B · majority non-oil"
    texts = [t.text[i] for t in fig.data if t.type == "bar" for i in range(len(t.y)) if t.y[i].startswith("Azerbaijan → Russia")]
    assert [t for t in texts if t.endswith("majority non-oil")] == ["over $1.2B<br>majority non-oil"], texts
    assert "S4-az-ru-nonoil" in fig.layout.meta["claim_ids"]


def test_sector_parts_are_stacked_with_the_stated_total(dataset: Dataset) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    fig = investment_charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="as of Feb 2022")
    by_name = {t.name: t for t in fig.data if t.type == "bar"}
    assert list(by_name["Oil"].text) == ["$5.0B"] and list(by_name["Non-oil"].text) == ["$1.3B"]
    assert fig.layout.barmode == "stack"
    totals = [t for t in fig.data if t.name == "Stated total"]
    # "$6.3B" (Safarov, with its parts) and "over $6.0B" (Mustafayev and Overchuk) are two statements: two rows, so
    # their labels are never written over each other; only the first has parts, so only it has a total mark.
    assert [t.text[0] for t in totals] == ["total $6.3B"] and totals[0].y[0].startswith("Russia → Azerbaijan (")
    bound = [(t.y[i], t.text[i]) for t in fig.data if t.type == "bar" for i in range(len(t.y)) if t.text[i] == "over $6.0B"]
    assert len(bound) == 1 and bound[0][0] != totals[0].y[0]
    # "over $1.2B" and "$1.2B" of Azerbaijan → Russia were two bars stacked into $2.4B: two rows now.
    bars = [(t.name, y) for t in fig.data if t.type == "bar" for y in t.y]
    assert len(bars) == len(set(bars)), bars
