"""Charts as pure functions: claim frames in, plotly figures out, no Streamlit.

Every function takes rows of `Dataset.with_sources()` (or events) that a view has already picked, and returns a figure
whose `layout.meta` carries its provenance — title, subtitle (what is measured), source line, notes (bounds, conflicts),
claim and source ids, source URLs and a one-sentence text alternative — so the pages, the snapshot export and the tests
read the same facts. Numbers are written by `econ_ties.model.formatting` only. Bounds are drawn as bounds: a hatched bar that
stops at the stated figure and an open-ended dotted arrow beyond it, labelled "over $1.2B". A "majority" claim has no
number and is written on the chart as words. Claims that disagree are drawn side by side with their gap, never averaged.
Stocks and flows each get their own figure with an axis title that says which one it is.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim, format_money
from econ_ties.model.schema import INDICATOR_LABELS, SECTOR_LABELS, Event, Indicator

#: Okabe–Ito, the colour-blind-safe palette (Okabe & Ito 2008).
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
SECTOR_COLOURS = {"total": OKABE_ITO["orange"], "oil": OKABE_ITO["blue"], "non_oil": OKABE_ITO["green"]}
SIDE_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["sky_blue"], OKABE_ITO["orange"]]
QUALIFIER_TEXT = {
    "exact": "as stated",
    "about": "approximate (“about”)",
    "at_least": "lower bound (“over”): the true figure is higher",
    "at_most": "upper bound (“under”): the true figure is lower",
    "majority": "“the majority”: no figure stated",
}
BOUND_PATTERN = "/"
CHART_HEIGHT = 420
META_KEYS = ("title", "subtitle", "source_line", "notes", "claim_ids", "source_ids", "source_urls", "alt_text")


# -- provenance -----------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def source_line(rows: pd.DataFrame, *, limit: int = 4) -> str:
    """ "Sources: Deputy Economy Minister … Niyazi Safarov, via Azernews, 21 Feb 2022; …" — who said it, where, when."""
    if rows.empty or "attribution" not in rows:
        return "Source: no claims in this view"
    attributions = list(dict.fromkeys(_text(a) for a in rows["attribution"] if _text(a)))
    shown = attributions[:limit]
    more = len(attributions) - len(shown)
    label = "Source" if len(attributions) == 1 else "Sources"
    return f"{label}: " + "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def figure_meta(title: str, subtitle: str, rows: pd.DataFrame, notes: Iterable[str], alt_text: str, *, extra_sources: Sequence[Any] = ()) -> dict[str, Any]:
    """The provenance every figure carries in `fig.layout.meta` (see the contracts: keys in META_KEYS)."""
    source_ids = list(dict.fromkeys([*(_text(s) for s in rows.get("source_id", [])), *(_text(s) for s in extra_sources)]))
    urls = list(dict.fromkeys(_text(u) for u in rows.get("url", []) if _text(u)))
    return {
        "title": title,
        "subtitle": subtitle,
        "source_line": source_line(rows),
        "notes": list(dict.fromkeys(notes)),
        "claim_ids": [str(c) for c in rows.get("claim_id", [])],
        "source_ids": [s for s in source_ids if s],
        "source_urls": urls,
        "alt_text": alt_text,
    }


def _records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts: much cheaper than iterrows on Arrow-backed string columns."""
    # to_numpy(dtype=object) converts an Arrow-backed column in one go; tolist() walks it one Arrow scalar at a time.
    columns = [rows[c].to_numpy(dtype=object).tolist() for c in rows.columns]
    return [dict(zip(rows.columns, values, strict=True)) for values in zip(*columns, strict=True)]


def _esc(value: Any) -> str:
    return html.escape(_text(value), quote=False)


def hover_text(row: pd.Series, label: str = "") -> str:
    """Value, qualifier, period, speaker and source of one claim, for a hover box (HTML-escaped)."""
    speaker = " ".join(p for p in (_text(row.get("speaker_role")), _text(row.get("speaker"))) if p) or "not named"
    published = _text(row.get("date_published")) or "date not stated"
    lines = [
        f"<b>{_esc(label)}</b>" if label else "",
        f"<b>{_esc(format_claim(row))}</b> — {_esc(QUALIFIER_TEXT.get(_text(row['qualifier']), row['qualifier']))}",
        f"Period: {_esc(row['period_label'])}",
        f"Reported by: {_esc(country_name(_text(row['reporting_side'])))} side",
        f"Speaker: {_esc(speaker)}",
        f"Source: {_esc(row.get('publisher'))}, {_esc(published)}",
        f"Claim {_esc(row['claim_id'])}" + (" · uncertain" if bool(row.get("uncertain")) else ""),
    ]
    return "<br>".join(line for line in lines if line)


