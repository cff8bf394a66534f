"""What the export tests share: reading the files an export writes (the text an SVG draws, a PDF opened strictly), the
namespaces of the SVG metadata, a fixed export date, hostile text, and one way to render the overview's chart."""

from __future__ import annotations

import datetime as dt
import io
from xml.etree import ElementTree as ET

import plotly.graph_objects as go
from pypdf import PdfReader

from econ_ties.export.metadata import DC_NS, PROVENANCE_NS
from econ_ties.export.provenance import DatasetStamp
from econ_ties.export.snapshot import Snapshot, render_snapshot

SVG = "{http://www.w3.org/2000/svg}"
ET_NS = f"{{{PROVENANCE_NS}}}"
DC = f"{{{DC_NS}}}"
EXPORTED = dt.date(2024, 3, 5)
HOSTILE = '<script>alert(\'x\')</script> "quoted" & <a href="javascript:alert(1)">link</a> العربية עברית'


def render_export(fig: go.Figure, fmt: str, stamp: DatasetStamp, size: str = "social") -> Snapshot:
    return render_snapshot(fig, format=fmt, size=size, stamp=stamp, view="overview", permalink="https://econ.example/overview", exported_on=EXPORTED)


def svg_texts(svg: bytes) -> str:
    """All text drawn in the SVG, lines joined by spaces (a wrapped line is one <tspan> per line)."""
    root = ET.fromstring(svg)
    pieces = [node.text or "" for node in root.iter() if node.tag in (f"{SVG}text", f"{SVG}tspan")]
    return " ".join(" ".join(pieces).split())


def open_pdf(data: bytes) -> PdfReader:
    """The PDF as a reader opens it: a file that does not parse fails here."""
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data), strict=True)


def pdf_page_size(data: bytes) -> tuple[float, float]:
    reader = open_pdf(data)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    return float(box.width), float(box.height)
