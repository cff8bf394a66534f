"""The Timeline view: the dated events of a pair, optionally over the yearly trade turnover."""

from __future__ import annotations

import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.model.countries import country_name
from econ_ties.present.charts.timeline import timeline_chart
from econ_ties.present.views.base import ParamSpec, ViewSpec
from econ_ties.present.views.choices import fixed, reporter_param, trade_partners
from econ_ties.present.views.over_time import flow_rows


def timeline_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    reporter, partner = params["reporter"], params["partner"]
    events = [e for e in dataset.events if reporter in e.parties or partner in e.parties]
    series = None
    if params["overlay"] == "turnover":
        series, _, _ = flow_rows(dataset, reporter, partner, "trade_turnover")
    return [timeline_chart(events, series=series, series_label="Trade turnover", sources=dataset.sources)]


VIEW = ViewSpec(
    "timeline",
    "Timeline",
    {
        "reporter": reporter_param(),
        "partner": ParamSpec("RUS", trade_partners, "The other country", label="partner", display=country_name),
        "overlay": ParamSpec(
            "turnover",
            fixed("turnover", "none"),
            "Draw the events over the yearly turnover",
            label="overlay",
            display=lambda v: {"turnover": "Over trade turnover", "none": "Events only"}.get(v, v),
        ),
    },
    timeline_figures,
    "The dated events, optionally over the turnover by year.",
    ":material/event:",
)