#: An event's marker names it in `customdata` as "event:<id>" (claim ids cannot hold a colon).
EVENT_PREFIX = "event:"


def claim_ids(rows: pd.DataFrame) -> list[str]:
    """The claim id of each drawn row, as a trace's `customdata`: a click on a bar or dot names the claim behind it
    (the dashboard shows that claim's quote and source under the chart)."""
    return [str(i) for i in rows["claim_id"]]


def direction_label(country: str, counterpart: str) -> str:
    return f"{country_name(country)} → {country_name(counterpart)}"


def _who(row: pd.Series) -> str:
    return _text(row.get("speaker")) or _text(row.get("publisher")) or _text(row["source_id"])


# -- axes and layout ------------------------------------------------------------------------------------------------


def money_ticks(high: float, currency: str = "USD", count: int = 5) -> tuple[list[float], list[str]]:
    """Round tick positions from 0 to `high`, labelled by the one formatter ($0, $2.0B, $4.0B …)."""
    if not high or high <= 0 or math.isnan(high):
        return [0.0], [format_money(0.0, currency, 0)]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [i * step for i in range(int(high // step) + 2)]
    return ticks, [format_money(t, currency) if t else format_money(0.0, currency, 0) for t in ticks]


#: A small house template built once: plotly's named templates are deep-copied on every use, which is slow.
TEMPLATE = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": list(OKABE_ITO.values()),
        "xaxis": {"gridcolor": "#E5E5E5", "zerolinecolor": "#BBBBBB", "automargin": True},
        "yaxis": {"gridcolor": "#E5E5E5", "zerolinecolor": "#BBBBBB", "automargin": True},
    }
)


def new_figure(*traces: Any) -> go.Figure:
    """An empty figure on the house template (never plotly's default template)."""
    return go.Figure(data=list(traces), layout={"template": TEMPLATE})


def _base_layout(fig: go.Figure, meta: dict[str, Any], *, height: int = CHART_HEIGHT) -> go.Figure:
    fig.update_layout(
        meta=meta,
        title={"text": _esc(meta["title"]), "subtitle": {"text": _esc(meta["subtitle"])}, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 30, "t": 80, "b": 40},
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13},
        hoverlabel={"align": "left"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
    )
    return fig


def empty_figure(title: str, message: str, *, subtitle: str = "") -> go.Figure:
    """A figure that says there is nothing to draw (and why), with the same meta keys as every other."""
    fig = new_figure()
    meta = figure_meta(title, subtitle or message, pd.DataFrame(), [message], f"{title}: {message}")
    fig.add_annotation(text=_esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base_layout(fig, meta)


def bound_pattern(qualifiers: Any) -> dict[str, Any]:
    """Hatching for bars that stop at a bound (pattern marks per bar; the text on the bar stays readable)."""
    shapes = [q if q in (BOUND_PATTERN, "") else (BOUND_PATTERN if q in ("at_least", "at_most") else "") for q in qualifiers]
    return {"shape": shapes, "fgcolor": "#333333", "fgopacity": 0.45, "size": 10}


def _drawn_amount(row: pd.Series) -> float:
    """Where a bar ends: the stated figure, or the stated end of a bound (never a made-up value beyond it)."""
    return float(row["amount"])


def _bound_arrows(fig: go.Figure, rows: pd.DataFrame, *, position: Sequence[Any], extent: float, horizontal: bool) -> None:
    """An open-ended dotted arrow past each lower bound: the figure is somewhere beyond the end of the bar."""
    for row, where in zip(_records(rows), position, strict=True):
        if row["qualifier"] != "at_least":
            continue
        start = float(row["amount"])
        end = start + extent
        xs, ys = ([start, end], [where, where]) if horizontal else ([where, where], [start, end])
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                line={"dash": "dot", "color": OKABE_ITO["black"], "width": 1.5},
                marker={"symbol": ["line-ns" if horizontal else "line-ew", "triangle-right" if horizontal else "triangle-up"], "size": [1, 10]},
                hoverinfo="skip",
                showlegend=False,
                name="open-ended (lower bound)",
            )
        )


# -- partners ---------------------------------------------------------------------------------------------------------


