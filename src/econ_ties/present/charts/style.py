"""The house look of every chart: the colour-blind-safe palette, the plotly template, the layout, money ticks, and how
a bound is drawn (a hatched bar stopping at the stated figure, with an open-ended dotted arrow beyond it).

Also the figure that says there is nothing to draw, so an empty selection still carries the provenance contract.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from econ_ties.model.formatting import format_money
from econ_ties.present.charts.provenance import escaped, figure_meta, records

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
#: The chart's text, ticks and notes: #333333 has 12.6:1 contrast on the white paper (WCAG AA asks 4.5:1).
TEXT_COLOUR = "#333333"
#: Text written in a sector's colour (a note beside its bars): the same hue darkened until it has at least 4.5:1 on
#: white (Okabe–Ito orange is 2.3:1 and green 3.4:1 as text; tests/app/test_contrast.py measures each).
SECTOR_TEXT_COLOURS = {"total": "#8A5F00", "oil": OKABE_ITO["blue"], "non_oil": "#007E5C"}
SIDE_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["sky_blue"], OKABE_ITO["orange"]]
BOUND_PATTERN = "/"
CHART_HEIGHT = 420


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
        "font": {"color": TEXT_COLOUR},
        "colorway": list(OKABE_ITO.values()),
        "xaxis": {"gridcolor": "#E5E5E5", "zerolinecolor": "#BBBBBB", "automargin": True, "tickfont": {"color": TEXT_COLOUR}},
        "yaxis": {"gridcolor": "#E5E5E5", "zerolinecolor": "#BBBBBB", "automargin": True, "tickfont": {"color": TEXT_COLOUR}},
    }
)


def new_figure(*traces: Any) -> go.Figure:
    """An empty figure on the house template (never plotly's default template)."""
    return go.Figure(data=list(traces), layout={"template": TEMPLATE})


def house_layout(fig: go.Figure, meta: dict[str, Any], *, height: int = CHART_HEIGHT) -> go.Figure:
    """The last step of every chart: its provenance in `layout.meta`, title and subtitle from it, the house margins."""
    fig.update_layout(
        meta=meta,
        title={"text": escaped(meta["title"]), "subtitle": {"text": escaped(meta["subtitle"])}, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 30, "t": 80, "b": 40},
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13, "color": TEXT_COLOUR},
        hoverlabel={"align": "left"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
    )
    return fig


def empty_figure(title: str, message: str, *, subtitle: str = "") -> go.Figure:
    """A figure that says there is nothing to draw (and why), with the same meta keys as every other."""
    fig = new_figure()
    meta = figure_meta(title, subtitle or message, pd.DataFrame(), [message], f"{title}: {message}")
    fig.add_annotation(text=escaped(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return house_layout(fig, meta)


def bound_pattern(qualifiers: Any) -> dict[str, Any]:
    """Hatching for bars that stop at a bound (pattern marks per bar; the text on the bar stays readable)."""
    shapes = [q if q in (BOUND_PATTERN, "") else (BOUND_PATTERN if q in ("at_least", "at_most") else "") for q in qualifiers]
    return {"shape": shapes, "fgcolor": "#333333", "fgopacity": 0.45, "size": 10}


def drawn_amount(row: pd.Series) -> float:
    """Where a bar ends: the stated figure, or the stated end of a bound (never a made-up value beyond it)."""
    return float(row["amount"])


def bound_arrows(fig: go.Figure, rows: pd.DataFrame, *, position: Sequence[Any], extent: float, horizontal: bool) -> None:
    """An open-ended dotted arrow past each lower bound: the figure is somewhere beyond the end of the bar."""
    for row, where in zip(records(rows), position, strict=True):
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
