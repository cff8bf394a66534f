"""Figure snapshots for journalists: a chart as PNG, SVG or PDF with its title, source and date on the image.

`render_snapshot(fig, format=..., size=..., stamp=...)` takes a chart from `charts` (whose `layout.meta` says what it
shows and where the numbers come from), lays it out as an export figure — title; a subtitle saying what is measured; a
note for bounds and conflicts; a source line naming publishers, speaker and date; a footer with the dataset revision or
content hash and the export date — and renders it with kaleido through Debian's Chromium, kept warm across exports in
one process. The files carry their provenance for machines too: PNG text chunks and an SVG `<metadata>` element with
the claim ids, the sources' web addresses and the dataset's content hash, and the PDF's document information and XMP
packet the same (written with pypdf). Beside the file, `citation` writes a sentence
ready to paste, and `permalink` / `embed_snippet` point back to the exact view. A missing Chromium is an expected
outcome (`ChromiumMissing`, one sentence on how to install it), not a traceback. No Streamlit here.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import io
import json
import re
import struct
import textwrap
import threading
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode
from xml.etree import ElementTree as ET

from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim
from econ_ties.model.schema import SECTOR_LABELS, Claim, Indicator, Qualifier

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from econ_ties.checks.dataset import Dataset

FORMATS = ("png", "svg", "pdf")
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
#: Raster exports are drawn at twice their layout size, for sharp images on high-density screens and in print.
SCALE = 2
INSTALL_CHROMIUM = "Image export needs Chromium, which is not installed here: install it with `apt-get install -y chromium` (as root) and try again."
SOFTWARE = "econ-ties"
PROVENANCE_NS = "https://econ-ties.org/ns/provenance/1"
DC_NS = "http://purl.org/dc/elements/1.1/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ET.register_namespace("et", PROVENANCE_NS)
ET.register_namespace("dc", DC_NS)
ET.register_namespace("rdf", RDF_NS)


@dataclass(frozen=True)
class ImageSize:
    """A named layout size in CSS pixels; PNGs come out at `SCALE` times these pixels, PDFs at 0.75 pt per pixel."""

    name: str
    label: str
    width: int
    height: int

    @property
    def pixels(self) -> tuple[int, int]:
        return self.width * SCALE, self.height * SCALE


SIZES: dict[str, ImageSize] = {
    "social": ImageSize("social", "Social media (1200 × 675)", 1200, 675),
    "print": ImageSize("print", "Print (1800 × 1200)", 1800, 1200),
}


class SnapshotError(RuntimeError):
    """An export that could not be made, with a message for the user (never a traceback)."""


class ChromiumMissing(SnapshotError):
    def __init__(self) -> None:
        super().__init__(INSTALL_CHROMIUM)


# -- what the figure says about itself -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureProvenance:
    """The `layout.meta` every chart carries (see the charts contract): what it shows and where the numbers come from."""

    title: str = ""
    subtitle: str = ""
    source_line: str = ""
    notes: tuple[str, ...] = ()
    claim_ids: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    source_urls: tuple[str, ...] = ()
    alt_text: str = ""

    @classmethod
    def of(cls, fig: go.Figure | Mapping[str, Any]) -> FigureProvenance:
        layout = fig.get("layout", {}) if isinstance(fig, Mapping) else fig.layout.to_plotly_json()
        meta = layout.get("meta") or {}
        if not isinstance(meta, Mapping):
            meta = {}

        def text(key: str) -> str:
            value = meta.get(key)
            return "" if value is None else str(value).strip()

        def texts(key: str) -> tuple[str, ...]:
            value = meta.get(key) or ()
            if isinstance(value, str):
                value = [value]
            return tuple(str(v).strip() for v in value if v is not None and str(v).strip())

        return cls(
            title=text("title"),
            subtitle=text("subtitle"),
            source_line=text("source_line"),
            notes=texts("notes"),
            claim_ids=texts("claim_ids"),
            source_ids=texts("source_ids"),
            source_urls=texts("source_urls"),
            alt_text=text("alt_text"),
        )


@dataclass(frozen=True)
class DatasetStamp:
    """Which data a snapshot shows: the dataset's content hash and, when published through the store, its revision."""

    content_hash: str
    revision: int | None = None

    @classmethod
    def of(cls, dataset: Dataset, revision: int | None = None) -> DatasetStamp:
        return cls(dataset.content_hash, revision)

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    @property
    def label(self) -> str:
        """ "dataset revision 3 (sha256 1a2b3c4d5e6f)" or "dataset sha256 1a2b3c4d5e6f"."""
        digest = f"sha256 {self.short_hash}"
        return f"dataset revision {self.revision} ({digest})" if self.revision is not None else f"dataset {digest}"


