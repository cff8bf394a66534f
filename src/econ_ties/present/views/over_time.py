"""The Over time view: a flow between two countries by year, the investment-stock statements by date, and the figures
sources disagree on; also the pair's rows of a flow and its conflicts, which the overview and timeline draw too."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.checks.rules.conflicts import find_conflicts
from econ_ties.language import N_
from econ_ties.model.countries import country_name
from econ_ties.present.charts.over_time import conflicts_chart, flow_series_chart, stock_statements_chart
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


def flow_rows(dataset: Dataset, reporter: str, partner: str, indicator: str) -> tuple[pd.DataFrame, str, str]:
    """Yearly and part-year statements of a flow between two parties, in the direction the data states it."""
    claims = claims_with_sources(dataset)
    base = claims[(claims["indicator"] == indicator) & (claims["sector"] == "total")]
    forward = base[(base["country"] == reporter) & (base["counterpart"] == partner)]
    if forward.empty:
        backward = base[(base["country"] == partner) & (base["counterpart"] == reporter)]
        if not backward.empty:
            return primary_statements(backward), partner, reporter
    return primary_statements(forward), reporter, partner


def pair_conflicts(dataset: Dataset, a: str, b: str) -> pd.DataFrame:
    """The conflicts between `a` and `b`, with their sources, found among the pair's claims alone: a conflict's claims
    share country and counterpart, so these are the pair's rows of all conflicts, in the same order
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
    return [
        flow_series_chart(flows, indicator=indicator, country=country, counterpart=counterpart),
        stock_statements_chart(stocks, home=reporter, partner=partner),
        conflicts_chart(conflicts),
    ]


VIEW = ViewSpec(
    "over-time",
    N_("Over time"),
    {
        "reporter": reporter_param(),
        "partner": ParamSpec("RUS", trade_partners, "The other country", label="partner", display=country_name),
        "indicator": ParamSpec("trade_turnover", _flow_indicators, "The yearly flow to plot", label="indicator", display=indicator_label),
    },
    over_time_figures,
    "A flow by year, investment-stock statements by date, and the figures sources disagree on.",
    ":material/timeline:",
)
