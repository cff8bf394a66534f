"""A real UN Comtrade Plus or WITS download publishes as downloaded, with no hand edit: through `econ-ties publish`
(a fresh SQLite store in ECON_TIES_DATA_DIR, as an analyst's machine has it) and through the Upload page (signed in,
a note, the button). What is published is what the file says (tests/io/test_genuine_downloads.py works that out)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from econ_ties.services.published import published_store
from econ_ties.settings import sqlite_url
from tests.io.test_genuine_downloads import (
    COMTRADE_PLUS,
    WITS_PARTNER,
    _comtrade_plus_expected,
    _read_comtrade_plus,
    _read_wits,
    _wits_expected,
)

PASSWORD = "correct horse battery staple"


def _expected(path: Path) -> dict[tuple[str, str, str, str], float]:
    """What the file says, as (country, counterpart, indicator, period) → US dollars."""
    by_line = _comtrade_plus_expected(_read_comtrade_plus()) if path == COMTRADE_PLUS else _wits_expected(_read_wits())
    return {key[1:]: amount for key, amount in by_line.items()}


def _published_from(store_url: str, file_name: str) -> dict[tuple[str, str, str, str], float]:
    """The latest revision's claims that cite the uploaded file, as (country, counterpart, indicator, period) → US dollars."""
    store = published_store(store_url)
    latest = store.latest()
    assert latest is not None and latest.number == 2 and latest.file_name == file_name
    _, dataset = store.dataset(latest.number)
    cited = [source_id for source_id, source in dataset.sources.items() if file_name in (source.notes or "")]  # the file is named in its notes
    claims = dataset.claims[dataset.claims["source_id"].isin(cited)]
    keys = zip(claims["country"], claims["counterpart"], claims["indicator"], claims["period"], strict=True)
    return {key: float(amount) for key, amount in zip(keys, claims["amount"], strict=True)}


def _assert_published_as_in_the_file(published: dict[tuple[str, str, str, str], float], path: Path) -> None:
    expected = _expected(path)
    assert {key: published.get(key) for key in expected} == pytest.approx(expected)
    serbia = {key for key in published if key not in expected}
    assert {key[1] for key in serbia} <= {"SCG", "SRB"}, "claims the file does not hold"


@pytest.mark.parametrize("path", [COMTRADE_PLUS, WITS_PARTNER], ids=["comtrade-plus", "wits-partner"])
def test_econ_ties_publish_takes_a_real_download_as_it_is(path: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "ECON_TIES_DATABASE_URL"}
    env["ECON_TIES_DATA_DIR"] = str(tmp_path / "econ-ties")
    command = [sys.executable, "-m", "econ_ties.cli", "publish", str(path), "--author", "Aysel", "--note", "as downloaded"]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "Published revision 2" in completed.stdout
    assert "Traceback" not in completed.stderr
    _assert_published_as_in_the_file(_published_from(sqlite_url(tmp_path / "econ-ties" / "store.sqlite"), path.name), path)


def _upload_page(data: bytes, file_name: str) -> None:
    from econ_ties.app.upload import show_upload

    show_upload(data, file_name)


@pytest.mark.parametrize("path", [COMTRADE_PLUS, WITS_PARTNER], ids=["comtrade-plus", "wits-partner"])
def test_the_upload_page_publishes_a_real_download_as_it_is(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from econ_ties.app.signin import SESSION_KEY
    from econ_ties.services.auth import hash_password, sign_in

    store_url = sqlite_url(tmp_path / "pages.sqlite")
    monkeypatch.setenv("ECON_TIES_DATABASE_URL", store_url)
    hashed = hash_password(PASSWORD)
    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"aysel:{hashed}")
    session = sign_in("aysel", PASSWORD, store=published_store(store_url))

    app = AppTest.from_function(_upload_page, default_timeout=300, args=(path.read_bytes(), path.name))
    app.session_state[SESSION_KEY] = session
    app.run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    app.text_input(key="publish.note").set_value("as downloaded").run()
    next(b for b in app.button if b.key == "publish.button").click().run()
    assert not app.exception, app.exception
    assert any("Published as revision 2" in s.value for s in app.success), [s.value for s in app.success]
    _assert_published_as_in_the_file(_published_from(store_url, path.name), path)
