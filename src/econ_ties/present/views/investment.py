"""The Investment & sectors view: investment stock in both directions between two countries as of one date, split into
oil and non-oil where the parts are stated."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.language import N_
from econ_ties.model.countries import country_name
from econ_ties.present.charts.investment import investment_sector_chart
from econ_ties.present.views.base import ALL, ParamSpec, ViewSpec, period_label, sector_label
from econ_ties.present.views.choices import fixed, reporter_param
from econ_ties.present.views.frames import codes_sorted, investment_claims, pair_rows, period_display, periods_latest_first, primary_statements


def _investors(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    inv = investment_claims(dataset)
    return codes_sorted(pd.concat([inv["country"], inv["counterpart"]]))


def _investment_partners(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    inv = investment_claims(dataset)
    home = (chosen or {}).get("reporter")
    if home is None:
        return _investors(dataset)
    return codes_sorted(pd.concat([inv.loc[inv["country"] == home, "counterpart"], inv.loc[inv["counterpart"] == home, "country"]]))


def _investment_periods(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    chosen = chosen or {}
    inv = investment_claims(dataset)
    if "reporter" in chosen and "partner" in chosen:
        inv = pair_rows(inv, chosen["reporter"], chosen["partner"])
    return periods_latest_first(inv)


def investment_rows(dataset: Dataset, home: str, partner: str, period: str) -> pd.DataFrame:
    inv = pair_rows(investment_claims(dataset), home, partner)
    return primary_statements(inv[inv["period"] == period])


def investment_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    home, partner, period = params["reporter"], params["partner"], params["period"]
    rows = investment_rows(dataset, home, partner, period)
    return [investment_sector_chart(rows, home=home, partner=partner, period_label=period_display(dataset)(period), sector=params["sector"])]


VIEW = ViewSpec(
    "investment",
    N_("Investment & sectors"),
    {
        "reporter": reporter_param(choices=_investors, label=N_("country")),
        "partner": ParamSpec("RUS", _investment_partners, N_("The other country"), label=N_("partner"), display=country_name),
        "period": ParamSpec("as of 2022-02", _investment_periods, N_("The date the investment stock is stated as of"), label=N_("as of"), display=period_label),
        "sector": ParamSpec(ALL, fixed(ALL, "total", "oil", "non_oil"), N_("Which sector to show"), label=N_("sector"), display=sector_label),
    },
    investment_figures,
    N_("Investment in both directions, split into oil and non-oil where the parts are stated."),
    ":material/account_balance:",
)
