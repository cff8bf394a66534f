"""Several files uploaded at once: a claims file with the sources and events files it cites, each recognised by its
header whatever its name, each problem naming its own file; on the command line, `validate` and `publish` take them."""

from __future__ import annotations

from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_files
from econ_ties.cli.main import main
from econ_ties.model.columns import CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS
from tests.conftest import DATA_DIR

CLAIMS = "\n".join(
    [
        ",".join(CLAIM_COLUMNS),
        "f-1,trade_turnover,AZE,RUS,reporter/partner,total,2021,flow,2.9,USD,billion,exact,AZE,new-report,Turnover was $2.9 billion.,,false,",
        "f-2,exports,AZE,RUS,reporter/partner,total,2021,flow,1.0,USD,billion,exact,AZE,todayaz-225588,Exports were $1.0 billion.,,false,",
        "",
    ]
).encode()
# The files an analyst writes may leave out the optional columns (here the translations, at the end of the format).
SOURCES = "\n".join([",".join(SOURCE_COLUMNS[:10]), "new-report,Report Office,Annual report,https://example.org/r,2024-01-02,,,,en,", ""]).encode()
EVENTS = "\n".join([",".join(EVENT_COLUMNS[:7]), "ev-1,2024-01-03,Report launched,,AZE;RUS,economy,new-report", ""]).encode()


@pytest.fixture(scope="module")
def published():
    return load_dataset(DATA_DIR)[0].sources


def test_claims_with_their_sources_and_events_in_any_order(published):
    result = validate_upload_files([(EVENTS, "timeline.csv"), (CLAIMS, "mine.csv"), (SOURCES, "refs.csv")], published)
    assert result.report.problems == [], result.report.render()
    assert sorted(result.claims["claim_id"]) == ["f-1", "f-2"]
    assert list(result.sources) == ["new-report"]
    assert [e.event_id for e in result.events] == ["ev-1"]
    assert result.report.row_account is not None and result.report.row_account.claims == 2


def test_without_its_sources_file_the_claim_citing_it_is_an_unknown_source(published):
    result = validate_upload_files([(CLAIMS, "mine.csv"), (EVENTS, "timeline.csv")], published)
    assert {(p.code, p.file, p.row) for p in result.report.errors} == {("unknown-source", "mine.csv", 2), ("unknown-source", "timeline.csv", 2)}


def test_a_bad_source_row_is_reported_in_its_own_file(published):
    bad = SOURCES.replace(b"https://example.org/r", b"not a url")
    result = validate_upload_files([(CLAIMS, "mine.csv"), (bad, "refs.csv")], published)
    assert ("refs.csv", 2, "url") in {(p.file, p.row, p.column) for p in result.report.errors}, result.report.render()


def test_two_claims_files_or_none_are_refused_with_one_sentence(published):
    two = validate_upload_files([(CLAIMS, "a.csv"), (CLAIMS, "b.csv"), (SOURCES, "refs.csv")], published)
    assert [p.code for p in two.report.errors] == ["no-claims"] and "a.csv, b.csv" in two.report.errors[0].message
    assert two.claims.empty
    none = validate_upload_files([(SOURCES, "refs.csv"), (EVENTS, "timeline.csv")], published)
    assert "none of the files holds claims" in none.report.errors[0].message


def test_a_source_in_two_of_the_files_is_an_error(published):
    result = validate_upload_files([(CLAIMS, "mine.csv"), (SOURCES, "refs.csv"), (SOURCES, "refs-again.csv")], published)
    assert [(p.code, p.file) for p in result.report.errors] == [("duplicate-row", "refs-again.csv")]


def test_validate_and_publish_take_the_files_together(tmp_path: Path, capsys, store_url):
    paths = []
    for name, data in [("mine.csv", CLAIMS), ("refs.csv", SOURCES), ("timeline.csv", EVENTS)]:
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    assert main(["validate", paths[0]]) == 1  # alone, its new source is unknown
    assert "unknown-source" in capsys.readouterr().out
    assert main(["validate", *paths]) == 0
    assert main(["publish", *paths, "--author", "A", "--note", "with its sources", "--database", store_url]) == 0
    from econ_ties.services.published import published_dataset, published_store

    dataset = published_dataset(published_store(store_url).latest_number(), url=store_url)
    assert "new-report" in dataset.sources and "f-1" in set(dataset.claims["claim_id"])
    assert "ev-1" in {e.event_id for e in dataset.events}
