"""Browser test: every chart's text stays legible on a desktop, a tablet and a phone, with the curated data and with
three times as much (tests/present/charts/tripled_data.py), and in every snapshot.

Playwright drives Debian's Chromium against a real Streamlit server on 127.0.0.1. On each view at 1300, 768 and 390 px
wide it reads the box of every text plotly drew in each chart (titles, subtitles, annotations, axis titles, tick
labels, legends, value labels) and fails on two texts that overlap, a text that runs out of its chart, or a text under
10 px (`tests.browser.text_boxes`, the one check). Each view's snapshot SVG, at both sizes, is opened in the same
Chromium and goes through the same check, and so do the Upload page's preview charts of genuine publisher downloads.
A screenshot of every failing view goes to test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.export.layout import SIZES
from econ_ties.export.provenance import DatasetStamp
from econ_ties.export.renderer import CHROMIUM
from econ_ties.export.snapshot import render_snapshot
from econ_ties.present.views import VIEWS
from econ_ties.store.revisions import Store
from tests.browser.support import ARTIFACTS, CHART, running_dashboard, wait_for_chart
from tests.browser.text_boxes import drawn_text, legibility_problems
from tests.conftest import DATA_DIR
from tests.present.charts.tripled_data import tripled_data

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1300, "tablet": 768, "phone": 390}
GENUINE = Path(__file__).parents[1] / "fixtures" / "publishers" / "genuine"
CHART_VIEWS = [name for name in VIEWS if name != "data"]


@pytest.fixture(scope="module")
def tripled(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    dataset, report = load_dataset(tripled_data(tmp_path_factory.mktemp("tripled") / "data"))
    assert report.ok, report.summary()
    return dataset


@pytest.fixture(scope="module")
def servers(server: str, tripled: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The dashboard on the curated data (the shared server) and on three times the data (a store seeded with it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('tripled-store') / 'store.sqlite'}"
    Store.open(url).seed(tripled, author="legibility test", note="three times the data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ECON_TIES_DATABASE_URL", url)
        with running_dashboard() as tripled_url:
            patch.undo()
            yield {"curated": server, "tripled": tripled_url}


def _all_charts_drawn(page) -> None:
    wait_for_chart(page)
    # Every chart of the page has its data and plotly's layout; fonts and automargins settle a moment later.
    page.wait_for_function(f"() => [...document.querySelectorAll('{CHART}')].every((c) => c.data && c._fullLayout && c.querySelector('.main-svg'))")
    page.wait_for_timeout(600)


@pytest.mark.parametrize("data", ["curated", "tripled"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_views_charts_are_legible_at_every_width(servers: dict[str, str], browser, data: str, width: str) -> None:
    problems = _every_views_problems(browser, width, servers[data], "", data)
    assert not problems, f"{len(problems)} legibility problems at {WIDTHS[width]} px on the {data} data:\n" + "\n".join(problems)


LANGUAGE_WIDTHS = list(WIDTHS)


@pytest.mark.parametrize("lang", ["az", "ru"])
@pytest.mark.parametrize("width", LANGUAGE_WIDTHS)
def test_every_views_charts_are_legible_in_each_language(server: str, browser, lang: str, width: str) -> None:
    """Azerbaijani and Russian labels are longer than English ones ("təxminən 2,0 mlrd US$" for "about $2.0B"): the
    same check on the curated data in each language, at every width, a phone's included."""
    problems = _every_views_problems(browser, width, server, f"?lang={lang}", lang)
    assert not problems, f"{len(problems)} legibility problems at {WIDTHS[width]} px in {lang}:\n" + "\n".join(problems)


def _every_views_problems(browser, width: str, server: str, query: str, run: str) -> list[str]:
    """The legibility problems of every view's charts at `width`, each page opened at `server` with `query`; the
    screenshots of pages with problems are named after `run`."""
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    problems: list[str] = []
    try:
        for name in CHART_VIEWS:
            page.goto(f"{server}/{'' if name == 'overview' else name}{query}")
            problems += [f"{name}: {p}" for p in _charts_problems(page, name, f"legibility-{run}-{width}-{name}.png")]
    finally:
        context.close()
    return problems


