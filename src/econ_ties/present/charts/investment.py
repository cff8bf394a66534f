"""The chart of the Investment & sectors view (and the overview's first chart): investment stock in both directions,
split into oil and non-oil where the parts are stated, with a lower bound drawn open-ended and a "majority" in words.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from econ_ties.language import _
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim, format_label
from econ_ties.present.charts.partners import NAME_PX
from econ_ties.present.charts.provenance import direction_label, escaped, figure_meta, hover_text, records, sector_name, who_said
from econ_ties.present.charts.style import (
    BOUND_PATTERN,
    OKABE_ITO,
    SECTOR_COLOURS,
    SECTOR_TEXT_COLOURS,
    bound_arrows,
    bound_pattern,
    drawn_amount,
    empty_figure,
    house_layout,
    money_ticks,
    new_figure,
    wrapped_html,
)


def statement_labels(rows: pd.DataFrame) -> list[str]:
    """Each row's place on the chart: its direction ("Russia → Azerbaijan"), numbered when the same direction has
    statements from more than one source ("Russia → Azerbaijan (2)"): a short name fits a phone, and the hover and the
    chart's notes say who stated each."""
    directions = [direction_label(a, b) for a, b in zip(rows["country"], rows["counterpart"], strict=True)]
    order: dict[str, list[str]] = {}
    for direction, source in zip(directions, rows["source_id"], strict=True):
        if source not in order.setdefault(direction, []):
            order[direction].append(source)
    return [
        f"{direction} ({order[direction].index(source) + 1})" if len(order[direction]) > 1 else direction
        for direction, source in zip(directions, rows["source_id"], strict=True)
    ]


