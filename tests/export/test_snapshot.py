"""Figure snapshots: every format opens at the requested size, carries its title and source on the image and its
provenance inside the file; hostile text stays text; the command line writes a valid file for every view with a chart.

These tests render through kaleido and Debian's Chromium (installed by scripts/test.sh); one warm Chromium serves them.
The command line draws from the published store: the session's throwaway store (tests/conftest.py), or a store made for
one test with two revisions; never the user's.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import threading
from pathlib import Path
from xml.etree import ElementTree as ET

import plotly.graph_objects as go
import pytest
from PIL import Image
from pypdf import PdfReader

from econ_ties import cli
from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.export import snapshot
from econ_ties.export.snapshot import SIZES, DatasetStamp, FigureProvenance, render_snapshot
from econ_ties.present.views import VIEWS
from econ_ties.services import published
from econ_ties.settings import sqlite_url
from tests.conftest import DATA_DIR

SVG = "{http://www.w3.org/2000/svg}"
ET_NS = f"{{{snapshot.PROVENANCE_NS}}}"
DC = f"{{{snapshot.DC_NS}}}"
EXPORTED = dt.date(2024, 3, 5)
HOSTILE = '<script>alert(\'x\')</script> "quoted" & <a href="javascript:alert(1)">link</a> العربية עברית'


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA_DIR)[0]


@pytest.fixture(scope="module")
def stamp(dataset: Dataset) -> DatasetStamp:
    return DatasetStamp.of(dataset, revision=7)


@pytest.fixture(scope="module")
def chart(dataset: Dataset) -> go.Figure:
    """The overview's investment chart, as the dashboard draws it."""
    view = VIEWS["overview"]
    return view.figures(dataset, view.resolve(dataset, {})[0])[0]


def _render(fig: go.Figure, fmt: str, stamp: DatasetStamp, size: str = "social") -> snapshot.Snapshot:
    return render_snapshot(fig, format=fmt, size=size, stamp=stamp, view="overview", permalink="https://econ.example/overview", exported_on=EXPORTED)


def _svg_texts(svg: bytes) -> str:
    """All text drawn in the SVG, lines joined by spaces (a wrapped line is one <tspan> per line)."""
    root = ET.fromstring(svg)
    pieces = [node.text or "" for node in root.iter() if node.tag in (f"{SVG}text", f"{SVG}tspan")]
    return " ".join(" ".join(pieces).split())


def _pdf(data: bytes) -> PdfReader:
    """The PDF as a reader opens it: a file that does not parse fails here."""
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data), strict=True)


def _pdf_page_size(data: bytes) -> tuple[float, float]:
    reader = _pdf(data)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    return float(box.width), float(box.height)


# -- sizes and formats -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["social", "print"])
def test_png_opens_at_twice_the_layout_size(chart: go.Figure, stamp: DatasetStamp, size: str) -> None:
    result = _render(chart, "png", stamp, size)
    image = Image.open(io.BytesIO(result.data))
    image.verify()  # a corrupt chunk (bad CRC from the inserted text) fails here
    assert image.format == "PNG"
    assert image.size == (SIZES[size].width * 2, SIZES[size].height * 2)
    assert result.file_name == f"econ-ties-overview-{size}-2024-03-05.png"
    assert result.mime == "image/png"


def test_svg_has_the_size_title_subtitle_source_line_and_footer(chart: go.Figure, stamp: DatasetStamp) -> None:
    meta = FigureProvenance.of(chart)
    result = _render(chart, "svg", stamp)
    root = ET.fromstring(result.data)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("1200", "675")
    drawn = _svg_texts(result.data)
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


@pytest.mark.parametrize("size", ["social", "print"])
def test_pdf_opens_as_one_page_of_the_requested_size(chart: go.Figure, stamp: DatasetStamp, size: str) -> None:
    result = _render(chart, "pdf", stamp, size)
    assert result.data.rstrip().endswith(b"%%EOF")
    reader = _pdf(result.data)
    assert len(reader.pages) == 1
    # Chromium prints a CSS pixel as 0.75 pt.
    assert float(reader.pages[0].mediabox.width) == pytest.approx(SIZES[size].width * 0.75, abs=1)
    assert float(reader.pages[0].mediabox.height) == pytest.approx(SIZES[size].height * 0.75, abs=1)
    assert result.file_name == "econ-ties-overview-2024-03-05.pdf"
    assert result.mime == "application/pdf"


