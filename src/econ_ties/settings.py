"""Deployment settings: the only module that reads `ECON_TIES_*` environment variables.

Each setting is declared once in `SETTINGS`, with its variable, its default and a description; the README's settings
table lists the same ones (tests/test_docs.py keeps the two equal). Each is parsed by one function here, and a value
that cannot be used raises `SettingError` naming the variable, never a silent fallback. Everything is read when asked
for, so a test or a deployment changes a variable and the next call sees it.

`ECON_TIES_DATABASE_URL` names the store as a SQLAlchemy URL: an SQLite file (the default, kept in WAL mode) for one
server, or `postgresql+psycopg://…` when several app servers share one store. Without it the store is
`store.sqlite` in the data directory: `ECON_TIES_DATA_DIR`, else `$XDG_DATA_HOME/econ-ties`, else
`~/.local/share/econ-ties`. (`ECON_TIES_TEST_*` variables belong to the test suite, not to a deployment.)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_UPLOAD_MB = 200
DEFAULT_VIEWER_MAX_UPLOAD_MB = 20
DEFAULT_SIGN_IN_FAILURES = 5
DEFAULT_SIGN_IN_WINDOW_SECONDS = 15 * 60
_MB = 1024 * 1024


class SettingError(ValueError):
    """An `ECON_TIES_*` variable holds a value that cannot be used; the message names the variable and the value."""


@dataclass(frozen=True)
class Setting:
    """One environment variable a deployment may set."""

    variable: str
    default: str
    description: str


DATABASE_URL = Setting(
    "ECON_TIES_DATABASE_URL",
    "the SQLite file `store.sqlite` in the data folder",
    "the published store as a SQLAlchemy URL; `postgresql+psycopg://user@host/db` lets several app servers share one store",
)
DATA_DIR = Setting(
    "ECON_TIES_DATA_DIR",
    "`$XDG_DATA_HOME/econ-ties`, else `~/.local/share/econ-ties`",
    "the folder of the default SQLite store",
)
MAX_UPLOAD_MB = Setting("ECON_TIES_MAX_UPLOAD_MB", str(DEFAULT_MAX_UPLOAD_MB), "the largest upload accepted, in megabytes (a positive number)")
VIEWER_MAX_UPLOAD_MB = Setting(
    "ECON_TIES_VIEWER_MAX_UPLOAD_MB",
    str(DEFAULT_VIEWER_MAX_UPLOAD_MB),
    "the largest upload checked for a visitor who is not signed in, in megabytes (a positive number); larger files, up to "
    "`ECON_TIES_MAX_UPLOAD_MB`, need an analyst sign-in",
)
ANALYSTS = Setting(
    "ECON_TIES_ANALYSTS",
    "none (only `.streamlit/secrets.toml`)",
    "analysts who may publish and roll back: `name:$argon2id$…` entries separated by `;` (make a hash with `econ-ties hash-password`)",
)
SIGN_IN_FAILURES = Setting(
    "ECON_TIES_SIGN_IN_FAILURES", str(DEFAULT_SIGN_IN_FAILURES), "failed sign-ins for one analyst name within the window before further attempts are refused"
)
SIGN_IN_WINDOW_SECONDS = Setting(
    "ECON_TIES_SIGN_IN_WINDOW_SECONDS", str(DEFAULT_SIGN_IN_WINDOW_SECONDS), "the window, in seconds, over which failed sign-ins are counted"
)

#: every setting, in the order the README lists them
SETTINGS: tuple[Setting, ...] = (DATABASE_URL, DATA_DIR, MAX_UPLOAD_MB, VIEWER_MAX_UPLOAD_MB, ANALYSTS, SIGN_IN_FAILURES, SIGN_IN_WINDOW_SECONDS)


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    #: uploads larger than this are refused with a message
    max_upload_bytes: int
    #: uploads larger than this need an analyst sign-in
    viewer_max_upload_bytes: int
    #: failed sign-ins for one analyst within the window before further attempts are refused
    sign_in_max_failures: int
    sign_in_window_seconds: int


def _raw(setting: Setting) -> str:
    return os.environ.get(setting.variable, "").strip()


def data_dir() -> Path:
    explicit = _raw(DATA_DIR)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "econ-ties"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def database_url() -> str:
    """The store's URL; creates the data directory for the default SQLite file."""
    url = _raw(DATABASE_URL)
    if url:
        return url
    folder = data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "a file is in the way" if isinstance(exc, (FileExistsError, NotADirectoryError)) else (exc.strerror or str(exc)).lower()
        explicit = _raw(DATA_DIR)
        chosen = f"{DATA_DIR.variable}={explicit!r}" if explicit else f"the default ({DATA_DIR.default}; set {DATA_DIR.variable} to choose another)"
        raise SettingError(
            f"the store folder {folder} could not be created ({reason}); it comes from {chosen}, or set {DATABASE_URL.variable} to a store elsewhere"
        ) from None
    return sqlite_url(folder / "store.sqlite")


def _whole_number(setting: Setting, default: int, *, least: int) -> int:
    text = _raw(setting)
    if not text:
        return default
    try:
        number = int(text)
    except ValueError:
        raise SettingError(f"{setting.variable}={text!r} is not a whole number ({setting.description})") from None
    if number < least:
        raise SettingError(f"{setting.variable}={text!r} must be at least {least} ({setting.description})")
    return number


def _megabytes(setting: Setting, default: int) -> int:
    text = _raw(setting)
    if not text:
        return default * _MB
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = float("nan")
    if not megabytes > 0 or megabytes == float("inf"):
        raise SettingError(f"{setting.variable}={text!r} is not a positive number of megabytes")
    return max(1, int(megabytes * _MB))


def max_upload_bytes() -> int:
    """The upload size limit in bytes: `ECON_TIES_MAX_UPLOAD_MB` megabytes (fractions allowed), 200 MB by default."""
    return _megabytes(MAX_UPLOAD_MB, DEFAULT_MAX_UPLOAD_MB)


def viewer_max_upload_bytes() -> int:
    """The largest upload checked without a sign-in, in bytes: `ECON_TIES_VIEWER_MAX_UPLOAD_MB` megabytes, 20 MB by
    default, and never more than the limit for analysts."""
    return min(_megabytes(VIEWER_MAX_UPLOAD_MB, DEFAULT_VIEWER_MAX_UPLOAD_MB), max_upload_bytes())


def sign_in_max_failures() -> int:
    return _whole_number(SIGN_IN_FAILURES, DEFAULT_SIGN_IN_FAILURES, least=1)


def sign_in_window_seconds() -> int:
    return _whole_number(SIGN_IN_WINDOW_SECONDS, DEFAULT_SIGN_IN_WINDOW_SECONDS, least=0)


def analyst_entries() -> list[tuple[str, str]]:
    """The (name, password hash) entries of `ECON_TIES_ANALYSTS`, as written; `services.auth` decides which are usable."""
    entries = []
    for part in os.environ.get(ANALYSTS.variable, "").replace("\n", ";").split(";"):
        if part.strip():
            name, _, value = part.partition(":")
            entries.append((name.strip(), value.strip()))
    return entries


def load_settings() -> Settings:
    """Every setting at once; `SettingError` names the first variable with a value that cannot be used."""
    return Settings(
        database_url=database_url(),
        data_dir=data_dir(),
        max_upload_bytes=max_upload_bytes(),
        viewer_max_upload_bytes=viewer_max_upload_bytes(),
        sign_in_max_failures=sign_in_max_failures(),
        sign_in_window_seconds=sign_in_window_seconds(),
    )
