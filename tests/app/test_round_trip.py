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
from tests.checks.test_uploads_identity import CASES


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
