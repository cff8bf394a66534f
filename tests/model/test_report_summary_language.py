"""An upload report's summary is stored with a published revision in English; the History page shows it in the
reader's language by reading the stored counts, codes and reasons back (`summary_in_language`)."""

from __future__ import annotations

import pytest

from econ_ties.language import using
from econ_ties.model.problems import Problem, RowAccount, Severity, ValidationReport, summary_in_language


def _report(errors: int, warnings: int, account: RowAccount | None) -> ValidationReport:
    problems = [Problem("type-error", "not a number", "f.csv", 2 + i, "value", "x", Severity.ERROR) for i in range(errors)]
    problems += [Problem("skipped-row", "skipped", "f.csv", 50 + i, "", "", Severity.WARNING) for i in range(warnings)]
    problems += [Problem("unknown-source", "no source", "f.csv", 90, "source_id", "s", Severity.ERROR)] if errors > 1 else []
    return ValidationReport(problems, row_account=account)


REPORTS = [
    _report(0, 0, None),
    _report(0, 0, RowAccount(3, 3, 3, {}, 0)),
    _report(1, 0, RowAccount(2, 1, 1, {}, 1)),
    _report(2, 3, RowAccount(1_352, 1_327, 2_654, {"regions": 11, "same country": 11}, 3)),
    _report(1, 1, None),
]


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
@pytest.mark.parametrize("report", REPORTS, ids=range(len(REPORTS)))
def test_a_stored_summary_reads_as_the_summary_made_in_the_language(report: ValidationReport, lang: str) -> None:
    stored = report.summary()  # English, as publishing stores it
    with using(lang):
        assert summary_in_language(stored) == report.summary()
    if lang != "en" and report.problems:
        with using(lang):
            assert summary_in_language(stored) != stored


def test_a_text_not_in_the_summarys_form_is_shown_as_it_is() -> None:
    with using("ru"):
        assert summary_in_language("The curated data/ folder") == "The curated data/ folder"
        assert summary_in_language("2 rows: 1 claim, 0 skipped, 5 with errors — 1 error, 0 warnings — type-error: 1").startswith("2 rows")
        assert summary_in_language("") == ""
