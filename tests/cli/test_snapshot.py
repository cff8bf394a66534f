"""`econ-ties snapshot`: the command writes a valid file for every view with a chart, takes the view's parameters,
formats and sizes, draws the latest published revision (or `--rev N`, or a `--data` folder) and names it on the image and
in the file; bad input and a missing Chromium are one clear message.

The command draws from the published store: the session's throwaway store (tests/conftest.py), or a store made for one
test with two revisions; never the user's. It renders through kaleido and Debian's Chromium.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from PIL import Image

from econ_ties import cli
from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.export.metadata import RDF_NS
from econ_ties.export.renderer import INSTALL_CHROMIUM
from econ_ties.present.views import VIEWS
from econ_ties.services import published
from econ_ties.settings import sqlite_url
from tests.conftest import DATA_DIR
from tests.export.support import DC, ET_NS, SVG, open_pdf, pdf_page_size, svg_texts


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA_DIR)[0]


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
    assert pdf_page_size(pdf.read_bytes()) == pytest.approx((1350, 900), abs=1)
    assert "claim S4-ru-az-oil" in open_pdf(pdf.read_bytes()).metadata["/Keywords"]


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
    return svg_texts(out.read_bytes()), root.find(f"{SVG}metadata/{ET_NS}provenance")


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
    info = open_pdf(pdf.read_bytes()).metadata
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
    assert result.stderr.strip().splitlines() == [f"econ-ties snapshot: {INSTALL_CHROMIUM}"]
    assert not (tmp_path / "o.png").exists()


# -- the language of the snapshot ---------------------------------------------------------------------------------------


def test_an_azerbaijani_snapshot_draws_azerbaijani_text_and_its_files_record_the_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, png, pdf = tmp_path / "az.svg", tmp_path / "az.png", tmp_path / "az.pdf"
    assert cli.main(["snapshot", "investment", "--lang", "az", "--out", str(svg)]) == 0
    drawn = svg_texts(svg.read_bytes())
    assert set("əğışöüç") & set(drawn.lower()), drawn  # Azerbaijani letters on the image, kept as text
    assert "Mənbə" in drawn and "ixrac tarixi" in drawn and "exported" not in drawn  # source line and footer
    root = ET.fromstring(svg.read_bytes())
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "az"
    assert root.find(f"{SVG}metadata/{{{RDF_NS}}}RDF/{{{RDF_NS}}}Description/{DC}language").text == "az"
    assert cli.main(["snapshot", "investment", "--out", str(png), "--lang", "az"]) == 0  # after VIEW as well
    assert Image.open(png).text["econ-ties:language"] == "az"
    assert json.loads(Image.open(png).text["econ-ties:provenance"])["language"] == "az"
    assert cli.main(["snapshot", "investment", "--lang", "az", "--format", "pdf", "--out", str(pdf)]) == 0
    reader = open_pdf(pdf.read_bytes())
    assert reader.metadata["/EconTiesLanguage"] == "az"
    assert reader.trailer["/Root"]["/Lang"] == "az"
    assert reader.xmp_metadata.dc_language == ["az"]
    capsys.readouterr()


def test_a_snapshot_is_in_english_unless_asked_and_records_it(tmp_path: Path) -> None:
    svg = tmp_path / "en.svg"
    assert cli.main(["snapshot", "investment", "--out", str(svg)]) == 0
    drawn = svg_texts(svg.read_bytes())
    assert "Source" in drawn and " exported " in drawn and not set("əğış") & set(drawn)
    assert ET.fromstring(svg.read_bytes()).get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_an_unknown_language_is_one_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["snapshot", "investment", "--lang", "fr", "--out", str(tmp_path / "fr.svg")])
    assert exit_.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err
    assert not (tmp_path / "fr.svg").exists()
