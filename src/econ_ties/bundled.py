"""Where the files that ship with econ-ties are: the curated data folder, headlines.csv, the data-format page (in English,
Azerbaijani and Russian) and the dashboard script.

In an installed wheel they are package data inside `econ_ties` (the build maps the repository's top-level `data/` and
`docs/data-format*.md` there, see pyproject.toml), found through importlib.resources. In a development checkout the
package runs from `src/econ_ties` and those files stay where reviewers edit them, at the top of the repository; only
`_checkout_file` knows that. Nothing else in the package looks for files relative to its own source.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_PACKAGE = "econ_ties"


def _package_folder() -> Path:
    # Installed from a wheel or running from src/: either way a real folder on disk (Streamlit needs a file path).
    return Path(str(files(_PACKAGE)))


def _checkout_file(relative: str) -> Path | None:
    """`relative` in the repository this package runs from, in a development checkout (src layout: the repository is
    the folder above `src/`, recognised by its pyproject.toml); None when the package is not running from a checkout."""
    source = _package_folder().parent
    repository = source.parent
    if source.name != "src" or not (repository / "pyproject.toml").is_file():
        return None
    found = repository / relative
    return found if found.exists() else None


def _bundled(packaged: str, in_checkout: str) -> Path:
    """The packaged file `packaged` (relative to the package), else `in_checkout` in the development checkout."""
    inside = _package_folder() / packaged
    if inside.exists():
        return inside
    return _checkout_file(in_checkout) or inside  # the packaged path, so a message names where it was looked for


def curated_data_dir() -> Path:
    """The curated data folder (figures.csv, sources.csv, events.csv, headlines.csv) that seeds an empty store."""
    return _bundled("data", "data")


def headlines_file() -> Path:
    """data/headlines.csv: which claims the Overview shows as headline figures, in order."""
    return curated_data_dir() / "headlines.csv"


#: The languages the data-format page is written in besides English (docs/data-format.<lang>.md).
FORMAT_PAGE_LANGUAGES = ("az", "ru")


def format_page(lang: str = "en") -> Path:
    """docs/data-format.md: every column of the claims format and the publisher formats we read; in `lang`
    (docs/data-format.<lang>.md) where it is written in that language, else the English page."""
    if lang in FORMAT_PAGE_LANGUAGES:
        translated = _bundled(f"docs/data-format.{lang}.md", f"docs/data-format.{lang}.md")
        if translated.exists():
            return translated
    return _bundled("docs/data-format.md", "docs/data-format.md")


def dashboard_script() -> Path:
    """The Streamlit script `econ-ties serve` runs (the top-level dashboard.py of a checkout runs the same code)."""
    return _package_folder() / "app" / "dashboard.py"


def locale_folder() -> Path:
    """The translation catalogs: `locale/<lang>/LC_MESSAGES/messages.po` and `locale/messages.pot`, inside the package
    in a checkout and in an installed wheel alike (they live under src/econ_ties, so the wheel carries them as is)."""
    return _package_folder() / "locale"
