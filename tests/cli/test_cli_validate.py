"""`econ-ties validate` on the curated folder and on broken copies: every fault with its code, file, row and column;
exit 0 clean, 1 data errors, 2 unreadable input — and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from econ_ties.cli.main import main
from tests.conftest import read_rows, write_rows


def run(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out


def test_curated_data_is_clean(data_dir, capsys):
    code, out = run(["validate", str(data_dir)], capsys)
    assert code == 0
    assert "0 errors" in out


def test_console_script_runs_as_a_program(data_dir):
    result = subprocess.run([sys.executable, "-m", "econ_ties.cli", "validate", str(data_dir)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "claims" in result.stdout


def test_one_bad_cell_in_each_file_reports_each_fault(data_copy, set_cell, capsys):
    figures_line = set_cell("figures.csv", "claim_id", "S3", "country", "XXX")
    sources_line = set_cell("sources.csv", "source_id", "todayaz-225588", "url", "not a url")
    events_line = set_cell("events.csv", "event_id", read_rows(data_copy / "events.csv")[1][0]["event_id"], "date", "2022-02-31")
    code, out = run(["validate", str(data_copy)], capsys)
    assert code == 1
    assert f"figures.csv:{figures_line} [country] error unknown-country" in out
    assert f"sources.csv:{sources_line} [url] error constraint-error" in out
    assert f"events.csv:{events_line} [date] error type-error" in out


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("country", "ATLANTIS", "unknown-country"),
        ("value", "-6.3", "constraint-error"),
        ("source_id", "no-such-source", "unknown-source"),
        ("value", "six", "type-error"),
        ("period", "2021-13", "type-error"),
        ("qualifier", "roughly", "constraint-error"),
    ],
)
def test_bad_cells(data_copy, set_cell, capsys, column, value, code):
    line = set_cell("figures.csv", "claim_id", "S4-ru-az", column, value)
    exit_code, out = run(["validate", str(data_copy)], capsys)
    assert exit_code == 1
    assert f"figures.csv:{line} [{column}] error {code}" in out
    assert value in out or code == "unknown-source"


def test_missing_column(data_copy, capsys):
    header, rows = read_rows(data_copy / "figures.csv")
    header.remove("qualifier")
    write_rows(data_copy / "figures.csv", header, [{k: v for k, v in r.items() if k != "qualifier"} for r in rows])
    code, out = run(["validate", str(data_copy)], capsys)
    assert code == 1
    assert "figures.csv:1 [qualifier] error missing-column" in out


@pytest.mark.parametrize(
    ("content", "code", "exit_code", "row"),
    [
        (b"", "empty-file", 2, None),
        (b"claim_id,indicator\n", "header-only", 1, 1),
        ("claim_id,quote\nS1,Türkiye\n".encode("cp1252"), "encoding-error", 2, 2),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unreadable-file", 2, None),
    ],
)
def test_unreadable_figures_file(data_copy, capsys, content, code, exit_code, row):
    (data_copy / "figures.csv").write_bytes(content)
    got, out = run(["validate", str(data_copy)], capsys)
    assert got == exit_code
    where = "figures.csv" + (f":{row}" if row else "")
    assert f"{where} error {code}" in out


def test_short_and_long_rows(data_copy, capsys):
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "S-short,trade_turnover,AZE"
    lines[4] = lines[4] + ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run(["validate", str(data_copy)], capsys)
    assert code == 1
    assert "figures.csv:3 error missing-cell" in out
    assert "figures.csv:5 error extra-cell" in out


def test_not_a_folder_or_file(tmp_path: Path, capsys):
    code, out = run(["validate", str(tmp_path / "missing.csv")], capsys)
    assert code == 2
    assert "does not exist" in out


def test_report_file_is_written(data_copy, set_cell, tmp_path, capsys):
    set_cell("figures.csv", "claim_id", "S3", "value", "=HYPERLINK(1)")
    report = tmp_path / "report.csv"
    code, _ = run(["validate", str(data_copy), "--report", str(report)], capsys)
    assert code == 1
    text = report.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "severity,code,file,row,column,value,message"
    assert "'=HYPERLINK(1)" in text  # formula neutralised in the CSV we write
