"""Charts of the Partners view: one reporter's partners on one indicator and period, as values, as shares of the
reporter's stated total, or by their stated rank. Two claims about the same partner are two bars, never one average.
A reporter with more than 15 partners (a publisher download names hundreds) gets its 15 largest and one "all others"
bar; the view's table and CSV still list every partner.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from econ_ties.io.publishers.format import valuation_of
from econ_ties.language import N_, _, n_
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import display_decimals, format_amount, format_claim, format_label, format_number, format_percent, label_decimals
from econ_ties.present.charts.provenance import cell_text, claim_ids, figure_meta, hover_text, indicator_name, records, who_said
from econ_ties.present.charts.style import (
    BOUND_PATTERN,
    CHART_HEIGHT,
    OKABE_ITO,
    SECTOR_COLOURS,
    TEXT_COLOUR,
    bound_arrows,
    bound_pattern,
    drawn_amount,
    empty_figure,
    house_layout,
    money_ticks,
    new_figure,
    wrapped_html,
)

#: The most partners a partners chart draws one by one; the rest are one "all others" bar.
PARTNERS_DRAWN = 15
ALL_OTHERS = N_("all others")
#: The "all others" bar is grey: it is no partner of its own (3:1 against white, as a bar must be).
OTHERS_COLOUR = "#767676"
BAR_ROW_PX = 26
#: A bar's name (partner and speaker) is wrapped to this width, so on a phone the bars keep most of the width; each of
#: its lines adds this much to its row.
NAME_PX = 130
NAME_LINE_PX = 17


def largest_partners(rows: pd.DataFrame, limit: int = PARTNERS_DRAWN) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The claims of the `limit` partners with the largest figures (by a partner's largest claim), and the rest."""
    largest = rows.groupby("counterpart", observed=True)["amount"].max().reset_index()
    if len(largest) <= limit:
        return rows, rows.iloc[0:0]
    largest = largest.sort_values(["amount", "counterpart"], ascending=[False, True], kind="stable")
    kept = rows["counterpart"].isin(set(largest["counterpart"].iloc[:limit]))
    return rows[kept], rows[~kept]


def _all_others(others: pd.DataFrame) -> tuple[float, str, str]:
    """The "all others" bar: its length, its label and its hover. One figure per partner, so a partner whose sources
    differ is counted once, with its larger figure; a lower bound among them makes the sum a lower bound."""
    each = others.sort_values(["amount", "claim_id"], ascending=[False, True], kind="stable").drop_duplicates("counterpart")
    total = float(each["amount"].sum())
    currency = str(each["currency"].iloc[0])
    qualifier = "at_least" if (each["qualifier"] == "at_least").any() else "exact"
    exact = max(display_decimals(int(d), float(m), total) for d, m in zip(each["decimals"], each["multiplier"], strict=True))
    differing = others.groupby("counterpart", observed=True)["amount"].nunique().gt(1).sum()
    lines = [
        f"<b>{_(ALL_OTHERS)}</b>",
        f"<b>{format_amount(total, currency, qualifier, exact)}</b> — "
        + n_("the sum of {count} partner", "the sum of {count} partners", len(each)).format(count=format_number(len(each))),
        _("each partner's largest figure where its sources differ") if differing else "",
        _("listed one by one in the table and the CSV"),
    ]
    return total, format_amount(total, currency, qualifier, label_decimals(total)), "<br>".join(line for line in lines if line)


#: A bar at least this part of the longest holds its value label inside; a shorter one has room for it beside it.
LABEL_INSIDE_FROM = 0.45


def _bar_labels(rows: pd.DataFrame, key: str, what: str = "") -> list[str]:
    """One label per claim, each on a row of its own. A party named twice gets what tells its claims apart: the
    valuation ("imports (CIF)", "imports (FOB)": IMF DOTS states imports both ways), the speaker (two sources disagree),
    and a number when nothing else does."""
    names = [country_name(str(n)) for n in rows[key]]
    found = records(rows)
    valuations = [valuation_of(cell_text(r.get("notes"))) for r in found]
    speakers = [who_said(r) for r in found]
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        groups.setdefault(name, []).append(i)
    labels = list(names)
    for members in groups.values():
        if len(members) == 1:
            continue
        by_valuation = len({valuations[i] for i in members}) > 1
        by_speaker = len({speakers[i] for i in members}) > 1 or not by_valuation
        for i in members:
            parts = [names[i]]
            if by_speaker:
                parts.append(speakers[i])
            if by_valuation:
                valuation = valuations[i] or _("valuation not stated")
                parts.append(f"{what.lower()} ({valuation})".strip())
            labels[i] = " · ".join(parts)
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = f"{label} ({seen[label]})"
    return labels


