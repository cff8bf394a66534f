"""Charts of the Over time view: a flow by calendar year, investment-stock statements by their "as of" date, and the
figures sources disagree on, side by side with their gap. Stocks and flows each get their own figure and axis title.

Longer than 400 lines because each of its five charts writes its title, axes, notes and text alternative as whole
catalog messages (one per sentence, so a translator sees each one entire), and they share the note helpers here.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from econ_ties.language import N_, _
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim, format_label, format_number
from econ_ties.model.schema import Indicator
from econ_ties.present.charts.partners import LABEL_INSIDE_FROM, NAME_PX
from econ_ties.present.charts.provenance import claim_ids, direction_label, figure_meta, hover_text, indicator_name, records, sector_name, who_said
from econ_ties.present.charts.style import (
    CHART_HEIGHT,
    OKABE_ITO,
    SIDE_COLOURS,
    bound_pattern,
    empty_figure,
    house_layout,
    money_ticks,
    new_figure,
    wrapped_html,
)


def _side_colours(rows: pd.DataFrame) -> dict[str, str]:
    return {side: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, side in enumerate(sorted(rows["reporting_side"].unique()))}


def flow_series_chart(rows: pd.DataFrame, *, indicator: str, country: str, counterpart: str) -> go.Figure:
    """A flow by calendar year; two statements for one year stand side by side, coloured by the side that reports them."""
    what = indicator_name(indicator)
    title = _("{indicator}: {country} and {counterpart}, by year").format(indicator=what, country=country_name(country), counterpart=country_name(counterpart))
    every, rows = rows, rows[rows["period_kind"] == "year"] if not rows.empty else rows
    rows, elsewhere = in_dollars(rows)
    if rows.empty:
        return empty_figure(
            title,
            _("No full-year {indicator} figures between {country} and {counterpart}.").format(
                indicator=what.lower(), country=country_name(country), counterpart=country_name(counterpart)
            ),
        )
    rows = rows.sort_values(["year", "date_published", "claim_id"], kind="stable").copy()
    rows["slot"] = rows.groupby("year").cumcount()
    colours = _side_colours(rows)
    fig = new_figure()
    notes: list[str] = []
    for (side, slot), group in rows.groupby(["reporting_side", "slot"], sort=True):
        fig.add_trace(
            go.Bar(
                x=group["year"].astype(str), y=group["amount"], name=_("reported by {country}").format(country=country_name(str(side))), legendgroup=str(side),
                showlegend=not any(t.legendgroup == str(side) for t in fig.data), offsetgroup=str(slot), text=[format_label(r) for r in records(group)],
                textposition="outside", hovertext=[hover_text(r, f"{r['year']}") for r in records(group)], hoverinfo="text",
                marker={"color": colours[str(side)], "pattern": bound_pattern(group["qualifier"])}, customdata=claim_ids(group),
            )
        )  # fmt: skip
    for year, group in rows.groupby("year"):
        if len(group) > 1 and group["amount"].nunique() > 1:
            low, high = group["amount"].min(), group["amount"].max()
            stated = _(" vs ").join(f"{format_claim(r)} ({who_said(r)})" for r in records(group))
            notes.append(
                _("{year}: figures differ by {gap}% — {figures}; shown side by side, not averaged").format(
                    year=year, gap=format_number((high - low) / low * 100, 1), figures=stated
                )
            )
    notes += bound_notes(rows, "year")
    notes += elsewhere + mirror_notes(rows, country=country, counterpart=counterpart)
    high = float(rows["amount"].max()) * 1.2
    ticks, tick_text = money_ticks(high)
    fig.update_yaxes(title_text=_("{series}, US$ per year (flow)").format(series=what), tickvals=ticks, ticktext=tick_text, range=[0, high])
    # Category axes follow the order traces mention values in; years must read left to right whatever side states them.
    years, gaps = year_gaps(every)
    notes += gaps
    # Upright years take 35 px each: more than six would overlap on a phone, so they stand on end (15 px each).
    fig.update_xaxes(title_text=_("Year"), type="category", categoryorder="array", categoryarray=years, tickangle=-90 if len(years) > 6 else 0)
    fig.update_layout(barmode="group", legend_title_text="")
    by_year = ", ".join(f"{r['year']} {format_claim(r)}" for r in records(rows))
    alt = _("Bar chart of {indicator} between {country} and {counterpart} by year: {figures}").format(
        indicator=what.lower(), figures=by_year, country=country_name(country), counterpart=country_name(counterpart)
    )
    alt += "".join(f". {gap}" for gap in gaps)
    meta = figure_meta(title, _("{indicator}, US$ per calendar year (a flow), as stated by each source").format(indicator=what), rows, notes, alt + ".")
    return house_layout(fig, meta)


def in_dollars(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The statements in US dollars, which a chart in US$ draws, and a note naming each statement in another currency
    (300 billion roubles are not drawn beside $4.17 billion, nor converted: they are named)."""
    if rows.empty:
        return rows, []
    other = rows["currency"] != "USD"
    notes = [
        _("{period}: also stated as {figure} ({who}), not drawn on the US$ axis").format(period=r["period_label"], figure=format_claim(r), who=who_said(r))
        for r in records(rows[other])
    ]
    return rows[~other], notes


