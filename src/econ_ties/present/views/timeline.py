"""The Timeline view: the dated events of a pair, optionally over the yearly trade turnover, for a range of years and
the kinds of event chosen (diplomacy, agreement, economy, conflict, incident)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.language import N_, _
from econ_ties.model.countries import country_name
from econ_ties.model.schema import Event, EventKind
from econ_ties.present.charts.timeline import timeline_chart
from econ_ties.present.views.base import ALL, FIRST, LAST, ParamSpec, ViewSpec
from econ_ties.present.views.choices import fixed, reporter_param, trade_partners
from econ_ties.present.views.over_time import flow_rows

KINDS = [kind.value for kind in EventKind]
#: What the events may be drawn over, as the choice names it.
OVERLAY_LABELS = {"turnover": N_("Over trade turnover"), "none": N_("Events only")}
#: Each kind of event as the choice names it.
KIND_LABELS = {"diplomacy": N_("Diplomacy"), "agreement": N_("Agreement"), "economy": N_("Economy"), "conflict": N_("Conflict"), "incident": N_("Incident")}


def pair_events(dataset: Dataset, reporter: str, partner: str) -> list[Event]:
    """The events either country of the pair takes part in, oldest first."""
    return sorted((e for e in dataset.events if reporter in e.parties or partner in e.parties), key=lambda e: (e.date, e.event_id))


def _pair(chosen: Mapping[str, str] | None) -> tuple[str, str]:
    chosen = chosen or {}
    return chosen.get("reporter", VIEW.params["reporter"].default), chosen.get("partner", VIEW.params["partner"].default)


def first_years(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    """Every year from the pair's first event to its last."""
    years = [e.date.year for e in pair_events(dataset, *_pair(chosen))]
    return [str(year) for year in range(min(years), max(years) + 1)] if years else []


def last_years(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    """The years the range may end in: from its first year on."""
    start = (chosen or {}).get("from", "")
    return [year for year in first_years(dataset, chosen) if not start.isdigit() or int(year) >= int(start)]


def in_range(year: int, params: Mapping[str, str]) -> bool:
    start, end = params.get("from", ""), params.get("to", "")
    return (not start.isdigit() or year >= int(start)) and (not end.isdigit() or year <= int(end))


def chosen_kinds(params: Mapping[str, str]) -> set[str]:
    value = params.get("kind", ALL)
    return set(KINDS) if value == ALL else set(value.split(","))


def timeline_events(dataset: Dataset, params: Mapping[str, str]) -> list[Event]:
    """The pair's events in the chosen years and of the chosen kinds (an event without a kind shows only under all)."""
    kinds = chosen_kinds(params)
    every_kind = params.get("kind", ALL) == ALL
    return [
        e
        for e in pair_events(dataset, params["reporter"], params["partner"])
        if in_range(e.date.year, params) and (every_kind or (e.kind is not None and e.kind.value in kinds))
    ]


def timeline_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    reporter, partner = params["reporter"], params["partner"]
    events = timeline_events(dataset, params)
    series = None
    if params["overlay"] == "turnover":
        series, _country, _counterpart = flow_rows(dataset, reporter, partner, "trade_turnover")
        if "year" in series:
            series = series[[pd.notna(year) and in_range(int(year), params) for year in series["year"]]]
    return [timeline_chart(events, series=series, series_label=_("Trade turnover"), sources=dataset.sources)]


def _kind_label(value: str) -> str:
    return _("All kinds") if value == ALL else ", ".join(_(KIND_LABELS[part]) if part in KIND_LABELS else part.capitalize() for part in value.split(","))


VIEW = ViewSpec(
    "timeline",
    N_("Timeline"),
    {
        "reporter": reporter_param(),
        "partner": ParamSpec("RUS", trade_partners, N_("The other country"), label=N_("partner"), display=country_name),
        "overlay": ParamSpec(
            "turnover",
            fixed("turnover", "none"),
            N_("Draw the events over the yearly turnover"),
            label=N_("overlay"),
            display=lambda v: _(OVERLAY_LABELS[v]) if v in OVERLAY_LABELS else v,
        ),
        "from": ParamSpec(FIRST, first_years, N_("The years shown, from the first to the last"), label=N_("years"), widget="range"),
        "to": ParamSpec(LAST, last_years, N_("The last year shown"), label=N_("last year"), widget="range_end"),
        "kind": ParamSpec(
            ALL,
            fixed(*KINDS),
            N_("The kinds of event shown (none chosen: all)"),
            label=N_("kind of event"),
            display=_kind_label,
            widget="multiselect",
        ),
    },
    timeline_figures,
    N_("The dated events, optionally over the turnover by year, for the years and kinds of event chosen."),
    ":material/event:",
)
