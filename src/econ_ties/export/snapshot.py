"""Figure snapshots for journalists: a chart as PNG, SVG or PDF with its title, source and date on the image.

`render_snapshot(fig, format=..., size=..., stamp=...)` is the entry that ties the export steps together: it takes a
chart from `present.charts` (whose `layout.meta` says what it shows and where the numbers come from), lays it out with
`export.layout` (title, subtitle, note, source line, footer naming the dataset revision or content hash and the export
date), renders it through the warm Chromium of `export.renderer`, and writes the provenance record into the file with
`export.metadata`. It returns a `Snapshot`: the bytes, the MIME type and a descriptive file name (`file_name_for`).
The pieces live beside it: `export.provenance` (what the figure says about itself, `DatasetStamp`, `SnapshotError`)
and `export.citation` (citation sentence, permalink, embed snippet). No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from econ_ties.export.layout import SCALE, SIZES, ImageSize, export_figure
from econ_ties.export.metadata import add_pdf_metadata, add_png_text, add_svg_metadata, png_text_entries
from econ_ties.export.provenance import DatasetStamp, FigureProvenance, SnapshotError, provenance_record
from econ_ties.export.renderer import CHROMIUM, WarmChromium
from econ_ties.language import _

if TYPE_CHECKING:
    import plotly.graph_objects as go

FORMATS = ("png", "svg", "pdf")
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


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
        raise SnapshotError(_("'{format}' is not an export format; use one of: {formats}").format(format=format, formats=", ".join(FORMATS)))
    if isinstance(size, str):
        if size not in SIZES:
            raise SnapshotError(_("'{size}' is not an image size; use one of: {sizes}").format(size=size, sizes=", ".join(SIZES)))
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