@dataclass(frozen=True)
class Snapshot:
    """One exported file: its bytes and how to offer it for download."""

    data: bytes
    format: str
    size: ImageSize
    file_name: str
    provenance: FigureProvenance
    stamp: DatasetStamp
    exported_on: dt.date
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def mime(self) -> str:
        return MIME_TYPES[self.format]


# -- the export figure -----------------------------------------------------------------------------------------------

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
    if not names:
        return 0
    rows, used = 1, 0.0
    for name in names:
        item = len(name) * font_size * _CHAR_WIDTH + 50  # symbol and gaps
        if used and used + item > width_px:
            rows, used = rows + 1, 0.0
        used += item
    return rows


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
            width += font_size * 1.4 * _LINE + 8
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
        reserve = max(reserve, ticks + (28 if _axis_title(axis) else 0))
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
    layout["font"] = chart_font
    text_width = width - 2 * _SIDE

    # Header: title and subtitle, anchored to the top of the image (container coordinates, not pushed by anything).
    title_lines = _wrap(meta.title or "Untitled chart", title_font, text_width)
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
    blocks: list[tuple[list[str], int, str]] = []
    if meta.notes:
        blocks.append((_wrap("Note: " + "; ".join(meta.notes), note_font, text_width), note_font, _MUTED))
    source = meta.source_line or "not stated"
    if not source.lower().startswith("source"):
        source = f"Source: {source}"
    blocks.append((_wrap(source, source_font, text_width), source_font, _INK))
    blocks.append(([f"econ-ties · {stamp.label} · exported {exported_on.isoformat()}"], footer_font, _FAINT))
    footer = sum(len(lines) * font * _LINE + 6 for lines, font, _ in blocks) + 14
    axis_reserve = _axis_reserve(spec)
    margin_bottom = int(footer + axis_reserve)
    plot_height = height - margin_top - margin_bottom
    if plot_height < 120:
        raise SnapshotError(f"the {size.name} size ({width}×{height}) is too small for this chart's title and source line")

    margin_left, margin_right = _side_margins(spec)
    plot_width = width - margin_left - margin_right
    if plot_width < 200:
        raise SnapshotError(f"the {size.name} size ({width}×{height}) is too narrow for this chart's axis labels")
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


# -- the warm renderer -----------------------------------------------------------------------------------------------