def partner_comparison_chart(
    rows: pd.DataFrame, *, reporter: str, indicator: str, period_label: str, show: str = "value", total: pd.Series | None = None
) -> go.Figure:
    """One reporter's partners on one indicator and period, as values or as shares of the reporter's total.

    Two claims about the same partner (different sources) are two bars, never one average.
    """
    what = indicator_name(indicator)
    title = _("{reporter}'s partners: {indicator}, {period}").format(indicator=what.lower(), reporter=country_name(reporter), period=period_label)
    if rows.empty:
        return empty_figure(
            title,
            _("No {indicator} figures for {reporter}'s partners in {period}.").format(
                indicator=what.lower(), reporter=country_name(reporter), period=period_label
            ),
        )
    rows = rows.sort_values(["amount", "claim_id"], ascending=[True, True], kind="stable")
    every, (rows, others) = rows, largest_partners(rows)
    labels = _bar_labels(rows, "counterpart", what)
    notes: list[str] = []
    others_amount, others_text, others_hover = 0.0, "", ""
    if not others.empty:
        others_amount, others_text, others_hover = _all_others(others)
        count = others["counterpart"].nunique()
        notes.append(
            _("The {drawn} largest partners are drawn one by one, the other {count} as one '{others}' bar; the table lists all").format(
                drawn=PARTNERS_DRAWN, count=count, others=_(ALL_OTHERS)
            )
        )
    bounds = rows[rows["qualifier"].isin(["at_least", "at_most"])]
    notes += [
        _("{partner}: {figure} is a bound, drawn open-ended").format(partner=country_name(r["counterpart"]), figure=format_claim(r)) for r in records(bounds)
    ]
    valued = {valuation_of(cell_text(n)) for n in rows.get("notes", [])} - {""}
    if len(valued) > 1:
        notes.append(_("CIF values imports at the importer's border (with freight and insurance), FOB at the exporter's: each is its own bar"))
    for partner, group in rows.groupby("counterpart"):
        if len({valuation_of(cell_text(n)) for n in group.get("notes", [])}) > 1:
            continue  # two valuations of one flow, not two sources disagreeing
        if len(group) > 1 and group["amount"].nunique() > 1:
            low, high = group["amount"].min(), group["amount"].max()
            stated = _(" vs ").join(f"{format_claim(r)} ({who_said(r)})" for r in records(group))
            notes.append(
                _("{partner}: sources differ by {gap}% — {figures}; both shown, not averaged").format(
                    partner=country_name(str(partner)), gap=format_number((high - low) / low * 100, 1), figures=stated
                )
            )
    hover = [hover_text(r, lab) for lab, r in zip(labels, records(rows), strict=True)]
    patterns = [BOUND_PATTERN if q in ("at_least", "at_most") else "" for q in rows["qualifier"]]
    colour = SECTOR_COLOURS["total"]
    # The "all others" bar goes first: a horizontal bar chart draws its first bar at the bottom.
    other_bars = 0 if others.empty else 1
    y = [ALL_OTHERS] * other_bars + labels
    colours = [OTHERS_COLOUR] * other_bars + [colour] * len(labels)
    patterns = [""] * other_bars + patterns
    hover = [others_hover] * other_bars + hover
    ids = [""] * other_bars + claim_ids(rows)
    # A label goes inside a bar long enough to hold it (a narrow screen has no room beside the longest bars), in a
    # colour readable on that bar: white on the grey "all others", the chart's text colour on orange.
    inside = ["#FFFFFF"] * other_bars + [TEXT_COLOUR] * len(labels)
    extra_sources: list[str] = []
    if show == "share":
        if total is None:
            return empty_figure(
                title,
                _("No total {indicator} of {reporter} is stated for {period}, so shares cannot be computed.").format(
                    indicator=what.lower(), reporter=country_name(reporter), period=period_label
                ),
            )
        extra_sources.append(str(total["source_id"]))
        base = float(total["amount"])
        shares = [float(a) / base * 100 for a in rows["amount"]]
        text = [
            f"{format_percent(s, 1, 'at_least' if q == 'at_least' else 'exact')} ({format_label(r)})"
            for s, q, r in zip(shares, rows["qualifier"], records(rows), strict=True)
        ]
        if other_bars:
            shares, text = [others_amount / base * 100, *shares], [f"{format_percent(others_amount / base * 100, 1)} ({others_text})", *text]
        subtitle = _("Share of {reporter}'s total {indicator} ({total}, {period}), in percent").format(
            indicator=what.lower(), total=format_claim(total), reporter=country_name(reporter), period=period_label
        )
        fig = new_figure(
            go.Bar(
                x=shares, y=y, orientation="h", text=text, textposition="auto", insidetextfont={"color": inside}, hovertext=hover, hoverinfo="text",
                marker={"color": colours, "pattern": bound_pattern(patterns)}, name=_("share"), customdata=ids,
            )
        )  # fmt: skip
        fig.update_xaxes(
            title_text=_("% of {reporter}'s total {indicator}").format(reporter=country_name(reporter), indicator=what.lower()),
            ticksuffix="%",
            range=[0, max(shares) * 1.35],
        )
        notes.append(_("Total: {figure} ({who})").format(figure=format_claim(total), who=who_said(total)))
        alt = _("Bar chart of {reporter}'s partners by share of total {indicator} in {period}: ").format(
            indicator=what.lower(), reporter=country_name(reporter), period=period_label
        ) + ", ".join(f"{_(lab) if lab == ALL_OTHERS else lab} {format_percent(s, 1)}" for lab, s in zip(reversed(y), reversed(shares), strict=True))
    else:
        amounts = [others_amount] * other_bars + [drawn_amount(r) for r in records(rows)]
        texts = [others_text] * other_bars + [format_label(r) for r in records(rows)]
        high = max(amounts) * 1.3
        # A long bar holds its label (or hides it when too short for 10 px text: the hover gives it); a short bar's label
        # stands beside it. "auto" put labels of near-longest bars beyond the chart's right edge on a phone.
        where = ["inside" if a >= LABEL_INSIDE_FROM * max(amounts) else "outside" for a in amounts]
        fig = new_figure(
            go.Bar(
                x=amounts, y=y, orientation="h", text=texts, textposition=where, insidetextfont={"color": inside},
                hovertext=hover, hoverinfo="text", marker={"color": colours, "pattern": bound_pattern(patterns)}, name=_("value"),
                customdata=ids,
            )
        )  # fmt: skip
        bound_arrows(fig, rows, position=labels, extent=high * 0.08, horizontal=True)
        ticks, tick_text = money_ticks(high, count=3)  # few ticks: a phone has room for three money labels across
        fig.update_xaxes(
            title_text=_("{indicator}, US$ (flow over {period})").format(indicator=what, period=period_label)
            if rows["measure"].iloc[0] == "flow"
            else _("{indicator}, US$").format(indicator=what),
            tickvals=ticks,
            ticktext=tick_text,
            range=[0, high],
        )
        subtitle = _("{indicator}, US$, {period}, as stated by each source").format(indicator=what, period=period_label)
        alt = (
            _("Bar chart of {reporter}'s partners by {indicator} in {period}: ").format(
                indicator=what.lower(), reporter=country_name(reporter), period=period_label
            )
            + ", ".join(f"{lab} {format_claim(r)}" for lab, r in zip(reversed(labels), records(rows.iloc[::-1]), strict=True))
            + (
                ", " + _("{others} ({count} partners) {figure}").format(others=_(ALL_OTHERS), count=others["counterpart"].nunique(), figure=others_text)
                if other_bars
                else ""
            )
        )
    names = [wrapped_html(_(name) if name == ALL_OTHERS else name, 13, NAME_PX) for name in y]
    fig.update_yaxes(tickmode="array", tickvals=y, ticktext=names)
    fig.update_layout(showlegend=False)
    # The provenance names every claim, drawn one by one or in "all others": the table and CSV are built from it.
    frame = every if total is None or show != "share" else pd.concat([every, pd.DataFrame([dict(total)])], ignore_index=True)
    meta = figure_meta(title, subtitle, frame, notes, alt + ".", extra_sources=extra_sources)
    # Each bar keeps a row tall enough for its label however many partners there are.
    row_px = max(BAR_ROW_PX, max(name.count("<br>") + 1 for name in names) * NAME_LINE_PX + 6)
    return house_layout(fig, meta, height=max(CHART_HEIGHT, 140 + row_px * len(y)))


