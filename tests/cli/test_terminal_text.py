"""Stored text reaches the terminal inert: a note, author or file name holding a line break or an escape sequence is
printed with the control characters shown (`\\n`, `\\x1b`), so it can neither forge a line of `econ-ties history` nor
clear the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from econ_ties.cli.main import main
from econ_ties.model.inert_text import terminal_text
from econ_ties.services.published import published_store
from econ_ties.settings import sqlite_url
from tests.conftest import DATA_DIR, read_rows, write_rows

FORGED_NOTE = "restated\n r99  2020-01-01 00:00 UTC  admin  [publish]  forged\x1b[2J\x1b]0;owned\x07"
FORGED_FILE = "claims\r\x1b[31mred\u202etxt.csv"


def _no_controls(text: str) -> None:
    # Every line is one the command meant to print: no escape, bell or carriage return, and no forged revision line.
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text and "\u202e" not in text
    assert not [line for line in text.splitlines() if line.lstrip().startswith("r99")]


@pytest.fixture
def store(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "store.sqlite")
    store = published_store(url)
    _, dataset = store.dataset()
    store.publish(dataset, parent=1, author="eve\x1b[2J", note=FORGED_NOTE, file_name=FORGED_FILE)
    return url


def test_history_shows_control_characters_instead_of_running_them(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--database", store]) == 0
    out = capsys.readouterr().out
    _no_controls(out)
    assert "note: restated\\n r99  2020-01-01 00:00 UTC  admin  [publish]  forged\\x1b[2J\\x1b]0;owned\\x07" in out
    assert "eve\\x1b[2J" in out and "from claims\\r\\x1b[31mred\\u202etxt.csv" in out
    assert len([line for line in out.splitlines() if line.startswith("r")]) == 2  # r2 and r1, nothing forged


def test_a_refused_publish_names_the_file_inertly(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header, rows = read_rows(DATA_DIR / "figures.csv")
    rows[0]["value"] = "three\x1b[2J\nr99 forged"
    upload = tmp_path / "bad\x1b[2J\nr99.csv"
    write_rows(upload, header, rows)
    assert main(["publish", str(upload), "--author", "a", "--note", "n", "--database", store]) == 1
    captured = capsys.readouterr()
    _no_controls(captured.out + captured.err)
    assert "bad\\x1b[2J\\nr99.csv" in captured.err


def test_terminal_text_shows_every_control_character() -> None:
    assert terminal_text("a\nb\rc\td\x1b[2Je\x07f\x00g\x85h\u2028i\u202ej") == "a\\nb\\rc\\td\\x1b[2Je\\x07f\\x00g\\x85h\\u2028i\\u202ej"
    assert terminal_text("Azərbaycan — Россия 6,3 млрд $") == "Azərbaycan — Россия 6,3 млрд $"
