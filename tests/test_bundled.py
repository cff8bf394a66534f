"""Where the shipped files are found, and what a first start does when the curated data cannot be read. In a checkout
(these tests run from src/) the bundled files are the repository's own data/ and docs/; installed from a wheel they
are package data (tests/test_packaging.py checks that side)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from econ_ties import bundled
from econ_ties.services.published import published_store
from econ_ties.settings import sqlite_url
from econ_ties.store.revisions import Store, StoreError
from tests.conftest import DATA_DIR, ROOT, read_rows, write_rows


def test_in_a_checkout_the_bundled_files_are_the_repositorys_own():
    assert bundled.curated_data_dir() == DATA_DIR
    assert bundled.headlines_file() == DATA_DIR / "headlines.csv"
    assert bundled.format_page() == ROOT / "docs" / "data-format.md"
    assert bundled.format_page().read_text(encoding="utf-8").startswith("#")


def test_the_top_level_dashboard_runs_the_packaged_script():
    script = bundled.dashboard_script()
    assert script == ROOT / "src" / "econ_ties" / "app" / "dashboard.py"
    assert "def main()" in script.read_text(encoding="utf-8")
    assert "from econ_ties.app.dashboard import main" in (ROOT / "dashboard.py").read_text(encoding="utf-8")


def test_no_module_finds_files_relative_to_its_own_source():
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src" / "econ_ties").rglob("*.py")
        if re.search(r"__file__|\.parents\[", path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.fixture
def empty_store(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / "store.sqlite")


def test_a_first_start_with_unreadable_curated_data_names_the_folder_and_seeds_nothing(data_copy, empty_store, monkeypatch):
    (data_copy / "figures.csv").write_bytes(b"\x00\x01\x02 not text")
    monkeypatch.setattr(bundled, "curated_data_dir", lambda: data_copy)
    with pytest.raises(StoreError) as refused:
        published_store(empty_store)
    assert str(data_copy) in str(refused.value) and "figures.csv" in str(refused.value) and "not seeded" in str(refused.value)
    assert Store.open(empty_store).latest_number() is None


def test_a_first_start_with_curated_data_holding_no_claims_seeds_nothing(data_copy, empty_store, monkeypatch):
    header, _rows = read_rows(data_copy / "figures.csv")
    write_rows(data_copy / "figures.csv", header, [])
    monkeypatch.setattr(bundled, "curated_data_dir", lambda: data_copy)
    with pytest.raises(StoreError, match="not seeded"):
        published_store(empty_store)
    assert Store.open(empty_store).latest_number() is None


def test_a_first_start_with_the_curated_data_seeds_every_claim(empty_store):
    store = published_store(empty_store)
    assert store.latest_number() == 1
    assert len(store.dataset(1)[1].claims) == len(read_rows(DATA_DIR / "figures.csv")[1])
