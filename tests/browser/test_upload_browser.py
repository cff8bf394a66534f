"""Browser test of the Upload page: an analyst picks a CSV in Chromium and reads the report, the preview and the charts.

The file is the curated figures.csv with three edits — a row with an unknown country, a published figure restated more
than 10% higher, and a new claim — so the page has an error to report, a change to preview with its warning, and an
addition. The report is checked through its CSV download (Streamlit draws tables on a canvas, not as DOM text).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.browser.support import ARTIFACTS, CHART, ROOT

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def edited_figures(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """figures.csv with an unknown country, a restated figure and a new claim; returns the file and their lines."""
    with (ROOT / "data" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = {}
    bad = next(i for i, r in enumerate(rows) if r["qualifier"] == "exact" and r["value"])
    rows[bad] = {**rows[bad], "country": "XXX"}
    lines["unknown-country"] = bad + 2
    restated = next(i for i, r in enumerate(rows) if i != bad and r["qualifier"] == "exact" and r["value"] and r["indicator"] == "trade_turnover")
    rows[restated] = {**rows[restated], "value": f"{float(rows[restated]['value']) * 1.5:.1f}"}
    lines["restated"] = restated + 2
    rows.append({**rows[restated], "claim_id": "browser-new-1", "period": "2030", "value": "4.2"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "figures-edited.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path, lines


def test_upload_shows_report_preview_and_charts(server: str, page, tmp_path: Path) -> None:
    path, lines = edited_figures(tmp_path)
    page.goto(server + "/upload")
    page.get_by_text("Check a CSV before it is published").wait_for()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))

    page.get_by_text("Read as econ-ties claims").wait_for()
    body = page.locator("body")
    page.get_by_text("What would change").wait_for()
    # The page streams in: wait for the preview's warning (it comes after the summary line) before reading the text.
    page.get_by_text(f"Line {lines['restated']}:").first.wait_for()
    text = body.inner_text()
    assert "1 error and" in text, text[:2000]
    assert "1 added, 1 changed" in text
    assert f"Line {lines['restated']}:" in text  # the more-than-10% warning names the line of the restated figure

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the full report (CSV)").click()
    report = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    errors = [r for r in report if r["severity"] == "error"]
    assert [(r["code"], int(r["row"]), r["column"], r["value"]) for r in errors] == [("unknown-country", lines["unknown-country"], "country", "XXX")]

    with page.expect_download() as download:  # written on click: the valid claims, the bad row left out
        page.get_by_role("button", name="Download the valid claims in our format (CSV)").click()
    claims = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    from tests.conftest import curated_claim_rows

    assert len(claims) == len(curated_claim_rows()) and "browser-new-1" in {c["claim_id"] for c in claims}
    assert "XXX" not in {c["country"] for c in claims}

    page.get_by_text("Charts with the uploaded data").wait_for()
    page.locator(CHART).first.wait_for(state="visible")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload-report-preview.png"), full_page=True)

    # A click on a bar of the preview names the claim and the line of the file it comes from.
    page.wait_for_function(f"() => document.querySelector('{CHART}').data")
    first_bar = json.loads(page.evaluate(f"() => JSON.stringify(document.querySelector('{CHART}').data[0].customdata)"))[0]
    page.locator(CHART).first.locator(".point path").first.click(force=True)
    line_of = {row["claim_id"]: n + 2 for n, row in enumerate(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))}
    page.get_by_text(f"line {line_of[first_bar]} of the uploaded file").wait_for()
    assert f"claim {first_bar}" in page.locator("body").inner_text()


def test_a_binary_file_gets_one_clear_message(server: str, page, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 64)
    page.goto(server + "/upload")
    page.get_by_text("Check a CSV before it is published").wait_for()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text("not a CSV text file").first.wait_for()
    assert "Traceback" not in page.locator("body").inner_text()
