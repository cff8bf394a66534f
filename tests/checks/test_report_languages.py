"""The upload report in the reader's language: codes stay as they are, messages are written in Azerbaijani or Russian
where the report is shown, and the English report is the same text it always was."""

from __future__ import annotations

import pickle

import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.checks.uploads import UploadResult, validate_upload_bytes
from econ_ties.language import read_catalog, using
from econ_ties.model.problems import Said
from tests.conftest import DATA_DIR

#: Words each language's report shows: its summary's counted nouns and a word of a translated message.
EXPECTED = {"az": ("xəta", "xəbərdarlıq", "sütunu"), "ru": ("ошиб", "предупрежден", "столбец")}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA_DIR)[0]


@pytest.fixture(scope="module")
def upload(dataset: Dataset) -> UploadResult:
    """data/'s figures with an extra column, a repeated claim id and a source nobody has."""
    lines = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()
    header, first, second = lines[0] + ",extra", lines[1] + ",x", lines[2] + ",x"
    unknown = second.replace("todayaz-225588", "no-such-source")
    data = "\n".join([header, first, first, unknown]) + "\n"
    return validate_upload_bytes(data.encode("utf-8"), "figures.csv", dataset.sources)


def test_the_upload_has_problems_built_from_catalog_messages(upload: UploadResult) -> None:
    codes = {p.code for p in upload.report.problems}
    assert {"extra-column", "duplicate-row", "unknown-source"} <= codes
    assert all(isinstance(p.message, Said) for p in upload.report.problems if p.code in {"extra-column", "duplicate-row", "unknown-source"})


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_the_report_is_shown_in_each_language_with_its_codes_unchanged(upload: UploadResult, lang: str) -> None:
    report = upload.report
    translated = {m.id for m in read_catalog(lang) if m.id and m.string and not m.fuzzy}
    with using(lang):
        rows = report.rows()
        summary = report.summary()
        rendered = report.render()
    english = report.rows()
    assert [r["code"] for r in rows] == [r["code"] for r in english]  # codes stay stable and untranslated
    said = [p for p in report.sorted() if isinstance(p.message, Said)]
    assert said, "no problem of this upload comes from the catalog"
    for row, problem in zip(rows, report.sorted(), strict=True):
        if isinstance(problem.message, Said):
            assert problem.message.template in translated
            assert row["message"] != problem.message, row  # shown in the language, not in English
    assert all(word in f"{summary}\n{rendered}" for word in EXPECTED[lang]), (summary, rendered)
    assert "error" not in summary and "warning" not in summary and "rows" not in summary
    with using(lang):
        account = report.row_account.text() if report.row_account is not None else ""
    assert account and account in summary and "claims" not in account and "skipped" not in account


def test_the_english_report_is_the_english_text(upload: UploadResult) -> None:
    report = upload.report
    with using("en"):
        assert [r["message"] for r in report.rows()] == [str(p.message) for p in report.sorted()]
        assert report.summary().startswith("3 rows: ") and "error" in report.summary()
    extra = next(p for p in report.problems if p.code == "extra-column")
    assert extra.message == "the column 'extra' is not part of this format and is ignored"
    assert extra.describe() == "figures.csv:1 [extra] warning extra-column: the column 'extra' is not part of this format and is ignored"


def test_a_problem_keeps_its_translation_when_pickled(upload: UploadResult) -> None:
    """Reports travel through caches and worker processes: a message keeps its template and values."""
    problem = next(p for p in upload.report.problems if p.code == "unknown-source")
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and isinstance(again.message, Said)
    with using("ru"):
        assert "no-such-source" in again.shown_message and "источник" in again.shown_message


def test_a_cells_refusal_is_said_in_the_readers_language_and_stays_the_same_in_english(dataset: Dataset) -> None:
    lines = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()
    bad = lines[1].replace(",1.2,", ",twelve,").replace(",AZE,RUS,", ",AZE,XYZ,", 1)
    result = validate_upload_bytes("\n".join([lines[0], bad, ""]).encode("utf-8"), "figures.csv", dataset.sources)
    refused = {p.code: p for p in result.report.problems if p.code in {"type-error", "unknown-country"}}
    assert str(refused["type-error"].message) == "'twelve' is not a number (write it like 6.3 or 802.2)"  # the English as before
    assert all(isinstance(p.message, Said) for p in refused.values())
    with using("ru"):
        assert refused["type-error"].shown_message == "«twelve» — не число (запишите его как 6.3 или 802.2)"
        assert refused["unknown-country"].shown_message.startswith("«XYZ» — не код страны ISO 3166-1")
    with using("az"):
        assert refused["type-error"].shown_message == "'twelve' ədəd deyil (6.3 və ya 802.2 kimi yazın)"