def _bar_labels(rows: pd.DataFrame, key: str) -> list[str]:
    """One label per claim; a party named twice (two sources disagree) gets the speaker too, so both bars stay apart."""
    names = rows[key].map(country_name)
    repeated = names.duplicated(keep=False)
    return [f"{n} · {_who(r)}" if rep else n for n, rep, r in zip(names, repeated, _records(rows), strict=True)]


def partner_comparison_chart(
    rows: pd.DataFrame, *, reporter: str, indicator: str, period_label: str, show: str = "value", total: pd.Series | None = None
) -> go.Figure:
    """One reporter's partners on one indicator and period, as values or as shares of the reporter's total.

    Two claims about the same partner (different sources) are two bars, never one average.
    """
    what = INDICATOR_LABELS.get(Indicator(indicator), indicator) if indicator in Indicator._value2member_map_ else indicator
    title = f"{country_name(reporter)}'s partners: {what.lower()}, {period_label}"
    if rows.empty:
        return empty_figure(title, f"No {what.lower()} figures for {country_name(reporter)}'s partners in {period_label}.")
    rows = rows.sort_values(["amount", "claim_id"], ascending=[True, True], kind="stable")
    labels = _bar_labels(rows, "counterpart")
    notes: list[str] = []
    bounds = rows[rows["qualifier"].isin(["at_least", "at_most"])]
    notes += [f"{country_name(r['counterpart'])}: {format_claim(r)} is a bound, drawn open-ended" for r in _records(bounds)]
    for partner, group in rows.groupby("counterpart"):
        if len(group) > 1 and group["amount"].nunique() > 1:
            low, high = group["amount"].min(), group["amount"].max()
            stated = " vs ".join(f"{format_claim(r)} ({_who(r)})" for r in _records(group))
            notes.append(f"{country_name(str(partner))}: sources differ by {(high - low) / low * 100:.1f}% — {stated}; both shown, not averaged")
    hover = [hover_text(r, lab) for lab, r in zip(labels, _records(rows), strict=True)]
    patterns = [BOUND_PATTERN if q in ("at_least", "at_most") else "" for q in rows["qualifier"]]
    colour = SECTOR_COLOURS["total"]
    extra_sources: list[str] = []
    if show == "share":
        if total is None:
            return empty_figure(title, f"No total {what.lower()} of {country_name(reporter)} is stated for {period_label}, so shares cannot be computed.")
        extra_sources.append(str(total["source_id"]))
        base = float(total["amount"])
        shares = [float(a) / base * 100 for a in rows["amount"]]
        text = [f"{'over ' if q == 'at_least' else ''}{s:.1f}% ({format_claim(r)})" for s, q, r in zip(shares, rows["qualifier"], _records(rows), strict=True)]
        subtitle = f"Share of {country_name(reporter)}'s total {what.lower()} ({format_claim(total)}, {period_label}), in percent"
        fig = new_figure(
            go.Bar(
                x=shares, y=labels, orientation="h", text=text, textposition="outside", hovertext=hover, hoverinfo="text",
                marker={"color": colour, "pattern": bound_pattern(patterns)}, name="share", customdata=claim_ids(rows),
            )
        )  # fmt: skip
        fig.update_xaxes(title_text=f"% of {country_name(reporter)}'s total {what.lower()}", ticksuffix="%", range=[0, max(shares) * 1.35])
        notes.append(f"Total: {format_claim(total)} ({_who(total)})")
        alt = f"Bar chart of {country_name(reporter)}'s partners by share of total {what.lower()} in {period_label}: " + ", ".join(
            f"{lab} {s:.1f}%" for lab, s in zip(reversed(labels), reversed(shares), strict=True)
        )
    else:
        amounts = [_drawn_amount(r) for r in _records(rows)]
        high = max(amounts) * 1.3
        fig = new_figure(
            go.Bar(
                x=amounts, y=labels, orientation="h", text=[format_claim(r) for r in _records(rows)], textposition="outside",
                hovertext=hover, hoverinfo="text", marker={"color": colour, "pattern": bound_pattern(patterns)}, name="value",
                customdata=claim_ids(rows),
            )
        )  # fmt: skip
        _bound_arrows(fig, rows, position=labels, extent=high * 0.08, horizontal=True)
        ticks, tick_text = money_ticks(high)
        fig.update_xaxes(
            title_text=f"{what}, US$ (flow over {period_label})" if rows["measure"].iloc[0] == "flow" else f"{what}, US$",
            tickvals=ticks,
            ticktext=tick_text,
            range=[0, high],
        )
        subtitle = f"{what}, US$, {period_label}, as stated by each source"
        alt = f"Bar chart of {country_name(reporter)}'s partners by {what.lower()} in {period_label}: " + ", ".join(
            f"{lab} {format_claim(r)}" for lab, r in zip(reversed(labels), _records(rows.iloc[::-1]), strict=True)
        )
    fig.update_layout(showlegend=False)
    frame = rows if total is None or show != "share" else pd.concat([rows, pd.DataFrame([dict(total)])], ignore_index=True)
    meta = figure_meta(title, subtitle, frame, notes, alt + ".", extra_sources=extra_sources)
    return _base_layout(fig, meta)


