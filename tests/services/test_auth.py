"""Analyst sign-in: argon2 hashes only, throttled failures, signed sessions, and no path by which a viewer publishes."""

from __future__ import annotations

import dataclasses
import io
import re
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.checks.uploads import UploadResult, validate_upload_bytes
from econ_ties.cli.main import main
from econ_ties.services.auth import AnalystSession, NotSignedIn, SignInRefused, hash_password, load_credentials, require_analyst, sign_in
from econ_ties.services.published import published_store
from econ_ties.settings import sqlite_url
from tests.conftest import DATA_DIR, ROOT

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def alice_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The pages publish to the store in the environment: give these tests their own, so other tests' data stays put."""
    url = sqlite_url(tmp_path / "pages.sqlite")
    monkeypatch.setenv("ECON_TIES_DATABASE_URL", url)
    return url


@pytest.fixture
def signed_in(store_url: str, alice_hash: str) -> AnalystSession:
    return sign_in("alice", PASSWORD, credentials={"alice": alice_hash}, store=published_store(store_url))


def upload(claim_value: str = "3.0") -> UploadResult:
    lines = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()
    header, row = lines[0], next(line for line in lines if line.startswith("S3,"))
    data = f"{header}\n{row.replace(',2.9,', f',{claim_value},')}\n".encode()
    return validate_upload_bytes(data, "turnover.csv", load_dataset(DATA_DIR)[0].sources)


def test_hash_password_makes_an_argon2_hash_that_verifies() -> None:
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert PasswordHasher().verify(hashed, PASSWORD)
    with pytest.raises(ValueError):
        hash_password("")


def test_hash_password_command_prints_a_usable_hash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["hash-password", "--stdin", "--name", "alice"]) == 0
    captured = capsys.readouterr()
    hashed = captured.out.strip()
    assert PasswordHasher().verify(hashed, PASSWORD)
    assert f"alice:{hashed}" in captured.err


def test_credentials_come_from_secrets_and_the_environment_and_plain_passwords_are_ignored(monkeypatch: pytest.MonkeyPatch, alice_hash: str) -> None:
    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{alice_hash}; bob:hunter2")
    credentials, problems = load_credentials({"carol": alice_hash})
    assert credentials == {"alice": alice_hash, "carol": alice_hash}
    assert len(problems) == 1 and "'bob'" in problems[0] and "hash-password" in problems[0]


def test_a_good_password_signs_in_and_the_session_is_checked(signed_in: AnalystSession, store_url: str) -> None:
    assert require_analyst(signed_in) == "alice"
    assert published_store(store_url).audit_log()[0]["action"] == "sign-in"


def test_a_wrong_password_is_refused_and_logged_with_the_analyst_name(store_url: str, alice_hash: str) -> None:
    store = published_store(store_url)
    with pytest.raises(SignInRefused, match="Wrong analyst name or password"):
        sign_in("alice", "guess", credentials={"alice": alice_hash}, store=store)
    entry = store.audit_log()[0]
    assert (entry["actor"], entry["action"], entry["detail"]) == ("alice", "sign-in-failed", "wrong name or password")