# -- provenance inside the files ---------------------------------------------------------------------------------------


def test_png_text_chunks_carry_claim_ids_urls_and_the_content_hash(chart: go.Figure, stamp: DatasetStamp) -> None:
    meta = FigureProvenance.of(chart)
    assert meta.claim_ids and meta.source_urls
    text = Image.open(io.BytesIO(_render(chart, "png", stamp).data)).text
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
    root = ET.fromstring(_render(chart, "svg", stamp).data)
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
    result = _render(chart, "pdf", stamp)
    assert b"Kaleido-fier" not in result.data  # Chromium's page title is gone, not just shadowed
    info = _pdf(result.data).metadata
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
    xmp = _pdf(_render(chart, "pdf", stamp).data).xmp_metadata
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
    written = snapshot.add_png_text(png.getvalue(), entries)
    image = Image.open(io.BytesIO(written))
    image.load()
    assert {k: image.text[k] for k in entries} == entries
    with pytest.raises(snapshot.SnapshotError):
        snapshot.add_png_text(b"GIF89a not a png", entries)


# -- hostile text ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=[HOSTILE, "Россия", "ישראל"], y=[1, 2, 3], name=HOSTILE))
    fig.update_layout(
        xaxis_title=HOSTILE,
        meta={
            "title": HOSTILE,
            "subtitle": "Trade turnover, US$, 2021 — <b>not bold</b>",
            "source_line": 'Source: <img src=x onerror=alert(1)> via "Azernews"',
            "notes": ["over $1.2B & rising <br> still one line"],
            "claim_ids": ["S1", "S2"],
            "source_ids": ["src-1"],
            "source_urls": ["https://example.org/a?x=1&y=<2>"],
            "alt_text": HOSTILE,
        },
    )
    return fig


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
    drawn = _svg_texts(result.data)
    assert HOSTILE in drawn  # the title, literally: tags, quotes, ampersand and right-to-left words shown as written
    assert "<b>not bold</b>" in drawn
    assert 'Source: <img src=x onerror=alert(1)> via "Azernews"' in drawn
    assert "over $1.2B & rising <br> still one line" in drawn
    record = root.find(f"{SVG}metadata/{ET_NS}provenance")
    assert record.find(f"{ET_NS}source-url").get("href") == "https://example.org/a?x=1&y=<2>"
    assert root.find(f"{SVG}title").text == HOSTILE
    assert b"<script" not in result.data


def test_hostile_text_round_trips_through_png_chunks(hostile_figure: go.Figure, stamp: DatasetStamp) -> None:
    text = Image.open(io.BytesIO(render_snapshot(hostile_figure, format="png", stamp=stamp).data)).text
    assert text["Title"] == HOSTILE
    assert text["econ-ties:source_urls"] == "https://example.org/a?x=1&y=<2>"


def test_hostile_text_round_trips_through_pdf_metadata_as_text(hostile_figure: go.Figure, stamp: DatasetStamp) -> None:
    reader = _pdf(render_snapshot(hostile_figure, format="pdf", stamp=stamp).data)
    assert reader.metadata.title == HOSTILE  # right-to-left words, quotes and tags kept as written (a UTF-16 string)
    assert reader.metadata["/EconTiesSourceURLs"] == "https://example.org/a?x=1&y=<2>"
    assert reader.xmp_metadata.dc_title == {"x-default": HOSTILE}
    assert "/JavaScript" not in reader.trailer["/Root"] and "/OpenAction" not in reader.trailer["/Root"]


# -- the export figure (no Chromium needed) ----------------------------------------------------------------------------


