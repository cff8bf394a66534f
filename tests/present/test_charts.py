"""Charts: every figure carries its provenance, bounds stay bounds, conflicts stay side by side, stocks and flows apart."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.present import charts
from econ_ties.present.views import VIEWS, investment_rows


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(Path(__file__).resolve().parents[2] / "data")[0]


def all_figures(dataset: Dataset):
    for name, spec in VIEWS.items():
        params, _ = spec.resolve(dataset, {})
        for fig in spec.figures(dataset, params):
            yield name, fig


def test_every_figure_carries_the_meta_contract(dataset: Dataset) -> None:
    seen = 0
    for name, fig in all_figures(dataset):
        meta = fig.layout.meta
        assert set(charts.META_KEYS) <= set(meta), name
        assert meta["title"] and meta["subtitle"] and meta["alt_text"].endswith("."), name
        assert meta["source_line"].startswith(("Source:", "Sources:")), name
        assert isinstance(meta["notes"], list) and isinstance(meta["claim_ids"], list), name
        known = set(dataset.sources)
        assert set(meta["source_ids"]) <= known, name
        assert all(url.startswith("http") for url in meta["source_urls"]), name
        seen += 1
    assert seen >= 8


def test_lower_bound_is_drawn_open_ended_and_labelled_over(dataset: Dataset) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    fig = charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="as of Feb 2022")
    bars = [t for t in fig.data if t.type == "bar"]
    az_ru = [(t, i) for t in bars for i, y in enumerate(t.y) if y == "Azerbaijan → Russia"]
    assert len(az_ru) == 1
    trace, i = az_ru[0]
    assert trace.text[i] == "over $1.2B"
    assert trace.marker.pattern.shape[i] == charts.BOUND_PATTERN
    arrows = [t for t in fig.data if t.type == "scatter" and t.name == "open-ended (lower bound)"]
    assert arrows and arrows[0].x[1] > arrows[0].x[0] == 1.2e9
    assert any("over $1.2B is a lower bound" in n for n in fig.layout.meta["notes"])


def test_majority_claim_is_shown_without_a_number(dataset: Dataset) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    fig = charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="as of Feb 2022")
    texts = [a.text for a in fig.layout.annotations]
    assert any("the majority non-oil" in t for t in texts)
    assert "S4-az-ru-nonoil" in fig.layout.meta["claim_ids"]


def test_sector_parts_are_stacked_with_the_stated_total(dataset: Dataset) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    fig = charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="as of Feb 2022")
    by_name = {t.name: t for t in fig.data if t.type == "bar"}
    assert list(by_name["Oil"].text) == ["$5.0B"] and list(by_name["Non-oil"].text) == ["$1.3B"]
    assert fig.layout.barmode == "stack"
    totals = [t for t in fig.data if t.name == "Stated total"]
    assert totals and totals[0].text[0] == "total $6.3B"


def test_conflicting_claims_are_side_by_side_never_averaged(dataset: Dataset) -> None:
    conflicts = dataset.with_sources(dataset.conflicts())
    fig = charts.conflicts_chart(conflicts)
    values = sorted(v for t in fig.data for v in t.y)
    assert values == sorted(conflicts["amount"].tolist())
    assert (2.9e9 + 3.0e9) / 2 not in values
    assert any("differ by 3.4%" in n for n in fig.layout.meta["notes"])
    assert {t.offsetgroup for t in fig.data} == {"0", "1"}


def test_many_disagreements_draw_the_largest_gaps_and_each_gap_s_two_ends(dataset: Dataset) -> None:
    import pandas as pd

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
    fig = charts.conflicts_chart(conflicts)
    drawn = set(fig.layout.meta["claim_ids"])
    assert {c.split("-")[0] for c in drawn} == {f"g{g}" for g in range(8, 20)}  # the 12 largest gaps
    assert len(drawn) == 12 * charts.MAX_STATEMENTS_PER_CONFLICT
    assert {"g19-0", "g19-19"} <= drawn  # the lowest and the highest figure of a group stay
    notes = " ".join(fig.layout.meta["notes"])
    assert "12 largest of 20 disagreements" in notes and "not drawn" in notes
    assert max(v for t in fig.data for v in t.y) == conflicts.loc[conflicts["conflict"] == "k19", "amount"].max()


def test_stock_and_flow_axes_say_which_they_are(dataset: Dataset) -> None:
    figures = VIEWS["over-time"].figures(dataset, {})
    flow, stock = figures[0], figures[1]
    assert "flow" in flow.layout.yaxis.title.text
    assert "stock" in stock.layout.yaxis.title.text.lower()
    assert set(flow.layout.meta["claim_ids"]).isdisjoint(stock.layout.meta["claim_ids"])


def test_money_ticks_use_the_one_formatter() -> None:
    ticks, labels = charts.money_ticks(7.0e9)
    assert ticks[0] == 0 and ticks[-1] >= 7.0e9
    assert "$2.0B" in labels


def test_hover_text_is_escaped_and_complete(dataset: Dataset) -> None:
    row = dataset.with_sources().set_index("claim_id", drop=False).loc["S4-az-ru"].to_dict()
    row["speaker"] = "<script>alert(1)</script>"
    text = charts.hover_text(row, "AZ → RU")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "over $1.2B" in text and "as of Feb 2022" in text and "Azernews" in text


def test_empty_selection_gives_a_figure_that_says_so() -> None:
    fig = charts.partner_comparison_chart(pd.DataFrame(), reporter="AZE", indicator="exports", period_label="1999")
    assert "No exports figures" in fig.layout.meta["notes"][0]


def test_figures_serialise_to_json(dataset: Dataset) -> None:
    for _, fig in all_figures(dataset):
        assert json.loads(fig.to_json())["layout"]["meta"]["title"]


def test_palette_is_okabe_ito(dataset: Dataset) -> None:
    allowed = {c.upper() for c in charts.OKABE_ITO.values()} | {"#333333"}
    for _, fig in all_figures(dataset):
        for trace in fig.data:
            colour = getattr(trace.marker, "color", None)
            if isinstance(colour, str):
                assert colour.upper() in allowed


def test_years_read_left_to_right_whichever_side_states_them(dataset: Dataset) -> None:
    # 2022 is stated only by the Russian side; it must still sit between 2021 and 2023.
    flow = VIEWS["over-time"].figures(dataset, {})[0]
    order = list(flow.layout.xaxis.categoryarray)
    assert order == sorted(order)
    assert {"2021", "2022", "2023"} <= set(order)


def test_every_drawn_claim_names_itself_for_a_click(dataset: Dataset) -> None:
    # A click on a bar or dot reports the trace's customdata: each point must carry the id of the claim it draws
    # (the hover text of the same point names it), and every claim drawn as a mark must be clickable.
    majority = set(dataset.claims.loc[dataset.claims["qualifier"] == "majority", "claim_id"])
    figures = list(all_figures(dataset)) + [("partners-share", f) for f in VIEWS["partners"].figures(dataset, {"show": "share"})]
    figures += [("partners-rank", f) for f in VIEWS["partners"].figures(dataset, {"show": "rank"})]
    checked = 0
    for name, fig in figures:
        drawn = set(fig.layout.meta["claim_ids"])
        clickable: set[str] = set()
        for trace in fig.data:
            if trace.hoverinfo == "skip" or trace.name == "events":
                continue
            ids = list(trace.customdata)
            assert len(ids) == len(trace.x), (name, trace.name)
            for claim_id, hover in zip(ids, trace.hovertext, strict=True):
                assert f"Claim {claim_id}" in hover, (name, claim_id)
            clickable |= set(ids)
            checked += len(ids)
        # Shares are of a stated total that is named in a note, not drawn as a bar of its own.
        assert clickable <= drawn and len(drawn - majority - clickable) == (1 if name == "partners-share" else 0), (name, drawn - clickable)
    assert checked >= 30
