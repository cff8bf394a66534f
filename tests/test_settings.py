"""Settings from the environment: defaults when unset, parsed once in econ_ties.settings, and a value that cannot be
used is refused with a message naming the variable (the command line prints it as one line, exit 2)."""

from __future__ import annotations

import pytest

from econ_ties import settings
from econ_ties.cli.main import main


def test_defaults_when_nothing_is_set(monkeypatch):
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.variable, raising=False)
    assert settings.max_upload_bytes() == 200 * 1024 * 1024
    assert settings.sign_in_max_failures() == 5
    assert settings.sign_in_window_seconds() == 900
    assert settings.analyst_entries() == []


def test_values_are_read_when_asked_for(monkeypatch):
    monkeypatch.setenv("ECON_TIES_MAX_UPLOAD_MB", " 1.5 ")
    monkeypatch.setenv("ECON_TIES_SIGN_IN_FAILURES", "3")
    monkeypatch.setenv("ECON_TIES_ANALYSTS", "alice:$argon2id$x;\n bob : $argon2id$y ;")
    assert settings.max_upload_bytes() == int(1.5 * 1024 * 1024)
    assert settings.sign_in_max_failures() == 3
    assert settings.analyst_entries() == [("alice", "$argon2id$x"), ("bob", "$argon2id$y")]


@pytest.mark.parametrize(
    ("variable", "value", "read"),
    [
        ("ECON_TIES_MAX_UPLOAD_MB", "lots", settings.max_upload_bytes),
        ("ECON_TIES_MAX_UPLOAD_MB", "-3", settings.max_upload_bytes),
        ("ECON_TIES_MAX_UPLOAD_MB", "nan", settings.max_upload_bytes),
        ("ECON_TIES_SIGN_IN_FAILURES", "five", settings.sign_in_max_failures),
        ("ECON_TIES_SIGN_IN_FAILURES", "0", settings.sign_in_max_failures),
        ("ECON_TIES_SIGN_IN_WINDOW_SECONDS", "1.5", settings.sign_in_window_seconds),
        ("ECON_TIES_SIGN_IN_WINDOW_SECONDS", "-1", settings.sign_in_window_seconds),
    ],
)
def test_a_bad_value_names_its_variable(monkeypatch, variable, value, read):
    monkeypatch.setenv(variable, value)
    with pytest.raises(settings.SettingError, match=f"^{variable}='{value}'"):
        read()
    with pytest.raises(settings.SettingError, match=variable):
        settings.load_settings()


def test_the_command_line_prints_a_bad_setting_as_one_line(monkeypatch, capsys, data_dir):
    monkeypatch.setenv("ECON_TIES_MAX_UPLOAD_MB", "lots")
    assert main(["validate", str(data_dir / "figures.csv"), "--data", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "econ-ties: ECON_TIES_MAX_UPLOAD_MB='lots' is not a positive number of megabytes"


def test_serve_refuses_a_bad_setting_before_starting_streamlit(monkeypatch, capsys):
    def no_exec(*args):
        raise AssertionError("serve started Streamlit despite a bad setting")

    monkeypatch.setattr("os.execv", no_exec)
    monkeypatch.setenv("ECON_TIES_SIGN_IN_WINDOW_SECONDS", "soon")
    assert main(["serve", "--port", "1"]) == 2
    assert "ECON_TIES_SIGN_IN_WINDOW_SECONDS='soon'" in capsys.readouterr().err
