"""Files whose first line is far too long to be a header — a 140 KiB header, a 5 MB file with no line break — are one
clear problem (which line, how long, the limit), never `csv.Error` from the delimiter sniffer: through the reader on
both routes, through `validate_upload_bytes`, and through `econ-ties validate` as a program."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_bytes
from econ_ties.io.reading import MAX_HEADER_BYTES, UnreadableFile
from tests.conftest import DATA_DIR
from tests.io.test_reading import _read

NATIVE_HEADER = (DATA_DIR / "figures.csv").read_bytes().splitlines()[0]

LONG_FILES = {
    # a header line over the csv module's 128 KiB field limit, with a data row after it
    "long-header": b"claim_id," + b"x" * (140 * 1024) + b"\nS1,2\n",
    # a long header made of many ordinary names (over our limit, under csv's)
    "wide-header": b",".join(b"column_%06d" % i for i in range(7000)) + b"\n" + b",".join(b"1" for _ in range(7000)) + b"\n",
    # a native header whose last name runs on for 200 KiB
    "native-header-run-on": NATIVE_HEADER + b"x" * (200 * 1024) + b"\r\nS1,trade\r\n",
    # 5 MB and not one line break
    "no-line-break": b"a,b," + b"y" * (5 * 1024 * 1024),
}


@pytest.mark.parametrize("name", LONG_FILES)
def test_a_long_first_line_is_one_problem_on_both_routes(name):
    data = LONG_FILES[name]
    with pytest.raises(UnreadableFile) as failure:
        _read(data)
    problem = failure.value.problem
    assert (problem.code, problem.row, problem.file) == ("unreadable-file", 1, "upload.csv")
    header_length = len(data.splitlines()[0]) if b"\n" in data else len(data)
    assert f"{header_length:,} bytes" in problem.message
    assert f"{MAX_HEADER_BYTES:,} bytes" in problem.message
    assert ("no line break" in problem.message) == (name == "no-line-break")


def test_a_header_just_under_the_limit_is_read():
    names = [b"c%05d" % i for i in range(MAX_HEADER_BYTES // 7)]
    header = b",".join(names)
    assert len(header) <= MAX_HEADER_BYTES
    table = _read(header + b"\n" + b",".join(b"1" for _ in names) + b"\n", max_columns=len(names))
    assert len(table.columns) == len(names)
    assert table.line_numbers.tolist() == [2]


def test_a_long_data_line_is_read_and_numbered():
    data = b"a,b\n1," + b"z" * (5 * 1024 * 1024) + b"\n3,4\n"
    table = _read(data)
    assert table.line_numbers.tolist() == [2, 3]
    assert table.table.column("b").to_pylist()[1] == "4"


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


@pytest.mark.parametrize("name", LONG_FILES)
def test_uploads_with_a_long_first_line_get_one_problem(name, sources):
    result = validate_upload_bytes(LONG_FILES[name], "long.csv", sources)
    assert [(p.code, p.row, p.file) for p in result.report.problems] == [("unreadable-file", 1, "long.csv")]
    assert "header line may be at most" in result.report.problems[0].message
    assert result.claims.empty


@pytest.mark.parametrize("name", ["long-header", "no-line-break"])
def test_validate_command_on_a_long_first_line(name, tmp_path: Path):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(LONG_FILES[name])
    result = subprocess.run([sys.executable, "-m", "econ_ties.cli", "validate", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    problem_lines = [line for line in result.stdout.splitlines() if " error " in line]
    assert len(problem_lines) == 1
    assert problem_lines[0].startswith(f"{name}.csv:1 error unreadable-file: ")
