"""What a snapshot is about: the provenance a chart carries in `layout.meta`, read from a figure or its dict; the stamp
naming the dataset (revision and short hash, or the hash alone); and the record every file format stores. No Chromium."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.export.provenance import SOFTWARE, DatasetStamp, FigureProvenance, provenance_record
from tests.export.support import EXPORTED


def test_figure_provenance_reads_the_charts_meta_from_a_figure_or_its_dict(chart: go.Figure) -> None:
    meta = FigureProvenance.of(chart)
    assert meta.title and meta.source_line and meta.claim_ids and meta.source_urls
    assert FigureProvenance.of(chart.to_plotly_json()) == meta


def test_figure_provenance_tolerates_missing_blank_and_single_values() -> None:
    assert FigureProvenance.of(go.Figure()) == FigureProvenance()
    assert FigureProvenance.of({"layout": {"meta": "not a mapping"}}) == FigureProvenance()
    meta = FigureProvenance.of({"layout": {"meta": {"title": "  Turnover  ", "notes": "one note", "claim_ids": ["S1", " ", None, "S2 "]}}})
    assert meta.title == "Turnover"
    assert meta.notes == ("one note",)
    assert meta.claim_ids == ("S1", "S2")


def test_the_stamp_names_the_revision_and_a_short_hash(dataset: Dataset) -> None:
    published = DatasetStamp.of(dataset, 3)
    assert published.content_hash == dataset.content_hash
    assert published.label == f"dataset revision 3 (sha256 {dataset.content_hash[:12]})"
    assert DatasetStamp.of(dataset).label == f"dataset sha256 {dataset.content_hash[:12]}"


def test_the_record_joins_the_figure_the_stamp_the_date_and_the_link(chart: go.Figure, stamp: DatasetStamp) -> None:
    meta = FigureProvenance.of(chart)
    record = provenance_record(meta, stamp, EXPORTED, permalink="https://econ.example/overview")
    assert record["claim_ids"] == list(meta.claim_ids)
    assert record["content_hash"] == f"sha256:{stamp.content_hash}"
    assert (record["revision"], record["exported_on"], record["software"]) == (7, "2024-03-05", SOFTWARE)
    assert record["permalink"] == "https://econ.example/overview"
    assert provenance_record(meta, DatasetStamp("ab" * 32), dt.date(2025, 1, 2))["revision"] is None
