"""The export figure: title, subtitle, notes, source line and footer drawn on the image, margins fixed so the footer sits
under the plot, the dashboard's figure left as it was, and hostile text shown as inert text. The SVG tests render
through Chromium; the figure-dict tests need none."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import plotly.graph_objects as go
import pytest

from econ_ties.export.layout import SIZES, ImageSize, export_figure
from econ_ties.export.provenance import DatasetStamp, FigureProvenance, SnapshotError
from econ_ties.export.snapshot import render_snapshot
from tests.export.support import ET_NS, EXPORTED, HOSTILE, SVG, render_export, svg_texts


def test_svg_has_the_size_title_subtitle_source_line_and_footer(chart: go.Figure, stamp: DatasetStamp) -> None:
    meta = FigureProvenance.of(chart)
    result = render_export(chart, "svg", stamp)
    root = ET.fromstring(result.data)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("1200", "675")
    drawn = svg_texts(result.data)
    assert meta.title in drawn
    assert meta.subtitle in drawn
    assert meta.source_line in drawn
    assert "Safarov" in meta.source_line
    for note in meta.notes:
        assert note in drawn
    assert f"dataset revision 7 (sha256 {stamp.content_hash[:12]})" in drawn
    assert "exported 2024-03-05" in drawn
    assert root.find(f"{SVG}title").text == meta.title  # for screen readers
    assert root.find(f"{SVG}desc").text == meta.alt_text


def _no_active_content(root: ET.Element) -> None:
    for node in root.iter():
        assert not node.tag.lower().endswith(("script", "foreignobject", "iframe")), node.tag
        for name, value in node.attrib.items():
            assert not name.lower().startswith("on"), (node.tag, name)
            assert "javascript:" not in value.lower(), (node.tag, name, value)


def test_hostile_titles_and_labels_come_out_as_inert_text_in_the_svg(hostile_figure: go.Figure, stamp: DatasetStamp) -> None:
    result = render_snapshot(hostile_figure, format="svg", stamp=stamp, exported_on=EXPORTED)
    root = ET.fromstring(result.data)
    _no_active_content(root)
    drawn = svg_texts(result.data)
    assert HOSTILE in drawn  # the title, literally: tags, quotes, ampersand and right-to-left words shown as written
    assert "<b>not bold</b>" in drawn
    assert 'Source: <img src=x onerror=alert(1)> via "Azernews"' in drawn
    assert "over $1.2B & rising <br> still one line" in drawn
    record = root.find(f"{SVG}metadata/{ET_NS}provenance")
    assert record.find(f"{ET_NS}source-url").get("href") == "https://example.org/a?x=1&y=<2>"
    assert root.find(f"{SVG}title").text == HOSTILE
    assert b"<script" not in result.data


def test_export_figure_puts_the_footer_under_the_plot_and_fixes_the_margins(chart: go.Figure, stamp: DatasetStamp) -> None:
    spec = export_figure(chart, size=SIZES["social"], stamp=stamp, exported_on=EXPORTED)
    layout = spec["layout"]
    assert layout["margin"]["autoexpand"] is False
    assert (layout["width"], layout["height"]) == (1200, 675)
    footer = [a for a in layout["annotations"] if a.get("name", "").startswith("snapshot-")]
    assert footer and all(a["y"] < 0 for a in footer)
    assert footer[-1]["text"].endswith("exported 2024-03-05")
    assert "meta" not in layout
    assert chart.layout.meta["title"]  # the dashboard's figure is left as it was
    assert not any(a.name and a.name.startswith("snapshot-") for a in chart.layout.annotations)


def test_a_size_too_small_for_the_header_and_footer_is_a_clear_error(chart: go.Figure, stamp: DatasetStamp) -> None:
    with pytest.raises(SnapshotError, match="too small"):
        export_figure(chart, size=ImageSize("tiny", "tiny", 400, 200), stamp=stamp, exported_on=EXPORTED)


def test_many_notes_leave_the_chart_its_share_and_say_how_many_more(chart: go.Figure, stamp: DatasetStamp) -> None:
    """Forty notes (a flow with a disagreement every year) made the social size refuse as 'too small'; now the footer
    keeps the notes that fit and says how many more the dashboard gives."""
    many = go.Figure(chart)
    notes = [f"{2000 + i}: figures differ by {i}.5% — $1.2B (State Statistics Committee) vs $1.3B (Federal Customs Service)" for i in range(40)]
    many.update_layout(meta={**chart.layout.meta, "notes": notes})
    spec = export_figure(many, size=SIZES["social"], stamp=stamp, exported_on=EXPORTED)
    margin = spec["layout"]["margin"]
    assert 675 - margin["t"] - margin["b"] >= 0.45 * 675
    note = next(a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "snapshot-0")
    assert note.startswith("Note: ") and note.endswith("more notes under the chart on the dashboard")
    shown = note.replace("<br>", " ").count("figures differ")
    assert f"{40 - shown} more notes" in note


@pytest.mark.parametrize("with_notes", [False, True])
def test_a_source_line_of_many_sources_leaves_the_chart_its_share_and_counts_the_rest(chart: go.Figure, stamp: DatasetStamp, with_notes: bool) -> None:
    """The Timeline of every event cites forty sources: its 2,500-character source line made the social size refuse as
    'too small' in every language. Now the line names the sources that fit and counts the others, which the file's
    metadata lists."""
    many = go.Figure(chart)
    sources = [f"Deputy Minister Number {i} of a Long Ministry Name, via Some Agency (Russian service), {i} Feb 2022" for i in range(40)]
    notes = ["1. 1992-04-04 — Diplomatic relations established (diplomacy)"] if with_notes else []
    many.update_layout(meta={**chart.layout.meta, "source_line": "Sources: " + "; ".join(sources), "notes": notes})
    spec = export_figure(many, size=SIZES["social"], stamp=stamp, exported_on=EXPORTED)
    margin = spec["layout"]["margin"]
    assert 675 - margin["t"] - margin["b"] >= 0.35 * 675  # a source line gives way only below this share
    texts = [a["text"].replace("<br>", " ") for a in spec["layout"]["annotations"] if str(a.get("name", "")).startswith("snapshot-")]
    source = next(t for t in texts if t.startswith("Sources: "))
    shown = source.count("Deputy Minister Number")
    assert 0 < shown < 40 and source.endswith(f"{40 - shown} more sources, listed in this file's metadata and on the dashboard")
    assert any(t.startswith("Note: ") for t in texts) == with_notes


def test_names_wrapped_for_a_phone_are_one_line_in_a_snapshot(chart: go.Figure, stamp: DatasetStamp) -> None:
    wrapped = go.Figure(chart)
    wrapped.update_yaxes(tickmode="array", tickvals=["a"], ticktext=["Italy · Azernews<br>(mirrored on<br>today.az)"])
    spec = export_figure(wrapped, size=SIZES["social"], stamp=stamp, exported_on=EXPORTED)
    assert list(spec["layout"]["yaxis"]["ticktext"]) == ["Italy · Azernews (mirrored on today.az)"]


def test_many_rows_get_smaller_names_but_never_under_10_px(chart: go.Figure, stamp: DatasetStamp) -> None:
    """Twenty-six partner rows in a social snapshot wrote each name over the next at 13 px."""
    rows = go.Figure(chart)
    names = [f"Partner {i} · Ogtay Asadov" for i in range(26)]
    rows.add_trace(go.Bar(x=[1.0] * 26, y=names, orientation="h"))
    rows.update_yaxes(type="category")
    spec = export_figure(rows, size=SIZES["social"], stamp=stamp, exported_on=EXPORTED)
    layout = spec["layout"]
    plot = 675 - layout["margin"]["t"] - layout["margin"]["b"]
    size = layout["yaxis"]["tickfont"]["size"]
    assert 10 <= size < 13 and size * 1.2 <= plot / 26 + 1