def investment_sector_chart(rows: pd.DataFrame, *, home: str, partner: str, period_label: str, sector: str = "all") -> go.Figure:
    """Investment stock in both directions side by side, split by sector where the parts are stated.

    Oil and non-oil parts are stacked; a total without stated parts is one bar. A lower bound is a hatched bar with an
    open-ended arrow and an "over" label. A "majority" claim is written next to its direction in words.
    """
    pair = {"home": country_name(home), "partner": country_name(partner), "period": period_label}
    title = _("Investment between {home} and {partner}, {period}").format(**pair)
    if rows.empty:
        return empty_figure(title, _("No investment statements between {home} and {partner} for {period}.").format(**pair))
    # One row per statement: a direction stated by two sources for the same period gets a row for each, named by who
    # stated it, never two bars drawn over each other.
    rows = rows.assign(_row=statement_labels(rows))
    directions, labels = [], []
    for country, counterpart in [(partner, home), (home, partner)]:
        mine = rows[(rows["country"] == country) & (rows["counterpart"] == counterpart)]
        for label in dict.fromkeys(mine["_row"]) or [direction_label(country, counterpart)]:
            directions.append((country, counterpart, label))
            labels.append(label)
    numbers = rows[rows["amount"].notna()]
    majority = rows[rows["qualifier"] == "majority"]
    fig = new_figure()
    drawn: list[pd.Series] = []
    notes: list[str] = []
    totals_drawn: list[tuple[str, pd.Series]] = []
    for drawn_sector in ("oil", "non_oil", "total"):
        if sector != "all" and drawn_sector != sector:
            continue
        ys, xs, texts, hovers, patterns, ids = [], [], [], [], [], []
        for country, counterpart, label in directions:
            mine = numbers[(numbers["country"] == country) & (numbers["counterpart"] == counterpart) & (numbers["_row"] == label)]
            has_parts = mine["sector"].isin(["oil", "non_oil"]).any()
            if sector == "all" and drawn_sector == "total" and has_parts:
                for total in records(mine[mine["sector"] == "total"]):
                    totals_drawn.append((label, total))
                continue
            # Two statements of one sector and direction are one bar and a mark, never two bars stacked into their
            # sum: the bar is the largest (a lower bound first, its arrow says "beyond"), the others marks with labels.
            stated = sorted(
                records(mine[mine["sector"] == drawn_sector]), key=lambda r: (-float(r["amount"]), r["qualifier"] != "at_least", str(r["claim_id"]))
            )
            totals_drawn += [(label, other) for other in stated[1:]]
            for row in stated[:1]:
                ys.append(label)
                xs.append(drawn_amount(row))
                texts.append(format_label(row))
                hovers.append(hover_text(row, f"{label}, {sector_name(drawn_sector).lower()}"))
                patterns.append(BOUND_PATTERN if row["qualifier"] in ("at_least", "at_most") else "")
                ids.append(str(row["claim_id"]))
                drawn.append(row)
        if ys:
            fig.add_trace(
                go.Bar(
                    x=xs, y=ys, orientation="h", name=sector_name(drawn_sector), text=texts, textposition="inside", insidetextanchor="middle",
                    hovertext=hovers, hoverinfo="text", marker={"color": SECTOR_COLOURS[drawn_sector], "pattern": bound_pattern(patterns)},
                    customdata=ids,
                )
            )  # fmt: skip
    # Two stated totals of one direction ("$6.3B" and "over $6.0B") end a few pixels apart: one label names both, on the
    # larger one's mark, instead of two labels written over each other.
    label_of = {}
    for label, part in dict.fromkeys((label, str(t["sector"])) for label, t in totals_drawn):
        mine = sorted((t for lb, t in totals_drawn if lb == label and t["sector"] == part), key=lambda t: -float(t["amount"]))
        figures = " · ".join(format_label(t) for t in mine)
        if part == "total":
            label_of[str(mine[0]["claim_id"])] = (_("totals {figures}") if len(mine) > 1 else _("total {figures}")).format(figures=figures)
        else:
            label_of[str(mine[0]["claim_id"])] = f"{sector_name(part).lower()} {figures}"
    for label, total in totals_drawn:
        fig.add_trace(
            go.Scatter(
                x=[float(total["amount"])], y=[label], mode="markers+text", text=[label_of.get(str(total["claim_id"]), "")], textposition="top left",
                marker={"symbol": "line-ns", "size": 34, "line": {"width": 3, "color": OKABE_ITO["black"]}}, hovertext=[hover_text(total, _("{row}, total").format(row=label))],
                hoverinfo="text", name=_("Stated total"), showlegend=False, customdata=[str(total["claim_id"])],
            )
        )  # fmt: skip
        drawn.append(total)
    for label in dict.fromkeys(r for r in rows["_row"] if r.endswith(")")):
        first = rows[rows["_row"] == label].iloc[0]
        notes.append(_("{row}: stated by {who}").format(row=label, who=who_said(first)))
    drawn_frame = pd.DataFrame(drawn) if drawn else rows.iloc[0:0]
    high = max([float(a) for a in drawn_frame.get("amount", [])] or [1.0]) * 1.35
    bound_rows = drawn_frame[drawn_frame["qualifier"] == "at_least"] if not drawn_frame.empty else drawn_frame
    if not bound_rows.empty:
        bound_arrows(fig, bound_rows, position=[r["_row"] for r in records(bound_rows)], extent=high * 0.1, horizontal=True)
        for r in records(bound_rows):
            notes.append(_("{row}: {figure} is a lower bound, drawn open-ended").format(row=r["_row"], figure=format_claim(r)))
    for row in records(majority):
        if sector not in ("all", row["sector"]) and sector != "total":
            continue
        label = str(row["_row"])
        words = _("the majority {sector} (no figure stated)").format(sector=sector_name(row["sector"]).lower())
        notes.append(f"{label}: {words}")
        # Written after its row's figure ("over $1.2B · majority non-oil"), on the row itself: a note floating in the
        # gap between rows ran into the next row's label once a period held several statements.
        tagged = False
        for trace in fig.data:
            if trace.type == "bar" and trace.y is not None and label in list(trace.y):
                i = list(trace.y).index(label)
                texts = list(trace.text)
                # Short lines fit a phone: "большинство — ненефтяной" on one ran out of the chart beside a short bar.
                texts[i] = f"{texts[i]}<br>" + wrapped_html(_("majority {sector}").format(sector=sector_name(row["sector"]).lower()), 13, NAME_PX)
                at = trace.textposition
                positions = list(at) if isinstance(at, list | tuple) else [at or "auto"] * len(texts)
                positions[i] = "outside"  # the longer text beside a short bar, not squeezed into it
                trace.text, trace.textposition, tagged = texts, positions, True
                break
        if not tagged:  # no figure on its row: the words are the row's only mark
            fig.add_annotation(
                x=0, y=label, xanchor="left", text=f"<i>{escaped(words)}</i>", showarrow=False, hovertext=hover_text(row, label),
                font={"color": SECTOR_TEXT_COLOURS[row["sector"]]},
            )  # fmt: skip
        drawn_frame = pd.concat([drawn_frame, pd.DataFrame([row])], ignore_index=True)
    if drawn_frame.empty:
        return empty_figure(
            title,
            _("No {sector} investment figures between {home} and {partner} for {period}.").format(sector=sector_name(sector).lower(), **pair),
        )
    ticks, tick_text = money_ticks(high, count=3)  # few ticks: a phone has room for three money labels across
    fig.update_xaxes(
        title_text=_("Cumulative investment (stock), US$, {period}").format(period=period_label), tickvals=ticks, ticktext=tick_text, range=[0, high]
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    fig.update_layout(barmode="stack", legend_title_text=_("Sector"), bargap=0.4)
    sector_words = _("by sector (oil / non-oil)") if sector == "all" else sector_name(sector).lower()
    subtitle = _("Cumulative investment stock, US$, {period}, {sectors}; hatched bars with arrows are lower bounds").format(
        period=period_label, sectors=sector_words
    )
    described = "; ".join(
        f"{direction_label(r['country'], r['counterpart'])} {sector_name(r['sector']).lower()} {format_claim(r)}" for r in records(drawn_frame)
    )
    alt = _("Bar chart of investment in both directions between {home} and {partner}, {period}: {figures}.").format(figures=described, **pair)
    meta = figure_meta(title, subtitle, drawn_frame, notes, alt)
    return house_layout(fig, meta)
