"""Browser test: on `?rev=1`, a click on another page in the sidebar keeps revision 1 (issue 17, item 7), and
"Show the latest revision" ends the choice. The server reads a store of its own with two revisions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.support import running_dashboard

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from econ_ties.services.published import published_store
    from econ_ties.services.publishing import rollback
    from econ_ties.settings import sqlite_url

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ECON_TIES_DATABASE_URL", sqlite_url(Path(tmp_path_factory.mktemp("two-revisions")) / "store.sqlite"))
        published_store()  # revision 1, seeded from data/
        assert rollback(1, author="test", note="a second revision").number == 2
        with running_dashboard() as url:  # the server keeps the store's address it started with
            yield url


def revision_line(page) -> str:
    line = page.locator('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]').filter(has_text="Data: revision").first
    line.wait_for()
    return line.inner_text()


def test_a_sidebar_link_keeps_the_chosen_revision_until_the_latest_is_chosen(server: str, page) -> None:
    page.goto(server + "/?rev=1")
    page.get_by_text("Data: revision 1 (an earlier revision").wait_for()
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="History").click()
    page.get_by_role("heading", name="History").wait_for()
    page.get_by_text("Data: revision 1 (an earlier revision").wait_for()
    assert revision_line(page).startswith("Data: revision 1 (an earlier revision; the latest is 2)")
    page.wait_for_url("**/history?rev=1")
    page.get_by_role("button", name="Show the latest revision").click()
    page.get_by_text("Data: revision 2 (latest)").wait_for()
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Upload").click()
    page.get_by_role("heading", name="Upload").wait_for()
    assert revision_line(page).startswith("Data: revision 2 (latest)")
    assert "rev=" not in page.url