def _charts_problems(page, name: str, screenshot: str) -> list[str]:
    """The legibility problems of every chart drawn on the page; a screenshot beside the test's artifacts when any."""
    _all_charts_drawn(page)
    texts = drawn_text(page, CHART)
    assert texts, f"{name}: no chart text was read"
    found = legibility_problems(texts)
    if found:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)
    return found


@pytest.mark.parametrize("data", ["curated", "tripled"])
def test_every_snapshot_svg_is_legible(browser, tripled: Dataset, data: str) -> None:
    dataset = tripled if data == "tripled" else load_dataset(DATA_DIR)[0]
    stamp = DatasetStamp.of(dataset, 1)
    context = browser.new_context(viewport={"width": 1900, "height": 1300})
    page = context.new_page()
    problems: list[str] = []
    try:
        for name, spec in VIEWS.items():
            for index, fig in enumerate(spec.figures(dataset, spec.resolve(dataset, {})[0])):
                for size in SIZES:
                    svg = render_snapshot(fig, format="svg", size=size, stamp=stamp, view=name, exported_on=dt.date(2026, 12, 5)).data
                    page.set_content(f"<html><body style='margin:0'>{svg.decode('utf-8')}</body></html>")
                    found = legibility_problems(drawn_text(page, "body > svg"))
                    if found:
                        ARTIFACTS.mkdir(exist_ok=True)
                        (ARTIFACTS / f"legibility-snapshot-{data}-{name}-{index}-{size}.svg").write_bytes(svg)
                    problems += [f"{name} chart {index + 1}, {size}: {p}" for p in found]
    finally:
        context.close()
        CHROMIUM.stop()
    assert not problems, f"{len(problems)} legibility problems in the snapshots of the {data} data:\n" + "\n".join(problems)


def test_the_check_finds_overlap_clipping_and_small_text(browser) -> None:
    """The check itself: a drawing with two overlapping words, a word out of the box and a tiny word fails three ways."""
    page = browser.new_page()
    try:
        page.set_content(
            "<svg width='300' height='100' xmlns='http://www.w3.org/2000/svg'><text x='10' y='30' font-size='14'>$1.2B</text>"
            "<text x='20' y='32' font-size='14'>about $1.2B</text><text x='270' y='80' font-size='14'>clipped</text>"
            "<text x='100' y='80' font-size='4'>tiny</text><text x='150' y='30' font-size='14'>alone</text></svg>"
        )
        problems = legibility_problems(drawn_text(page, "body > svg"))
    finally:
        page.close()
    assert any("'$1.2B' overlaps 'about $1.2B'" in p for p in problems), problems
    assert any("'clipped' runs" in p for p in problems), problems
    assert any("'tiny' is 4.0 px" in p for p in problems), problems
    assert not any("alone" in p for p in problems), problems
    assert len(problems) == 3, problems


def test_tripled_data_holds_three_times_the_claims(tripled: Dataset) -> None:
    assert len(tripled.claims) >= 3 * len(load_dataset(Path(DATA_DIR))[0].claims)


#: Genuine publisher downloads, as an analyst uploads them: many partners (Comtrade Plus, WITS) and CIF and FOB
#: imports side by side (IMF DOTS).
UPLOADS = ["comtrade_plus_TradeData_china.csv", "wits_partner_WITS-Partner.csv", "imf_dots_DOTS.csv"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_upload_preview_charts_are_legible_at_every_width(server: str, browser, width: str) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    problems: list[str] = []
    try:
        for name in UPLOADS:
            page.goto(f"{server}/upload")
            page.get_by_text("Check a CSV before it is published").wait_for()
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(GENUINE / name))
            page.get_by_text("Charts with the uploaded data").wait_for()
            problems += [f"upload of {name}: {p}" for p in _charts_problems(page, name, f"legibility-upload-{width}-{name}.png")]
    finally:
        context.close()
    assert not problems, f"{len(problems)} legibility problems in the upload previews at {WIDTHS[width]} px:\n" + "\n".join(problems)
