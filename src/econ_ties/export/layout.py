"""The chart laid out for export: title and subtitle on top, then the chart, a note, the source line and a footer.

`export_figure(fig, size=..., stamp=..., exported_on=...)` turns a dashboard chart into a plotly figure dict at one of
the named `SIZES` (social 1200×675, print 1800×1200; PNGs at `SCALE` times the pixels). Text grows with the canvas and
is wrapped to its width; margins are computed from the y axes' tick labels and titles and then fixed, so the footer,
placed in paper coordinates, lands exactly under the x axis. User text is made literal for plotly (`plotly_text`): its
pseudo-HTML is shown, never obeyed. Nothing here renders: that is `export.renderer`'s job.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from econ_ties.export.fonts import SNAPSHOT_FONT
from econ_ties.export.provenance import DatasetStamp, FigureProvenance, SnapshotError
from econ_ties.language import N_, _, n_
from econ_ties.present.charts.style import legend_rows

if TYPE_CHECKING:
    import plotly.graph_objects as go

#: Raster exports are drawn at twice their layout size, for sharp images on high-density screens and in print.
SCALE = 2


@dataclass(frozen=True)
class ImageSize:
    """A named layout size in CSS pixels; PNGs come out at `SCALE` times these pixels, PDFs at 0.75 pt per pixel."""

    name: str
    english_label: str  # marked with N_ for the catalog; `label` is it in the reader's language
    width: int
    height: int

    @property
    def label(self) -> str:
        return _(self.english_label)

    @property
    def pixels(self) -> tuple[int, int]:
        return self.width * SCALE, self.height * SCALE


SIZES: dict[str, ImageSize] = {
    "social": ImageSize("social", N_("Social media (1200 × 675)"), 1200, 675),
    "print": ImageSize("print", N_("Print (1800 × 1200)"), 1800, 1200),
}


_TITLE_FONT = 24
_SUBTITLE_FONT = 15
_NOTE_FONT = 13
_SOURCE_FONT = 13
_FOOTER_FONT = 11
_LINE = 1.3  # plotly's line height for <br>-separated lines, in font sizes
_SIDE = 32  # left/right padding of header and footer, px
_TOP = 20
_CHAR_WIDTH = 0.6  # average glyph width of DejaVu Sans (the charts' font, and Debian's fallback) in font sizes
_INK = "#1a1a1a"
_MUTED = "#4d4d4d"
_FAINT = "#767676"  # the lightest grey with 4.5:1 contrast on white


def plotly_text(text: str) -> str:
    """User text made literal for plotly: its pseudo-HTML (<b>, <br>, <a href>) and entities are shown, not obeyed."""
    return html.escape(text, quote=False)


def _wrap(text: str, font_size: float, width_px: float) -> list[str]:
    chars = max(20, int(width_px / (font_size * _CHAR_WIDTH)))
    return textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False) or [""]


#: The chart keeps at least this part of the image's height: a footer of many notes is shortened to leave it.
_MIN_PLOT_SHARE = 0.5
#: A source line is shortened only when it would leave the chart less than this part of the image (the notes give way
#: first: they are kept to `_MIN_PLOT_SHARE`).
_MIN_SOURCE_PLOT_SHARE = 0.35
#: No text under this size (the charts' `MIN_LABEL_PX`); a drawn row of text is about this many times its font size.
_MIN_TEXT_PX = 10
_ROW_PER_FONT = 1.2


def _fitted_notes(notes: list[str], font_size: float, width_px: float, max_lines: int) -> list[str]:
    """The note block's lines: whole notes while they fit in `max_lines`, then how many more the dashboard gives."""
    lines = _wrap(_("Note: {notes}").format(notes="; ".join(notes)), font_size, width_px)
    if len(lines) <= max_lines:
        return lines
    for kept in range(len(notes) - 1, -1, -1):
        more = len(notes) - kept
        more_notes = n_("{count} more note under the chart on the dashboard", "{count} more notes under the chart on the dashboard", more)
        text = _("Note: {notes}").format(notes="".join(f"{n}; " for n in notes[:kept]) + more_notes.format(count=more))
        lines = _wrap(text, font_size, width_px)
        if len(lines) <= max_lines:
            return lines
    return lines


