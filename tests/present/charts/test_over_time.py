"""The over-time charts: conflicts side by side and never averaged, the largest gaps drawn first, stocks and flows on
axes that say which they are, years left to right."""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.present.charts import over_time as over_time_charts
from econ_ties.present.views import VIEWS


def test_conflicting_claims_are_side_by_side_never_averaged(dataset: Dataset) -> None:
    conflicts = dataset.with_sources(dataset.conflicts())
    # 2021's turnover: $2.9 bn and $3.0 bn from Azerbaijan, $3.4 bn from Russia; Jan–Nov 2021: $2.6 bn and $2.9 bn.
    conflicts = conflicts[
        (conflicts["indicator"] == "trade_turnover") & conflicts["period"].isin(["2021", "2021-01/2021-11"]) & (conflicts["currency"] == "USD")
    ]
    conflicts = conflicts[conflicts["country"].isin(["AZE", "RUS"]) & conflicts["counterpart"].isin(["AZE", "RUS"])]
    fig = over_time_charts.conflicts_chart(conflicts)
    statements = [t for t in fig.data if t.customdata is not None]
    values = sorted(v for t in statements for v in t.x)
    drawn = conflicts[conflicts["claim_id"].isin(fig.layout.meta["claim_ids"])]
    assert values == sorted(drawn["amount"].tolist())
    assert (2.9e9 + 3.0e9) / 2 not in values
    # One row a disagreement, named with its gap, each statement a marker on it (no value label to write over another).
    rows = list(fig.layout.yaxis.categoryarray)
    assert len(rows) == drawn["conflict"].nunique()
    assert {row.split(" · ")[-1] for row in rows} == {f"gap {g:.1f}%" for g in drawn["gap_pct"]}
    assert all(t.mode == "markers" and not t.text for t in statements)
    assert [t.replace("<br>", " ") for t in fig.layout.yaxis.ticktext] == rows
    assert {2.9e9, 3.0e9, 3.4e9, 2.6e9} <= set(values)
    notes = fig.layout.meta["notes"]
    assert any("2021: Azerbaijan and Russia figures differ by 17.2%" in n for n in notes), notes


def test_many_disagreements_draw_the_largest_gaps_and_each_gap_s_two_ends(dataset: Dataset) -> None:

    one = dataset.with_sources(dataset.conflicts())
    one = one[one["conflict"] == one["conflict"].iloc[0]]
    groups = []
    for g in range(20):  # 20 disagreements of 20 statements each; the gap grows with g
        group = pd.concat([one.iloc[[0]]] * 20, ignore_index=True)
        group["conflict"] = f"k{g:02d}"
        group["period_label"] = f"{2000 + g}"
        group["claim_id"] = [f"g{g}-{i}" for i in range(20)]
        group["amount"] = 1e9 * (1 + np.arange(20) * (g + 1) / 100)
        group["gap_pct"] = (group["amount"].max() - group["amount"].min()) / group["amount"].min() * 100
        groups.append(group)
    conflicts = pd.concat(groups, ignore_index=True)
    fig = over_time_charts.conflicts_chart(conflicts)
    drawn = set(fig.layout.meta["claim_ids"])
    assert {c.split("-")[0] for c in drawn} == {f"g{g}" for g in range(8, 20)}  # the 12 largest gaps
    assert len(drawn) == 12 * over_time_charts.MAX_STATEMENTS_PER_CONFLICT
    assert {"g19-0", "g19-19"} <= drawn  # the lowest and the highest figure of a group stay
    notes = " ".join(fig.layout.meta["notes"])
    assert "12 largest of 20 disagreements" in notes and "not drawn" in notes
    assert max(v for t in fig.data if t.customdata is not None for v in t.x) == conflicts.loc[conflicts["conflict"] == "k19", "amount"].max()


def test_stock_and_flow_axes_say_which_they_are(dataset: Dataset) -> None:
    figures = VIEWS["over-time"].figures(dataset, {})
    flow, stock = figures[0], figures[1]
    assert "flow" in flow.layout.yaxis.title.text
    assert "stock" in stock.layout.yaxis.title.text.lower()
    assert set(flow.layout.meta["claim_ids"]).isdisjoint(stock.layout.meta["claim_ids"])


def test_years_read_left_to_right_whichever_side_states_them(dataset: Dataset) -> None:
    # 2022 is stated only by the Russian side; it must still sit between 2021 and 2023.
    flow = VIEWS["over-time"].figures(dataset, {})[0]
    order = list(flow.layout.xaxis.categoryarray)
    assert order == sorted(order)
    assert {"2021", "2022", "2023"} <= set(order)
