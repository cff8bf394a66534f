"""An upload report's summary is stored with a published revision in English; the History page shows it in the
reader's language by reading the stored counts, codes and reasons back (`summary_in_language`)."""

from __future__ import annotations

import pytest

from econ_ties.language import N_, using
from econ_ties.model.problems import Problem, RowAccount, Severity, ValidationReport, said, summary_in_language


def _report(errors: int, warnings: int, account: RowAccount | None) -> ValidationReport:
    problems = [Problem("type-error", "not a number", "f.csv", 2 + i, "value", "x", Severity.ERROR) for i in range(errors)]
    problems += [Problem("skipped-row", "skipped", "f.csv", 50 + i, "", "", Severity.WARNING) for i in range(warnings)]
    problems += [Problem("unknown-source", "no source", "f.csv", 90, "source_id", "s", Severity.ERROR)] if errors > 1 else []
    return ValidationReport(problems, row_account=account)


#: The skip kinds are counted as a publisher file counts them (io/publishers): `said` words.
REPORTS = [
    _report(0, 0, None),
    _report(0, 0, RowAccount(3, 3, 3, {}, 0)),
    _report(1, 0, RowAccount(2, 1, 1, {}, 1)),
    _report(2, 3, RowAccount(1_352, 1_327, 2_654, {said(N_("regions")): 11, said(N_("same country")): 11}, 3)),
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


@pytest.mark.parametrize(
    ("lang", "rows", "size"),
    [("en", "70,000 rows", "11.8 MB"), ("ru", "70 000 строк", "11,8 МБ"), ("az", "70.000 sətrinin", "11,8 MB")],
)
def test_the_numbers_inside_a_message_are_written_as_the_language_writes_numbers(lang: str, rows: str, size: str) -> None:
    """A grouped count or a size with decimals reads as the reader's language writes numbers: in Russian "70,000" would
    read as seventy, and "11.8" is not a Russian decimal."""
    from econ_ties.model.problems import in_language

    none = said(N_("none of the file's {count:,} rows became a claim; the warnings say why each kind of row was skipped"), count=70000)
    large = said(N_("the file is {size:.1f} MB; uploads are limited to {limit:.0f} MB"), size=11.8, limit=200.0)
    with using(lang):
        shown = in_language(none), in_language(large)
    assert rows.replace(" ", "\N{NO-BREAK SPACE}") in shown[0].replace(" ", "\N{NO-BREAK SPACE}")
    assert size in shown[1] and " 200 " in shown[1]
