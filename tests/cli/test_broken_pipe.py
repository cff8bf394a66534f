"""A reader that goes away (`econ-ties store check | head -1`) must not turn the command's result into success: the
command exits with its own non-zero code, or 141 (what a shell reports for SIGPIPE) when it had none, with no
traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.services.published import published_store
from econ_ties.settings import sqlite_url
from tests.conftest import DATA_DIR
from tests.store.conftest import changed, chunk_bytes, chunks_of, set_chunk_bytes


@pytest.fixture(scope="module")
def curated() -> Dataset:
    return load_dataset(DATA_DIR)[0]


def _run_with_the_reader_gone(args: list[str]) -> tuple[int, str]:
    """Run the command with its standard output a pipe whose reading end is closed before it writes a byte."""
    reading_end, writing_end = os.pipe()
    os.close(reading_end)
    try:
        result = subprocess.run([sys.executable, "-m", "econ_ties.cli", *args], stdout=writing_end, stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(writing_end)
    return result.returncode, result.stderr


def test_store_check_on_a_damaged_store_keeps_its_exit_code_when_the_pipe_closes(tmp_path: Path, curated: Dataset) -> None:
    url = sqlite_url(tmp_path / "store.sqlite")
    store = published_store(url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="a")
    [digest] = chunks_of(store, 2)
    data = bytearray(chunk_bytes(store, digest))
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)
    set_chunk_bytes(store, digest, bytes(data))
    store.close()
    code, errors = _run_with_the_reader_gone(["store", "check", "--database", url])
    assert code == 1, errors
    assert "Traceback" not in errors and "Exception ignored" not in errors


def test_a_command_that_succeeded_reports_the_closed_pipe(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "store.sqlite")
    published_store(url).close()
    code, errors = _run_with_the_reader_gone(["store", "check", "--database", url])
    assert code == 141, errors
    assert "Traceback" not in errors and "Exception ignored" not in errors


def test_validate_with_errors_keeps_exit_code_1_when_the_pipe_closes(data_copy: Path) -> None:
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "S-short,trade_turnover,AZE"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, errors = _run_with_the_reader_gone(["validate", str(data_copy)])
    assert code == 1, errors
    assert "Traceback" not in errors and "Exception ignored" not in errors
