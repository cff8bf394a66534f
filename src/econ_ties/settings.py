"""Deployment settings, read from the environment: where the published store lives and the limits the app enforces.

`ECON_TIES_DATABASE_URL` names the store as a SQLAlchemy URL: an SQLite file (the default, kept in WAL mode) for one
server, or `postgresql+psycopg://…` when several app servers share one store. Without it the store is
`store.sqlite` in the data directory: `ECON_TIES_DATA_DIR`, else `$XDG_DATA_HOME/econ-ties`, else
`~/.local/share/econ-ties`. Everything is read when asked for, so a test or a deployment changes a variable and the next
call sees it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_UPLOAD_MB = 200
DEFAULT_SIGN_IN_FAILURES = 5
DEFAULT_SIGN_IN_WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    #: uploads larger than this are refused with a message
    max_upload_bytes: int
    #: failed sign-ins for one analyst within the window before further attempts are refused
    sign_in_max_failures: int
    sign_in_window_seconds: int


def data_dir() -> Path:
    explicit = os.environ.get("ECON_TIES_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "econ-ties"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def database_url() -> str:
    """The store's URL; creates the data directory for the default SQLite file."""
    url = os.environ.get("ECON_TIES_DATABASE_URL", "").strip()
    if url:
        return url
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return sqlite_url(folder / "store.sqlite")


def _int_env(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} is not a whole number") from None


def load_settings() -> Settings:
    return Settings(
        database_url=database_url(),
        data_dir=data_dir(),
        max_upload_bytes=_int_env("ECON_TIES_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024,
        sign_in_max_failures=_int_env("ECON_TIES_SIGN_IN_FAILURES", DEFAULT_SIGN_IN_FAILURES),
        sign_in_window_seconds=_int_env("ECON_TIES_SIGN_IN_WINDOW_SECONDS", DEFAULT_SIGN_IN_WINDOW_SECONDS),
    )
