"""`econ-ties import` writes the claims where --out says and the file's source where the docs say, and prints what
became of every row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from econ_ties.cli.main import main
from tests.conftest import DATA_DIR

ROOT = Path(__file__).parents[2]
WITS = ROOT / "tests" / "fixtures" / "publishers" / "wits_partner_export_2021.csv"


def test_import_writes_the_source_where_the_docs_and_readme_say(tmp_path, capsys):
    out = tmp_path / "claims.csv"
    code = main(["import", str(WITS), "--out", str(out), "--data", str(DATA_DIR)])
    printed = capsys.readouterr().out
    assert code == 1  # the fixture has one unknown country
    sources = pd.read_csv(tmp_path / "claims.sources.csv", dtype=str)
    assert sources["source_id"].tolist() == sorted(set(pd.read_csv(out, dtype=str)["source_id"]))
    assert str(tmp_path / "claims.sources.csv") in printed
    for doc in ("docs/data-format.md", "README.md"):
        assert "claims.sources.csv" in (ROOT / doc).read_text(encoding="utf-8"), doc
    rows = len(pd.read_csv(WITS, dtype=str))
    assert f"{rows} rows: 4 claims, 1 skipped (regions 1), 1 with errors" in printed


def test_import_sources_out_chooses_the_file_and_may_not_be_the_claims_file(tmp_path, capsys):
    out, chosen = tmp_path / "claims.csv", tmp_path / "elsewhere" / "its-source.csv"
    chosen.parent.mkdir()
    main(["import", str(WITS), "--out", str(out), "--sources-out", str(chosen), "--data", str(DATA_DIR)])
    assert chosen.is_file() and not (tmp_path / "claims.sources.csv").exists()
    capsys.readouterr()
    assert main(["import", str(WITS), "--out", str(out), "--sources-out", str(out), "--data", str(DATA_DIR)]) == 2
    assert "same file" in capsys.readouterr().err


def test_validate_prints_the_row_account(capsys):
    main(["validate", str(WITS), "--data", str(DATA_DIR)])
    assert "6 rows: 4 claims, 1 skipped (regions 1), 1 with errors" in capsys.readouterr().out
