"""The Timeline view: the pair's events filtered by a range of years and by kind of event, with the turnover bars
limited to the same years; bad values from a link fall back with a notice."""

from __future__ import annotations

import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import VIEWS
from econ_ties.present.views.timeline import timeline_events

TIMELINE = VIEWS["timeline"]


def _event_ids(dataset: Dataset, raw: dict[str, str]) -> list[str]:
    params, _ = TIMELINE.resolve(dataset, raw)
    return [e.event_id for e in timeline_events(dataset, params)]


def test_defaults_show_every_year_and_kind(dataset: Dataset) -> None:
    params, notices = TIMELINE.resolve(dataset, {})
    assert (params["from"], params["to"], params["kind"], notices) == ("1992", "2026", "all", [])
    ids = _event_ids(dataset, {})
    assert ids[0] == "ev-1992-04-04-diplomatic-relations" and ids[-1] == "ev-2026-03-02-overchuk-baku"


def test_a_year_range_keeps_only_its_events_and_its_turnover_years(dataset: Dataset) -> None:
    params, _ = TIMELINE.resolve(dataset, {"from": "2024", "to": "2025"})
    events = timeline_events(dataset, params)
    assert events and all(2024 <= e.date.year <= 2025 for e in events)
    assert "ev-2024-12-25-azal-8243" in {e.event_id for e in events}
    (fig,) = TIMELINE.figures(dataset, params)
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert bars and all(2024 <= pd.Timestamp(x).year <= 2025 for trace in bars for x in trace.x)


def test_kinds_filter_and_the_legend_names_them(dataset: Dataset) -> None:
    params, _ = TIMELINE.resolve(dataset, {"kind": "incident,conflict", "overlay": "none"})
    assert params["kind"] == "conflict,incident"
    events = timeline_events(dataset, params)
    assert {e.kind.value for e in events if e.kind} == {"conflict", "incident"}
    (fig,) = TIMELINE.figures(dataset, params)
    assert {trace.name for trace in fig.data} == {"Conflict", "Incident"}
    assert sum(len(trace.x) for trace in fig.data) == len(events)


def test_a_range_ending_before_it_starts_and_unknown_kinds_fall_back_with_notices(dataset: Dataset) -> None:
    params, notices = TIMELINE.resolve(dataset, {"from": "2024", "to": "2020", "kind": "incident,<script>"})
    assert (params["from"], params["to"], params["kind"]) == ("2024", "2026", "incident")
    assert len(notices) == 2 and all("<script>" not in n for n in notices)
    params, notices = TIMELINE.resolve(dataset, {"from": "1800", "kind": "riot"})
    assert (params["from"], params["kind"], len(notices)) == ("1992", "all", 2)
