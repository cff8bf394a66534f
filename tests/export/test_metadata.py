"""Provenance inside the files: PNG text chunks, SVG metadata, the PDF's document information and XMP packet carry the
claim ids, source addresses and content hash; the chunk writer survives a stranger's PNG reader; hostile text round-trips
as text."""

from __future__ import annotations

import io
from xml.etree import ElementTree as ET

import plotly.graph_objects as go
import pytest
from PIL import Image

from econ_ties.export.metadata import add_png_text
from econ_ties.export.provenance import DatasetStamp, FigureProvenance, SnapshotError
from econ_ties.export.snapshot import render_snapshot
from tests.export.support import DC, ET_NS, HOSTILE, SVG, open_pdf, render_export


def test_png_text_chunks_carry_claim_ids_urls_and_the_content_hash(chart: go.Figure, stamp: DatasetStamp) -> None:
    meta = FigureProvenance.of(chart)
    assert meta.claim_ids and meta.source_urls
    text = Image.open(io.BytesIO(render_export(chart, "png", stamp).data)).text
    assert text["econ-ties:claim_ids"].split() == list(meta.claim_ids)
    assert text["econ-ties:source_urls"].split() == list(meta.source_urls)
    assert text["econ-ties:content_hash"] == f"sha256:{stamp.content_hash}"
    assert text["econ-ties:revision"] == "7"
    assert text["econ-ties:permalink"] == "https://econ.example/overview"
    assert text["Title"] == meta.title
    assert text["Source"] == meta.source_line
    assert text["Creation Time"] == "2024-03-05"


def test_svg_metadata_carries_claim_ids_urls_and_the_content_hash(chart: go.Figure, stamp: DatasetStamp) -> None:
    meta = FigureProvenance.of(chart)
    root = ET.fromstring(render_export(chart, "svg", stamp).data)
    metadata = root.find(f"{SVG}metadata")
    assert metadata is not None
    record = metadata.find(f"{ET_NS}provenance")
    assert record.get("content-hash") == f"sha256:{stamp.content_hash}"
    assert record.get("revision") == "7"
    assert [c.get("id") for c in record.findall(f"{ET_NS}claim")] == list(meta.claim_ids)
    assert [u.get("href") for u in record.findall(f"{ET_NS}source-url")] == list(meta.source_urls)
    assert [s.get("id") for s in record.findall(f"{ET_NS}source")] == list(meta.source_ids)
    dublin_core = metadata.find(f".//{DC}identifier")
    assert dublin_core.text == f"sha256:{stamp.content_hash}"


def test_pdf_document_information_carries_title_claim_ids_urls_and_the_content_hash(chart: go.Figure, stamp: DatasetStamp) -> None:
    meta = FigureProvenance.of(chart)
    result = render_export(chart, "pdf", stamp)
    assert b"Kaleido-fier" not in result.data  # Chromium's page title is gone, not just shadowed
    info = open_pdf(result.data).metadata
    assert info.title == meta.title
    assert info.subject == meta.subtitle
    assert (info.author, info.creator) == ("econ-ties", "econ-ties")
    keywords = info["/Keywords"]
    for claim_id in meta.claim_ids:
        assert f"claim {claim_id}" in keywords
    assert f"sha256:{stamp.content_hash}" in keywords
    assert "dataset revision 7" in keywords
    assert info["/EconTiesClaimIds"].split() == list(meta.claim_ids)
    assert info["/EconTiesSourceURLs"].split() == list(meta.source_urls)
    assert info["/EconTiesContentHash"] == f"sha256:{stamp.content_hash}"
    assert info["/EconTiesRevision"] == "7"
    assert info["/EconTiesPermalink"] == "https://econ.example/overview"
    assert result.metadata["/EconTiesClaimIds"] == info["/EconTiesClaimIds"]


def test_pdf_xmp_packet_carries_the_same_provenance_in_dublin_core(chart: go.Figure, stamp: DatasetStamp) -> None:
    meta = FigureProvenance.of(chart)
    xmp = open_pdf(render_export(chart, "pdf", stamp).data).xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": meta.title}
    assert xmp.dc_subject == list(meta.claim_ids)
    assert xmp.dc_relation == list(meta.source_urls)
    assert xmp.dc_identifier == f"sha256:{stamp.content_hash}"
    assert xmp.dc_source == meta.source_line
    assert xmp.xmp_creator_tool == "econ-ties"


def test_png_chunks_survive_a_stranger_png_reader() -> None:
    """The chunk writer on its own: what Pillow reads back is what was written, Latin-1 or not."""
    png = io.BytesIO()
    Image.new("RGB", (3, 2), "white").save(png, "PNG")
    entries = {"Title": "Azərbaycan – Россия", "econ-ties:claim_ids": "S1 S2", "Comment": "plain ascii"}
    written = add_png_text(png.getvalue(), entries)
    image = Image.open(io.BytesIO(written))
    image.load()
    assert {k: image.text[k] for k in entries} == entries
    with pytest.raises(SnapshotError):
        add_png_text(b"GIF89a not a png", entries)


def test_hostile_text_round_trips_through_png_chunks(hostile_figure: go.Figure, stamp: DatasetStamp) -> None:
    text = Image.open(io.BytesIO(render_snapshot(hostile_figure, format="png", stamp=stamp).data)).text
    assert text["Title"] == HOSTILE
    assert text["econ-ties:source_urls"] == "https://example.org/a?x=1&y=<2>"


def test_hostile_text_round_trips_through_pdf_metadata_as_text(hostile_figure: go.Figure, stamp: DatasetStamp) -> None:
    reader = open_pdf(render_snapshot(hostile_figure, format="pdf", stamp=stamp).data)
    assert reader.metadata.title == HOSTILE  # right-to-left words, quotes and tags kept as written (a UTF-16 string)
    assert reader.metadata["/EconTiesSourceURLs"] == "https://example.org/a?x=1&y=<2>"
    assert reader.xmp_metadata.dc_title == {"x-default": HOSTILE}
    assert "/JavaScript" not in reader.trailer["/Root"] and "/OpenAction" not in reader.trailer["/Root"]
