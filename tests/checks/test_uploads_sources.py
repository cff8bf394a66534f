"""Our claims format in one file: each claim row may carry its source in `source_<column>` columns.

The file then needs no sources.csv beside it: the sources it describes are checked once each, brought with the upload
and cited by its claims. A source described two ways, or not a valid source, is an error naming the line and column; a
published source described otherwise is a warning, and the published one is kept.
"""

from __future__ import annotations

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import CLAIMS_WITH_SOURCES_COLUMNS, NATIVE_FORMAT, validate_upload_bytes
from tests.conftest import DATA_DIR

HEADER = ",".join(CLAIMS_WITH_SOURCES_COLUMNS)
CLAIM = "{id},trade_turnover,AZE,RUS,reporter/partner,total,{year},flow,2.9,USD,billion,exact,AZE,{source},Turnover was $2.9 billion.,,false,"
SOURCE = "{publisher},{title},https://example.org/a,2024-01-02,,,,en,,,,,,,,,"
EMPTY_SOURCE = ",,,,,,,,,,,,,,,,"


def _file(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows, ""]).encode()


@pytest.fixture(scope="module")
def published():
    return load_dataset(DATA_DIR)[0].sources


def test_claims_bring_the_source_described_in_their_rows(published):
    data = _file(
        CLAIM.format(id="a-1", year=2021, source="new-report") + "," + SOURCE.format(publisher="Report Office", title="Annual report"),
        CLAIM.format(id="a-2", year=2022, source="new-report") + "," + EMPTY_SOURCE,  # cites the source described above
        CLAIM.format(id="a-3", year=2023, source="todayaz-225588") + "," + EMPTY_SOURCE,  # cites a published source
    )
    result = validate_upload_bytes(data, "claims.csv", published)
    assert result.format_name == NATIVE_FORMAT
    assert result.report.problems == [], result.report.render()
    assert sorted(result.claims["claim_id"]) == ["a-1", "a-2", "a-3"]
    assert list(result.sources) == ["new-report"]
    source = result.sources["new-report"]
    assert (source.publisher, source.title, str(source.date_published)) == ("Report Office", "Annual report", "2024-01-02")


def test_a_source_described_two_ways_is_an_error_on_the_second_line(published):
    data = _file(
        CLAIM.format(id="a-1", year=2021, source="new-report") + "," + SOURCE.format(publisher="Report Office", title="Annual report"),
        CLAIM.format(id="a-2", year=2022, source="new-report") + "," + SOURCE.format(publisher="Report Office", title="Another title"),
    )
    result = validate_upload_bytes(data, "claims.csv", published)
    assert [(p.code, p.row, p.column, p.value) for p in result.report.errors] == [("constraint-error", 3, "source_title", "Another title")]
    assert "line 2" in result.report.errors[0].message


def test_a_source_without_a_title_is_an_error_naming_its_column_and_its_claims_are_left_out(published):
    data = _file(CLAIM.format(id="a-1", year=2021, source="new-report") + "," + SOURCE.format(publisher="Report Office", title=""))
    result = validate_upload_bytes(data, "claims.csv", published)
    assert ("missing-cell", 2, "source_title") in {(p.code, p.row, p.column) for p in result.report.errors}, result.report.render()
    assert "unknown-source" in {p.code for p in result.report.errors}
    assert result.claims.empty and result.sources == {}


def test_a_published_source_described_otherwise_is_kept_with_a_warning(published):
    data = _file(CLAIM.format(id="a-1", year=2021, source="todayaz-225588") + "," + SOURCE.format(publisher="Someone else", title="A new title"))
    result = validate_upload_bytes(data, "claims.csv", published)
    assert result.report.errors == []
    assert [(p.code, p.row, p.column) for p in result.report.warnings] == [("differs-from-published", 2, "source_publisher")]
    assert result.sources == {}  # the published source is kept; nothing to add
    assert len(result.claims) == 1


def test_the_format_page_gives_the_exact_header_of_the_single_file_form():
    page = (DATA_DIR.parent / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert f"\n{HEADER}\n" in page
