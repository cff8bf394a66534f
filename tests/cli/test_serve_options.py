"""The dashboard never shows a viewer a traceback, however it is started: `streamlit run dashboard.py` reads
.streamlit/config.toml, and `econ-ties serve` passes the same options as flags. Analyst secrets are never committed."""

from __future__ import annotations

import importlib
import itertools
import subprocess
import tomllib
from pathlib import Path

import pytest

cli = importlib.import_module("econ_ties.cli.main")  # the module (econ_ties.cli exports its `main` function)

ROOT = Path(__file__).resolve().parents[2]
# Given on the command line by `serve` itself (`--address`, `--port`), not copied from the checkout's file.
FROM_THE_COMMAND_LINE = {"server.headless", "server.address", "server.port"}


def _config_options() -> dict[str, str]:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    options = {f"{section}.{name}": value for section, values in config.items() for name, value in values.items()}
    return {name: str(value).lower() if isinstance(value, bool) else str(value) for name, value in options.items() if name not in FROM_THE_COMMAND_LINE}


def _serve_command(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    started: list[list[str]] = []

    def execv(path: str, command: list[str]) -> None:
        started.append(command)
        raise SystemExit(0)

    monkeypatch.setattr(cli.os, "execv", execv)
    with pytest.raises(SystemExit):
        cli.main(["serve", "--port", "8599"])
    return started[0]


def test_error_details_are_hidden_from_viewers() -> None:
    from streamlit import config
    from streamlit.elements.exception import _error_detail_visibility

    value = _config_options()["client.showErrorDetails"]
    assert value in {option.value for option in config.ShowErrorDetailsConfigOptions}
    previous = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", value)
    try:
        shown = _error_detail_visibility(True)  # what Streamlit shows of an uncaught exception in a page
        assert not (shown.show_message or shown.show_trace or shown.show_type)
    finally:
        config.set_option("client.showErrorDetails", previous)


def test_serve_passes_every_option_of_the_config_file(monkeypatch: pytest.MonkeyPatch) -> None:
    command = _serve_command(monkeypatch)
    flags = dict(itertools.pairwise(command))  # each flag and the word after it
    options = _config_options()
    assert "client.showErrorDetails" in options
    assert {name: flags.get(f"--{name}") for name in options} == options
    assert flags["--server.port"] == "8599"


def test_analyst_secrets_are_ignored_by_git() -> None:
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", ".streamlit/secrets.toml"], cwd=ROOT, check=False)
    assert ignored.returncode == 0
