"""Browser test of the snapshot panel: Playwright drives Debian's Chromium against a real Streamlit server on 127.0.0.1.

It opens the Investment & sectors view, opens the download panel under the chart, clicks the PNG button and checks the
file the browser saves: a PNG of 2400×1350 pixels (the social size at 2×) whose text chunks carry the chart's claim ids,
the published revision and its content hash. The server reads the session's throwaway store (tests/conftest.py), so
the test computes the expected claim ids from the same revision. A screenshot of the open panel goes to test-artifacts/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from econ_ties.export.layout import SIZES
from econ_ties.export.provenance import FigureProvenance
from econ_ties.present.views import VIEWS
from econ_ties.services import published
from tests.browser.support import ARTIFACTS, wait_for_chart

pytestmark = pytest.mark.browser
PANEL = "Download, cite or embed this chart"


def test_png_download_from_the_investment_view_carries_its_size_and_claim_ids(server: str, page, tmp_path: Path) -> None:
    revision = published.published_revision()
    dataset = published.published_dataset(revision.number)
    view = VIEWS["investment"]
    expected = FigureProvenance.of(view.figures(dataset, view.resolve(dataset, {})[0])[0])
    assert expected.claim_ids

    page.goto(f"{server}/investment")
    wait_for_chart(page)
    assert page.locator("h1").first.inner_text().strip() == view.title
    panel = page.locator('[data-testid="stExpander"]').filter(has_text=PANEL).first
    panel.locator("summary").first.click()
    png_button = panel.locator('[data-testid="stDownloadButton"] button').filter(has_text="PNG").first
    png_button.wait_for(state="visible")
    assert panel.get_by_text(f"revision {revision.number} and date", exact=False).first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "snapshot-panel.png"), full_page=True)
    panel.screenshot(path=str(ARTIFACTS / "snapshot-panel-open.png"))

    with page.expect_download(timeout=120_000) as waiting:
        png_button.click()
    download = waiting.value
    assert download.failure() is None
    assert download.suggested_filename.startswith("econ-ties-investment-social-") and download.suggested_filename.endswith(".png")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    data = saved.read_bytes()
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert image.format == "PNG"
    assert image.size == SIZES["social"].pixels == (2400, 1350)
    text = Image.open(io.BytesIO(data)).text
    assert text["econ-ties:claim_ids"].split() == list(expected.claim_ids)
    assert text["econ-ties:source_urls"].split() == list(expected.source_urls)
    assert text["econ-ties:revision"] == str(revision.number)
    assert text["econ-ties:content_hash"] == f"sha256:{revision.content_hash}"
    assert text["Title"] == expected.title
    assert text["econ-ties:permalink"] == f"{server}/investment?reporter=AZE&partner=RUS&period=as+of+2022-02&sector=all"