def find_chromium() -> str | None:
    """The Chromium kaleido would start (BROWSER_PATH, then PATH and the usual places), or None when there is none."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    return path if path and Path(path).is_file() else None


class WarmChromium:
    """kaleido's one sync server per process: Chromium starts once and stays up for every later export.

    kaleido's server takes one request at a time and is not safe to call from two threads at once (its reply queue is
    shared), so calls are serialised with a lock. Each render takes a few hundred milliseconds; a Streamlit page calls
    this from the download callback thread, never from a script rerun, so other users' reruns do not wait on it.
    """

    START_TIMEOUT = 60.0

    def __init__(self) -> None:
        self._render_lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._ready = False
        self._failure = ""

    def start(self) -> None:
        if self._ready:
            return
        with self._start_lock:
            if self._ready:
                return
            if self._failure:
                raise SnapshotError(self._failure)
            if find_chromium() is None:
                raise ChromiumMissing()
            import kaleido

            # MathJax comes from a CDN by default; charts use no LaTeX and the server may be offline.
            kaleido.start_sync_server(mathjax=False, timeout=self.START_TIMEOUT, silence_warnings=True)
            # The first render opens the browser. If Chromium cannot start, kaleido's server thread dies and a plain
            # call would wait forever, so the warm-up waits in a side thread with a deadline.
            failure: list[BaseException] = []

            def warm_up() -> None:
                try:
                    self._render({"data": [], "layout": {}}, "png", 10, 10, 1)
                except BaseException as exc:  # reported below, in the caller's thread
                    failure.append(exc)

            worker = threading.Thread(target=warm_up, name="econ-ties-chromium-warm-up", daemon=True)
            worker.start()
            worker.join(self.START_TIMEOUT)
            if worker.is_alive() or failure:
                reason = str(failure[0]) if failure else f"no answer within {self.START_TIMEOUT:.0f} s"
                self._failure = f"Chromium did not start for image export ({reason}); check that `chromium --headless` runs on this machine."
                raise SnapshotError(self._failure)
            self._ready = True

    def _render(self, spec: Mapping[str, Any], format: str, width: int, height: int, scale: float) -> bytes:
        import kaleido

        with self._render_lock:
            return kaleido.calc_fig_sync(spec, opts={"format": format, "width": width, "height": height, "scale": scale})

    @property
    def ready(self) -> bool:
        return self._ready

    def stop(self) -> None:
        """Close Chromium and wait for it, so its profile folder is removed cleanly before a command exits."""
        with self._start_lock:
            if not self._ready:
                return
            import kaleido

            with self._render_lock:
                kaleido.stop_sync_server(silence_warnings=True)
            self._ready = False

    def render(self, spec: Mapping[str, Any], *, format: str, width: int, height: int, scale: float = SCALE) -> bytes:
        """Image bytes for a plotly figure dict; starts Chromium on first use."""
        self.start()
        return self._render(spec, format, width, height, scale)


CHROMIUM = WarmChromium()


def chromium_problem() -> str | None:
    """The one sentence to show instead of download buttons when this machine cannot export images, else None."""
    return INSTALL_CHROMIUM if find_chromium() is None else None


# -- provenance inside the files -------------------------------------------------------------------------------------


def provenance_record(meta: FigureProvenance, stamp: DatasetStamp, exported_on: dt.date, *, permalink: str = "") -> dict[str, Any]:
    """Everything a machine needs to trace the figure back: the JSON stored in the files."""
    return {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "source_line": meta.source_line,
        "notes": list(meta.notes),
        "claim_ids": list(meta.claim_ids),
        "source_ids": list(meta.source_ids),
        "source_urls": list(meta.source_urls),
        "content_hash": f"sha256:{stamp.content_hash}",
        "revision": stamp.revision,
        "exported_on": exported_on.isoformat(),
        "permalink": permalink,
        "software": SOFTWARE,
    }


def png_text_entries(record: Mapping[str, Any], alt_text: str = "") -> dict[str, str]:
    """PNG text chunks: the registered keywords (Title, Description, Source, …) and econ-ties' own."""
    entries = {
        "Title": record["title"],
        "Description": " ".join(part for part in (record["subtitle"], alt_text) if part),
        "Source": record["source_line"],
        "Comment": "; ".join(record["notes"]),
        "Software": SOFTWARE,
        "Creation Time": record["exported_on"],
        "econ-ties:claim_ids": " ".join(record["claim_ids"]),
        "econ-ties:source_ids": " ".join(record["source_ids"]),
        "econ-ties:source_urls": " ".join(record["source_urls"]),
        "econ-ties:content_hash": record["content_hash"],
        "econ-ties:revision": "" if record["revision"] is None else str(record["revision"]),
        "econ-ties:permalink": record["permalink"],
        "econ-ties:provenance": json.dumps(record, ensure_ascii=False, sort_keys=True),
    }
    return {key: value for key, value in entries.items() if value}


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def add_png_text(png: bytes, entries: Mapping[str, str]) -> bytes:
    """The PNG with text chunks inserted after its header: tEXt for Latin-1 text, iTXt (UTF-8) for anything else.

    Written chunk by chunk rather than through an image library so the pixels are not decoded and re-compressed.
    """
    signature = b"\x89PNG\r\n\x1a\n"
    if not png.startswith(signature) or png[12:16] != b"IHDR":
        raise SnapshotError("the renderer returned something that is not a PNG image")
    header_end = 8 + 8 + struct.unpack(">I", png[8:12])[0] + 4
    chunks = []
    for keyword, text in entries.items():
        key = keyword.encode("latin-1")[:79]
        try:
            chunks.append(_png_chunk(b"tEXt", key + b"\0" + text.encode("latin-1")))
        except UnicodeEncodeError:
            # iTXt: keyword, compression flag and method (none), empty language tag, empty translated keyword, UTF-8 text.
            chunks.append(_png_chunk(b"iTXt", key + b"\0\0\0" + b"\0" + b"\0" + text.encode("utf-8")))
    return png[:header_end] + b"".join(chunks) + png[header_end:]


