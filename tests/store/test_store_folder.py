"""A store folder that cannot be created is a clear message naming the folder and ECON_TIES_DATA_DIR: exit 2 from the
command line, a readable error on the dashboard — never an OSError traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from econ_ties.settings import SettingError, database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def blocked_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ECON_TIES_DATA_DIR under a plain file, so the folder can never be made (whoever runs the tests, root included)."""
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    folder = tmp_path / "a-file" / "econ-ties"
    monkeypatch.delenv("ECON_TIES_DATABASE_URL", raising=False)
    monkeypatch.setenv("ECON_TIES_DATA_DIR", str(folder))
    return folder


def test_the_setting_names_the_folder_and_the_variable(blocked_folder: Path) -> None:
    with pytest.raises(SettingError) as failure:
        database_url()
    message = str(failure.value)
    assert str(blocked_folder) in message and "ECON_TIES_DATA_DIR" in message and "could not be created" in message


@pytest.mark.parametrize("command", [["store", "check"], ["history"], ["validate", str(ROOT / "data")]])
def test_the_command_line_exits_2_with_one_line(blocked_folder: Path, command: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "econ_ties.cli", *command], capture_output=True, text=True, check=False)
    if command[0] == "validate":  # validating a folder needs no store
        assert result.returncode == 0, result.stdout + result.stderr
        return
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert str(blocked_folder) in line and "ECON_TIES_DATA_DIR" in line


def test_the_dashboard_shows_the_reason(blocked_folder: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    # The message is markdown with the folder and the setting escaped (they hold underscores): read it as shown.
    errors = [element.value.replace("\\", "") for element in at.error]
    assert any(str(blocked_folder) in text and "ECON_TIES_DATA_DIR" in text for text in errors), errors
