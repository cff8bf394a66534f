"""`?rev=N` survives navigation: the chosen revision is kept in the session and put back into the address of the page
navigated to, until the reader chooses the latest again (issue 17, item 7).

A click on another page in the sidebar reruns the session on that page with no query string; here that is an AppTest
run of the dashboard with the query emptied (`_navigate`). Each test uses a store of its own with two revisions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


@pytest.fixture
def two_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """A store of its own whose latest revision (2) is a rollback to revision 1; returns the latest number."""
    from econ_ties.services.published import published_store
    from econ_ties.services.publishing import rollback
    from econ_ties.settings import sqlite_url

    monkeypatch.setenv("ECON_TIES_DATABASE_URL", sqlite_url(tmp_path / "store.sqlite"))
    published_store()  # seeded from data/: revision 1
    return rollback(1, author="test", note="a second revision").number


def _open(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.run()


def _navigate(at: AppTest, page: str) -> AppTest:
    """What a sidebar link does: the same session, another page, an empty query string."""
    at.query_params.clear()
    at.query_params["page"] = page  # follow_page_parameter switches to it, keeping no other parameter of this address
    return at.run()


def _revision_line(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Data: revision"))


def test_the_chosen_revision_is_kept_on_another_page(two_revisions: int) -> None:
    at = _open({"rev": "1"})
    assert not at.exception
    assert _revision_line(at).startswith(f"Data: revision 1 (an earlier revision; the latest is {two_revisions})")
    at = _navigate(at, "history")
    assert not at.exception
    assert at.title[0].value == "History"
    assert _revision_line(at).startswith("Data: revision 1 (an earlier revision")
    assert at.query_params.get("rev") == "1"  # back in the address of the page navigated to
    at = _navigate(at, "partners")
    assert _revision_line(at).startswith("Data: revision 1 (an earlier revision")
    assert any(f"revision 1, not the latest ({two_revisions})" in i.value for i in at.info)


def test_choosing_the_latest_ends_the_choice(two_revisions: int) -> None:
    at = _open({"rev": "1"})
    at.sidebar.button(key="revision.latest").click().run()
    assert not at.exception
    assert _revision_line(at).startswith(f"Data: revision {two_revisions} (latest)")
    assert "rev" not in at.query_params
    assert not at.sidebar.button  # nothing left to leave
    at = _navigate(at, "history")
    assert _revision_line(at).startswith(f"Data: revision {two_revisions} (latest)")
    assert "rev" not in at.query_params


def test_an_unusable_revision_is_not_carried_to_the_next_page(two_revisions: int) -> None:
    at = _open({"rev": "999"})
    assert any("There is no revision 999" in w.value for w in at.warning)
    at = _navigate(at, "history")
    assert not at.warning
    assert _revision_line(at).startswith(f"Data: revision {two_revisions} (latest)")