def svg_metadata(record: Mapping[str, Any]) -> ET.Element:
    """An SVG `<metadata>` element: Dublin Core for general tools, econ-ties' own elements for claim-level tracing."""
    metadata = ET.Element("metadata", {"id": "econ-ties-provenance"})
    rdf = ET.SubElement(metadata, f"{{{RDF_NS}}}RDF")
    description = ET.SubElement(rdf, f"{{{RDF_NS}}}Description")
    ET.SubElement(description, f"{{{DC_NS}}}title").text = record["title"]
    ET.SubElement(description, f"{{{DC_NS}}}description").text = record["subtitle"]
    ET.SubElement(description, f"{{{DC_NS}}}date").text = record["exported_on"]
    ET.SubElement(description, f"{{{DC_NS}}}identifier").text = record["content_hash"]
    for url in record["source_urls"]:
        ET.SubElement(description, f"{{{DC_NS}}}source").text = url
    attributes = {"content-hash": record["content_hash"], "exported-on": record["exported_on"], "software": record["software"]}
    if record["revision"] is not None:
        attributes["revision"] = str(record["revision"])
    if record["permalink"]:
        attributes["permalink"] = record["permalink"]
    provenance = ET.SubElement(metadata, f"{{{PROVENANCE_NS}}}provenance", attributes)
    ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}source-line").text = record["source_line"]
    for note in record["notes"]:
        ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}note").text = note
    for claim_id in record["claim_ids"]:
        ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}claim", {"id": claim_id})
    for source_id in record["source_ids"]:
        ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}source", {"id": source_id})
    for url in record["source_urls"]:
        ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}source-url", {"href": url})
    return metadata


def add_svg_metadata(svg: str, record: Mapping[str, Any], alt_text: str = "") -> str:
    """The SVG with `<title>`, `<desc>` (for screen readers) and `<metadata>` as the first children of its root."""
    root = re.search(r"<svg\b[^>]*>", svg)
    if root is None:
        raise SnapshotError("the renderer returned something that is not an SVG image")
    title = ET.Element("title")
    title.text = record["title"]
    parts = [ET.tostring(title, encoding="unicode")]
    if alt_text:
        desc = ET.Element("desc")
        desc.text = alt_text
        parts.append(ET.tostring(desc, encoding="unicode"))
    parts.append(ET.tostring(svg_metadata(record), encoding="unicode"))
    head = root.group(0)
    if 'role="img"' not in head:
        head = head[:-1].rstrip("/") + ' role="img">' if not head.endswith("/>") else head
    return svg[: root.start()] + head + "".join(parts) + svg[root.end() :]


#: The PDF document-information keys econ-ties adds beside the standard ones (a PDF name may hold any such key).
PDF_INFO_KEYS = {
    "claim_ids": "/EconTiesClaimIds",
    "source_ids": "/EconTiesSourceIds",
    "source_urls": "/EconTiesSourceURLs",
    "content_hash": "/EconTiesContentHash",
    "revision": "/EconTiesRevision",
    "permalink": "/EconTiesPermalink",
    "provenance": "/EconTiesProvenance",
}


