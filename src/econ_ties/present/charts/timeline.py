"""The chart of the Timeline view: dated events as markers on a time axis, optionally over the yearly turnover."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from econ_ties.language import N_, _, current, n_
from econ_ties.model.formatting import format_claim, format_label
from econ_ties.model.schema import Event
from econ_ties.model.translated import text_in
from econ_ties.present.charts.provenance import EVENT_PREFIX, claim_ids, escaped, figure_meta, hover_text, records
from econ_ties.present.charts.style import (
    GLYPH,
    NARROWEST_TEXT_PX,
    OKABE_ITO,
    bound_pattern,
    empty_figure,
    house_layout,
    money_ticks,
    new_figure,
)

#: How each kind of event is marked: its legend label, colour and marker symbol (an event without a kind: "other").
KIND_MARKS = {
    "diplomacy": (N_("Diplomacy"), OKABE_ITO["blue"], "circle"),
    "agreement": (N_("Agreement"), OKABE_ITO["green"], "square"),
    "economy": (N_("Economy"), OKABE_ITO["orange"], "diamond"),
    "conflict": (N_("Conflict"), OKABE_ITO["vermillion"], "x"),
    "incident": (N_("Incident"), OKABE_ITO["purple"], "star"),
    "other": (N_("Other events"), OKABE_ITO["black"], "circle-open"),
}

#: At most this many events are listed one by one in the notes (a snapshot's footer holds them); the rest are named
#: by their markers' hover text.
MAX_EVENT_NOTES = 10


def _kind(event: Event) -> str:
    return event.kind.value if event.kind is not None else "other"


#: The heights events stand at, as parts of the axis (their number sits above the marker), and how wide the plot is
#: on the narrowest screen once the axis' tick labels and title are drawn beside it.
EVENT_LEVELS = (0.55, 0.67, 0.79, 0.91)
_NARROWEST_PLOT_PX = NARROWEST_TEXT_PX - 110
#: Beside the axis' tick labels: its title and the gaps (the 110 px above hold English ticks such as "$3.0B").
_AXIS_TITLE_PX = 50
_NUMBER_PX = 13


def narrowest_plot_px(tick_text: Sequence[str]) -> float:
    """How wide the plot is on the narrowest screen once the axis' tick labels and title are drawn beside it: longer
    tick labels ("3,0 mlrd US$", "3,0 млрд $") leave it narrower than English ones."""
    widest = max((len(t) for t in tick_text), default=0) * 13 * GLYPH
    return min(_NARROWEST_PLOT_PX, NARROWEST_TEXT_PX - _AXIS_TITLE_PX - widest)


def numbered_levels(dates: Sequence[pd.Timestamp], start: pd.Timestamp, end: pd.Timestamp, plot_px: float = _NARROWEST_PLOT_PX) -> list[tuple[int, bool]]:
    """For each event (oldest first), the level it stands at and whether its number is written above it.

    An event takes the lowest level whose last number ends left of its own on the narrowest plot (`plot_px` wide), so
    numbers never overlap at any width; where every level is taken (a crowded month on a long axis), the marker stands
    without its number, which its hover gives. The more events, the fewer numbers: never a pile of them.
    """
    span_days = max((end - start).days, 1)
    px_per_day = plot_px / span_days
    ends = [float("-inf")] * len(EVENT_LEVELS)
    placed = []
    for index, date in enumerate(dates):
        centre = (date - start).days * px_per_day
        half = (len(str(index + 1)) * _NUMBER_PX * GLYPH + 6) / 2
        level = next((lv for lv, last in enumerate(ends) if last <= centre - half), None)
        if level is None:
            placed.append((index % len(EVENT_LEVELS), False))
            continue
        ends[level] = centre + half
        placed.append((level, True))
    return placed


def timeline_chart(events: Sequence[Event], *, series: pd.DataFrame | None = None, series_label: str = "", sources: dict[str, Any] | None = None) -> go.Figure:
    """Dated events as markers on a time axis, optionally over a yearly flow series (bars, with their own axis title)."""
    drawn_over = series is not None and not series.empty
    title = _("Timeline of events over {series}").format(series=series_label.lower()) if drawn_over else _("Timeline of events")
    if not events and (series is None or series.empty):
        return empty_figure(title, _("No dated events in the data."))
    lang = current()
    fig = new_figure()
    rows = series if series is not None else pd.DataFrame()
    high, plot_px = 1.0, float(_NARROWEST_PLOT_PX)
    if series is not None and not series.empty:
        yearly = series[series["period_kind"] == "year"].sort_values(["year", "claim_id"], kind="stable")
        rows = yearly
        if not yearly.empty:
            # Two statements for one year stand side by side (never stacked or averaged): each gets a slice of the year.
            count = yearly.groupby("year")["claim_id"].transform("count").to_numpy()
            slot = yearly.groupby("year").cumcount().to_numpy()
            width_days = 300 / count
            centres = pd.to_datetime(yearly["year"].astype(str) + "-01-01") + pd.to_timedelta(32 + width_days * (slot + 0.5), unit="D")
            fig.add_trace(
                go.Bar(
                    x=centres, y=yearly["amount"], name=series_label, width=width_days * 1000 * 3600 * 24,
                    marker={"color": OKABE_ITO["sky_blue"], "pattern": bound_pattern(yearly["qualifier"])},
                    text=[format_label(r) for r in records(yearly)], textposition="inside", insidetextanchor="start", hovertext=[hover_text(r, str(r["year"])) for r in records(yearly)],
                    hoverinfo="text", customdata=claim_ids(yearly),
                )
            )  # fmt: skip
            high = float(yearly["amount"].max()) * 1.25
            ticks, tick_text = money_ticks(high)
            plot_px = narrowest_plot_px(tick_text)
            fig.update_yaxes(title_text=_("{series}, US$ per year (flow)").format(series=series_label), tickvals=ticks, ticktext=tick_text, range=[0, high])
    if rows.empty:
        fig.update_yaxes(visible=False, range=[0, 1.2])
    sources = sources or {}
    dates = [pd.Timestamp(e.date) for e in events]
    years = [int(y) for y in rows["year"]] if not rows.empty else []
    start = min([*dates, *(pd.Timestamp(year=y, month=1, day=1) for y in years)], default=pd.Timestamp("2000-01-01"))
    end = max([*dates, *(pd.Timestamp(year=y, month=12, day=31) for y in years)], default=start)
    placed = numbered_levels(dates, start, end, plot_px)
    levels = [high * EVENT_LEVELS[level] for level, _ in placed]
    hover = []
    for number, e in enumerate(events, start=1):
        src = sources.get(e.source_id)
        where = getattr(src, "attribution", e.source_id) if src is not None else e.source_id
        hover.append(
            f"<b>{number}. {escaped(e.date.isoformat())}: {escaped(text_in(e, 'title', lang)[0])}</b><br>{escaped(text_in(e, 'description', lang)[0])}<br>"
            + _("Parties: {parties}").format(parties=escaped(", ".join(e.parties)))
            + "<br>"
            + _("Source: {source}").format(source=escaped(where))
        )
    # One trace per kind of event, each with its own colour and symbol, so the legend names the kinds.
    for kind, (label, colour, symbol) in KIND_MARKS.items():
        shown = [i for i, e in enumerate(events) if _kind(e) == kind]
        if not shown:
            continue
        fig.add_trace(
            go.Scatter(
                x=[dates[i] for i in shown], y=[levels[i] for i in shown], mode="markers+text", text=[str(i + 1) if placed[i][1] else "" for i in shown],
                textposition="top center", marker={"symbol": symbol, "size": 13, "color": colour}, hovertext=[hover[i] for i in shown],
                hoverinfo="text", name=_(label), customdata=[f"{EVENT_PREFIX}{events[i].event_id}" for i in shown],
            )
        )  # fmt: skip
        for i in shown:
            fig.add_shape(type="line", x0=dates[i], x1=dates[i], y0=0, y1=levels[i], line={"dash": "dot", "color": colour, "width": 1})
    fig.update_xaxes(title_text=_("Date"), type="date")
    notes = [
        f"{i + 1}. {e.date.isoformat()} — {text_in(e, 'title', lang)[0]} ({_(KIND_MARKS[_kind(e)][0]).lower()})" for i, e in enumerate(events[:MAX_EVENT_NOTES])
    ]
    if len(events) > MAX_EVENT_NOTES:
        notes.append(_("events {first}–{last}: point at or click a marker for its date, title and source").format(first=MAX_EVENT_NOTES + 1, last=len(events)))
    event_sources = [e.source_id for e in events]
    if events:
        alt = n_("Timeline of {count} dated events from {first} to {last}", "Timeline of {count} dated events from {first} to {last}", len(events)).format(
            count=len(events), first=events[0].date.isoformat(), last=events[-1].date.isoformat()
        )
    else:
        alt = _("Timeline with no events")
    if not rows.empty:
        by_year = ", ".join(f"{r['year']} {format_claim(r)}" for r in records(rows))
        alt += _(", drawn over {series} by year ({figures})").format(series=series_label.lower(), figures=by_year)
    meta = figure_meta(
        title,
        _("Dated diplomatic events; bars: {series}, US$ per year").format(series=series_label.lower()) if not rows.empty else _("Dated diplomatic events"),
        rows,
        notes,
        alt + ".",
        extra_sources=event_sources,
    )
    if sources:
        meta["source_urls"] = list(
            dict.fromkeys([*meta["source_urls"], *(getattr(sources.get(s), "url", "") for s in event_sources if sources.get(s) is not None)])
        )
        meta["source_urls"] = [u for u in meta["source_urls"] if u]
        if rows.empty:
            meta["source_line"] = _("Sources: {sources}").format(
                sources="; ".join(dict.fromkeys(getattr(sources.get(s), "attribution", s) for s in event_sources))
            )
    return house_layout(fig, meta)
