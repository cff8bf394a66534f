"""The Partners view: the 2021 comparison, shares of the stated total, stated ranks, and choices that depend on others."""

from __future__ import annotations

import pytest

from econ_ties.checks.dataset import Dataset
from econ_ties.model.countries import country_name
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


def test_any_year_can_be_compared_and_a_missing_year_offers_its_parts(dataset: Dataset) -> None:
    period = VIEWS["partners"].params["period"]
    offered = period.choices(dataset, {"reporter": "AZE", "indicator": "trade_turnover"})
    assert {str(y) for y in range(2019, 2025)} <= set(offered)
    # 2025 has no full-year figure: its parts are offered, and read as parts.
    assert "2025-01/2025-10" in offered and "2025" not in offered
    assert period.display("2025-01/2025-10") == "Jan–Oct 2025 (part year)"
    assert period.display("2024") == "2024"
    # A year with full-year figures is compared on them, not on its parts.
    assert "2021-01/2021-11" not in offered and "2024-01/2024-08" not in offered
    assert offered.index("2025-01/2025-10") < offered.index("2024") < offered.index("2019")


def test_each_year_from_2019_to_2025_compares_several_partners(dataset: Dataset) -> None:
    view = VIEWS["partners"]
    for period in [*(str(y) for y in range(2019, 2025)), "2025-01/2025-10"]:
        params, notices = view.resolve(dataset, {"period": period})
        assert notices == [] and params["period"] == period
        fig = view.figures(dataset, params)[0]
        claims = dataset.claims
        stated = claims[(claims["country"] == "AZE") & (claims["indicator"] == "trade_turnover") & (claims["period"] == period) & (claims["sector"] == "total")]
        partners = {country_name(c) for c in stated["counterpart"] if c != "WLD"}
        assert {y.split(" · ")[0] for y in fig.data[0].y} == partners and len(partners) >= 4, period
    assert "Jan–Oct 2025" in view.figures(dataset, {"period": "2025-01/2025-10"})[0].layout.meta["title"]


def test_shares_are_shown_as_stated_where_no_total_is(dataset: Dataset) -> None:
    figures = VIEWS["partners"].figures(dataset, {"period": "2024", "show": "share"})
    stated = figures[-1]
    shares = {cid: (y, text) for t in stated.data for cid, y, text in zip(t.customdata, t.y, t.text, strict=True)}
    assert shares["P-2024-ITA-share"] == ("Italy", "24.0%")
    assert shares["P-2024-CHN-share"] == ("China", "7.9%")
    assert "%" in stated.layout.xaxis.ticksuffix


def test_shares_stated_beside_a_total_are_drawn_beside_the_computed_ones(dataset: Dataset) -> None:
    computed, stated = VIEWS["partners"].figures(dataset, {"period": "2025-01/2025-10", "show": "share"})
    assert "Italy" in computed.data[0].y
    assert ("P-2025-10-ITA-share", "25.83%") in set(zip(stated.data[0].customdata, stated.data[0].text, strict=True))


@pytest.mark.parametrize("view", ["partners", "over-time"])
def test_views_that_take_a_reporter_offer_russia(dataset: Dataset, view: str) -> None:
    assert "RUS" in VIEWS[view].params["reporter"].choices(dataset, {})
    params, notices = VIEWS[view].resolve(dataset, {"reporter": "RUS"})
    assert notices == [] and params["reporter"] == "RUS"
    drawn = {cid for fig in VIEWS[view].figures(dataset, params) for cid in fig.layout.meta["claim_ids"]}
    stated_by_russia = set(dataset.claims.loc[dataset.claims["country"] == "RUS", "claim_id"])
    assert drawn & stated_by_russia
