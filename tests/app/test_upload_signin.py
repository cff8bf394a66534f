"""Signing in from the Upload page keeps the checked file and its report (issue 17, item 2): the analyst uploads a
file, sees "Only signed-in analysts can publish", goes to the sign-in page, signs in, comes back, and finds the same
file's report and the publish step without choosing the file again.

A click on another page in the sidebar reruns the session on that page; here that is an AppTest run of the dashboard
with `?page=` (`follow_page_parameter`), in which the Upload page's file picker is not drawn and Streamlit forgets it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
HEADER, *ROWS = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()
S3 = next(line for line in ROWS if line.startswith("S3,"))
RESTATED = "\n".join([HEADER, S3.replace(",2.9,", ",3.0,"), ""]).encode()


@pytest.fixture
def analyst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from econ_ties.services.auth import hash_password
    from econ_ties.settings import sqlite_url

    monkeypatch.setenv("ECON_TIES_DATABASE_URL", sqlite_url(tmp_path / "store.sqlite"))
    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"aysel:{hash_password(PASSWORD)}")


def _navigate(at: AppTest, page: str) -> AppTest:
    at.query_params.clear()
    at.query_params["page"] = page
    return at.run()


def test_signing_in_from_the_upload_page_keeps_the_file_and_its_report(analyst: None) -> None:
    at = _navigate(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120), "upload")
    at.file_uploader(key="upload.file").set_value(("restated.csv", RESTATED, "text/csv")).run()
    assert not at.exception, at.exception
    assert any("Only signed-in analysts can publish" in i.value for i in at.info)
    assert "Report" in [h.value for h in at.header]

    at = _navigate(at, "sign-in")
    at.text_input(key="signin.name").set_value("aysel")
    at.text_input(key="signin.password").set_value(PASSWORD)
    next(b for b in at.button if "Sign in" in b.label).click().run()
    assert not at.exception, at.exception
    assert any("Signed in as aysel" in s.value for s in at.success)

    at = _navigate(at, "upload")
    assert not at.exception, at.exception
    assert "Report" in [h.value for h in at.header], "the report is gone: the file must be chosen again"
    assert any("restated.csv" in m.value for m in at.markdown), [m.value for m in at.markdown]
    assert [b.key for b in at.button if b.key == "publish.button"] == ["publish.button"]


def test_removing_the_file_from_the_picker_forgets_it(analyst: None) -> None:
    at = _navigate(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120), "upload")
    at.file_uploader(key="upload.file").set_value(("restated.csv", RESTATED, "text/csv")).run()
    assert "Report" in [h.value for h in at.header]
    at.file_uploader(key="upload.file").set_value(None).run()
    assert not at.exception, at.exception
    assert "Report" not in [h.value for h in at.header]


@pytest.mark.browser
def test_in_chromium_an_analyst_signs_in_from_the_upload_page_and_publishes_once(analyst: None, page, tmp_path: Path) -> None:
    """The whole path in a real browser: pick the file, follow the sidebar to the sign-in page and back, publish, and
    find the button replaced and the sidebar naming the new revision."""
    from tests.browser.support import running_dashboard

    upload = tmp_path / "restated.csv"
    upload.write_bytes(RESTATED)
    with running_dashboard() as server:
        page.goto(server + "/upload")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
        page.get_by_text("Only signed-in analysts can publish").wait_for()
        page.get_by_role("link", name="Analyst sign-in").click()
        page.get_by_label("Analyst name").fill("aysel")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Your upload of restated.csv is kept").wait_for()
        page.get_by_role("link", name="Upload").click()
        page.get_by_text("Still checking restated.csv").wait_for()
        note = page.get_by_label("What changed, and why (kept with the revision)")
        note.fill("turnover restated")
        note.press("Enter")
        page.get_by_role("button", name="Publish as a new revision (changes from revision 1)").click()
        page.get_by_text("Published as revision 2 by aysel").wait_for()
        page.get_by_text("Data: revision 2 (latest)").wait_for()
        assert page.get_by_role("button", name="Publish as a new revision").count() == 0
