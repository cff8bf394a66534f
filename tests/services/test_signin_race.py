"""The sign-in limit holds when wrong passwords arrive all at once: from many threads (Streamlit runs each session in its
own thread) and from several app servers sharing one store, SQLite or PostgreSQL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from argon2 import PasswordHasher

from econ_ties.services import auth
from econ_ties.services.auth import SignInRefused, hash_password, sign_in
from econ_ties.store.revisions import Store

PASSWORD = "correct horse battery staple"
LIMIT = 5
ATTEMPTS = 30
SERVERS = 3


class CountingHasher(PasswordHasher):
    """Counts the passwords checked against a hash, and takes a while over each, as argon2 on a busy server does."""

    def __init__(self) -> None:
        super().__init__()
        self.checked = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.checked += 1
        time.sleep(0.05)
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(auth, "_HASHER", counting)
    monkeypatch.setenv("ECON_TIES_SIGN_IN_FAILURES", str(LIMIT))
    return counting


def attempt(name: str, password: str, credentials: dict[str, str], store: Store, start: threading.Barrier) -> str:
    start.wait()
    try:
        sign_in(name, password, credentials=credentials, store=store)
    except SignInRefused as refusal:
        return str(refusal)
    return "signed in"


@pytest.mark.parametrize("name", ["alice", "mallory"], ids=["known-name", "unknown-name"])
def test_thirty_concurrent_wrong_passwords_from_several_servers_check_at_most_the_limit(store_url: str, hasher: CountingHasher, name: str) -> None:
    credentials = {"alice": hash_password(PASSWORD)}
    servers = [Store(store_url) for _ in range(SERVERS)]  # each with its own connections, as separate app servers have
    try:
        start = threading.Barrier(ATTEMPTS)
        with ThreadPoolExecutor(ATTEMPTS) as pool:
            futures = [pool.submit(attempt, name, f"guess {i}", credentials, servers[i % SERVERS], start) for i in range(ATTEMPTS)]
            outcomes = [f.result() for f in futures]
        assert hasher.checked <= LIMIT, f"{hasher.checked} wrong passwords were checked against the hash; the limit is {LIMIT}"
        assert sum(o.startswith("Wrong analyst name or password") for o in outcomes) == hasher.checked
        assert sum(o.startswith("Too many failed sign-ins") for o in outcomes) == ATTEMPTS - hasher.checked
        checked_before = hasher.checked
        with pytest.raises(SignInRefused, match="Too many failed sign-ins"):
            sign_in(name, PASSWORD, credentials=credentials, store=servers[0])
        assert hasher.checked == checked_before, "a refused sign-in checks no password"
        failures = [e for e in servers[1].audit_log() if e["action"] == "sign-in-failed"]
        assert len(failures) == checked_before
    finally:
        for server in servers:
            server.close()


def test_a_right_password_among_concurrent_wrong_ones_is_recorded_once_as_a_sign_in(store_url: str, hasher: CountingHasher) -> None:
    credentials = {"alice": hash_password(PASSWORD)}
    store = Store(store_url)
    try:
        start = threading.Barrier(LIMIT - 1)
        passwords = [PASSWORD] + [f"guess {i}" for i in range(LIMIT - 2)]
        with ThreadPoolExecutor(len(passwords)) as pool:
            outcomes = list(pool.map(lambda p: attempt("alice", p, credentials, store, start), passwords))
        assert outcomes.count("signed in") == 1
        actions = sorted(e["action"] for e in store.audit_log())
        assert actions == ["sign-in"] + ["sign-in-failed"] * (LIMIT - 2)
        # The successful attempt does not count as a failure: two more wrong passwords are still checked, then the limit.
        for guess in ("one more guess", "and another"):
            with pytest.raises(SignInRefused, match="Wrong analyst name or password"):
                sign_in("alice", guess, credentials=credentials, store=store)
        with pytest.raises(SignInRefused, match="Too many failed sign-ins"):
            sign_in("alice", PASSWORD, credentials=credentials, store=store)
    finally:
        store.close()