def partner_rank_chart(rows: pd.DataFrame, *, reporter: str, period_label: str) -> go.Figure:
    """Stated ranks of a reporter's trade partners (1 = largest), as a dot per claim on a reversed rank axis."""
    title = f"Where partners rank in {country_name(reporter)}'s trade, {period_label}"
    if rows.empty:
        return empty_figure(title, f"No stated trade-partner ranks for {country_name(reporter)} in {period_label}.")
    rows = rows.sort_values(["value", "claim_id"], kind="stable")
    labels = _bar_labels(rows, "counterpart")
    ranks = [int(v) for v in rows["value"]]
    fig = new_figure(
        go.Scatter(
            x=ranks, y=labels, mode="markers+text", text=[format_claim(r) for r in _records(rows)], textposition="middle right",
            marker={"size": 18, "color": OKABE_ITO["blue"]}, hovertext=[hover_text(r, lab) for lab, r in zip(labels, _records(rows), strict=True)],
            hoverinfo="text", name="stated rank", customdata=claim_ids(rows),
        )
    )  # fmt: skip
    fig.update_xaxes(title_text="Stated rank among trade partners (1 = largest)", range=[max(ranks) + 1, 0.5], dtick=1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(showlegend=False)
    alt = f"Dot chart of stated trade-partner ranks for {country_name(reporter)} in {period_label}: " + ", ".join(
        f"{lab} {format_claim(r)}" for lab, r in zip(labels, _records(rows), strict=True)
    )
    meta = figure_meta(title, f"Rank as stated by the source, {period_label}", rows, [], alt + ".")
    return _base_layout(fig, meta)


# -- investment by sector ---------------------------------------------------------------------------------------------


def investment_sector_chart(rows: pd.DataFrame, *, home: str, partner: str, period_label: str, sector: str = "all") -> go.Figure:
    """Investment stock in both directions side by side, split by sector where the parts are stated.

    Oil and non-oil parts are stacked; a total without stated parts is one bar. A lower bound is a hatched bar with an
    open-ended arrow and an "over" label. A "majority" claim is written next to its direction in words.
    """
    title = f"Investment between {country_name(home)} and {country_name(partner)}, {period_label}"
    directions = [(partner, home), (home, partner)]
    labels = [direction_label(a, b) for a, b in directions]
    if rows.empty:
        return empty_figure(title, f"No investment statements between {country_name(home)} and {country_name(partner)} for {period_label}.")
    numbers = rows[rows["amount"].notna()]
    majority = rows[rows["qualifier"] == "majority"]
    fig = new_figure()
    drawn: list[pd.Series] = []
    notes: list[str] = []
    totals_drawn: list[tuple[str, pd.Series]] = []
    for sector_name in ("oil", "non_oil", "total"):
        if sector != "all" and sector_name != sector:
            continue
        ys, xs, texts, hovers, patterns, ids = [], [], [], [], [], []
        for (country, counterpart), label in zip(directions, labels, strict=True):
            mine = numbers[(numbers["country"] == country) & (numbers["counterpart"] == counterpart)]
            has_parts = mine["sector"].isin(["oil", "non_oil"]).any()
            if sector == "all" and sector_name == "total" and has_parts:
                for total in _records(mine[mine["sector"] == "total"]):
                    totals_drawn.append((label, total))
                continue
            for row in _records(mine[mine["sector"] == sector_name]):
                ys.append(label)
                xs.append(_drawn_amount(row))
                texts.append(format_claim(row))
                hovers.append(hover_text(row, f"{label}, {SECTOR_LABELS[sector_name].lower()}"))
                patterns.append(BOUND_PATTERN if row["qualifier"] in ("at_least", "at_most") else "")
                ids.append(str(row["claim_id"]))
                drawn.append(row)
        if ys:
            fig.add_trace(
                go.Bar(
                    x=xs, y=ys, orientation="h", name=SECTOR_LABELS[sector_name], text=texts, textposition="inside", insidetextanchor="middle",
                    hovertext=hovers, hoverinfo="text", marker={"color": SECTOR_COLOURS[sector_name], "pattern": bound_pattern(patterns)},
                    customdata=ids,
                )
            )  # fmt: skip
    for label, total in totals_drawn:
        fig.add_trace(
            go.Scatter(
                x=[float(total["amount"])], y=[label], mode="markers+text", text=[f"total {format_claim(total)}"], textposition="middle right",
                marker={"symbol": "line-ns", "size": 34, "line": {"width": 3, "color": OKABE_ITO["black"]}}, hovertext=[hover_text(total, f"{label}, total")],
                hoverinfo="text", name="Stated total", showlegend=False, customdata=[str(total["claim_id"])],
            )
        )  # fmt: skip
        drawn.append(total)
    drawn_frame = pd.DataFrame(drawn) if drawn else rows.iloc[0:0]
    high = max([float(a) for a in drawn_frame.get("amount", [])] or [1.0]) * 1.35
    bound_rows = drawn_frame[drawn_frame["qualifier"] == "at_least"] if not drawn_frame.empty else drawn_frame
    if not bound_rows.empty:
        _bound_arrows(
            fig, bound_rows, position=[direction_label(r["country"], r["counterpart"]) for r in _records(bound_rows)], extent=high * 0.1, horizontal=True
        )
        for r in _records(bound_rows):
            notes.append(f"{direction_label(r['country'], r['counterpart'])}: {format_claim(r)} is a lower bound, drawn open-ended")
    for row in _records(majority):
        if sector not in ("all", row["sector"]) and sector != "total":
            continue
        label = direction_label(row["country"], row["counterpart"])
        words = f"the majority {SECTOR_LABELS[row['sector']].lower()} (no figure stated)"
        notes.append(f"{label}: {words}")
        fig.add_annotation(
            x=high * 0.98, y=label, text=f"<i>{_esc(words)}</i>", showarrow=False, xanchor="right", yshift=-26, hovertext=hover_text(row, label),
            font={"color": SECTOR_COLOURS[row["sector"]]},
        )  # fmt: skip
        drawn_frame = pd.concat([drawn_frame, pd.DataFrame([row])], ignore_index=True)
    if drawn_frame.empty:
        return empty_figure(
            title,
            f"No {SECTOR_LABELS.get(sector, sector).lower()} investment figures between {country_name(home)} and {country_name(partner)} for {period_label}.",
        )
    ticks, tick_text = money_ticks(high)
    fig.update_xaxes(title_text=f"Cumulative investment (stock), US$, {period_label}", tickvals=ticks, ticktext=tick_text, range=[0, high])
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    fig.update_layout(barmode="stack", legend_title_text="Sector")
    sector_words = "by sector (oil / non-oil)" if sector == "all" else SECTOR_LABELS.get(sector, sector).lower()
    subtitle = f"Cumulative investment stock, US$, {period_label}, {sector_words}; hatched bars with arrows are lower bounds"
    described = "; ".join(
        f"{direction_label(r['country'], r['counterpart'])} {SECTOR_LABELS.get(r['sector'], r['sector']).lower()} {format_claim(r)}"
        for r in _records(drawn_frame)
    )
    alt = f"Bar chart of investment in both directions between {country_name(home)} and {country_name(partner)}, {period_label}: {described}."
    meta = figure_meta(title, subtitle, drawn_frame, notes, alt)
    return _base_layout(fig, meta)


# -- over time --------------------------------------------------------------------------------------------------------


def _side_colours(rows: pd.DataFrame) -> dict[str, str]:
    return {side: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, side in enumerate(sorted(rows["reporting_side"].unique()))}


def flow_series_chart(rows: pd.DataFrame, *, indicator: str, country: str, counterpart: str) -> go.Figure:
    """A flow by calendar year; two statements for one year stand side by side, coloured by the side that reports them."""
    what = INDICATOR_LABELS.get(Indicator(indicator), indicator) if indicator in Indicator._value2member_map_ else indicator
    title = f"{what}: {country_name(country)} and {country_name(counterpart)}, by year"
    rows = rows[rows["period_kind"] == "year"] if not rows.empty else rows
    if rows.empty:
        return empty_figure(title, f"No full-year {what.lower()} figures between {country_name(country)} and {country_name(counterpart)}.")
    rows = rows.sort_values(["year", "date_published", "claim_id"], kind="stable").copy()
    rows["slot"] = rows.groupby("year").cumcount()
    colours = _side_colours(rows)
    fig = new_figure()
    notes: list[str] = []
    for (side, slot), group in rows.groupby(["reporting_side", "slot"], sort=True):
        fig.add_trace(
            go.Bar(
                x=group["year"].astype(str), y=group["amount"], name=f"reported by {country_name(str(side))}", legendgroup=str(side),
                showlegend=not any(t.legendgroup == str(side) for t in fig.data), offsetgroup=str(slot), text=[format_claim(r) for r in _records(group)],
                textposition="outside", hovertext=[hover_text(r, f"{r['year']}") for r in _records(group)], hoverinfo="text",
                marker={"color": colours[str(side)], "pattern": bound_pattern(group["qualifier"])}, customdata=claim_ids(group),
            )
        )  # fmt: skip
    for year, group in rows.groupby("year"):
        if len(group) > 1 and group["amount"].nunique() > 1:
            low, high = group["amount"].min(), group["amount"].max()
            stated = " vs ".join(f"{format_claim(r)} ({_who(r)})" for r in _records(group))
            notes.append(f"{year}: figures differ by {(high - low) / low * 100:.1f}% — {stated}; shown side by side, not averaged")
    notes += [f"{r['year']}: {format_claim(r)} is a bound" for r in _records(rows[rows["qualifier"].isin(["at_least", "at_most"])])]
    high = float(rows["amount"].max()) * 1.2
    ticks, tick_text = money_ticks(high)
    fig.update_yaxes(title_text=f"{what}, US$ per year (flow)", tickvals=ticks, ticktext=tick_text, range=[0, high])
    # Category axes follow the order traces mention values in; years must read left to right whatever side states them.
    fig.update_xaxes(title_text="Year", type="category", categoryorder="array", categoryarray=[str(y) for y in sorted(rows["year"].unique())])
    fig.update_layout(barmode="group", legend_title_text="")
    alt = f"Bar chart of {what.lower()} between {country_name(country)} and {country_name(counterpart)} by year: " + ", ".join(
        f"{r['year']} {format_claim(r)}" for r in _records(rows)
    )
    meta = figure_meta(title, f"{what}, US$ per calendar year (a flow), as stated by each source", rows, notes, alt + ".")
    return _base_layout(fig, meta)


STOCK_SYMBOLS = {"exact": "circle", "about": "diamond", "at_least": "triangle-up", "at_most": "triangle-down"}
#: A dot chart of statements stays readable (each dot carries its label): at most this many, the latest.
MAX_STATEMENTS_DRAWN = 500


def stock_statements_chart(rows: pd.DataFrame, *, home: str, partner: str) -> go.Figure:
    """Investment-stock statements by the date they are "as of", one marker per statement, coloured by direction.

    Lower bounds are upward triangles labelled "over …"; the axis says it is a stock (cumulative), not a flow.
    """
    title = f"Investment stock statements: {country_name(home)} and {country_name(partner)}"
    rows = rows[rows["amount"].notna()] if not rows.empty else rows
    if rows.empty:
        return empty_figure(title, f"No investment-stock statements between {country_name(home)} and {country_name(partner)}.")
    rows = rows.sort_values(["period_end", "claim_id"], kind="stable")
    notes = ["▲ marks a lower bound (“over”), ◆ an approximate figure (“about”)"]
    if len(rows) > MAX_STATEMENTS_DRAWN:
        notes.append(f"the latest {MAX_STATEMENTS_DRAWN:,} of {len(rows):,} statements are drawn; the Data page lists them all")
        rows = rows.tail(MAX_STATEMENTS_DRAWN)
    fig = new_figure()
    colours = {(partner, home): OKABE_ITO["vermillion"], (home, partner): OKABE_ITO["blue"]}
    for (country, counterpart), group in rows.groupby(["country", "counterpart"], sort=False):
        label = direction_label(str(country), str(counterpart))
        fig.add_trace(
            go.Scatter(
                x=group["period_end"], y=group["amount"], mode="markers+text", name=label, text=[format_claim(r) for r in _records(group)],
                textposition="top center", marker={"size": 12, "symbol": [STOCK_SYMBOLS.get(q, "circle") for q in group["qualifier"]],
                "color": colours.get((str(country), str(counterpart)), OKABE_ITO["green"])},
                hovertext=[hover_text(r, f"{label}, {SECTOR_LABELS.get(r['sector'], r['sector']).lower()}") for r in _records(group)], hoverinfo="text",
                customdata=claim_ids(group),
            )
        )  # fmt: skip
    high = float(rows["amount"].max()) * 1.2
    ticks, tick_text = money_ticks(high)
    fig.update_yaxes(title_text="Cumulative investment stock, US$ (as of date)", tickvals=ticks, ticktext=tick_text, range=[0, high])
    fig.update_xaxes(title_text="Statement as of")
    alt = f"Dot chart of {len(rows)} investment-stock statements between {country_name(home)} and {country_name(partner)}, " + ", ".join(
        f"{direction_label(r['country'], r['counterpart'])} {format_claim(r)} {r['period_label']} ({_who(r)})" for r in _records(rows)
    )
    meta = figure_meta(title, "Cumulative investment stock (total and sector parts), US$, by the date each statement is as of", rows, notes, alt + ".")
    return _base_layout(fig, meta)


#: A chart of disagreements stays readable: at most this many groups (the largest gaps) and statements per group.
MAX_CONFLICT_GROUPS = 12
MAX_STATEMENTS_PER_CONFLICT = 8


def _conflicts_drawn(conflicts: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The conflicts to draw, sorted for drawing, and notes saying what was left out: the groups with the largest gaps,
    and in a group of many statements the lowest and highest figures (the gap's two ends stay drawn)."""
    notes = []
    gaps = conflicts.drop_duplicates("conflict")[["conflict", "gap_pct"]]
    if len(gaps) > MAX_CONFLICT_GROUPS:
        largest = gaps.sort_values(["gap_pct", "conflict"], ascending=[False, True], kind="stable", na_position="first").head(MAX_CONFLICT_GROUPS)
        conflicts = conflicts[conflicts["conflict"].isin(largest["conflict"])]
        notes.append(f"the {MAX_CONFLICT_GROUPS} largest of {len(gaps):,} disagreements are drawn; the Data page lists every claim in one (flag 'conflict')")
    conflicts = conflicts.sort_values(["conflict", "amount"], kind="stable")
    groups = conflicts.groupby("conflict")
    position = groups.cumcount().to_numpy()
    size = groups["conflict"].transform("size").to_numpy()
    half = MAX_STATEMENTS_PER_CONFLICT // 2
    drawn = (size <= MAX_STATEMENTS_PER_CONFLICT) | (position < half) | (position >= size - half)
    if not drawn.all():
        notes.append(f"{int((~drawn).sum()):,} statements between the lowest and highest figures of crowded groups are not drawn")
        conflicts = conflicts[drawn]
    return conflicts.copy(), notes


def conflicts_chart(conflicts: pd.DataFrame) -> go.Figure:
    """Claims about the same thing that disagree, side by side in each group, with the gap in percent above them."""
    title = "Where sources disagree"
    if conflicts.empty:
        return empty_figure(title, "No two sources disagree about the same figure in this selection.")
    conflicts, left_out = _conflicts_drawn(conflicts)
    conflicts["group_label"] = [
        f"{INDICATOR_LABELS.get(Indicator(r['indicator']), r['indicator'])}, {r['period_label']}"
        + ("" if r["sector"] == "total" else f", {SECTOR_LABELS.get(r['sector'], r['sector'])}")
        for r in _records(conflicts)
    ]
    conflicts["slot"] = conflicts.groupby("conflict").cumcount()
    fig = new_figure()
    for slot, group in conflicts.groupby("slot"):
        fig.add_trace(
            go.Bar(
                x=group["group_label"], y=group["amount"], offsetgroup=str(slot), name=f"statement {int(slot) + 1}",
                text=[f"{format_claim(r)}<br>{_esc(_who(r))}" for r in _records(group)], textposition="outside",
                marker={"color": SIDE_COLOURS[int(slot) % len(SIDE_COLOURS)], "pattern": bound_pattern(group["qualifier"])},
                hovertext=[hover_text(r, r["group_label"]) for r in _records(group)], hoverinfo="text", showlegend=False, customdata=claim_ids(group),
            )
        )  # fmt: skip
    notes = []
    high = float(conflicts["amount"].max()) * 1.35
    for _, group in conflicts.groupby("conflict", sort=False):
        first = group.iloc[0]
        sides = sorted({country_name(s) for s in group["reporting_side"]})
        who = " and ".join(sides) if len(sides) > 1 else f"{sides[0]} sources"
        note = f"{first['group_label']}: {who} figures differ by {float(first['gap_pct']):.1f}%"
        notes.append(note)
        fig.add_annotation(x=first["group_label"], y=high * 0.97, text=f"gap {float(first['gap_pct']):.1f}%", showarrow=False, font={"size": 13})
    ticks, tick_text = money_ticks(high)
    fig.update_yaxes(title_text="US$ as stated (flows and stocks in separate groups)", tickvals=ticks, ticktext=tick_text, range=[0, high])
    fig.update_xaxes(type="category")
    fig.update_layout(barmode="group")
    notes.extend(left_out)
    alt = "Grouped bar chart of conflicting figures: " + "; ".join(notes)
    meta = figure_meta(title, "Claims about the same indicator, pair, sector and period that disagree, never averaged", conflicts, notes, alt + ".")
    return _base_layout(fig, meta)


# -- timeline ---------------------------------------------------------------------------------------------------------


def timeline_chart(events: Sequence[Event], *, series: pd.DataFrame | None = None, series_label: str = "", sources: dict[str, Any] | None = None) -> go.Figure:
    """Dated events as markers on a time axis, optionally over a yearly flow series (bars, with their own axis title)."""
    title = "Timeline of events" + (f" over {series_label.lower()}" if series is not None and not series.empty else "")
    if not events and (series is None or series.empty):
        return empty_figure(title, "No dated events in the data.")
    fig = new_figure()
    rows = series if series is not None else pd.DataFrame()
    high = 1.0
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
                    text=[format_claim(r) for r in _records(yearly)], textposition="inside", hovertext=[hover_text(r, str(r["year"])) for r in _records(yearly)],
                    hoverinfo="text", customdata=claim_ids(yearly),
                )
            )  # fmt: skip
            high = float(yearly["amount"].max()) * 1.25
            ticks, tick_text = money_ticks(high)
            fig.update_yaxes(title_text=f"{series_label}, US$ per year (flow)", tickvals=ticks, ticktext=tick_text, range=[0, high])
    if rows.empty:
        fig.update_yaxes(visible=False, range=[0, 1.2])
    sources = sources or {}
    dates = [pd.Timestamp(e.date) for e in events]
    levels = [high * (0.55 + 0.12 * (i % 4)) for i in range(len(events))]
    hover = []
    for e in events:
        src = sources.get(e.source_id)
        where = getattr(src, "attribution", e.source_id) if src is not None else e.source_id
        hover.append(
            f"<b>{_esc(e.date.isoformat())}: {_esc(e.title)}</b><br>{_esc(e.description)}<br>Parties: {_esc(', '.join(e.parties))}<br>Source: {_esc(where)}"
        )
    if events:
        fig.add_trace(
            go.Scatter(
                x=dates, y=levels, mode="markers+text", text=[str(i + 1) for i in range(len(events))], textposition="top center",
                marker={"symbol": "diamond", "size": 13, "color": OKABE_ITO["vermillion"]}, hovertext=hover, hoverinfo="text", name="events",
                customdata=[f"{EVENT_PREFIX}{e.event_id}" for e in events],
            )
        )  # fmt: skip
        for d, level in zip(dates, levels, strict=True):
            fig.add_shape(type="line", x0=d, x1=d, y0=0, y1=level, line={"dash": "dot", "color": OKABE_ITO["vermillion"], "width": 1})
    fig.update_xaxes(title_text="Date", type="date")
    notes = [f"{i + 1}. {e.date.isoformat()} — {e.title}" for i, e in enumerate(events)]
    event_sources = [e.source_id for e in events]
    alt = f"Timeline of {len(events)} dated events from {events[0].date.isoformat()} to {events[-1].date.isoformat()}" if events else "Timeline with no events"
    if not rows.empty:
        alt += f", drawn over {series_label.lower()} by year (" + ", ".join(f"{r['year']} {format_claim(r)}" for r in _records(rows)) + ")"
    meta = figure_meta(
        title,
        "Dated diplomatic events" + (f"; bars: {series_label.lower()}, US$ per year" if not rows.empty else ""),
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
            meta["source_line"] = "Sources: " + "; ".join(dict.fromkeys(getattr(sources.get(s), "attribution", s) for s in event_sources))
    return _base_layout(fig, meta)
