"""`econ-ties validate`, `import` and `publish` with `--lang az|ru`: the report's messages and the command's own
sentences in that language, the problem codes as they are, and the English default unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from econ_ties.cli.main import main
from econ_ties.io.publishers import FORMATS
from econ_ties.model.problems import CODES
from econ_ties.services.published import published_store
from econ_ties.settings import sqlite_url
from tests.app.translation_check import untranslated_in
from tests.checks.test_report_language_corpus import WITS, _edits, _publisher, _set
from tests.conftest import DATA_DIR, read_rows, write_rows

#: A word of each language's report that English never shows (the summary's count of errors).
ERRORS = {"az": "xəta", "ru": "ошиб"}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


def _our_words(out: str, *values: str) -> str:
    """The printed text without what stays as written: each problem line's "file:row [column] severity code: " prefix,
    quoted cell values, publisher format names, problem codes and the given `values` (folders, files)."""
    text = "\n".join(line.split(": ", 1)[1] if line in _problem_lines(out) else line for line in out.splitlines())
    for value in sorted([*values, *FORMATS, *CODES], key=len, reverse=True):
        text = text.replace(value, "…")
    return re.sub(r"'[^']*'|«[^»]*»|\b\w+(?:-\w+)+\b", "…", text)  # quoted values; ids such as a source's


def _problem_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if re.search(r" (error|warning) [a-z-]+: ", line)]


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_validate_prints_a_folders_report_in_the_language(data_copy: Path, set_cell, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    set_cell("figures.csv", "claim_id", "S3", "country", "XXX")
    set_cell("figures.csv", "claim_id", "S1", "period", "2021-13")
    report = data_copy.parent / "report.csv"
    code, english, _ = run(["validate", str(data_copy)], capsys)
    assert run(["validate", str(data_copy), "--lang", "en"], capsys)[1] == english  # English is the default
    code_lang, out, _ = run(["validate", str(data_copy), "--lang", lang, "--report", str(report)], capsys)
    assert code_lang == code == 1
    lines, english_lines = _problem_lines(out), _problem_lines(english)
    assert len(lines) == len(english_lines) >= 2
    for line, english_line in zip(lines, english_lines, strict=True):
        assert line.split(": ")[0] == english_line.split(": ")[0]  # file:row [column] severity code, as in English
        assert line != english_line
    assert ERRORS[lang] in out and "unknown-country" in out and "type-error" in out
    assert untranslated_in(_our_words(out, str(data_copy)), lang) == []
    assert ERRORS[lang] not in english and "valid in" in english and "valid in" not in out
    assert "unknown-country" in report.read_text(encoding="utf-8")


def test_import_prints_a_broken_publisher_files_report_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    download = tmp_path / "wits.csv"
    download.write_bytes(_publisher(WITS, _edits(_set("Year", {1: "next"}), _set("Partner Name", {2: "Narnia"}))))
    code, out, _ = run(["import", str(download), "--out", str(tmp_path / "claims.csv"), "--lang", "ru"], capsys)
    assert code == 1
    lines = _problem_lines(out)
    assert {"type-error", "unknown-country", "skipped-row"} <= {re.search(r" (?:error|warning) ([a-z-]+): ", line).group(1) for line in lines}
    assert all(re.search("[а-яё]", line.split(": ", 1)[1]) for line in lines), lines
    assert "записан" in out and "written to" not in out
    assert untranslated_in(_our_words(out, str(tmp_path)), "ru") == []


def test_a_refused_publish_says_so_in_azerbaijani(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = sqlite_url(tmp_path / "store.sqlite")
    published_store(url)
    header, rows = read_rows(DATA_DIR / "figures.csv")
    rows[0]["value"] = "three"
    upload = tmp_path / "bad.csv"
    write_rows(upload, header, rows)
    code, out, err = run(["publish", str(upload), "--author", "a", "--note", "n", "--database", url, "--lang", "az"], capsys)
    assert code == 1
    assert "Dərc olunmadı" in err and "Not published" not in err
    assert "type-error" in out and "'three' ədəd deyil" in out


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_a_publish_its_history_and_a_rollback_speak_the_language(tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The sentences a successful publish, `history` and `rollback` print are in the chosen language (codes, hashes
    and the analyst's own note stay as written); English stays the default."""
    url = sqlite_url(tmp_path / "store.sqlite")
    published_store(url)
    header, rows = read_rows(DATA_DIR / "figures.csv")
    rows[0]["value"] = str(float(rows[0]["value"] or 1) + 1)
    upload = tmp_path / "changed.csv"
    write_rows(upload, header, rows)
    code, out, _err = run(["publish", str(upload), "--author", "a", "--note", "n1", "--database", url, "--lang", lang], capsys)
    assert code == 0, out
    assert out.startswith({"az": "2 saylı redaksiya dərc edildi", "ru": "Опубликована редакция 2"}[lang]), out
    code, history, _err = run(["history", "--database", url, "--lang", lang], capsys)
    assert code == 0 and {"az": "qeyd: n1", "ru": "примечание: n1"}[lang] in history, history
    code, rolled, _err = run(["rollback", "1", "--author", "a", "--database", url, "--lang", lang], capsys)
    assert code == 0 and {"az": "1 saylı redaksiyaya bərabər 3 saylı", "ru": "Опубликована редакция 3, равная редакции 1"}[lang] in rolled, rolled
    assert untranslated_in(out + history + rolled, lang) == [], out + history + rolled
    code, english, _err = run(["history", "--database", url], capsys)
    assert "note: n1" in english and "[publish]" in english