def _fitted_source(source: str, font_size: float, width_px: float, max_lines: int) -> list[str]:
    """The source line's lines: whole while it fits in `max_lines`; else its first sources ("Sources: A; B; …") and how
    many more there are, which the image file's metadata lists (every source's address) as does the dashboard."""
    lines = _wrap(source, font_size, width_px)
    head, colon, rest = source.partition(": ")
    entries = rest.split("; ") if colon else []
    if len(lines) <= max_lines or len(entries) < 2:
        return lines
    for kept in range(len(entries) - 1, 0, -1):
        more = len(entries) - kept
        more_sources = n_(
            "{count} more source, listed in this file's metadata and on the dashboard",
            "{count} more sources, listed in this file's metadata and on the dashboard",
            more,
        ).format(count=more)
        lines = _wrap(f"{head}: " + "".join(f"{entry}; " for entry in entries[:kept]) + more_sources, font_size, width_px)
        if len(lines) <= max_lines:
            return lines
    return lines


def _one_line_names(layout: dict[str, Any]) -> None:
    """Category names wrapped for a phone (partner and speaker, a disagreement and its gap) on one line each: a
    snapshot is wide, and its rows are lower than the dashboard's."""
    for key in _axes(layout, "y"):
        axis = layout.get(key) or {}
        if axis.get("ticktext") is not None:
            layout[key] = {**axis, "ticktext": [str(t).replace("<br>", " ") for t in axis["ticktext"]]}


def _category_count(spec: Mapping[str, Any], key: str) -> int:
    """How many rows a category y axis has (0 for a numeric or date axis)."""
    axis = spec["layout"].get(key) or {}
    if axis.get("tickvals") is not None and axis.get("ticktext") is not None:
        return len(axis["tickvals"])
    ref = "y" + key[len("yaxis") :]
    values = {
        v for t in spec.get("data", []) if t.get("yaxis", "y") == ref and t.get("y") is not None and not isinstance(t.get("y"), (str, Mapping)) for v in t["y"]
    }
    return len(values) if axis.get("type") == "category" or any(isinstance(v, str) for v in values) else 0


def _fit_row_names(spec: Mapping[str, Any], plot_height: float, font_size: float) -> None:
    """Many rows (a partner per claim) on the fixed height of a snapshot: their names are set smaller, down to the
    10 px the charts never go under, so each stays within its row."""
    layout = spec["layout"]
    for key in _axes(layout, "y"):
        rows = _category_count(spec, key)
        if rows and plot_height / rows < font_size * _ROW_PER_FONT:
            axis = layout.get(key) or {}
            size = max(_MIN_TEXT_PX, int(plot_height / rows / _ROW_PER_FONT))
            layout[key] = {**axis, "tickfont": {**(axis.get("tickfont") or {}), "size": size}}


def _block(lines: list[str]) -> str:
    return "<br>".join(plotly_text(line) for line in lines)


def _is_cartesian(fig: Mapping[str, Any]) -> bool:
    cartesian = {"bar", "scatter", "scattergl", "histogram", "box", "violin", "heatmap", "waterfall", "funnel", "area", "candlestick", "ohlc"}
    return any(trace.get("type", "scatter") in cartesian for trace in fig.get("data", []))


def _legend_entries(fig: Mapping[str, Any]) -> list[str]:
    layout = fig.get("layout", {})
    traces = fig.get("data", [])
    if layout.get("showlegend") is False:
        return []
    names: list[str] = []
    for trace in traces:
        if trace.get("type") == "pie":
            names.extend(str(label) for label in trace.get("labels", []) or [])
        elif trace.get("showlegend") is not False:
            names.append(str(trace.get("name") or ""))
    shown_by_default = len([t for t in traces if t.get("showlegend") is not False]) > 1 or any(t.get("type") == "pie" for t in traces)
    return names if (layout.get("showlegend") is True or shown_by_default) else []


def _legend_rows(names: list[str], font_size: float, width_px: float) -> int:
    return legend_rows(names, font_size * _CHAR_WIDTH, width_px, gap_px=50)  # the dashboard's rule, at the image's size


def _axes(layout: Mapping[str, Any], letter: str) -> list[str]:
    return [key for key in layout if re.fullmatch(rf"{letter}axis\d*", key)] or [f"{letter}axis"]


def _axis_title(axis: Mapping[str, Any]) -> str:
    title = axis.get("title", {})
    text = title.get("text") if isinstance(title, Mapping) else title
    return str(text or "")


def _tick_label_width(spec: Mapping[str, Any], key: str, font_size: float) -> float:
    """Roughly how wide the widest tick label of a y axis is, in pixels (plotly measures it only in the browser)."""
    axis = spec["layout"].get(key) or {}
    if axis.get("ticktext") is not None:
        labels = [str(t) for t in axis["ticktext"]]
    else:
        ref = "y" + key[len("yaxis") :]
        values: list[Any] = []
        for trace in spec.get("data", []):
            if trace.get("yaxis", "y") == ref and trace.get("type", "scatter") not in ("pie",):
                raw = trace.get("y")
                values.extend(list(raw) if raw is not None and not isinstance(raw, (str, Mapping)) else [])
        if axis.get("type") == "category" or any(isinstance(v, str) and not re.match(r"^\d{4}-\d{2}", v) for v in values):
            labels = [str(v) for v in values]
        else:
            labels = ["00.0M"]  # numbers: plotly abbreviates them to a few characters
    return max((len(label) for label in labels), default=4) * font_size * 0.55


