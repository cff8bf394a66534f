"""The Partners view: one reporter's partners on one indicator and period, as values, as shares of the reporter's
stated total, or by stated rank."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.language import N_
from econ_ties.present.charts.partners import partner_comparison_chart, partner_rank_chart
from econ_ties.present.views.base import ParamSpec, ViewSpec, indicator_label, period_label
from econ_ties.present.views.choices import fixed, reporter_param
from econ_ties.present.views.frames import (
    TRADE_INDICATORS,
    claims_with_sources,
    distinct,
    period_display,
    periods_latest_first,
    primary_statements,
    trade_claims,
)


def _trade_indicators(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    trade = trade_claims(dataset)
    if chosen and "reporter" in chosen:
        trade = trade[trade["country"] == chosen["reporter"]]
    present = set(distinct(trade.loc[trade["counterpart"] != "WLD", "indicator"]))
    return [i for i in TRADE_INDICATORS if i in present]


def _partner_rows(dataset: Dataset, reporter: str, indicator: str) -> pd.DataFrame:
    claims = claims_with_sources(dataset)
    mask = (claims["country"] == reporter) & (claims["indicator"] == indicator) & (claims["sector"] == "total") & (claims["counterpart"] != "WLD")
    return claims[mask]


def _partner_periods(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    chosen = chosen or {}
    if "reporter" in chosen and "indicator" in chosen:
        return periods_latest_first(_partner_rows(dataset, chosen["reporter"], chosen["indicator"]))
    return periods_latest_first(trade_claims(dataset))


def partner_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    reporter, indicator, period = params["reporter"], params["indicator"], params["period"]
    rows = primary_statements(_partner_rows(dataset, reporter, indicator))
    rows = rows[rows["period"] == period]
    claims = claims_with_sources(dataset)
    label = period_display(dataset)(period)
    totals = claims[
        (claims["country"] == reporter)
        & (claims["counterpart"] == "WLD")
        & (claims["indicator"] == indicator)
        & (claims["period"] == period)
        & (claims["sector"] == "total")
    ]
    total = totals.sort_values("claim_id").iloc[0] if not totals.empty else None
    if params["show"] == "rank":
        ranks = claims[(claims["country"] == reporter) & (claims["indicator"] == "trade_partner_rank") & (claims["period"] == period)]
        return [partner_rank_chart(primary_statements(ranks), reporter=reporter, period_label=label)]
    return [partner_comparison_chart(rows, reporter=reporter, indicator=indicator, period_label=label, show=params["show"], total=total)]


VIEW = ViewSpec(
    "partners",
    N_("Partners"),
    {
        "reporter": reporter_param(),
        "indicator": ParamSpec("trade_turnover", _trade_indicators, "What is compared", label="indicator", display=indicator_label),
        "period": ParamSpec("2021", _partner_periods, "The period the figures are about", label="period", display=period_label),
        "show": ParamSpec(
            "value",
            fixed("value", "share", "rank"),
            "Values, shares of the reporter's total, or the partners' stated rank",
            label="display",
            display=lambda v: {"value": "Values", "share": "Shares of total", "rank": "Stated rank"}.get(v, v),
        ),
    },
    partner_figures,
    "One reporter's partners on one indicator and period: as values, as shares of the reporter's total, or by stated rank.",
    ":material/leaderboard:",
)