#: What the other side's statements of a flow are, by the word that joins its indicator to the country.
MIRROR_NOTES = {
    "with": N_("{partner}'s figures are its {indicator} with {country}: the same flow, as the other side counts it"),
    "from": N_("{partner}'s figures are its {indicator} from {country}: the same flow, as the other side counts it"),
    "to": N_("{partner}'s figures are its {indicator} to {country}: the same flow, as the other side counts it"),
}


def mirror_notes(rows: pd.DataFrame, *, country: str, counterpart: str) -> list[str]:
    """What the statements from the other side of the mirror are: the same flow, named as the other country names it
    (exports of one are imports of the other; a turnover is one figure either way round and needs no note)."""
    other = rows[(rows["country"] != country) & (rows["indicator"] != "trade_turnover")] if not rows.empty else rows
    named = [str(i) for i in other["indicator"].unique()]
    return [
        _(MIRROR_NOTES["with" if i == "trade_turnover" else "from" if i.startswith("imports") else "to"]).format(
            partner=country_name(counterpart), indicator=indicator_name(i).lower(), country=country_name(country)
        )
        for i in named
        if i in Indicator._value2member_map_
    ]


def year_gaps(rows: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The years from the first to the last full-year figure, each one a place on the axis, and a note for the years
    among them no source gives a full-year figure for. Such a year stays an empty place (nothing drawn, nothing
    interpolated); the note says whether any source speaks of part of it."""
    full = rows[rows["period_kind"] == "year"]
    years = range(int(full["year"].min()), int(full["year"].max()) + 1)
    stated = set(full["year"])
    missing = [y for y in years if y not in stated]
    partial = rows[rows["period_kind"] == "part_year"]
    some = {y: [str(label) for label in partial.loc[partial["year"] == y, "period_label"].unique()] for y in missing}
    notes = []
    unsourced = [str(y) for y in missing if not some[y]]
    if unsourced:
        listed = _("{years} or {last}").format(years=", ".join(unsourced[:-1]), last=unsourced[-1]) if len(unsourced) > 1 else unsourced[0]
        notes.append(_("No source found for {years}").format(years=listed))
    notes += [_("{year}: part-year figures only ({periods})").format(year=y, periods=", ".join(some[y])) for y in missing if some[y]]
    return [str(y) for y in years], notes


STOCK_SYMBOLS = {"exact": "circle", "about": "diamond", "at_least": "triangle-up", "at_most": "triangle-down"}
#: A dot chart of statements stays readable (each dot carries its label): at most this many, the latest.
MAX_STATEMENTS_DRAWN = 500


def _latest_labelled(group: pd.DataFrame) -> list[str]:
    """A label for the latest total statement of one direction only: statements of nearby dates and figures (Feb 2022
    has "$6.3B" and "over $6.0B") would write over each other at any width, and on a phone even a year apart."""
    totals = group[group["sector"] == "total"]
    latest = totals.index[-1] if not totals.empty else group.index[-1]
    return [format_label(r) if index == latest else "" for index, r in zip(group.index, records(group), strict=True)]


def stock_statements_chart(rows: pd.DataFrame, *, home: str, partner: str) -> go.Figure:
    """Investment-stock statements by the date they are "as of", one marker per statement, coloured by direction.

    Lower bounds are upward triangles labelled "over …"; the axis says it is a stock (cumulative), not a flow.
    """
    pair = {"home": country_name(home), "partner": country_name(partner)}
    title = _("Investment stock statements: {home} and {partner}").format(**pair)
    rows = rows[rows["amount"].notna()] if not rows.empty else rows
    if rows.empty:
        return empty_figure(title, _("No investment-stock statements between {home} and {partner}.").format(**pair))
    rows = rows.sort_values(["period_end", "claim_id"], kind="stable")
    notes = [_("▲ marks a lower bound (“over”), ◆ an approximate figure (“about”)"), _("the latest total of each direction is labelled; the hover gives each")]
    if len(rows) > MAX_STATEMENTS_DRAWN:
        notes.append(
            _("the latest {drawn} of {count} statements are drawn; the Data page lists them all").format(
                drawn=format_number(MAX_STATEMENTS_DRAWN), count=format_number(len(rows))
            )
        )
        rows = rows.tail(MAX_STATEMENTS_DRAWN)
    fig = new_figure()
    colours = {(partner, home): OKABE_ITO["vermillion"], (home, partner): OKABE_ITO["blue"]}
    for (country, counterpart), group in rows.groupby(["country", "counterpart"], sort=False):
        label = direction_label(str(country), str(counterpart))
        fig.add_trace(
            go.Scatter(
                x=group["period_end"], y=group["amount"], mode="markers+text", name=label, text=_latest_labelled(group),
                textposition="top left" if (str(country), str(counterpart)) == (partner, home) else "bottom left", marker={"size": 12, "symbol": [STOCK_SYMBOLS.get(q, "circle") for q in group["qualifier"]],
                "color": colours.get((str(country), str(counterpart)), OKABE_ITO["green"])},
                hovertext=[hover_text(r, f"{label}, {sector_name(r['sector']).lower()}") for r in records(group)], hoverinfo="text",
                customdata=claim_ids(group),
            )
        )  # fmt: skip
    high = float(rows["amount"].max()) * 1.2
    ticks, tick_text = money_ticks(high)
    fig.update_yaxes(title_text=_("Cumulative investment stock, US$ (as of date)"), tickvals=ticks, ticktext=tick_text, range=[0, high])
    fig.update_xaxes(title_text=_("Statement as of"))
    alt = _("Dot chart of {count} investment-stock statements between {home} and {partner}, ").format(count=len(rows), **pair) + ", ".join(
        f"{direction_label(r['country'], r['counterpart'])} {format_claim(r)} {r['period_label']} ({who_said(r)})" for r in records(rows)
    )
    meta = figure_meta(title, _("Cumulative investment stock (total and sector parts), US$, by the date each statement is as of"), rows, notes, alt + ".")
    return house_layout(fig, meta)


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
        notes.append(
            _("the {drawn} largest of {count} disagreements are drawn; the Data page lists every claim in one (flag 'conflict')").format(
                drawn=MAX_CONFLICT_GROUPS, count=format_number(len(gaps))
            )
        )
    conflicts = conflicts.sort_values(["conflict", "amount"], kind="stable")
    groups = conflicts.groupby("conflict")
    position = groups.cumcount().to_numpy()
    size = groups["conflict"].transform("size").to_numpy()
    half = MAX_STATEMENTS_PER_CONFLICT // 2
    drawn = (size <= MAX_STATEMENTS_PER_CONFLICT) | (position < half) | (position >= size - half)
    if not drawn.all():
        notes.append(
            _("{count} statements between the lowest and highest figures of crowded groups are not drawn").format(count=format_number(int((~drawn).sum())))
        )
        conflicts = conflicts[drawn]
    return conflicts.copy(), notes


#: A disagreement's row grows by this much for each line of its wrapped name (a phone wraps it to `_CONFLICT_NAME_PX`).
_CONFLICT_LINE_PX = 17
_CONFLICT_NAME_PX = 130


def conflicts_chart(conflicts: pd.DataFrame) -> go.Figure:
    """Claims about the same thing that disagree: a row per disagreement, named by what it is about and its gap in
    percent, with a marker per statement on a line from the lowest figure to the highest (never an average).

    One row a disagreement, whatever the number of statements, and no value written beside the markers (their hover and
    the notes give each): however many disagreements and however close their figures, no text writes over another, on
    a phone or in a snapshot. The name is wrapped for a phone; a snapshot, wider, writes it on one line.
    """
    title = _("Where sources disagree")
    if conflicts.empty:
        return empty_figure(title, _("No two sources disagree about the same figure in this selection."))
    conflicts, left_out = _conflicts_drawn(conflicts)
    conflicts["group_label"] = [
        f"{indicator_name(r['indicator'])}, {r['period_label']}" + ("" if r["sector"] == "total" else f", {sector_name(r['sector'])}")
        for r in records(conflicts)
    ]
    conflicts["row"] = [
        _("{row} · gap {gap}%").format(row=label, gap=format_number(float(gap), 1))
        for label, gap in zip(conflicts["group_label"], conflicts["gap_pct"], strict=True)
    ]
    conflicts["slot"] = conflicts.groupby("conflict").cumcount()
    notes = []
    rows: list[str] = []
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for _key, group in conflicts.groupby("conflict", sort=False):
        first = group.iloc[0]
        sides = sorted({country_name(s) for s in group["reporting_side"]})
        gap = format_number(float(first["gap_pct"]), 1)
        if len(sides) > 1:
            note = _("{row}: {sides} figures differ by {gap}%").format(row=first["group_label"], sides=_(" and ").join(sides), gap=gap)
        else:
            note = _("{row}: {side} sources figures differ by {gap}%").format(row=first["group_label"], side=sides[0], gap=gap)
        notes.append(note)
        rows.append(str(first["row"]))
        line_x += [float(group["amount"].min()), float(group["amount"].max()), None]
        line_y += [str(first["row"]), str(first["row"]), None]
    fig = new_figure(
        go.Scatter(x=line_x, y=line_y, mode="lines", line={"color": "#BBBBBB", "width": 3}, hoverinfo="skip", showlegend=False, name=_("lowest to highest"))
    )
    for slot, group in conflicts.groupby("slot"):
        fig.add_trace(
            go.Scatter(
                x=group["amount"], y=group["row"], mode="markers", name=_("statement {number}").format(number=int(slot) + 1),
                marker={"size": 13, "color": SIDE_COLOURS[int(slot) % len(SIDE_COLOURS)], "symbol": [STOCK_SYMBOLS.get(q, "circle") for q in group["qualifier"]],
                "line": {"color": "white", "width": 1}},
                hovertext=[hover_text(r, r["group_label"]) for r in records(group)], hoverinfo="text", showlegend=False, customdata=claim_ids(group),
            )
        )  # fmt: skip
    high = float(conflicts["amount"].max()) * 1.1
    ticks, tick_text = money_ticks(high, count=3)  # few ticks: a phone has room for three money labels across
    fig.update_xaxes(title_text=_("US$ as stated (flows and stocks in separate rows)"), tickvals=ticks, ticktext=tick_text, range=[0, high])
    names = [wrapped_html(row, 13, _CONFLICT_NAME_PX) for row in rows]
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=rows, tickmode="array", tickvals=rows, ticktext=names, autorange="reversed")
    notes.append(_("▲ marks a lower bound (“over”), ◆ an approximate figure (“about”); the hover gives each statement"))
    notes.extend(left_out)
    alt = _("Dot chart of conflicting figures: {notes}").format(notes="; ".join(notes))
    meta = figure_meta(title, _("Claims about the same indicator, pair, sector and period that disagree, never averaged"), conflicts, notes, alt + ".")
    # Room for every line of the longest name in every row, whatever the header and the axis take from the figure.
    row_px = max(name.count("<br>") + 1 for name in names) * _CONFLICT_LINE_PX + 16
    return house_layout(fig, meta, height=max(200, len(rows) * row_px + 160))


def _statement_rows(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Statements in period order, each with the label of its own row: the period and the side that states it,
    numbered where one period and side has several statements (two sources are two bars, never one; the hover names
    each speaker: a name in the label would not fit a phone)."""
    rows = rows.sort_values(["period_end", "period_start", "reporting_side", "claim_id"], kind="stable")
    labels = pd.Series([f"{r['period_label']} · {country_name(str(r['reporting_side']))}" for r in records(rows)])
    number = labels.groupby(labels).cumcount() + 1
    repeated = labels.duplicated(keep=False)
    return rows, [f"{lab} ({n})" if rep else lab for lab, n, rep in zip(labels, number, repeated, strict=True)]


#: Room beside the longest bar of a statement chart for its label ("about +17%"), on a phone as on a desktop.
LABEL_ROOM = 1.9


def _statement_name(label: str) -> str:
    """A statement row's name as plotly writes it: its period on one line and the side on the next, each wrapped to
    the names' share of a phone, so the plot keeps the width for its bars and their labels (a snapshot, wider, puts
    the lines back on one)."""
    period, _sep, side = label.rpartition(" · ")
    parts = [f"{period} ·", side] if period else [side]
    return "<br>".join(wrapped_html(part, 13, NAME_PX) for part in parts)


def _statements_height(labels: list[str]) -> int:
    """A statement chart's height: room for every line of the longest name in every row (as a disagreement's row)."""
    lines = max(_statement_name(lab).count("<br>") + 1 for lab in labels)
    return max(CHART_HEIGHT, 160 + len(labels) * (lines * _CONFLICT_LINE_PX + 16))


def _statement_bars(rows: pd.DataFrame, labels: list[str]) -> go.Figure:
    """One horizontal bar per statement, coloured by the side that states it, bounds hatched, each with its label.

    A label goes inside a bar long enough to hold it and beside a shorter one: beside the longest bars, a label in
    Azerbaijani or Russian ("təxminən 2,27 mlrd US$") ran out of a phone's chart whatever room the axis left."""
    colours = _side_colours(rows)
    longest = float(rows["amount"].abs().max()) or 1.0
    fig = new_figure()
    # One category per statement, so the sides' traces never share a row: overlaid, not grouped.
    for side in sorted(rows["reporting_side"].unique()):
        mine = (rows["reporting_side"] == side).to_numpy()
        group = rows[mine]
        fig.add_trace(
            go.Bar(
                x=group["amount"], y=[lab for lab, m in zip(labels, mine, strict=True) if m], orientation="h",
                name=_("reported by {country}").format(country=country_name(str(side))), text=[format_label(r) for r in records(group)],
                textposition=["inside" if abs(float(a)) >= LABEL_INSIDE_FROM * longest else "outside" for a in group["amount"]], insidetextanchor="end",
                hovertext=[hover_text(r, r["period_label"]) for r in records(group)], hoverinfo="text",
                marker={"color": colours[str(side)], "pattern": bound_pattern(group["qualifier"])}, customdata=claim_ids(group),
            )
        )  # fmt: skip
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        tickmode="array",
        tickvals=labels,
        ticktext=[_statement_name(lab) for lab in labels],
        autorange="reversed",
    )
    fig.update_layout(barmode="overlay", legend_title_text="")
    return fig