def partner_rank_chart(rows: pd.DataFrame, *, reporter: str, period_label: str) -> go.Figure:
    """Stated ranks of a reporter's trade partners (1 = largest), as a dot per claim on a reversed rank axis."""
    title = _("Where partners rank in {reporter}'s trade, {period}").format(reporter=country_name(reporter), period=period_label)
    if rows.empty:
        return empty_figure(title, _("No stated trade-partner ranks for {reporter} in {period}.").format(reporter=country_name(reporter), period=period_label))
    rows = rows.sort_values(["value", "claim_id"], kind="stable")
    labels = _bar_labels(rows, "counterpart")
    ranks = [int(v) for v in rows["value"]]
    fig = new_figure(
        go.Scatter(
            x=ranks, y=labels, mode="markers+text", text=[format_claim(r) for r in records(rows)], textposition="middle right",
            marker={"size": 18, "color": OKABE_ITO["blue"]}, hovertext=[hover_text(r, lab) for lab, r in zip(labels, records(rows), strict=True)],
            hoverinfo="text", name=_("stated rank"), customdata=claim_ids(rows),
        )
    )  # fmt: skip
    fig.update_xaxes(title_text=_("Stated rank among trade partners (1 = largest)"), range=[max(ranks) + 1, 0.5], dtick=1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(showlegend=False)
    alt = _("Dot chart of stated trade-partner ranks for {reporter} in {period}: ").format(reporter=country_name(reporter), period=period_label) + ", ".join(
        f"{lab} {format_claim(r)}" for lab, r in zip(labels, records(rows), strict=True)
    )
    meta = figure_meta(title, _("Rank as stated by the source, {period}").format(period=period_label), rows, [], alt + ".")
    return house_layout(fig, meta)


def partner_share_chart(rows: pd.DataFrame, *, reporter: str, period_label: str) -> go.Figure:
    """Partners' shares of a reporter's trade as the sources state them ("Italy: 25.83%"), one bar per claim: stated,
    not computed from a total, so two sources that differ are two bars."""
    title = _("{reporter}'s partners: stated shares of trade, {period}").format(reporter=country_name(reporter), period=period_label)
    if rows.empty:
        return empty_figure(
            title, _("No source states a partner's share of {reporter}'s trade in {period}.").format(reporter=country_name(reporter), period=period_label)
        )
    rows = rows.sort_values(["amount", "claim_id"], ascending=[True, True], kind="stable")
    labels = _bar_labels(rows, "counterpart")
    high = float(rows["amount"].max()) * 1.35
    fig = new_figure(
        go.Bar(
            x=rows["amount"], y=labels, orientation="h", text=[format_label(r) for r in records(rows)], textposition="auto",
            insidetextfont={"color": TEXT_COLOUR}, hovertext=[hover_text(r, lab) for lab, r in zip(labels, records(rows), strict=True)],
            hoverinfo="text", marker={"color": SECTOR_COLOURS["total"], "pattern": bound_pattern(rows["qualifier"])}, name=_("stated share"),
            customdata=claim_ids(rows),
        )
    )  # fmt: skip
    fig.update_xaxes(title_text=_("% of {reporter}'s trade, as stated").format(reporter=country_name(reporter)), ticksuffix="%", range=[0, high])
    fig.update_layout(showlegend=False)
    notes = [_("shares as each source states them; the hover and the claim's notes say of what (all trade, or exports)")]
    alt = _("Bar chart of stated shares of {reporter}'s trade in {period}: ").format(reporter=country_name(reporter), period=period_label) + ", ".join(
        f"{lab} {format_claim(r)}" for lab, r in zip(reversed(labels), records(rows.iloc[::-1]), strict=True)
    )
    meta = figure_meta(
        title,
        _("Share of {reporter}'s trade, in percent, {period}, as stated by each source").format(reporter=country_name(reporter), period=period_label),
        rows,
        notes,
        alt + ".",
    )
    return house_layout(fig, meta, height=max(CHART_HEIGHT, 140 + BAR_ROW_PX * len(labels)))