def test_export_figure_puts_the_footer_under_the_plot_and_fixes_the_margins(chart: go.Figure, stamp: DatasetStamp) -> None:
    spec = snapshot.export_figure(chart, size=SIZES["social"], stamp=stamp, exported_on=EXPORTED)
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
    with pytest.raises(snapshot.SnapshotError, match="too small"):
        snapshot.export_figure(chart, size=snapshot.ImageSize("tiny", "tiny", 400, 200), stamp=stamp, exported_on=EXPORTED)


def test_unknown_format_or_size_is_a_clear_error(chart: go.Figure, stamp: DatasetStamp) -> None:
    with pytest.raises(snapshot.SnapshotError, match="not an export format"):
        render_snapshot(chart, format="gif", stamp=stamp)
    with pytest.raises(snapshot.SnapshotError, match="not an image size"):
        render_snapshot(chart, format="png", size="poster", stamp=stamp)


# -- the warm renderer -------------------------------------------------------------------------------------------------


def test_concurrent_exports_each_get_their_own_image(chart: go.Figure, stamp: DatasetStamp) -> None:
    """Two sessions exporting at once: the lock keeps kaleido's shared reply queue from handing one the other's file."""
    results: dict[str, bytes] = {}

    def export(fmt: str) -> None:
        results[fmt] = _render(chart, fmt, stamp).data

    threads = [threading.Thread(target=export, args=(fmt,)) for fmt in ("png", "svg", "pdf")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results["png"].startswith(b"\x89PNG")
    assert results["svg"].lstrip().startswith(b"<svg")
    assert results["pdf"].startswith(b"%PDF-")


def test_missing_chromium_is_one_sentence_on_how_to_install_it(monkeypatch: pytest.MonkeyPatch, chart: go.Figure, stamp: DatasetStamp) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert snapshot.chromium_problem() == snapshot.INSTALL_CHROMIUM
    with pytest.raises(snapshot.ChromiumMissing) as failure:
        render_snapshot(chart, format="png", stamp=stamp, renderer=snapshot.WarmChromium())
    assert "apt-get install -y chromium" in str(failure.value)
    assert str(failure.value).count(". ") == 0  # one sentence


# -- beside the download -----------------------------------------------------------------------------------------------


def test_citation_names_the_figure_its_parts_the_speaker_and_the_date(dataset: Dataset) -> None:
    sentence = snapshot.citation(dataset, ["S4-ru-az", "S4-ru-az-oil", "S4-ru-az-nonoil"])
    assert sentence == (
        "As of Feb 2022, Russia's investment in Azerbaijan's economy totaled $6.3 billion, $5.0 billion of it in oil and "
        "$1.3 billion in non-oil (Deputy Economy Minister of Azerbaijan Niyazi Safarov, via Azernews (mirrored on today.az), 21 Feb 2022)."
    )


def test_citation_keeps_a_bound_a_bound_and_a_majority_without_a_number(dataset: Dataset) -> None:
    sentence = snapshot.citation(dataset, ["S4-az-ru", "S4-az-ru-nonoil"])
    assert "was over $1.2 billion, the majority of it non-oil" in sentence
    assert "totaled $1.2" not in sentence


def test_citation_of_a_rank_and_of_a_chart_with_many_statements(dataset: Dataset, chart: go.Figure) -> None:
    assert snapshot.citation(dataset, ["S3-rank"]).startswith("In 2021, Russia was Azerbaijan's third-largest trade partner (")
    view = VIEWS["over-time"]
    series = view.figures(dataset, view.resolve(dataset, {})[0])[0]
    meta = FigureProvenance.of(series)
    summary = snapshot.citation(dataset, meta.claim_ids, title=meta.title)
    assert summary.startswith(f"{meta.title}. Sources: ")
    assert snapshot.citation(dataset, ["no-such-claim"]) == ""


def test_permalink_and_embed_snippet_point_back_to_the_exact_view() -> None:
    link = snapshot.permalink("investment", {"reporter": "AZE", "partner": "RUS", "period": "as of 2022-02", "sector": "all"}, base_url="https://econ.example/")
    assert link == "https://econ.example/investment?reporter=AZE&partner=RUS&period=as+of+2022-02&sector=all"
    snippet = snapshot.embed_snippet(link, title='Investment "AZ" <RU>')
    assert snippet.startswith(
        '<iframe src="https://econ.example/investment?reporter=AZE&amp;partner=RUS&amp;period=as+of+2022-02&amp;sector=all&amp;embed=true"'
    )
    assert 'title="Investment &quot;AZ&quot; &lt;RU&gt;"' in snippet
    assert snapshot.embed_snippet("https://econ.example/overview", title="x").count("?embed=true") == 1


# -- the command line --------------------------------------------------------------------------------------------------


def _views_with_charts(dataset: Dataset) -> list[str]:
    return [name for name, view in VIEWS.items() if view.figures(dataset, view.resolve(dataset, {})[0])]


def test_every_view_with_a_chart_is_listed(dataset: Dataset) -> None:
    assert set(_views_with_charts(dataset)) >= {"overview", "partners", "investment", "over-time", "timeline"}


@pytest.mark.parametrize("view", ["overview", "partners", "investment", "over-time", "timeline"])
def test_the_command_line_writes_a_valid_png_for_every_view(view: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"{view}.png"
    assert cli.main(["snapshot", view, "--out", str(out)]) == 0
    image = Image.open(out)
    image.verify()
    assert image.size == (2400, 1350)
    # Drawn from the latest published revision of the (throwaway) store, as the dashboard is.
    latest = published.published_revision()
    assert Image.open(out).text["econ-ties:revision"] == str(latest.number)
    assert Image.open(out).text["econ-ties:content_hash"] == f"sha256:{latest.content_hash}"
    printed = capsys.readouterr().out
    assert f"Data: published revision {latest.number}, content hash sha256:{latest.content_hash}" in printed
    assert f"Wrote {out}" in printed
    page = "" if view == "overview" else view  # the default view is the app's root
    assert f"Permalink: http://127.0.0.1:8501/{page}\n" in printed or f"Permalink: http://127.0.0.1:8501/{page}?" in printed


def test_the_command_line_takes_view_parameters_formats_and_sizes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, pdf = tmp_path / "partners.svg", tmp_path / "chart"
    assert cli.main(["snapshot", "partners", "--reporter", "AZE", "--period", "2021", "--show", "rank", "--out", str(svg)]) == 0
    root = ET.fromstring(svg.read_bytes())
    assert "period=2021" in root.find(f"{SVG}metadata/{ET_NS}provenance").get("permalink")
    assert "Citation: In 2021, " in capsys.readouterr().out
    assert cli.main(["snapshot", "investment", "--sector", "oil", "--format", "pdf", "--size", "print", "--out", str(pdf)]) == 0
    assert _pdf_page_size(pdf.read_bytes()) == pytest.approx((1350, 900), abs=1)
    assert "claim S4-ru-az-oil" in _pdf(pdf.read_bytes()).metadata["/Keywords"]


# -- the command line and the published store ---------------------------------------------------------------------------


@pytest.fixture
def two_revisions(tmp_path: Path, dataset: Dataset) -> str:
    """A store of its own: revision 1 seeded from data/, revision 2 with Russia's stated investment changed to 7.1."""
    url = sqlite_url(tmp_path / "two-revisions.sqlite")
    store = published.published_store(url)
    claims = dataset.claims.copy()
    claims.loc[claims["claim_id"] == "S4-ru-az", "value"] = 7.1
    store.publish(Dataset(claims, dict(dataset.sources), list(dataset.events)), parent=1, author="snapshot test", note="restated")
    return url


def _svg_of(args: list[str], out: Path) -> tuple[str, ET.Element]:
    assert cli.main(["snapshot", "investment", *args, "--out", str(out)]) == 0
    root = ET.fromstring(out.read_bytes())
    return _svg_texts(out.read_bytes()), root.find(f"{SVG}metadata/{ET_NS}provenance")


def test_the_command_line_draws_the_latest_revision_and_names_it_on_the_image_and_in_the_file(two_revisions: str, tmp_path: Path) -> None:
    latest = published.published_revision(url=two_revisions)
    assert latest.number == 2
    drawn, record = _svg_of(["--database", two_revisions], tmp_path / "latest.svg")
    assert f"dataset revision 2 (sha256 {latest.content_hash[:12]})" in drawn
    assert record.get("revision") == "2"
    assert record.get("content-hash") == f"sha256:{latest.content_hash}"
    assert "$7.1B" in drawn  # the restated figure of revision 2, not data/'s $6.3B
    assert "rev=" not in record.get("permalink")  # the link follows the latest revision


def test_the_command_line_draws_an_earlier_revision_with_rev(two_revisions: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = published.published_revision(1, url=two_revisions)
    drawn, record = _svg_of(["--database", two_revisions, "--rev", "1"], tmp_path / "first.svg")
    assert f"dataset revision 1 (sha256 {first.content_hash[:12]})" in drawn
    assert "$6.3B" in drawn and "$7.1B" not in drawn
    assert record.get("revision") == "1"
    assert record.get("content-hash") == f"sha256:{first.content_hash}"
    assert record.get("permalink").endswith("&rev=1")  # an earlier revision asked for by number stays in the link
    pdf = tmp_path / "first.pdf"
    assert cli.main(["snapshot", "investment", "--database", two_revisions, "--rev", "1", "--out", str(pdf)]) == 0
    info = _pdf(pdf.read_bytes()).metadata
    assert info["/EconTiesRevision"] == "1"
    assert f"sha256:{first.content_hash}" in info["/Keywords"]
    assert "Data: published revision 1, " in capsys.readouterr().out


@pytest.mark.parametrize("rev", ["9", "0"])
def test_an_unknown_revision_is_one_clear_message(rev: str, two_revisions: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "none.png"
    assert cli.main(["snapshot", "investment", "--database", two_revisions, "--rev", rev, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"econ-ties snapshot: there is no revision {rev} in the published store; the latest is revision 2 (`econ-ties history` lists them all)."
    ]
    assert not out.exists()


def test_a_data_folder_is_an_explicit_alternative_without_a_revision(two_revisions: str, dataset: Dataset, tmp_path: Path) -> None:
    drawn, record = _svg_of(["--database", two_revisions, "--data", str(DATA_DIR)], tmp_path / "folder.svg")
    assert f"dataset sha256 {dataset.content_hash[:12]}" in drawn and "dataset revision" not in drawn
    assert record.get("revision") is None
    assert record.get("content-hash") == f"sha256:{dataset.content_hash}"
    assert "$6.3B" in drawn


def test_rev_and_data_together_or_an_unreadable_store_is_one_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.png"
    assert cli.main(["snapshot", "investment", "--rev", "1", "--data", str(DATA_DIR), "--out", str(out)]) == 2
    assert "give one of them, not both" in capsys.readouterr().err
    assert cli.main(["snapshot", "investment", "--database", "nosuchdialect://x", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("econ-ties snapshot: the published store could not be read: ") and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "there is no view 'nope'"),
        (["data"], "has no chart"),
        (["partners", "--period", "<script>"], "?script? is not a period"),
        (["investment", "--chart", "5"], "--chart must be 1 to 1"),
        (["overview", "--out", "chart.gif"], "cannot tell the format"),
    ],
)
def test_bad_command_line_input_is_one_clear_message(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["snapshot", *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert not list(tmp_path.iterdir())


def test_snapshot_help_lists_the_views_and_their_parameters() -> None:
    result = subprocess.run([sys.executable, "-m", "econ_ties.cli", "snapshot", "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    for view in ("overview", "partners", "investment", "over-time", "timeline"):
        assert f"\n{view} — " in result.stdout
    assert "--reporter VALUE" in result.stdout and "--overlay VALUE" in result.stdout
    assert "one of: turnover, none" in result.stdout
    assert "\ndata — " not in result.stdout  # the table view has no chart to snapshot


def test_command_line_without_chromium_says_how_to_install_it(tmp_path: Path) -> None:
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-chromium-here")}
    result = subprocess.run(
        [sys.executable, "-m", "econ_ties.cli", "snapshot", "overview", "--out", str(tmp_path / "o.png")], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"econ-ties snapshot: {snapshot.INSTALL_CHROMIUM}"]
    assert not (tmp_path / "o.png").exists()