def bound_notes(rows: pd.DataFrame, period: str) -> list[str]:
    """A note for each bound among `rows` ("2024: over +10% is a bound"), its period read from column `period`."""
    bounds = rows[rows["qualifier"].isin(["at_least", "at_most"])]
    return [_("{period}: {figure} is a bound").format(period=r[period], figure=format_claim(r)) for r in records(bounds)]


def part_year_chart(rows: pd.DataFrame, *, indicator: str, country: str, counterpart: str) -> go.Figure:
    """Figures for part of a year (Jan–Nov 2021, Q1 2015), kept apart from the full years: one bar per statement,
    named by the months it covers, never drawn as a year."""
    what = indicator_name(indicator)
    title = _("{indicator}: {country} and {counterpart}, part-year figures").format(
        indicator=what, country=country_name(country), counterpart=country_name(counterpart)
    )
    rows = rows[(rows["period_kind"] == "part_year") & rows["amount"].notna()] if not rows.empty else rows
    if rows.empty:
        return empty_figure(
            title,
            _("No part-year {indicator} figures between {country} and {counterpart}.").format(
                indicator=what.lower(), country=country_name(country), counterpart=country_name(counterpart)
            ),
        )
    rows, elsewhere = in_dollars(rows)
    if rows.empty:
        return empty_figure(
            title,
            _("No part-year {indicator} figures in US$ between {country} and {counterpart}.").format(
                indicator=what.lower(), country=country_name(country), counterpart=country_name(counterpart)
            ),
            subtitle="; ".join(elsewhere),
        )
    rows, labels = _statement_rows(rows)
    fig = _statement_bars(rows, labels)
    high = float(rows["amount"].max()) * LABEL_ROOM
    ticks, tick_text = money_ticks(high, count=3)
    fig.update_xaxes(title_text=_("{indicator}, US$ over the months named").format(indicator=what), tickvals=ticks, ticktext=tick_text, range=[0, high])
    notes = [_("each bar covers only the months it names: not a full year, so not on the yearly chart"), *elsewhere]
    notes += bound_notes(rows, "period_label")
    alt = _("Bar chart of part-year {indicator} figures between {country} and {counterpart}: ").format(
        indicator=what.lower(), country=country_name(country), counterpart=country_name(counterpart)
    ) + ", ".join(f"{lab} {format_claim(r)}" for lab, r in zip(labels, records(rows), strict=True))
    meta = figure_meta(title, _("{indicator}, US$, for part of a year, as stated by each source").format(indicator=what), rows, notes, alt + ".")
    return house_layout(fig, meta, height=_statements_height(labels))


