"""The Over time view: a pair's conflicts are found among the pair's claims alone, and equal the pair's rows of all."""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import frames, over_time


def test_a_pair_s_conflicts_are_the_pair_s_rows_of_all_conflicts(dataset: Dataset) -> None:

    # The curated claims several times over with figures moved, so every pair has disagreements of its own.
    rng = np.random.default_rng(2)
    claims = pd.concat([dataset.claims] * 5, ignore_index=True)
    claims["claim_id"] = [f"p{i}" for i in range(len(claims))]
    claims["amount"] = claims["amount"] * rng.choice([1.0, 1.2], size=len(claims))
    for data in (dataset, Dataset(claims, dict(dataset.sources), list(dataset.events))):
        everything = data.with_sources(data.conflicts())
        pairs = set(zip(data.claims["country"], data.claims["counterpart"], strict=True))
        assert len(pairs) > 3
        compared = 0
        for a, b in pairs:
            expected = frames.pair_rows(everything, a, b).reset_index(drop=True)
            found = over_time.pair_conflicts(data, a, b).reset_index(drop=True)
            if expected.empty:
                assert found.empty
            else:
                pd.testing.assert_frame_equal(found, expected)
                compared += 1
        assert compared >= 1


def _pair(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["country"].isin(["AZE", "RUS"]) & rows["counterpart"].isin(["AZE", "RUS"]) & (rows["sector"] == "total")]


def test_the_disagreements_chart_compares_both_sides_of_the_mirror(dataset: Dataset) -> None:
    # 2014: the State Customs Committee's $1.96 bn against Russian customs' $4 bn; 2021: $2.9/3.0 bn against $3.4 bn.
    figures = over_time.VIEW.figures(dataset, {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"})
    drawn = set(figures[2].layout.meta["claim_ids"])
    assert {"T-2014-az-turnover", "T-2014-ru-turnover"} <= drawn
    assert {"S3", "R6"} <= drawn and drawn & {"T-2021-ru-turnover", "T-2021-ru-turnover-gov"}
    notes = " ".join(figures[2].layout.meta["notes"])
    assert "Trade turnover, 2014: Azerbaijan and Russia figures differ by 104.1%" in notes
    # Growth rates disagree in percent: they are on the growth chart, not among the US$ amounts.
    assert not any(i.endswith("growth") for i in dataset.claims.set_index("claim_id").loc[sorted(drawn), "indicator"])


def test_turnover_by_year_from_both_sides_with_its_gaps_named(dataset: Dataset) -> None:
    flow = over_time.VIEW.figures(dataset, {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"})[0]
    assert list(flow.layout.xaxis.categoryarray) == [str(y) for y in range(2013, 2026)]
    assert {t.name for t in flow.data} == {"reported by Azerbaijan", "reported by Russia"}
    drawn_years = {x for t in flow.data for x in t.x}
    assert "2015" not in drawn_years and "2016" not in drawn_years  # a gap stays empty: nothing interpolated
    assert {"2013", "2014", "2022", "2025"} <= drawn_years  # stated by Russia alone, or by both
    notes = flow.layout.meta["notes"]
    assert "No source found for 2016" in notes
    assert "2015: part-year figures only (Q1 2015)" in notes
    assert any("RUB 300.0B" in n for n in notes)  # roubles are named, not drawn on the US$ axis


def test_part_year_figures_are_kept_apart_and_labelled(dataset: Dataset) -> None:
    figures = over_time.VIEW.figures(dataset, {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"})
    flow, part_year = figures[0], figures[3]
    assert {"R5", "R5c", "R9"}.isdisjoint(flow.layout.meta["claim_ids"])
    assert {"R5", "R5c", "R9", "T-2025-08-az-turnover"} <= set(part_year.layout.meta["claim_ids"])
    rows = {y for t in part_year.data for y in t.y}
    assert {"Jan–Nov 2021 · Azerbaijan", "Jan–Nov 2021 · Russia", "Jan–Aug 2025 · Azerbaijan"} <= rows


def test_growth_rates_stated_without_a_level_are_shown_as_stated(dataset: Dataset) -> None:
    growth = over_time.VIEW.figures(dataset, {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"})[4]
    labels = {cid: text for t in growth.data for cid, text in zip(t.customdata, t.text, strict=True)}
    assert labels["T-2024-az-turnover-growth"] == "over +10%"
    assert labels["T-2014-08-az-turnover-growth"] == "−30.6%"
    assert "%" in growth.layout.xaxis.ticksuffix


def test_every_turnover_claim_of_the_pair_is_on_the_view(dataset: Dataset) -> None:
    figures = over_time.VIEW.figures(dataset, {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"})
    shown = {cid for f in figures for cid in f.layout.meta["claim_ids"]}
    notes = " ".join(n for f in figures for n in f.layout.meta["notes"])
    claims = _pair(frames.claims_with_sources(dataset))
    claims = claims[claims["indicator"].isin(["trade_turnover", "trade_turnover_growth"])]
    # A figure repeated word for word by a later article is drawn once, from its first source.
    shown_statements = set(map(tuple, claims.loc[claims["claim_id"].isin(shown), ["period", "amount", "reporting_side"]].to_numpy()))
    for claim in claims.to_dict("records"):
        reachable = claim["claim_id"] in shown or (claim["period"], claim["amount"], claim["reporting_side"]) in shown_statements
        assert reachable or (claim["currency"] != "USD" and claim["period_label"] in notes), claim["claim_id"]


def test_russia_as_reporter_sees_its_own_statements_and_their_mirror(dataset: Dataset) -> None:
    params, notices = over_time.VIEW.resolve(dataset, {"reporter": "RUS", "partner": "AZE", "indicator": "exports"})
    assert notices == [] and params["reporter"] == "RUS"
    flow = over_time.VIEW.figures(dataset, params)[0]
    # Russian exports to Azerbaijan as Russia states them, and Azerbaijan's imports from Russia, its mirror.
    assert {"T-2013-ru-exports", "T-2021-ru-exports", "T-2014-az-imports", "T-2017-az-imports"} <= set(flow.layout.meta["claim_ids"])
    assert "Russia" in flow.layout.meta["title"].split(":")[1].split(" and ")[0]
    assert "Azerbaijan's figures are its imports from Russia: the same flow, as the other side counts it" in flow.layout.meta["notes"]
