"""Browser test: Playwright drives Debian's Chromium against a real Streamlit server on 127.0.0.1.

It opens each view, changes a control and sees the chart update, reopens the copied URL and lands on the same view with
the same chart, and saves a screenshot of each step to test-artifacts/.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.model.schema import Source
from econ_ties.present.views import VIEWS
from tests.browser.support import ARTIFACTS, CHART, ROOT, chart_data, free_port, wait_for_chart, wait_until_healthy
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser
# view -> (control label, option text to pick, query parameter, its value)
CHANGES = {
    "partners": ("Display", "Shares of total", "show", "share"),
    "investment": ("Sector", "Oil", "sector", "oil"),
    "over-time": ("Indicator", "Direct investment flow", "indicator", "fdi_flow"),
    "timeline": ("Overlay", "Events only", "overlay", "none"),
}


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def selected(box) -> str:
    """What a selectbox shows: its text and the values of its inputs (newer Streamlit shows the choice in an input)."""
    values = box.locator("input").evaluate_all("(inputs) => inputs.map((i) => i.value).join(' ')")
    return f"{box.inner_text()} {values}"


def pick(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator('[role="combobox"], input').first.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_overview_shows_headlines_with_sources(server: str, page) -> None:
    page.goto(server + "/")
    wait_for_chart(page)
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    # each tile shows the latest stated figure of its measure, with who stated it (tests/present/views/test_overview.py)
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.present.views.overview import headlines
    from tests.conftest import DATA_DIR

    latest = headlines(load_dataset(DATA_DIR)[0])[0]
    assert sorted(metrics) == sorted(h.value for h in latest)
    assert page.get_by_text("the majority non-oil, no figure stated", exact=False).first.is_visible()
    assert page.get_by_text(latest[0].attribution.split(",")[0]).first.is_visible()
    assert shot(page, "overview").stat().st_size > 10_000


@pytest.mark.parametrize("name", list(CHANGES))
def test_view_control_updates_chart_and_copied_url_reopens_it(server: str, page, browser, name: str) -> None:
    label, option, param, value = CHANGES[name]
    page.goto(f"{server}/{name}")
    wait_for_chart(page)
    assert page.locator("h1").first.inner_text().strip() == VIEWS[name].title
    shot(page, f"{name}-1-opened")
    before = chart_data(page)
    pick(page, label, option)
    # The chart's node can be missing for a frame while Streamlit redraws it, so the wait reads it only when present.
    page.wait_for_function(
        f"(before) => {{ const c = document.querySelector('{CHART}'); return c && c.data && JSON.stringify(c.data) !== before; }}", arg=before
    )
    page.wait_for_url(f"**{param}={value}**")
    after = chart_data(page)
    assert after != before
    shot(page, f"{name}-2-changed")
    copied = page.url
    assert f"/{name}?" in copied

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    reopened = context.new_page()
    reopened.set_default_timeout(60_000)
    try:
        reopened.goto(copied)
        wait_for_chart(reopened)
        assert reopened.locator("h1").first.inner_text().strip() == VIEWS[name].title
        box = reopened.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
        assert option in selected(box)
        reopened.wait_for_function(f"(after) => {{ const c = document.querySelector('{CHART}'); return c && JSON.stringify(c.data) === after; }}", arg=after)
        shot(reopened, f"{name}-3-reopened")
    finally:
        context.close()


def test_data_view_search_and_hostile_url(server: str, page) -> None:
    page.goto(f"{server}/data?q=Bocharnikov&indicator=%3Cscript%3Ealert(1)%3C/script%3E")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(state="visible")
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.present.views.table import filter_claims_table
    from tests.conftest import DATA_DIR

    found = len(filter_claims_table(load_dataset(DATA_DIR)[0], {"q": "Bocharnikov"}))
    assert page.get_by_text(f"{found} of", exact=False).first.is_visible()
    assert page.locator('[data-testid="stAlert"]').first.is_visible()
    assert page.locator("script:has-text('alert(1)')").count() == 0
    shot(page, "data-hostile-url")


def test_data_view_downloads_what_it_shows_and_everything(server: str, browser) -> None:
    """Both CSVs are written when their button is clicked (a revision can hold a million claims): the filtered rows,
    and every claim."""
    import csv
    import io

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{server}/data?q=Bocharnikov")
        page.locator('[data-testid="stDataFrame"]').first.wait_for(state="visible")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download these rows (CSV)").click()
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        from econ_ties.checks.dataset import load_dataset
        from econ_ties.present.views.table import filter_claims_table
        from tests.conftest import DATA_DIR, curated_claim_rows

        assert {r["Claim"] for r in rows} == set(filter_claims_table(load_dataset(DATA_DIR)[0], {"q": "Bocharnikov"})["claim_id"]) >= {"R5c", "I4"}
        assert all(r["Source link"].startswith("http") for r in rows)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download all data (CSV)").click()
        everything = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert len(everything) == len(curated_claim_rows()) and {"R5c", "I4", "S3"} <= {r["Claim"] for r in everything}
    finally:
        context.close()


def test_econ_ties_serve_starts_the_dashboard_on_127_0_0_1(page) -> None:
    port = free_port()
    command = [sys.executable, "-c", "import sys; from econ_ties.cli.main import main; sys.exit(main())", "serve", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(process, port, what="econ-ties serve")
        page.goto(f"http://127.0.0.1:{port}/investment")
        wait_for_chart(page)
        assert page.locator("h1").first.inner_text().strip() == "Investment & sectors"
    finally:
        process.terminate()
        process.wait(timeout=20)


def published_source_of(claim_id: str) -> Source:
    """The source of a claim of the bundled data (what the test server publishes)."""
    dataset, _report = load_dataset(DATA_DIR)
    claim = dataset.claims[dataset.claims["claim_id"] == claim_id].iloc[0]
    return dataset.sources[str(claim["source_id"])]


def test_a_click_on_a_bar_shows_its_claim_and_the_link_opens_that_pair_over_time(server: str, page) -> None:
    page.goto(server + "/over-time")  # visited first in this session: the link must open the pair it names all the same
    wait_for_chart(page)
    page.get_by_role("link", name="Partners").first.click()  # the same session, as a reader moves between views
    page.wait_for_url("**/partners**")
    wait_for_chart(page)
    bars = json.loads(chart_data(page))[0]  # Azerbaijan's partners by trade turnover in 2021, one bar per claim
    page.locator(CHART + " .point path").nth(bars["y"].index("Turkey")).click(force=True)
    page.get_by_text("Click another bar").wait_for()
    panel = page.locator('[data-testid="stVerticalBlock"]').filter(has_text="Click another bar").last  # the bordered box
    text = panel.inner_text()
    shot(page, "click-partner-bar")
    assert "Trade turnover, Azerbaijan–Turkey" in text, text
    assert "“" in text and "Reported by the" in text, text  # the quote and who stated it
    turkey = bars["customdata"][bars["y"].index("Turkey")]
    source = published_source_of(turkey)
    link = panel.get_by_role("link", name=source.title, exact=True)  # the source, named by its title
    assert link.count() == 1 and link.get_attribute("href") == source.url
    page.wait_for_url(f"**claim={turkey}**")  # the address names the clicked claim: a copied link reopens its box
    page.goto(page.url)
    wait_for_chart(page)
    page.get_by_text("Trade turnover, Azerbaijan–Turkey").wait_for()
    page.get_by_role("link", name="Trade turnover between Azerbaijan and Turkey, year by year").click()
    page.wait_for_url("**/over-time?**")
    wait_for_chart(page)
    page.wait_for_function(f"() => JSON.stringify(document.querySelector('{CHART}').layout.title).includes('Turkey')")
    assert "partner=TUR" in page.url and "reporter=AZE" in page.url
    partner = page.locator('[data-testid="stSelectbox"]').filter(has_text="Partner").first
    assert "Turkey" in selected(partner)


def test_a_click_on_a_sector_bar_offers_that_sector_alone_and_the_chart_follows(server: str, page) -> None:
    page.goto(server + "/investment")
    wait_for_chart(page)
    traces = json.loads(chart_data(page))
    oil = next(i for i, trace in enumerate(traces) if trace.get("name") == "Oil")
    page.locator(CHART + " .barlayer .trace").nth(oil).locator(".point path").first.click(force=True)
    page.get_by_role("button", name="Show only oil investment here").click()
    page.wait_for_url("**sector=oil**")
    page.wait_for_function(f"() => document.querySelector('{CHART}').data.every((t) => !t.type || t.type !== 'bar' || t.name === 'Oil')")
    shot(page, "click-sector-bar")
    sector = page.locator('[data-testid="stSelectbox"]').filter(has_text="Sector").first
    assert "Oil" in selected(sector)
    names = {trace.get("name") for trace in json.loads(chart_data(page)) if trace.get("type") == "bar"}
    assert names == {"Oil"}