def growth_chart(rows: pd.DataFrame, *, indicator: str, country: str, counterpart: str) -> go.Figure:
    """Growth rates as stated ("up more than 10%"), often without the level they grew to: one bar per statement, in
    percent on the same period a year earlier, labelled as stated ("over +10%")."""
    what = indicator_name(indicator)
    title = _("{indicator}: {country} and {counterpart}, stated growth").format(
        indicator=what, country=country_name(country), counterpart=country_name(counterpart)
    )
    rows = rows[rows["amount"].notna()] if not rows.empty else rows
    if rows.empty:
        return empty_figure(
            title,
            _("No stated growth of {indicator} between {country} and {counterpart}.").format(
                indicator=what.lower(), country=country_name(country), counterpart=country_name(counterpart)
            ),
        )
    rows, labels = _statement_rows(rows)
    fig = _statement_bars(rows, labels)
    low, high = float(rows["amount"].min()), float(rows["amount"].max())
    span = max(high, 0.0) - min(low, 0.0)
    # A label stands beyond its bar's end, left of a fall and right of a rise: room on both sides of the longest.
    low, high = (min(0.0, low) - (LABEL_ROOM - 1) * span if low < 0 else 0.0), max(0.0, high) + (LABEL_ROOM - 1) * span
    fig.update_xaxes(title_text=_("% on a year earlier"), ticksuffix="%", range=[low, high], zeroline=True)
    notes = [_("growth rates as stated, often without the level they grew to; nothing is computed from them")]
    notes += bound_notes(rows, "period_label")
    for _key, group in rows.groupby("period", sort=False):
        if group["amount"].nunique() > 1:
            stated = _(" vs ").join(f"{format_claim(r)} ({who_said(r)})" for r in records(group))
            notes.append(
                _("{period}: sources differ — {figures}; shown side by side, not averaged").format(period=group["period_label"].iloc[0], figures=stated)
            )
    alt = _("Bar chart of stated growth of {indicator} between {country} and {counterpart}: ").format(
        indicator=what.lower(), country=country_name(country), counterpart=country_name(counterpart)
    ) + ", ".join(f"{lab} {format_claim(r)}" for lab, r in zip(labels, records(rows), strict=True))
    meta = figure_meta(title, _("Percent change on the same period a year earlier, as stated by each source"), rows, notes, alt + ".")
    return house_layout(fig, meta, height=_statements_height(labels))
