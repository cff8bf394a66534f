"""The Upload page's round trip: whatever "Download the valid claims" gives uploads again cleanly.

For a sample download of every publisher format, and for our own claims format: read it, draft it onto the published
store, take the bytes the page offers as the valid claims, and upload those bytes again under the page's file name.
The second upload has no problem at all, is read as our own format, carries the same source, and previews as the same
claims (0 added, 0 changed). The download carries its sources in the same file, so it needs nothing else beside it.
"""

from __future__ import annotations

import pytest

from econ_ties.checks.preview import preview_diff
from econ_ties.checks.uploads import CLAIMS_WITH_SOURCES_COLUMNS, NATIVE_FORMAT, valid_claims_file, validate_upload_bytes
from econ_ties.io import publishers
from econ_ties.services.published import published_dataset, published_store
from econ_ties.services.publishing import draft
from tests.browser.support import browser, page, server  # noqa: F401  (the browser test's fixtures)
from tests.checks.test_uploads_identity import CASES, FIXTURES


@pytest.mark.parametrize("case", list(CASES))
def test_the_downloaded_valid_claims_upload_again_cleanly(case, store_url):
    name, data = CASES[case]
    published = published_dataset(published_store(store_url).latest_number(), url=store_url)
    first = validate_upload_bytes(data, name, published.sources)
    assert not first.claims.empty
    upload_draft = draft(first, url=store_url, file_name=name)

    downloaded = valid_claims_file(upload_draft.upload, published.sources).encode("utf-8")  # as the page offers it
    assert downloaded.decode().splitlines()[0] == ",".join(CLAIMS_WITH_SOURCES_COLUMNS)

    again = validate_upload_bytes(downloaded, f"{name}.claims.csv", published.sources)
    assert again.report.problems == [], again.report.render()
    assert again.format_name == NATIVE_FORMAT
    assert again.sources == first.sources
    diff = preview_diff(again.claims, first.claims)
    assert (len(diff.added), len(diff.changed), diff.unchanged) == (0, 0, len(first.claims))
    # Uploaded against a store that has none of its sources, the file still stands on its own.
    alone = validate_upload_bytes(downloaded, f"{name}.claims.csv", {})
    assert alone.report.errors == [], alone.report.render()
    assert len(alone.claims) == len(first.claims)


def test_every_publisher_format_is_in_the_round_trip():
    assert set(publishers.FORMATS) <= set(CASES)


def _upload_page(files: list[tuple[bytes, str]]) -> None:
    from econ_ties.app.upload import show_upload

    first, *others = files
    show_upload(*first, companions=others)


def test_the_upload_page_reads_a_claims_file_with_its_sources_file_chosen_with_it():
    from streamlit.testing.v1 import AppTest

    from tests.checks.test_uploads_files import CLAIMS, SOURCES

    alone = AppTest.from_function(_upload_page, default_timeout=120, args=([(CLAIMS, "mine.csv")],))
    alone.run()
    assert not alone.exception and alone.error, "alone, the claim citing the new source is an error"
    together = AppTest.from_function(_upload_page, default_timeout=120, args=([(CLAIMS, "mine.csv"), (SOURCES, "refs.csv")],))
    together.run()
    assert not together.exception
    assert any("Read as **econ-ties claims**: 2 valid claims" in m.value for m in together.markdown)
    assert [s.value for s in together.success][:1] == ["2 rows: 2 claims, 0 skipped, 0 with errors. No problems found."]
    two = AppTest.from_function(_upload_page, default_timeout=120, args=([(CLAIMS, "mine.csv"), (CLAIMS, "mine (1).csv")],))
    two.run()
    assert not two.exception
    assert any("2 claims files" in e.value and "check one at a time" in e.value for e in two.error), [e.value for e in two.error]
    assert not any("no known format" in m.value for m in two.markdown), "the files are ours; the error says what is wrong"


@pytest.mark.browser
def test_in_the_browser_the_downloaded_valid_claims_upload_again_and_files_go_together(server, page, tmp_path):  # noqa: F811
    from pathlib import Path

    from tests.checks.test_uploads_files import CLAIMS, SOURCES

    page.goto(f"{server}/upload")
    picker = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    picker.set_input_files(str(FIXTURES / "comtrade_plus_2022.csv"))
    page.get_by_text("Read as UN Comtrade Plus: 6 valid claims").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the valid claims in our format (CSV)").click()
    downloaded = tmp_path / download.value.suggested_filename
    assert downloaded.name == "comtrade_plus_2022.claims.csv"
    download.value.save_as(downloaded)
    assert Path(downloaded).read_text(encoding="utf-8").startswith(",".join(CLAIMS_WITH_SOURCES_COLUMNS) + "\n")

    # Chosen beside the first file (the picker adds to its list), it is refused in one sentence naming both.
    picker.set_input_files(str(downloaded))
    # the sentence at the top (the same message is also listed whole under the report's table)
    page.get_by_text("2 claims files (comtrade_plus_2022.csv, comtrade_plus_2022.claims.csv): check one at a time").first.wait_for()
    # Alone, it is read as our own format, with no problem at all.
    page.goto(f"{server}/upload")
    picker.set_input_files(str(downloaded))
    page.get_by_text("Read as econ-ties claims: 6 valid claims").wait_for()
    page.get_by_text("No problems found.").wait_for()

    page.goto(f"{server}/upload")
    (tmp_path / "mine.csv").write_bytes(CLAIMS)
    (tmp_path / "refs.csv").write_bytes(SOURCES)
    picker.set_input_files([str(tmp_path / "mine.csv"), str(tmp_path / "refs.csv")])
    page.get_by_text("Read as econ-ties claims: 2 valid claims").wait_for()
    page.get_by_text("No problems found.").wait_for()


def test_the_download_describes_each_source_once(store_url):
    import csv
    import io

    published = published_dataset(published_store(store_url).latest_number(), url=store_url)
    name, data = CASES[NATIVE_FORMAT]
    rows = list(csv.DictReader(io.StringIO(valid_claims_file(validate_upload_bytes(data, name, published.sources), published.sources))))
    described = [r["source_id"] for r in rows if r["source_title"]]
    assert sorted(described) == sorted({r["source_id"] for r in rows}), "the first row citing a source describes it; the rest cite it"
    assert len(rows) > len(described)


@pytest.mark.parametrize("case", list(CASES))
def test_a_published_download_uploaded_again_under_another_name_previews_as_unchanged(case, store_url):
    from econ_ties.services.publishing import publish

    name, data = CASES[case]
    sources = published_dataset(published_store(store_url).latest_number(), url=store_url).sources
    first = validate_upload_bytes(data, name, sources)
    if not first.report.ok:  # a sample with a bad row on purpose: publish its valid claims as the analyst would
        first = validate_upload_bytes(valid_claims_file(first, sources).encode(), name, sources)
    first_draft = draft(first, url=store_url, file_name=name)
    if len(first_draft.diff.added) or len(first_draft.diff.changed):  # our own sample is the published data already
        publish(first_draft, author="A", note="first", file_name=name, url=store_url)
    again = draft(validate_upload_bytes(data, "renamed by the browser (1).csv", sources), url=store_url, file_name="renamed by the browser (1).csv")
    assert again.diff.summary() == f"0 added, 0 changed, 0 removed, {len(first.claims)} unchanged"
