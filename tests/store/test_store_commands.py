"""`econ-ties publish`, `history` and `rollback` on the store, and where the SQLite store lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from econ_ties.cli.main import main
from econ_ties.services.published import published_store
from econ_ties.settings import database_url
from tests.conftest import DATA_DIR, read_rows
from tests.conftest import write_rows as write_csv_rows


def _write_upload(path: Path, changes: dict[str, str], extra: dict[str, str] | None = None) -> Path:
    header, rows = read_rows(DATA_DIR / "figures.csv")
    chosen = [dict(row) for row in rows if row["claim_id"] in changes]
    for row in chosen:
        row["value"] = changes[row["claim_id"]]
    if extra:
        chosen.append({**chosen[0], **extra})
    write_csv_rows(path, header, chosen)
    return path


def test_command_line_publish_history_rollback(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upload = _write_upload(tmp_path / "turnover.csv", {"S3": "3.0"}, {"claim_id": "S3-copy", "period": "2016", "value": "1.5"})
    assert main(["publish", str(upload), "--author", "Aysel", "--note", "restated", "--database", store_url]) == 0
    assert "Published revision 2: +1 claim, 1 claim changed" in capsys.readouterr().out
    store = published_store(store_url)
    latest = store.latest()
    assert latest is not None and (latest.author, latest.note, latest.file_name) == ("Aysel", "restated", "turnover.csv")
    assert latest.report_summary
    assert main(["history", "--database", store_url]) == 0
    out = capsys.readouterr().out
    assert "r2" in out and "Aysel" in out and "turnover.csv" in out and "r1" in out
    assert main(["rollback", "1", "--author", "Boris", "--database", store_url]) == 0
    assert store.latest().content_hash == store.revision(1).content_hash  # type: ignore[union-attr]
    assert main(["store", "check", "--database", store_url]) == 0


def test_command_line_refuses_a_file_with_errors_and_publishes_nothing(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upload = _write_upload(tmp_path / "bad.csv", {"S3": "three"})
    assert main(["publish", str(upload), "--author", "Aysel", "--note", "x", "--database", store_url]) == 1
    captured = capsys.readouterr()
    assert "type-error" in captured.out and "'three' is not a number" in captured.out
    assert "Not published" in captured.err
    assert [r.number for r in published_store(store_url).revisions()] == [1]
    assert main(["publish", str(tmp_path / "missing.csv"), "--author", "A", "--note", "x", "--database", store_url]) == 2
    assert main(["rollback", "42", "--database", store_url]) == 1
    assert "no revision 42" in capsys.readouterr().err


def test_command_line_stale_parent_is_refused_with_the_reason(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _write_upload(tmp_path / "one.csv", {"S3": "3.0"})
    second = _write_upload(tmp_path / "two.csv", {"S3": "3.3"})
    assert main(["publish", str(first), "--author", "A", "--note", "x", "--database", store_url]) == 0
    assert main(["publish", str(second), "--author", "B", "--note", "y", "--parent", "1", "--database", store_url]) == 1
    assert "Review your changes against revision 2" in capsys.readouterr().err


def test_sqlite_store_is_in_wal_mode_under_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECON_TIES_DATABASE_URL")
    monkeypatch.setenv("ECON_TIES_DATA_DIR", str(tmp_path / "data-home"))
    url = database_url()
    assert url == f"sqlite:///{tmp_path / 'data-home' / 'store.sqlite'}"
    store = published_store(url)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (tmp_path / "data-home" / "store.sqlite").exists()
    store.close()


def test_command_line_refuses_a_publish_that_changes_nothing(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upload = _write_upload(tmp_path / "turnover.csv", {"S3": "3.0"})
    assert main(["publish", str(upload), "--author", "Aysel", "--note", "restated", "--database", store_url]) == 0
    capsys.readouterr()
    assert main(["publish", str(upload), "--author", "Aysel", "--note", "restated", "--database", store_url]) == 1
    err = capsys.readouterr().err
    assert "Not published" in err and "Nothing would change" in err and "revision 2" in err
    assert [r.number for r in published_store(store_url).revisions()] == [2, 1]


def test_command_line_publishes_the_valid_rows_of_a_file_with_errors_only_when_asked(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = _write_upload(tmp_path / "mixed.csv", {"S1": "twelve", "S3": "3.0"})  # S1 on line 2, S3 on line 3
    assert main(["publish", str(upload), "--author", "Aysel", "--note", "turnover", "--database", store_url]) == 1
    assert "--valid-rows-only" in capsys.readouterr().err
    assert main(["publish", str(upload), "--author", "Aysel", "--note", "turnover", "--valid-rows-only", "--database", store_url]) == 0
    captured = capsys.readouterr()
    assert "1 row with errors left out: type-error: 1" in captured.out
    assert "Published revision 2: 1 claim changed" in captured.out
    store = published_store(store_url)
    assert list(store.left_out_rows(2)["row"]) == [2]
    assert store.revision(2).note == "turnover — 1 row with errors left out: type-error: 1"