def _side_margins(spec: Mapping[str, Any]) -> tuple[int, int]:
    """Left and right margins that fit the y axes' tick labels and titles (the y axes may not push them either)."""
    layout = spec["layout"]
    if not _is_cartesian(spec):
        return _SIDE, _SIDE
    font_size = float(((layout.get("font") or {}).get("size")) or 12)
    needed = {"left": 0.0, "right": 0.0}
    for key in _axes(layout, "y"):
        axis = layout.get(key) or {}
        if axis.get("visible") is False:
            continue
        width = 0.0
        if axis.get("showticklabels") is not False:
            width += _tick_label_width(spec, key, font_size) + 12
        if _axis_title(axis):
            width += font_size * 1.4 * _LINE * len(_axis_title(axis).split("<br>")) + 8
        side = "right" if axis.get("side") == "right" else "left"
        needed[side] = max(needed[side], width)
    return int(_SIDE + needed["left"]), int(_SIDE + needed["right"])


def _axis_reserve(spec: Mapping[str, Any]) -> int:
    """Pixels below the plot area that the x axis needs (tick labels, axis title), so the footer can sit under them."""
    if not _is_cartesian(spec):
        return 16
    layout = spec["layout"]
    reserve = 0
    for key in _axes(layout, "x"):
        axis = layout.get(key) or {}
        if axis.get("visible") is False:
            continue
        angle = axis.get("tickangle")
        ticks = 0 if axis.get("showticklabels") is False else (30 if angle in (None, 0, "auto") else 80)
        # A chart's axis title may be wrapped (<br>) for a phone: each line takes its own height.
        title = _axis_title(axis)
        reserve = max(reserve, ticks + (10 + 22 * len(title.split("<br>")) if title else 0))
    return reserve + 14