def test_an_unknown_name_is_logged_only_as_a_digest_and_still_throttled(store_url: str, alice_hash: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A password typed into the name field must not be kept in clear text in the audit log."""
    monkeypatch.setenv("ECON_TIES_SIGN_IN_FAILURES", "2")
    store = published_store(store_url)
    typed = "correct horse battery"  # alice's password, typed into the name field
    for _ in range(2):
        with pytest.raises(SignInRefused, match="Wrong analyst name or password"):
            sign_in(typed, "guess", credentials={"alice": alice_hash}, store=store)
    with pytest.raises(SignInRefused, match="Too many failed sign-ins"):
        sign_in(typed, "guess", credentials={"alice": alice_hash}, store=store)
    with pytest.raises(SignInRefused, match="Wrong analyst name or password"):  # another unknown name has its own count
        sign_in("mallory", "guess", credentials={"alice": alice_hash}, store=store)
    entries = [e for e in store.audit_log() if e["action"].startswith("sign-in")]
    assert not [e for e in entries if "horse" in e["actor"] or "horse" in e["detail"]], entries
    actors = [e["actor"] for e in entries]
    assert all(re.fullmatch(r"unknown name \(sha256:[0-9a-f]{12}\)", a) for a in actors), actors
    assert len(actors) == 3 and len(set(actors)) == 2 and actors.count(actors[-1]) == 2


def test_failed_sign_ins_are_throttled_even_for_the_right_password(store_url: str, alice_hash: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECON_TIES_SIGN_IN_FAILURES", "3")
    store = published_store(store_url)
    for _ in range(3):
        with pytest.raises(SignInRefused, match="Wrong"):
            sign_in("alice", "guess", credentials={"alice": alice_hash}, store=store)
    with pytest.raises(SignInRefused, match="Too many failed sign-ins"):
        sign_in("alice", PASSWORD, credentials={"alice": alice_hash}, store=store)
    # Another analyst is not locked out by alice's failures.
    assert require_analyst(sign_in("bob", PASSWORD, credentials={"bob": alice_hash}, store=store)) == "bob"
    monkeypatch.setenv("ECON_TIES_SIGN_IN_WINDOW_SECONDS", "0")
    assert require_analyst(sign_in("alice", PASSWORD, credentials={"alice": alice_hash}, store=store)) == "alice"


FORGED_SESSIONS = [None, "alice", {"username": "alice"}, AnalystSession("alice", time.time(), "0" * 64, "0" * 64)]


@pytest.mark.parametrize("session", FORGED_SESSIONS, ids=["nobody", "a-name", "a-dict", "forged-signature"])
def test_anyone_not_signed_in_is_refused_by_require_analyst(session: object) -> None:
    with pytest.raises(NotSignedIn):
        require_analyst(session)


def test_a_tampered_or_expired_session_is_refused(signed_in: AnalystSession) -> None:
    for session in (dataclasses.replace(signed_in, username="mallory"), dataclasses.replace(signed_in, signed_in_at=time.time() - 13 * 3600)):
        with pytest.raises(NotSignedIn):
            require_analyst(session)


def _forged_session_script() -> None:
    import streamlit as st

    from econ_ties.app.history import history_page
    from econ_ties.app.publishing import publish_step
    from econ_ties.app.signin import SESSION_KEY
    from econ_ties.services.publishing import draft
    from tests.services.test_auth import upload

    st.session_state[SESSION_KEY] = st.session_state.get("forged")
    publish_step(draft(upload("3.05")), file_name="turnover.csv")
    history_page()


@pytest.mark.parametrize("held", range(7), ids=["nobody", "a-name", "a-dict", "forged-signature", "tampered", "expired", "signed-in"])
def test_a_page_holding_a_forged_tampered_or_expired_session_offers_no_publish_and_no_rollback(held: int, alice_hash: str, own_store: str) -> None:
    store = published_store(own_store)
    _, current = store.dataset(1)
    claims = current.claims.copy()
    claims.loc[0, "value"] = 77.0
    store.publish(Dataset(claims, current.sources, current.events), parent=1, author="setup")  # so there is something to roll back to
    signed_in = sign_in("alice", PASSWORD, credentials={"alice": alice_hash}, store=store)
    sessions = [
        *FORGED_SESSIONS,
        dataclasses.replace(signed_in, username="mallory"),
        dataclasses.replace(signed_in, signed_in_at=time.time() - 13 * 3600),
        signed_in,
    ]
    at = AppTest.from_function(_forged_session_script, default_timeout=60)
    at.session_state["forged"] = sessions[held]
    at.session_state["history.revision"] = 1
    at.run()
    assert not at.exception, at.exception
    offered = sorted(b.key for b in at.button if b.key in ("publish.button", "history.rollback"))
    if sessions[held] is signed_in:  # the control: a real sign-in is offered both
        assert offered == ["history.rollback", "publish.button"]
        return
    assert any("Only signed-in analysts can publish" in i.value for i in at.info)
    assert offered == []
    assert [r.number for r in store.revisions()] == [2, 1]


def test_a_viewer_sees_history_but_no_rollback_and_a_bad_password_is_refused_on_the_page(
    monkeypatch: pytest.MonkeyPatch, alice_hash: str, own_store: str
) -> None:
    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{alice_hash}")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    from econ_ties.app import history, signin

    history_test = AppTest.from_function(_history_script, default_timeout=60).run()
    assert not history_test.exception
    assert "History" in [t.value for t in history_test.title]
    assert not [b for b in history_test.button if b.key == "history.rollback"], "a viewer has no rollback button"
    signin_test = AppTest.from_function(_signin_script, default_timeout=60).run()
    signin_test.text_input(key="signin.name").set_value("alice")
    signin_test.text_input(key="signin.password").set_value("wrong")
    signin_test.button[0].click().run()
    assert [e.value for e in signin_test.error] == ["Wrong analyst name or password."]
    assert signin.SESSION_KEY not in signin_test.session_state
    assert history.current_analyst is signin.current_analyst


def test_a_signed_in_analyst_rolls_back_from_the_history_page(monkeypatch: pytest.MonkeyPatch, alice_hash: str, own_store: str) -> None:
    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{alice_hash}")
    store = published_store()
    latest = store.latest_number()
    first = store.revision(1)
    from econ_ties.checks.dataset import Dataset

    _, current = store.dataset(latest)
    claims = current.claims.copy()
    claims.loc[0, "value"] = 77.0
    store.publish(Dataset(claims, current.sources, current.events), parent=latest, author="setup")
    at = AppTest.from_function(_signin_then_history_script, default_timeout=60).run()
    at.text_input(key="signin.name").set_value("alice")
    at.text_input(key="signin.password").set_value(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and [s.value for s in at.success] == ["Signed in as alice."]
    at.selectbox(key="history.revision").set_value(1).run()
    rollback = next(b for b in at.button if b.key == "history.rollback")
    rollback.click().run()
    assert not at.exception
    restored = store.latest()
    assert restored is not None and (restored.kind, restored.restores, restored.author) == ("rollback", 1, "alice")
    assert restored.content_hash == first.content_hash


def _history_script() -> None:
    from econ_ties.app.history import history_page

    history_page()


def _signin_script() -> None:
    from econ_ties.app.signin import signin_page

    signin_page()


def _signin_then_history_script() -> None:
    from econ_ties.app.history import history_page
    from econ_ties.app.signin import signin_page

    signin_page()
    history_page()


def _publish_step_script() -> None:
    from econ_ties.app.publishing import publish_step
    from econ_ties.app.signin import signin_page
    from econ_ties.services.publishing import draft
    from tests.services.test_auth import upload

    signin_page()
    publish_step(draft(upload("3.05")), file_name="turnover.csv")


def test_the_publish_step_is_only_for_signed_in_analysts(monkeypatch: pytest.MonkeyPatch, alice_hash: str, own_store: str) -> None:
    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{alice_hash}")
    store = published_store()
    before = store.latest_number()
    at = AppTest.from_function(_publish_step_script, default_timeout=60).run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "publish.button"], "a viewer gets no publish button"
    assert any("Only signed-in analysts can publish" in i.value for i in at.info)
    at.text_input(key="signin.name").set_value("alice")
    at.text_input(key="signin.password").set_value(PASSWORD)
    at.button[0].click().run()
    at.text_input(key="publish.note").set_value("turnover restated").run()
    next(b for b in at.button if b.key == "publish.button").click().run()
    assert not at.exception, at.exception
    latest = store.latest()
    assert latest is not None and latest.number == (before or 0) + 1
    assert (latest.author, latest.note, latest.file_name) == ("alice", "turnover restated", "turnover.csv")
    assert any(f"Published as revision {latest.number}" in s.value for s in at.success)


def _published_twice(store_url: str) -> int:
    """Publish a second revision, so there is an earlier one to roll back to; the number of revisions."""
    store = published_store(store_url)
    latest = store.latest_number() or 1
    _, current = store.dataset(latest)
    claims = current.claims.copy()
    claims.loc[0, "value"] = 77.0
    store.publish(Dataset(claims, current.sources, current.events), parent=latest, author="setup")
    return len(store.revisions())


@pytest.mark.parametrize("withdrawn", ["removed", "password-changed"])
def test_withdrawn_access_ends_at_the_next_publish_or_rollback(store_url: str, alice_hash: str, monkeypatch: pytest.MonkeyPatch, withdrawn: str) -> None:
    from econ_ties.services.publishing import draft, publish, rollback

    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{alice_hash};bob:{alice_hash}")
    session = sign_in("alice", PASSWORD, store=published_store(store_url))  # the analysts configured in the environment
    count = _published_twice(store_url)
    assert require_analyst(session) == "alice"
    if withdrawn == "removed":
        monkeypatch.setenv("ECON_TIES_ANALYSTS", f"bob:{alice_hash}")
        reason = "'alice' is no longer an analyst"
    else:
        monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{hash_password('a new password')};bob:{alice_hash}")
        reason = "password for 'alice' has changed"
    with pytest.raises(NotSignedIn, match=reason):
        rollback(1, author=require_analyst(session), url=store_url)
    with pytest.raises(NotSignedIn, match=reason):
        publish(draft(upload("3.05"), url=store_url), author=require_analyst(session), note="n", file_name="turnover.csv", url=store_url)
    assert len(published_store(store_url).revisions()) == count
    if withdrawn == "password-changed":  # the new password signs in again
        assert require_analyst(sign_in("alice", "a new password", store=published_store(store_url))) == "alice"


@pytest.mark.parametrize("withdrawn", ["removed-from-secrets", "password-changed-in-the-environment"])
def test_a_page_stops_offering_publish_once_access_is_withdrawn(monkeypatch: pytest.MonkeyPatch, alice_hash: str, own_store: str, withdrawn: str) -> None:
    in_secrets = withdrawn == "removed-from-secrets"
    if not in_secrets:
        monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{alice_hash}")
    at = AppTest.from_function(_publish_step_script, default_timeout=60)
    if in_secrets:
        at.secrets["analysts"] = {"alice": alice_hash}
    at.run()
    at.text_input(key="signin.name").set_value("alice")
    at.text_input(key="signin.password").set_value(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert [b.key for b in at.button if b.key == "publish.button"] == ["publish.button"], "the control: a signed-in analyst is offered publish"
    if in_secrets:
        at.secrets["analysts"] = {"bob": alice_hash}
        reason = "'alice' is no longer an analyst on this server."
    else:
        monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{hash_password('a new password')}")
        reason = "The password for 'alice' has changed since you signed in; sign in again."
    at.run()
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key == "publish.button"]
    assert any("Only signed-in analysts can publish" in i.value for i in at.info)
    assert reason in [w.value for w in at.warning]
