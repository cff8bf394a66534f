"""Shared fixtures: the curated data folder, a writable copy of it, and a way to edit one cell of a copy."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the curated data a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def set_cell(data_copy: Path) -> Callable[[str, str, str, str, str], int]:
    """set_cell(file, key_column, key, column, value) changes one cell of the copy; returns its line number."""

    def change(file: str, key_column: str, key: str, column: str, value: str) -> int:
        path = data_copy / file
        header, rows = read_rows(path)
        for index, row in enumerate(rows):
            if row[key_column] == key:
                row[column] = value
                write_rows(path, header, rows)
                return index + 2
        raise KeyError(key)

    return change


@pytest.fixture(autouse=True, scope="session")
def throwaway_published_store(tmp_path_factory: pytest.TempPathFactory):
    """Every test (and every server a test starts) uses a fresh SQLite store seeded from data/, never the user's."""
    previous = os.environ.get("ECON_TIES_DATABASE_URL")
    os.environ["ECON_TIES_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('published') / 'store.sqlite'}"
    yield os.environ["ECON_TIES_DATABASE_URL"]
    if previous is None:
        os.environ.pop("ECON_TIES_DATABASE_URL", None)
    else:
        os.environ["ECON_TIES_DATABASE_URL"] = previous


POSTGRES_URL_VARIABLE = "ECON_TIES_TEST_POSTGRES_URL"


def postgres_test_url() -> str:
    """The PostgreSQL server scripts/test.sh starts; missing is a failure under CI and a skip on a developer machine."""
    url = os.environ.get(POSTGRES_URL_VARIABLE, "")
    if not url:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"{POSTGRES_URL_VARIABLE} is not set: scripts/test.sh starts PostgreSQL for the store tests")
        pytest.skip(f"no PostgreSQL server for this run: set {POSTGRES_URL_VARIABLE} (scripts/test.sh does)")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty published store: a fresh SQLite file, or the test PostgreSQL database with every table dropped."""
    from econ_ties.settings import sqlite_url
    from econ_ties.store.revisions import Store
    from econ_ties.store.tables import LEGACY_CLAIMS, Base

    if request.param == "sqlite":
        return sqlite_url(tmp_path / "store.sqlite")
    url = postgres_test_url()
    if url in Store._open:
        Store._open[url].close()
    from sqlalchemy import create_engine

    engine = create_engine(url)
    LEGACY_CLAIMS.drop(engine, checkfirst=True)  # a claims row table left by a store of the layout before chunks
    Base.metadata.drop_all(engine)
    engine.dispose()
    return url


def curated_claim_rows() -> list[dict[str, str]]:
    """The curated figures.csv as text rows."""
    with (DATA_DIR / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def claims_text_table(rows: list[dict[str, str]], *, coded: bool = False):
    """Claim rows written as CSV and read back through the one reader, as an upload would be (`coded`: with the
    columns of few distinct texts read as Arrow dictionaries, as uploads in our own format are)."""
    import io

    from econ_ties.io.reading import read_text_table
    from econ_ties.model.columns import CLAIM_COLUMNS, CODED_CLAIM_COLUMNS

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CLAIM_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return read_text_table(buffer.getvalue().encode("utf-8"), "figures.csv", coded_columns=CODED_CLAIM_COLUMNS if coded else ())


# The browser tests' Chromium and dashboard server, shared by every module that drives a real browser.
from tests.browser.support import browser, page, server  # noqa: E402, F401


def dataset_with_claims(dataset, rows: list[dict[str, str]]):
    """`dataset` with more claims (text rows, missing columns empty), checked as an upload's rows would be."""
    import pandas as pd

    from econ_ties.checks.dataset import Dataset, validate_claims_table
    from econ_ties.model.problems import ValidationReport

    report = ValidationReport()
    from econ_ties.model.columns import CLAIM_COLUMNS

    rows = [{c: row.get(c, "") for c in CLAIM_COLUMNS} for row in rows]
    added = validate_claims_table(claims_text_table(rows), dataset.sources, report)
    assert report.ok, report.summary()
    return Dataset(pd.concat([dataset.claims, added], ignore_index=True), dict(dataset.sources), list(dataset.events))