def export_figure(fig: go.Figure | Mapping[str, Any], *, size: ImageSize, stamp: DatasetStamp, exported_on: dt.date) -> dict[str, Any]:
    """The chart laid out for export, as a plotly figure dict: header, chart, note, source line and footer.

    Margins are fixed (nothing may push them) so that the footer, placed in paper coordinates, lands exactly under the
    axis labels; the side margins are sized from the y axes' tick labels and titles.
    """
    original: dict[str, Any] = dict(fig) if isinstance(fig, Mapping) else fig.to_plotly_json()
    spec: dict[str, Any] = copy.deepcopy(original)
    spec = {"data": spec.get("data", []), "layout": spec.get("layout", {}) or {}}
    layout = spec["layout"]
    meta = FigureProvenance.of(spec)
    width, height = size.width, size.height
    # Text grows with the canvas (by the square root of its width over the social width), so a print export does not
    # read as small type in a large frame.
    grow = (width / SIZES["social"].width) ** 0.5
    title_font, subtitle_font = round(_TITLE_FONT * grow), round(_SUBTITLE_FONT * grow)
    note_font, source_font, footer_font = round(_NOTE_FONT * grow), round(_SOURCE_FONT * grow), round(_FOOTER_FONT * grow)
    chart_font = dict(layout.get("font") or {})
    chart_font["size"] = round(float(chart_font.get("size") or 12) * grow)
    # One named family for every text of the image (checked by export.fonts before the first render): a font list
    # ending in "sans-serif" would let a machine without it draw Azerbaijani or Cyrillic letters as boxes.
    chart_font["family"] = SNAPSHOT_FONT
    layout["font"] = chart_font
    text_width = width - 2 * _SIDE

    # Header: title and subtitle, anchored to the top of the image (container coordinates, not pushed by anything).
    title_lines = _wrap(meta.title or _("Untitled chart"), title_font, text_width)
    subtitle_lines = _wrap(meta.subtitle, subtitle_font, text_width) if meta.subtitle else []
    header = _TOP + len(title_lines) * title_font * _LINE + (len(subtitle_lines) * subtitle_font * _LINE + 6 if subtitle_lines else 0)
    title: dict[str, Any] = {
        "text": _block(title_lines),
        "x": _SIDE / width,
        "xanchor": "left",
        "xref": "container",
        "y": 1 - _TOP / height,
        "yanchor": "top",
        "yref": "container",
        "automargin": False,
        "font": {"size": title_font, "color": _INK, "weight": 700},
    }
    if subtitle_lines:
        title["subtitle"] = {"text": _block(subtitle_lines), "font": {"size": subtitle_font, "color": _MUTED}}
    layout["title"] = title

    # Legend: one horizontal band under the header, so it never collides with the footer.
    legend_font = round(12 * grow)
    legend_rows = _legend_rows(_legend_entries(spec), legend_font, text_width)
    legend_top = header + 8
    if legend_rows:
        layout["legend"] = {
            **(layout.get("legend") or {}),
            "orientation": "h",
            "x": _SIDE / width,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - legend_top / height,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": legend_font},
            "bgcolor": "rgba(255,255,255,0)",
        }
    margin_top = int(legend_top + legend_rows * 24 + 16)

    # Footer: note (bounds, conflicts), source line, then the dataset and export date — from the bottom edge up.
    _one_line_names(layout)
    source = meta.source_line or _("Source: not stated")
    labelled = _("Source: {source}")
    # A chart's own line already says "Source(s): …" (in English, or in the language it was drawn in).
    if not source.lower().startswith(("source", labelled.split("{source}")[0].strip(" :").lower())):
        source = labelled.format(source=source)
    axis_reserve = _axis_reserve(spec)
    # The source line may name dozens of sources (a timeline of every event): it keeps the chart its share of the image
    # and leaves a line for a note; the sources it cannot name are counted, and the file's metadata lists them all.
    stamp_line = footer_font * _LINE + 6
    note_line = note_font * _LINE + 6 if meta.notes else 0
    source_room = height * (1 - _MIN_SOURCE_PLOT_SHARE) - margin_top - stamp_line - 14 - axis_reserve - 6 - note_line
    blocks: list[tuple[list[str], int, str]] = [
        (_fitted_source(source, source_font, text_width, max(1, int(source_room // (source_font * _LINE)))), source_font, _INK),
        ([_("econ-ties · {dataset} · exported {date}").format(dataset=stamp.label, date=exported_on.isoformat())], footer_font, _FAINT),
    ]
    if meta.notes:
        # Notes go first in the footer; as many as leave the chart its share of the image (the rest stay on the page).
        below = sum(len(lines) * font * _LINE + 6 for lines, font, _ in blocks) + 14 + axis_reserve
        room = height * (1 - _MIN_PLOT_SHARE) - margin_top - below - 6
        note_lines = _fitted_notes(list(meta.notes), note_font, text_width, max(1, int(room // (note_font * _LINE))))
        blocks.insert(0, (note_lines, note_font, _MUTED))
    footer = sum(len(lines) * font * _LINE + 6 for lines, font, _ in blocks) + 14
    margin_bottom = int(footer + axis_reserve)
    plot_height = height - margin_top - margin_bottom
    if plot_height < 120:
        raise SnapshotError(
            _("the {size} size ({width}×{height}) is too small for this chart's title and source line").format(size=size.name, width=width, height=height)
        )

    _fit_row_names(spec, plot_height, float(chart_font["size"]))
    margin_left, margin_right = _side_margins(spec)
    plot_width = width - margin_left - margin_right
    if plot_width < 200:
        raise SnapshotError(
            _("the {size} size ({width}×{height}) is too narrow for this chart's axis labels").format(size=size.name, width=width, height=height)
        )
    # Nothing may push the margins: they are sized above, so paper coordinates map to exact pixels for the footer.
    layout["margin"] = {"t": margin_top, "b": margin_bottom, "l": margin_left, "r": margin_right, "pad": 4, "autoexpand": False}
    for key in [*_axes(layout, "x"), *_axes(layout, "y")]:
        layout[key] = {**(layout.get(key) or {}), "automargin": False}

    annotations = [a for a in layout.get("annotations", []) or [] if not (isinstance(a, Mapping) and a.get("name", "").startswith("snapshot-"))]
    offset: float = axis_reserve + 6
    for index, (lines, font, color) in enumerate(blocks):
        annotations.append(
            {
                "name": f"snapshot-{index}",
                "text": _block(lines),
                "align": "left",
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": -(margin_left - _SIDE) / plot_width,
                "xanchor": "left",
                "y": -offset / plot_height,
                "yanchor": "top",
                "font": {"size": font, "color": color},
            }
        )
        offset += len(lines) * font * _LINE + 6
    layout["annotations"] = annotations
    layout["width"], layout["height"] = width, height
    layout["paper_bgcolor"] = "white"
    layout.pop("meta", None)  # provenance goes into the file's metadata, not into the drawing
    return spec
