"""Scale-out (docs/deploy.md): two `econ-ties serve` processes sharing one PostgreSQL store behave as one dashboard.

Two real Streamlit servers of dashboard.py (as `econ-ties serve` runs it: tests/browser/support.py `start_streamlit`)
listen on free loopback ports, both with ECON_TIES_DATABASE_URL pointing at a fresh PostgreSQL database made for this
test. A signed-in analyst publishes THROUGH THE APP on server A, driven by Playwright in Chromium (sign in, upload a
CSV, write a note, press Publish), and the next page run on server B names the new revision in its revision line. Then
wrong passwords on server A throttle that analyst name, and server B refuses the right password for it: the failed
sign-ins are counted in the shared store's audit log, not in a server's memory.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from econ_ties.model.formatting import counted
from econ_ties.services.auth import hash_password
from tests.browser.support import ROOT, free_port, start_streamlit
from tests.conftest import DATA_DIR, postgres_test_url

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.browser]

PASSWORD = "correct horse battery staple"
FAILURES = 3


@pytest.fixture
def shared_database() -> Iterator[str]:
    """A fresh PostgreSQL database on the test server, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(postgres_test_url())
    name = f"econ_ties_scale_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        from econ_ties.store.revisions import Store

        url = admin_url.set(database=name).render_as_string(hide_password=False)
        if url in Store._open:
            Store._open[url].close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def two_servers(shared_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    monkeypatch.setenv("ECON_TIES_DATABASE_URL", shared_database)
    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{hash_password(PASSWORD)};bob:{hash_password(PASSWORD)}")
    monkeypatch.setenv("ECON_TIES_SIGN_IN_FAILURES", str(FAILURES))
    processes: list[subprocess.Popen] = []
    try:
        urls = []
        for _ in range(2):
            port = free_port()
            processes.append(start_streamlit(ROOT / "dashboard.py", port))
            urls.append(f"http://127.0.0.1:{port}")
        yield urls[0], urls[1]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1200})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(90_000)
        return page

    yield make
    for context in contexts:
        context.close()


def revision_line(page, server: str) -> str:
    page.goto(server + "/")
    line = page.get_by_text("Data: revision").first
    line.wait_for()
    return line.inner_text()


def sign_in(page, name: str, password: str) -> None:
    page.get_by_label("Analyst name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def restated_turnover(tmp_path: Path) -> Path:
    lines = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()
    header, row = lines[0], next(line for line in lines if line.startswith("S3,"))
    path = tmp_path / "turnover.csv"
    path.write_text(f"{header}\n{row.replace(',2.9,', ',3.0,')}\n", encoding="utf-8")
    return path


def test_two_servers_on_one_postgresql_share_revisions_and_sign_in_throttling(two_servers: tuple[str, str], new_page, tmp_path: Path) -> None:
    server_a, server_b = two_servers
    reader = new_page()
    assert "Data: revision 1 (latest)" in revision_line(reader, server_b)  # B's first run seeded the shared store
    assert "Data: revision 1 (latest)" in revision_line(new_page(), server_a)  # A sees the same store: no second seed

    # Publish through server A's Upload page as a signed-in analyst (one browser session: sign in, then navigate).
    analyst = new_page()
    analyst.goto(server_a + "/sign-in")
    sign_in(analyst, "alice", PASSWORD)
    analyst.get_by_text("Signed in as alice.").wait_for()
    analyst.get_by_role("link", name="Upload").click()
    analyst.get_by_text("Check a CSV before it is published").wait_for()
    analyst.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(restated_turnover(tmp_path)))
    analyst.get_by_text("What changed, and why").wait_for()
    analyst.get_by_label("What changed, and why (kept with the revision)").fill("turnover restated")
    analyst.get_by_label("What changed, and why (kept with the revision)").press("Enter")
    analyst.get_by_role("button", name="Publish as a new revision (changes from revision 1)").click()
    analyst.get_by_text("Published as revision 2 by alice").wait_for()

    # Server B's next page run shows it.
    assert "Data: revision 2 (latest)" in revision_line(reader, server_b)

    # Wrong passwords for bob on server A ...
    guesser = new_page()
    guesser.goto(server_a + "/sign-in")
    for attempt in range(FAILURES):
        sign_in(guesser, "bob", f"guess {attempt}")
        # Each refusal counts down, so waiting for its own words waits for this attempt's run to finish.
        guesser.get_by_text(f"Wrong analyst name or password. {counted(FAILURES - attempt - 1, 'attempt')} left before a pause.").wait_for()
    # ... and server B refuses bob's right password.
    bob = new_page()
    bob.goto(server_b + "/sign-in")
    sign_in(bob, "bob", PASSWORD)
    bob.get_by_text("Too many failed sign-ins for 'bob'").wait_for()
    assert "Signed in as bob" not in bob.locator("body").inner_text()
    # alice, who never failed, still signs in on server B: the limit is per name, not per server.
    other = new_page()
    other.goto(server_b + "/sign-in")
    sign_in(other, "alice", PASSWORD)
    other.get_by_text("Signed in as alice.").wait_for()
