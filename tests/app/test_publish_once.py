"""One click, one revision (issue 17, item 3): after a publish the Upload page says "Published as revision N" in place of
the button, the sidebar names revision N as the latest at once, and a file that changes nothing is refused with that
reason before any click."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
HEADER, *ROWS = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()
S3 = next(line for line in ROWS if line.startswith("S3,"))


@pytest.fixture
def signed_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The dashboard on the Upload page of a store of its own, with an analyst signed in."""
    from econ_ties.app.signin import SESSION_KEY
    from econ_ties.services.auth import hash_password, sign_in
    from econ_ties.services.published import published_store
    from econ_ties.settings import sqlite_url

    url = sqlite_url(tmp_path / "store.sqlite")
    monkeypatch.setenv("ECON_TIES_DATABASE_URL", url)
    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"aysel:{hash_password(PASSWORD)}")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state[SESSION_KEY] = sign_in("aysel", PASSWORD, store=published_store(url))
    at.query_params["page"] = "upload"
    return at.run()


def _upload(at: AppTest, *lines: str) -> AppTest:
    return at.file_uploader(key="upload.file").set_value(("turnover.csv", "\n".join([HEADER, *lines, ""]).encode(), "text/csv")).run()


def _revision_line(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Data: revision"))


def _publish_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key == "publish.button"]


def test_a_publish_is_made_once_and_the_page_and_sidebar_say_which_revision(signed_in: AppTest) -> None:
    from econ_ties.services.published import published_store

    at = _upload(signed_in, S3.replace(",2.9,", ",3.0,"))
    assert not at.exception, at.exception
    assert _publish_buttons(at) == ["publish.button"]
    at.text_input(key="publish.note").set_value("turnover restated").run()
    next(b for b in at.button if b.key == "publish.button").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Published as revision 2 by aysel") for s in at.success), [s.value for s in at.success]
    assert _publish_buttons(at) == [], "the button stays live after the publish"
    assert _revision_line(at).startswith("Data: revision 2 (latest)")
    at.run()  # another rerun (a click elsewhere) publishes nothing more and still says what was done
    assert any(s.value.startswith("Published as revision 2") for s in at.success)
    assert _publish_buttons(at) == []
    assert [r.number for r in published_store().revisions()] == [2, 1]


def test_a_file_that_changes_nothing_is_refused_before_the_click(signed_in: AppTest) -> None:
    at = _upload(signed_in, S3)
    assert not at.exception, at.exception
    assert any("Nothing would change" in w.value and "revision 1" in w.value for w in at.warning), [w.value for w in at.warning]
    assert _publish_buttons(at) == []


def test_the_valid_rows_of_a_file_with_errors_are_published_after_an_explicit_confirmation(signed_in: AppTest) -> None:
    from econ_ties.services.published import published_store

    S1 = next(line for line in ROWS if line.startswith("S1,"))
    at = _upload(signed_in, S3.replace(",2.9,", ",3.0,"), S1.replace(",1.2,", ",twelve,"))
    assert not at.exception, at.exception
    assert _publish_buttons(at) == [], "no publish without the choice"
    choice = at.checkbox(key="publish.valid-rows-only")
    assert "leave out 1 row with errors (type-error: 1)" in choice.label, choice.label
    choice.check().run()
    at.text_input(key="publish.note").set_value("turnover now, S1 later").run()
    next(b for b in at.button if b.key == "publish.button").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Published as revision 2") and "1 row with errors left out" in s.value for s in at.success), [s.value for s in at.success]
    assert list(published_store().left_out_rows(2)["row"]) == [3]


def test_a_file_removed_and_chosen_again_after_a_rollback_can_be_published_again(signed_in: AppTest) -> None:
    from econ_ties.services.published import published_store
    from econ_ties.services.publishing import rollback

    restated = S3.replace(",2.9,", ",3.0,")
    at = _upload(signed_in, restated)
    at.text_input(key="publish.note").set_value("turnover restated").run()
    next(b for b in at.button if b.key == "publish.button").click().run()
    assert any(s.value.startswith("Published as revision 2") for s in at.success)
    rollback(1, author="aysel", note="too early")  # revision 3 equals revision 1 again
    at.file_uploader(key="upload.file").set_value(None).run()
    at = _upload(at, restated)
    assert not at.exception, at.exception
    assert not any(s.value.startswith("Published as revision 2") for s in at.success)
    assert _publish_buttons(at) == ["publish.button"]
    assert [r.number for r in published_store().revisions()] == [3, 2, 1]
