"""The Over time view: a flow between two countries by year as both sides state it, the investment-stock statements by
date, the figures sources disagree on, the part-year figures and the stated growth rates; also the pair's rows of a
flow and its conflicts, which the overview and timeline draw too."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.checks.rules.conflicts import MIRRORED, find_conflicts
from econ_ties.language import N_
from econ_ties.model.countries import country_name
from econ_ties.present.charts.over_time import conflicts_chart, flow_series_chart, growth_chart, part_year_chart, stock_statements_chart
from econ_ties.present.views.base import ParamSpec, ViewSpec, indicator_label
from econ_ties.present.views.choices import reporter_param, trade_partners
from econ_ties.present.views.frames import FLOW_INDICATORS, claims_with_sources, distinct, investment_claims, pair_rows, primary_statements
from econ_ties.present.views.memo import memoised


def _flow_indicators(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    claims = claims_with_sources(dataset)
    chosen = chosen or {}
    if "reporter" in chosen and "partner" in chosen:
        claims = pair_rows(claims, chosen["reporter"], chosen["partner"])
    present = set(distinct(claims.loc[claims["period_kind"] == "year", "indicator"]))
    return [i for i in FLOW_INDICATORS if i in present]


#: The growth rate stated of each flow (often without the level it grew to).
GROWTH_OF = {"trade_turnover": "trade_turnover_growth", "exports": "exports_growth", "imports": "imports_growth"}


def _statements_of(claims: pd.DataFrame, indicator: str, country: str, counterpart: str) -> pd.DataFrame:
    """The total-sector statements of `indicator` from `country` to `counterpart`, and the same figure stated from the
    other side of the mirror (Russia's imports from Azerbaijan are Azerbaijan's exports to Russia)."""
    forward = (claims["indicator"] == indicator) & (claims["country"] == country) & (claims["counterpart"] == counterpart)
    mirror = MIRRORED.get(indicator)
    if mirror is not None:
        forward |= (claims["indicator"] == mirror) & (claims["country"] == counterpart) & (claims["counterpart"] == country)
    return claims[forward & (claims["sector"] == "total")]


def flow_rows(dataset: Dataset, reporter: str, partner: str, indicator: str) -> tuple[pd.DataFrame, str, str]:
    """Yearly and part-year statements of a flow between two parties from both sides: the reporter's own statements
    and the partner's statements of the same figure. A flow only the partner states (its exports, when the reporter
    states none of its imports) is shown in the direction the data states it."""
    claims = claims_with_sources(dataset)
    forward = _statements_of(claims, indicator, reporter, partner)
    if forward.empty:
        backward = _statements_of(claims, indicator, partner, reporter)
        if not backward.empty:
            return primary_statements(backward), partner, reporter
    return primary_statements(forward), reporter, partner


def growth_rows(dataset: Dataset, country: str, counterpart: str, indicator: str) -> pd.DataFrame:
    """The stated growth of a flow from `country` to `counterpart`, from both sides, full years and part years."""
    growth = GROWTH_OF.get(indicator)
    if growth is None:
        return claims_with_sources(dataset).iloc[0:0]
    return primary_statements(_statements_of(claims_with_sources(dataset), growth, country, counterpart))


def pair_conflicts(dataset: Dataset, a: str, b: str) -> pd.DataFrame:
    """The conflicts between `a` and `b`, with their sources, found among the pair's claims alone: a conflict's claims
    are about one pair (either way round), so these are the pair's rows of all conflicts, in the same order
    (`tests/present/views/test_over_time.py` holds the two equal)."""

    def compute() -> pd.DataFrame:
        return dataset.with_sources(find_conflicts(pair_rows(dataset.claims, a, b)))

    return memoised(dataset, f"conflicts:{a}:{b}", compute)


def over_time_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    reporter, partner, indicator = params["reporter"], params["partner"], params["indicator"]
    flows, country, counterpart = flow_rows(dataset, reporter, partner, indicator)
    stocks = pair_rows(investment_claims(dataset), reporter, partner)
    stocks = primary_statements(stocks[stocks["sector"] == "total"])
    conflicts = pair_conflicts(dataset, reporter, partner)
    # Growth rates disagree in percent, not in US$: they are compared on the growth chart, not among the amounts.
    amounts = conflicts[conflicts["measure"].isin(["flow", "stock"])] if not conflicts.empty else conflicts
    growth = growth_rows(dataset, country, counterpart, indicator)
    # Added after the charts that were there first: `econ-ties snapshot over-time --chart N` keeps naming the same chart.
    return [
        flow_series_chart(flows, indicator=indicator, country=country, counterpart=counterpart),
        stock_statements_chart(stocks, home=reporter, partner=partner),
        conflicts_chart(amounts),
        part_year_chart(flows, indicator=indicator, country=country, counterpart=counterpart),
        growth_chart(growth, indicator=indicator, country=country, counterpart=counterpart),
    ]


VIEW = ViewSpec(
    "over-time",
    N_("Over time"),
    {
        "reporter": reporter_param(),
        "partner": ParamSpec("RUS", trade_partners, N_("The other country"), label=N_("partner"), display=country_name),
        "indicator": ParamSpec("trade_turnover", _flow_indicators, N_("The yearly flow to plot"), label=N_("indicator"), display=indicator_label),
    },
    over_time_figures,
    N_("A flow by year from both sides, investment-stock statements by date, the figures sources disagree on, part-year figures and stated growth."),
    ":material/timeline:",
)
