"""Analyst sign-in: who may publish and roll back. Viewing needs no sign-in.

Credentials come from Streamlit secrets (an `[analysts]` table of name = hash, passed in by the app) or from the
environment (`ECON_TIES_ANALYSTS="alice:$argon2id$…;bob:$argon2id$…"`). Only argon2 hashes are accepted — a plain
password in the configuration is ignored with a message — and `econ-ties hash-password` makes one.

Failed sign-ins are throttled per name through the audit log, so the limit holds across app servers and restarts. Each
attempt is counted and recorded as a failure in one write transaction under the store's write lock before its password
is checked, and turned into a sign-in only once it proved right: concurrent attempts, from threads or from servers
sharing the store, cannot all slip under the limit. An unknown name is logged only as a short digest, so a password
typed into the name field is not kept.

A successful sign-in returns an `AnalystSession` signed with a per-process secret, holding a keyed fingerprint of the
password hash it signed in with (never the hash) and where the server reads its analysts. `require_analyst` checks the
signature and reads the analysts again, so a session object a page builds by hand (or none at all) cannot publish,
and a session whose analyst was removed or whose password changed ends at its next action.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from econ_ties.model.formatting import counted
from econ_ties.settings import ANALYSTS, analyst_entries, sign_in_max_failures, sign_in_window_seconds
from econ_ties.store import audit
from econ_ties.store.revisions import Store

SESSION_HOURS = 12
ENV_VARIABLE = ANALYSTS.variable
SIGNED_IN, FAILED = "sign-in", "sign-in-failed"
_HASHER = PasswordHasher()
_SECRET = secrets.token_bytes(32)
#: verified against when the name is unknown, so a wrong name takes as long as a wrong password
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))

#: where a server's analysts (name → argon2 hash) are read from; asked again at every action a session takes
AnalystsSource = Callable[[], Mapping[str, str]]


class NotSignedIn(PermissionError):
    """Publishing or rolling back without a valid analyst sign-in."""


class SignInRefused(Exception):
    """A sign-in that did not succeed; the message is what the person sees."""


@dataclass(frozen=True)
class AnalystSession:
    username: str
    signed_in_at: float
    #: a keyed digest of the password hash this sign-in was checked against, to notice that the password changed
    fingerprint: str
    signature: str
    analysts: AnalystsSource = field(compare=False, repr=False, default=dict)


def hash_password(password: str) -> str:
    if not password:
        raise ValueError("the password is empty")
    return _HASHER.hash(password)


def is_password_hash(text: str) -> bool:
    return text.startswith("$argon2")


def load_credentials(configured: Mapping[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """Analyst name → argon2 hash, from the app's secrets (`configured`) and the environment; and the problems found."""
    entries = analyst_entries()
    entries += [(str(k).strip(), str(v).strip()) for k, v in (configured or {}).items()]
    credentials, problems = {}, []
    for name, value in entries:
        if not name:
            problems.append(f"an entry in {ENV_VARIABLE} has no analyst name before ':'")
        elif not is_password_hash(value):
            problems.append(f"the password for '{name}' is not an argon2 hash and is ignored; make one with `econ-ties hash-password`")
        else:
            credentials[name] = value
    return credentials, problems


def configured_analysts() -> dict[str, str]:
    """The analysts configured in the environment, read now."""
    return load_credentials()[0]


def audit_name(username: str, credentials: Mapping[str, str]) -> str:
    """How a sign-in attempt's name is logged: a known analyst's name as it is, any other only as a short digest.

    An unknown name is often a password typed into the wrong field; the digest keeps it out of the log while the same
    name still counts against the same limit."""
    if username in credentials:
        return username
    return f"unknown name (sha256:{hashlib.sha256(username.encode()).hexdigest()[:12]})"


def _fingerprint(password_hash: str) -> str:
    return hmac.new(_SECRET, b"password hash\0" + password_hash.encode(), hashlib.sha256).hexdigest()


def _signature(username: str, signed_in_at: float, fingerprint: str) -> str:
    return hmac.new(_SECRET, f"{username}\0{signed_in_at!r}\0{fingerprint}".encode(), hashlib.sha256).hexdigest()


def sign_in(username: str, password: str, *, credentials: Mapping[str, str] | AnalystsSource | None = None, store: Store) -> AnalystSession:
    """Check a name and password; an `AnalystSession` on success, `SignInRefused` with a plain message otherwise.

    `credentials` are the analysts: a mapping, or a function that reads them (the app passes one that reads its secrets
    and the environment); the environment's when None. The session reads them again at each `require_analyst`."""
    analysts: AnalystsSource
    if credentials is None:
        analysts = configured_analysts
    elif callable(credentials):
        analysts = credentials
    else:
        fixed = credentials
        analysts = lambda: fixed  # noqa: E731 — the same mapping, so a change to it is seen too
    max_failures, window_seconds = sign_in_max_failures(), sign_in_window_seconds()
    username = username.strip()[:200]
    if not username or not password:
        raise SignInRefused("Enter your analyst name and password.")
    known = analysts()
    actor = audit_name(username, known)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=window_seconds)
    # Counted and recorded as a failure under the write lock before the (slow) password check, so every attempt sees
    # the ones begun before it, in this process or in another server on the same store.
    with store.writing() as connection:
        failures = audit.count(connection, actor=actor, action=FAILED, since=since)
        if failures >= max_failures:
            minutes = max(1, window_seconds // 60)
            raise SignInRefused(f"Too many failed sign-ins for '{username}'. Try again in {minutes} minutes.")
        attempt = audit.log(connection, actor=actor, action=FAILED, detail="wrong name or password")
    stored = known.get(username)
    try:
        _HASHER.verify(stored or _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        stored = None
    if stored is None:
        left = max_failures - failures - 1
        raise SignInRefused("Wrong analyst name or password." + (f" {counted(left, 'attempt')} left before a pause." if left <= 2 else ""))
    with store.writing() as connection:
        audit.amend(connection, attempt, action=SIGNED_IN, detail="")
    signed_in_at = time.time()
    fingerprint = _fingerprint(stored)
    return AnalystSession(username, signed_in_at, fingerprint, _signature(username, signed_in_at, fingerprint), analysts)


def require_analyst(session: object) -> str:
    """The signed-in analyst's name, or `NotSignedIn` when `session` is not a valid, unexpired sign-in of this server
    by an analyst who is still configured, with the password it signed in with."""
    if not isinstance(session, AnalystSession):
        raise NotSignedIn("Publishing and rollback need an analyst sign-in.")
    if not hmac.compare_digest(session.signature, _signature(session.username, session.signed_in_at, session.fingerprint)):
        raise NotSignedIn("This sign-in was not issued by this server; sign in again.")
    if time.time() - session.signed_in_at > SESSION_HOURS * 3600:
        raise NotSignedIn(f"Your sign-in is older than {SESSION_HOURS} hours; sign in again.")
    current = session.analysts().get(session.username)
    if current is None:
        raise NotSignedIn(f"'{session.username}' is no longer an analyst on this server.")
    if not hmac.compare_digest(_fingerprint(current), session.fingerprint):
        raise NotSignedIn(f"The password for '{session.username}' has changed since you signed in; sign in again.")
    return session.username
