"""Analyst sign-in: who may publish and roll back. Viewing needs no sign-in.

Credentials come from Streamlit secrets (an `[analysts]` table of name = hash, passed in by the app) or from the
environment (`ECON_TIES_ANALYSTS="alice:$argon2id$…;bob:$argon2id$…"`). Only argon2 hashes are accepted — a plain
password in the configuration is ignored with a message — and `econ-ties hash-password` makes one. Failed sign-ins are
throttled per name through the audit log, so the limit holds across app servers and restarts. A successful sign-in
returns an `AnalystSession` signed with a per-process secret; `require_analyst` checks that signature, so a session
object a page builds by hand (or none at all) cannot publish, whatever the page shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from econ_ties.model.formatting import counted
from econ_ties.settings import ANALYSTS, analyst_entries, sign_in_max_failures, sign_in_window_seconds
from econ_ties.store.revisions import Store

SESSION_HOURS = 12
ENV_VARIABLE = ANALYSTS.variable
_HASHER = PasswordHasher()
_SECRET = secrets.token_bytes(32)
#: verified against when the name is unknown, so a wrong name takes as long as a wrong password
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


class NotSignedIn(PermissionError):
    """Publishing or rolling back without a valid analyst sign-in."""


class SignInRefused(Exception):
    """A sign-in that did not succeed; the message is what the person sees."""


@dataclass(frozen=True)
class AnalystSession:
    username: str
    signed_in_at: float
    signature: str


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


def _signature(username: str, signed_in_at: float) -> str:
    return hmac.new(_SECRET, f"{username}\0{signed_in_at!r}".encode(), hashlib.sha256).hexdigest()


def sign_in(username: str, password: str, *, credentials: Mapping[str, str], store: Store) -> AnalystSession:
    """Check a name and password; an `AnalystSession` on success, `SignInRefused` with a plain message otherwise."""
    max_failures, window_seconds = sign_in_max_failures(), sign_in_window_seconds()
    username = username.strip()[:200]
    if not username or not password:
        raise SignInRefused("Enter your analyst name and password.")
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=window_seconds)
    failures = store.count_audit(actor=username, action="sign-in-failed", since=since)
    if failures >= max_failures:
        minutes = max(1, window_seconds // 60)
        raise SignInRefused(f"Too many failed sign-ins for '{username}'. Try again in {minutes} minutes.")
    stored = credentials.get(username)
    try:
        _HASHER.verify(stored or _DUMMY_HASH, password)
        ok = stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok:
        store.record_audit(actor=username, action="sign-in-failed", detail="wrong name or password")
        left = max_failures - failures - 1
        raise SignInRefused("Wrong analyst name or password." + (f" {counted(left, 'attempt')} left before a pause." if left <= 2 else ""))
    store.record_audit(actor=username, action="sign-in")
    signed_in_at = time.time()
    return AnalystSession(username, signed_in_at, _signature(username, signed_in_at))


def require_analyst(session: object) -> str:
    """The signed-in analyst's name, or `NotSignedIn` when `session` is not a valid, unexpired sign-in of this server."""
    if not isinstance(session, AnalystSession):
        raise NotSignedIn("Publishing and rollback need an analyst sign-in.")
    if not hmac.compare_digest(session.signature, _signature(session.username, session.signed_in_at)):
        raise NotSignedIn("This sign-in was not issued by this server; sign in again.")
    if time.time() - session.signed_in_at > SESSION_HOURS * 3600:
        raise NotSignedIn(f"Your sign-in is older than {SESSION_HOURS} hours; sign in again.")
    return session.username