def pdf_info_entries(record: Mapping[str, Any]) -> dict[str, str]:
    """The PDF's document information: Title, Subject, Author, Creator, Keywords, and econ-ties' own keys."""
    keywords = [f"claim {claim_id}" for claim_id in record["claim_ids"]]
    keywords.append(record["content_hash"])
    if record["revision"] is not None:
        keywords.append(f"dataset revision {record['revision']}")
    entries = {
        "/Title": record["title"],
        "/Subject": record["subtitle"],
        "/Author": SOFTWARE,
        "/Creator": SOFTWARE,
        "/Keywords": "; ".join(keywords),
        "/CreationDate": "D:" + record["exported_on"].replace("-", ""),
        PDF_INFO_KEYS["claim_ids"]: " ".join(record["claim_ids"]),
        PDF_INFO_KEYS["source_ids"]: " ".join(record["source_ids"]),
        PDF_INFO_KEYS["source_urls"]: " ".join(record["source_urls"]),
        PDF_INFO_KEYS["content_hash"]: record["content_hash"],
        PDF_INFO_KEYS["revision"]: "" if record["revision"] is None else str(record["revision"]),
        PDF_INFO_KEYS["permalink"]: record["permalink"],
        PDF_INFO_KEYS["provenance"]: json.dumps(record, ensure_ascii=False, sort_keys=True),
    }
    return {key: value for key, value in entries.items() if value}


