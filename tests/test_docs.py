"""The README keeps up with the code, as Datasette's test_docs.py does: every setting is in the settings table and
every row of that table is a setting (`ECON_TIES_TEST_*` variables belong to the test suite); every `econ-ties` subcommand is in the command-line section; and no module but
`econ_ties.settings` reads the environment."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from econ_ties.cli.main import build_parser
from econ_ties.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SOURCE = ROOT / "src" / "econ_ties"


def _section(heading: str) -> str:
    """The README's text under `heading` up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = README.index(heading + "\n")
    rest = README[start + len(heading) + 1 :]
    following = re.search(rf"^#{{1,{len(level)}}} ", rest, flags=re.MULTILINE)
    return rest[: following.start()] if following else rest


def _settings_table() -> dict[str, tuple[str, str]]:
    """variable → (default, description), from the rows of the README's settings table."""
    rows = {}
    for line in _section("### Settings").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        found = re.fullmatch(r"`(ECON_TIES_[A-Z_]+)`", cells[0]) if len(cells) == 3 else None
        if found:
            rows[found.group(1)] = (cells[1], cells[2])
    return rows


def _subcommands(parser: argparse.ArgumentParser, prefix: str = "econ-ties") -> list[str]:
    """Every command line the parser accepts, down to the innermost subcommand: `econ-ties store check`, …"""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _subcommands(child, f"{prefix} {name}") or [f"{prefix} {name}"]
    return found


def test_the_settings_table_lists_exactly_the_settings():
    table = _settings_table()
    assert table, "the README has no settings table under ### Settings"
    declared = {setting.variable for setting in SETTINGS}
    assert sorted(declared - table.keys()) == [], "settings missing from the README's table"
    assert sorted(table.keys() - declared) == [], "the README lists settings that do not exist"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.variable)
def test_each_setting_has_its_default_and_description_in_the_readme(setting):
    assert setting.description and setting.default
    assert _settings_table()[setting.variable] == (setting.default, setting.description)


def test_every_econ_ties_variable_in_the_package_is_a_declared_setting():
    declared = {setting.variable for setting in SETTINGS}
    named = {name for path in SOURCE.rglob("*.py") for name in re.findall(r"ECON_TIES_[A-Z_]*[A-Z]", path.read_text(encoding="utf-8"))}
    assert named, "no ECON_TIES_ variable found in the package at all"
    test_only = {name for name in named if name.startswith("ECON_TIES_TEST")}  # the test suite's own, not a deployment's
    assert sorted(named - declared - test_only) == []


def test_only_the_settings_module_reads_the_environment():
    readers = sorted(
        str(path.relative_to(SOURCE)) for path in SOURCE.rglob("*.py") if re.search(r"\bos\.environ\b|\bgetenv\(", path.read_text(encoding="utf-8"))
    )
    assert readers == ["settings.py"]


def test_every_subcommand_is_in_the_command_line_section():
    section = _section("## Command line")
    commands = _subcommands(build_parser())
    assert {"econ-ties validate", "econ-ties serve", "econ-ties store check"} <= set(commands)
    missing = [command for command in commands if not re.search(rf"^{re.escape(command)}\b", section, flags=re.MULTILINE)]
    assert missing == []
