"""axe-core in Chromium on the dashboard's pages, with their charts drawn and with an upload report shown: no text is
below WCAG 2.2 AA contrast (`color-contrast`) and no heading level is skipped (`heading-order`).

Every violation axe finds is written to test-artifacts/axe-<page>.json, including the rules this test does not assert.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.support import ARTIFACTS, wait_for_chart
from tests.browser.test_upload_browser import edited_figures

pytestmark = pytest.mark.browser

#: The rules asserted here, at any impact (axe rates a skipped heading "moderate", low contrast "serious").
ASSERTED = ("color-contrast", "heading-order")
#: The pages that draw a chart, by URL path ("" is Overview), and the pages without one.
CHART_PAGES = ["", "partners", "investment", "over-time", "timeline"]
PLAIN_PAGES = ["data", "history", "sign-in"]


def violations(page, name: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page as shown now (also written to test-artifacts/axe-<name>.json)."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    return found


def asserted(found: list[dict[str, Any]]) -> list[str]:
    """The asserted violations, one line per element: rule, the element's HTML and axe's reason."""
    return [f"{v['id']}: {n['html'][:120]} — {n['failureSummary']}" for v in found if v["id"] in ASSERTED for n in v["nodes"]]


def settled(page) -> None:
    """Wait until Streamlit has finished the run (no element still stale or running)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    page.wait_for_timeout(500)


@pytest.mark.parametrize("path", CHART_PAGES)
def test_chart_pages_have_readable_text_and_ordered_headings(server: str, page, path: str) -> None:
    page.goto(f"{server}/{path}")
    wait_for_chart(page)
    settled(page)
    assert asserted(violations(page, path or "overview")) == []


@pytest.mark.parametrize("path", PLAIN_PAGES)
def test_other_pages_have_readable_text_and_ordered_headings(server: str, page, path: str) -> None:
    page.goto(f"{server}/{path}")
    page.locator("h1").first.wait_for()
    settled(page)
    assert asserted(violations(page, path)) == []


def test_upload_report_preview_and_charts_have_readable_text_and_ordered_headings(server: str, page, tmp_path) -> None:
    path, lines = edited_figures(tmp_path)
    page.goto(server + "/upload")
    page.get_by_text("Check a CSV before it is published").wait_for()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text("Read as econ-ties claims").wait_for()  # the report is shown
    page.get_by_text("What would change").wait_for()
    page.get_by_text(f"Line {lines['restated']}:").first.wait_for()
    page.get_by_text("Charts with the uploaded data").wait_for()
    wait_for_chart(page)
    settled(page)
    assert asserted(violations(page, "upload")) == []
