"""The Partners view: one reporter's partners on one indicator and year (or part of a year where the full year is not
stated), as values, as shares (computed from the reporter's stated total, and as the sources state them), or by stated
rank."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.language import N_, _
from econ_ties.model.periods import PeriodKind, parse_period
from econ_ties.present.charts.partners import partner_comparison_chart, partner_rank_chart, partner_share_chart
from econ_ties.present.views.base import ParamSpec, ViewSpec, indicator_label
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
from econ_ties.present.views.memo import memoised

#: The ways the partners can be shown, as the choice names them.
SHOW_LABELS = {"value": N_("Values"), "share": N_("Shares of total"), "rank": N_("Stated rank")}


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


def years_or_their_parts(rows: pd.DataFrame) -> list[str]:
    """The periods a comparison can be made for, latest first: each year's full-year figures, or where no full-year
    figure is stated, the parts of that year that are (Jan–Oct 2025, Jan–Nov 2025)."""
    if rows.empty:
        return []
    full = set(rows.loc[rows["period_kind"] == "year", "year"])
    offered = rows[(rows["period_kind"] == "year") | ((rows["period_kind"] == "part_year") & ~rows["year"].isin(full))]
    return periods_latest_first(offered)


def partner_period_label(period: str) -> str:
    """A period as the choice reads it: "2024", and a part year marked as such ("Jan–Oct 2025 (part year)")."""
    try:
        parsed = parse_period(period)
    except ValueError:
        return period
    return _("{period} (part year)").format(period=parsed.label) if parsed.kind is PeriodKind.PART_YEAR else parsed.label


def _partner_periods(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    # Asked on every run of the page: worked out once per dataset and choice (a revision may hold a million claims).
    chosen = chosen or {}
    if "reporter" in chosen and "indicator" in chosen:
        reporter, indicator = chosen["reporter"], chosen["indicator"]
        return list(memoised(dataset, f"partner-periods:{reporter}:{indicator}", lambda: years_or_their_parts(_partner_rows(dataset, reporter, indicator))))
    return list(memoised(dataset, "partner-periods", lambda: years_or_their_parts(trade_claims(dataset))))


def _stated_shares(dataset: Dataset, reporter: str, period: str) -> pd.DataFrame:
    """The partners' shares of the reporter's trade as sources state them (not computed from a total)."""
    claims = claims_with_sources(dataset)
    mask = (claims["country"] == reporter) & (claims["indicator"] == "trade_share") & (claims["period"] == period) & (claims["sector"] == "total")
    return primary_statements(claims[mask])


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
        # A rank among all trade partners; a rank in non-oil exports is another ranking, not drawn beside it.
        ranks = claims[
            (claims["country"] == reporter) & (claims["indicator"] == "trade_partner_rank") & (claims["period"] == period) & (claims["sector"] == "total")
        ]
        return [partner_rank_chart(primary_statements(ranks), reporter=reporter, period_label=label)]
    computed = partner_comparison_chart(rows, reporter=reporter, indicator=indicator, period_label=label, show=params["show"], total=total)
    if params["show"] != "share":
        return [computed]
    # Shares are drawn as computed from a stated total where there is one, and as stated by the sources where any are.
    stated = _stated_shares(dataset, reporter, period)
    if stated.empty:
        return [computed]
    shares = partner_share_chart(stated, reporter=reporter, period_label=label)
    return [computed, shares] if total is not None else [shares]


VIEW = ViewSpec(
    "partners",
    N_("Partners"),
    {
        "reporter": reporter_param(),
        "indicator": ParamSpec("trade_turnover", _trade_indicators, N_("What is compared"), label=N_("indicator"), display=indicator_label),
        "period": ParamSpec(
            "2021",
            _partner_periods,
            N_("The year the figures are about, or part of it where the full year is not stated"),
            label=N_("period"),
            display=partner_period_label,
        ),
        "show": ParamSpec(
            "value",
            fixed("value", "share", "rank"),
            N_("Values, shares of the reporter's total, or the partners' stated rank"),
            label=N_("display"),
            display=lambda v: _(SHOW_LABELS[v]) if v in SHOW_LABELS else v,
        ),
    },
    partner_figures,
    N_("One reporter's partners on one indicator and period: as values, as shares of the reporter's total, or by stated rank."),
    ":material/leaderboard:",
)