def add_pdf_metadata(pdf: bytes, record: Mapping[str, Any], alt_text: str = "") -> tuple[bytes, dict[str, str]]:
    """The PDF with its document information and an XMP packet saying what it shows and where the numbers come from.

    Chromium names every printed page "Kaleido-fier"; this replaces that with the chart's title, subtitle, claim ids,
    source addresses and the dataset's content hash (Dublin Core in the XMP packet, for tools that read only XMP).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.xmp import XmpInformation

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    except (PyPdfError, ValueError) as failure:
        raise SnapshotError(f"the renderer returned something that is not a readable PDF ({failure})") from failure
    entries = pdf_info_entries(record)
    writer.metadata = None  # drop Chromium's Title; Producer is set again below
    writer.add_metadata({**entries, "/Producer": f"{SOFTWARE} (Chromium, pypdf)"})
    xmp = XmpInformation.create()
    xmp.dc_title = {"x-default": record["title"]}
    description = " ".join(part for part in (record["subtitle"], alt_text) if part)
    if description:
        xmp.dc_description = {"x-default": description}
    xmp.dc_creator = [SOFTWARE]
    xmp.dc_date = [dt.datetime.fromisoformat(record["exported_on"])]
    xmp.dc_identifier = record["content_hash"]
    xmp.dc_subject = list(record["claim_ids"])
    xmp.dc_relation = list(record["source_urls"])
    if record["source_line"]:
        xmp.dc_source = record["source_line"]
    xmp.pdf_keywords = entries["/Keywords"]
    xmp.xmp_creator_tool = SOFTWARE
    writer.xmp_metadata = xmp
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), entries


# -- export ----------------------------------------------------------------------------------------------------------


def file_name_for(view: str, size: ImageSize, format: str, exported_on: dt.date) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", view.lower()).strip("-") or "chart"
    sized = f"-{size.name}" if format == "png" else ""
    return f"econ-ties-{stem}{sized}-{exported_on.isoformat()}.{format}"


def render_snapshot(
    fig: go.Figure | Mapping[str, Any],
    *,
    format: str,
    stamp: DatasetStamp,
    size: str | ImageSize = "social",
    view: str = "chart",
    permalink: str = "",
    exported_on: dt.date | None = None,
    renderer: WarmChromium | None = None,
) -> Snapshot:
    """Render `fig` as a finished PNG, SVG or PDF with header, source line, footer and provenance metadata."""
    if format not in FORMATS:
        raise SnapshotError(f"'{format}' is not an export format; use one of: {', '.join(FORMATS)}")
    if isinstance(size, str):
        if size not in SIZES:
            raise SnapshotError(f"'{size}' is not an image size; use one of: {', '.join(SIZES)}")
        size = SIZES[size]
    exported_on = exported_on or dt.date.today()
    spec = export_figure(fig, size=size, stamp=stamp, exported_on=exported_on)
    meta = FigureProvenance.of(fig)
    record = provenance_record(meta, stamp, exported_on, permalink=permalink)
    # Vector formats stay at layout size (a scaled SVG would only grow its width attributes); PNGs get 2× pixels.
    scale = SCALE if format == "png" else 1
    image = (renderer or CHROMIUM).render(spec, format=format, width=size.width, height=size.height, scale=scale)
    metadata: dict[str, str] = {}
    if format == "png":
        metadata = png_text_entries(record, meta.alt_text)
        image = add_png_text(image, metadata)
    elif format == "svg":
        text = image.decode("utf-8")
        image = add_svg_metadata(text, record, meta.alt_text).encode("utf-8")
    else:
        image, metadata = add_pdf_metadata(image, record, meta.alt_text)
    return Snapshot(image, format, size, file_name_for(view, size, format, exported_on), meta, stamp, exported_on, metadata)


# -- beside the download: citation, permalink, embed -----------------------------------------------------------------

_SPELLED_UNITS = {"K": "thousand", "M": "million", "B": "billion", "T": "trillion"}
_ORDINAL_WORDS = {
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
    "4th": "fourth",
    "5th": "fifth",
    "6th": "sixth",
    "7th": "seventh",
    "8th": "eighth",
    "9th": "ninth",
    "10th": "tenth",
}


def _spelled(amount: str) -> str:
    """'$6.3B' as a sentence writes it: '$6.3 billion' (the number itself comes from `format_claim`)."""
    return re.sub(r"(\d)([KMBT])\b", lambda m: f"{m.group(1)} {_SPELLED_UNITS[m.group(2)]}", amount)


def _claim_row(claim: Claim) -> dict[str, Any]:
    return {
        "qualifier": claim.qualifier.value,
        "measure": claim.measure.value,
        "value": claim.value,
        "amount": claim.amount,
        "decimals": claim.stated_decimals,
        "multiplier": claim.scale.multiplier,
        "currency": claim.currency,
    }


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _subject(claim: Claim) -> str:
    country, counterpart = country_name(claim.country), country_name(claim.counterpart)
    subjects = {
        Indicator.INVESTMENT_STOCK: f"{_possessive(country)} investment in {_possessive(counterpart)} economy",
        Indicator.FDI_FLOW: f"direct investment from {country} in {counterpart}",
        Indicator.FDI_POSITION: f"{_possessive(country)} direct investment position in {counterpart}",
        Indicator.TRADE_TURNOVER: f"trade between {country} and {counterpart}",
        Indicator.EXPORTS: f"{_possessive(country)} exports to {counterpart}",
        Indicator.IMPORTS: f"{_possessive(country)} imports from {counterpart}",
        Indicator.TRADE_BALANCE: f"{_possessive(country)} trade balance with {counterpart}",
    }
    return subjects.get(claim.indicator, f"{claim.indicator.value} between {country} and {counterpart}")


def _sector_words(sector: str) -> str:
    label = SECTOR_LABELS.get(sector, sector)
    return label if sector not in SECTOR_LABELS else label.lower()


def _claim_sentence(main: Claim, parts: list[Claim], attribution: str) -> str:
    period = main.period.label
    if main.indicator is Indicator.TRADE_PARTNER_RANK:
        rank = format_claim(_claim_row(main))
        largest = f"{_ORDINAL_WORDS[rank]}-largest" if rank in _ORDINAL_WORDS else f"{rank}-largest"
        largest = largest.removeprefix("first-")
        body = f"{country_name(main.counterpart)} was {_possessive(country_name(main.country))} {largest} trade partner"
        opening = f"In {period}, " if not period.startswith("as of") else ""
        closing = f" {period}" if period.startswith("as of") else ""
        return _capitalised(f"{opening}{body}{closing} ({attribution}).")
    amount = _spelled(format_claim(_claim_row(main)))
    verb = "totaled" if main.qualifier is Qualifier.EXACT else "was"
    if main.sector != "total":
        amount = f"{amount} in the {_sector_words(main.sector)} sector"
    pieces = []
    for index, part in enumerate(parts):
        sector = _sector_words(part.sector)
        if part.qualifier is Qualifier.MAJORITY:
            pieces.append(f"the majority of it {sector}")
        else:
            part_amount = _spelled(format_claim(_claim_row(part)))
            pieces.append(f"{part_amount} of it in {sector}" if index == 0 else f"{part_amount} in {sector}")
    tail = (", " + " and ".join(pieces)) if pieces else ""
    when = f"{period[0].upper()}{period[1:]}, " if period.startswith("as of") else f"In {period}, "
    return _capitalised(f"{when}{_subject(main)} {verb} {amount}{tail} ({attribution}).")


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def citation(dataset: Dataset, claim_ids: Iterable[str], *, title: str = "", subtitle: str = "", max_sentences: int = 3) -> str:
    """A sentence (or three) ready to paste, with who said each figure, where and when.

    "As of Feb 2022, Russia's investment in Azerbaijan's economy totaled $6.3 billion, $5.0 billion of it in oil and
    $1.3 billion in non-oil (Deputy Economy Minister of Azerbaijan Niyazi Safarov, via Azernews, 17 Sep 2022)."
    Charts with more statements than that get one summary sentence naming the chart and its sources instead.
    """
    claims: list[Claim] = []
    for claim_id in dict.fromkeys(claim_ids):
        try:
            claims.append(dataset.claim(claim_id))
        except KeyError:
            continue
    if not claims:
        return ""
    groups: dict[tuple[str, ...], list[Claim]] = {}
    for claim in claims:
        key = (claim.indicator.value, claim.country, claim.counterpart, claim.period.text, claim.source_id)
        groups.setdefault(key, []).append(claim)
    attributions = {sid: dataset.source(sid).attribution if sid in dataset.sources else sid for sid in {c.source_id for c in claims}}
    if len(groups) <= max_sentences:
        sentences = []
        for members in groups.values():
            totals = [c for c in members if c.sector == "total"]
            if totals:
                sentences.append(_claim_sentence(totals[0], [c for c in members if c.sector != "total"], attributions[members[0].source_id]))
            else:
                sentences.extend(_claim_sentence(c, [], attributions[c.source_id]) for c in members)
        if len(sentences) <= max_sentences:
            return " ".join(sentences)
    what = title or "Figures"
    if subtitle:
        what = f"{what} ({subtitle})"
    ordered = list(dict.fromkeys(attributions[c.source_id] for c in claims))
    return f"{what}. Sources: {'; '.join(ordered)}."


def permalink(view: str, params: Mapping[str, Any], *, base_url: str = "") -> str:
    """The address of the view with its parameters in the query string: `{base}/partners?reporter=AZE&period=2021`.

    Every parameter is written, defaults included, so the link keeps meaning the same view if a default changes.
    """
    query = urlencode([(name, str(value)) for name, value in params.items() if value not in (None, "")])
    return f"{base_url.rstrip('/')}/{quote(view)}" + (f"?{query}" if query else "")


def embed_snippet(link: str, *, title: str, height: int = 560) -> str:
    """An iframe of the view in Streamlit's embed mode (no toolbar or sidebar), with a title for screen readers."""
    separator = "&" if "?" in link else "?"
    source = f"{link}{separator}embed=true"
    return (
        f'<iframe src="{html.escape(source, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'width="100%" height="{int(height)}" style="border:0" loading="lazy"></iframe>'
    )
