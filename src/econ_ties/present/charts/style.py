"""The house look of every chart: the colour-blind-safe palette, the plotly template, the layout, money ticks, and how
a bound is drawn (a hatched bar stopping at the stated figure, with an open-ended dotted arrow beyond it).

Also the figure that says there is nothing to draw, so an empty selection still carries the provenance contract.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from econ_ties.language import _
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


#: Plotly never wraps text, and Streamlit does not tell a chart how wide the screen is: every chart is laid out for the
#: narrowest screen we serve (a 390 px phone leaves about this much for text), and stays the same on a wider one.
NARROWEST_TEXT_PX = 330
TITLE_PX = 17
SUBTITLE_PX = 13
LEGEND_PX = 13
#: The smallest value label drawn on a bar; plotly hides a label it would have to shrink below this (issue 17 item 10).
MIN_LABEL_PX = 10
GLYPH = 0.62  # DejaVu Sans' average glyph width, in font sizes (wide letters included)
_LINE = 1.3  # plotly's line height for <br>-separated lines, in font sizes
_HEADER_TOP = 8
#: plotly lifts a title of several lines above its top anchor by about this much; the pad brings it back in.
_TITLE_LIFT = 10
_LEGEND_ROW = 22


def wrapped(text: str, font_px: float, width_px: float = NARROWEST_TEXT_PX) -> list[str]:
    """`text` broken into lines that fit `width_px` at `font_px` (by the average glyph width: plotly cannot measure)."""
    return textwrap.wrap(text, max(12, int(width_px / (font_px * GLYPH))), break_long_words=True, break_on_hyphens=False) or [""]


def wrapped_html(text: str, font_px: float, width_px: float = NARROWEST_TEXT_PX) -> str:
    """`wrapped` lines, each HTML-escaped for plotly, joined by <br>."""
    return "<br>".join(escaped(line) for line in wrapped(text, font_px, width_px))


def _legend_rows(fig: go.Figure) -> int:
    """How many rows a horizontal legend takes on the narrowest screen (0 when no legend is shown)."""
    shown = [t for t in fig.data if t.showlegend is not False and t.name]
    if fig.layout.showlegend is False or (fig.layout.showlegend is None and len(shown) < 2):
        return 0
    names = ([str(fig.layout.legend.title.text)] if fig.layout.legend.title.text else []) + list(dict.fromkeys(str(t.name) for t in shown))
    return legend_rows(names, LEGEND_PX * GLYPH, NARROWEST_TEXT_PX, gap_px=44)


def legend_rows(names: list[str], char_px: float, width_px: float, *, gap_px: float) -> int:
    """How many rows a horizontal legend of `names` fills in `width_px`: each item is its text (`char_px` a character)
    plus `gap_px` for its symbol and the gaps; an item that does not fit starts a row. 0 for no names."""
    rows, used = (1 if names else 0), 0.0
    for name in names:
        item = len(name) * char_px + gap_px
        if used and used + item > width_px:
            rows, used = rows + 1, 0.0
        used += item
    return rows


def house_layout(fig: go.Figure, meta: dict[str, Any], *, height: int = CHART_HEIGHT) -> go.Figure:
    """The last step of every chart: its provenance in `layout.meta`, title and subtitle from it, the house margins.

    The header is laid out in pixels from the top for the narrowest screen: the title and subtitle wrapped to it, the
    legend in rows under them, then the plot, so no width makes them overlap. Axis titles are wrapped to fit too, and
    value labels that would have to shrink below `MIN_LABEL_PX` to fit their bar are hidden (the hover and the table
    still give them).
    """
    title_lines = wrapped(meta["title"], TITLE_PX)
    subtitle_lines = wrapped(meta["subtitle"], SUBTITLE_PX) if meta["subtitle"] else []
    header = _HEADER_TOP + _TITLE_LIFT + len(title_lines) * TITLE_PX * _LINE + len(subtitle_lines) * SUBTITLE_PX * _LINE + 10
    legend_rows = _legend_rows(fig)
    top = header + legend_rows * _LEGEND_ROW + 12
    height = int(height + top - 80)  # the plot keeps the height it had under the one-line header of 80 px
    fig.update_layout(
        meta=meta,
        title={
            "text": "<br>".join(escaped(line) for line in title_lines),
            "subtitle": {"text": "<br>".join(escaped(line) for line in subtitle_lines), "font": {"size": SUBTITLE_PX}},
            "font": {"size": TITLE_PX},
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"l": 4, "t": _HEADER_TOP + _TITLE_LIFT},
        },
        height=height,
        margin={"l": 10, "r": 30, "t": int(top), "b": 40},
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13, "color": TEXT_COLOUR},
        hoverlabel={"align": "left"},
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "top",
            "y": 1 - header / height,
            "xanchor": "left",
            "x": 0,
            "font": {"size": LEGEND_PX},
            "entrywidthmode": "pixels",
        },
        uniformtext={"minsize": MIN_LABEL_PX, "mode": "hide"},
    )
    plot_px = height - top - 40
    for axis in [*fig.select_yaxes()]:
        if axis.title.text and "<br>" not in axis.title.text:
            axis.title.text = wrapped_html(axis.title.text, 13, min(220, max(120, plot_px - 20)))
    for axis in [*fig.select_xaxes()]:
        if axis.title.text and "<br>" not in axis.title.text:
            # Centred under the plot, which tick labels on the left (a partner's name and speaker) make much narrower.
            axis.title.text = wrapped_html(axis.title.text, 13, NARROWEST_TEXT_PX - 170)
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
                name=_("open-ended (lower bound)"),
            )
        )
