"""docs/security.md stays honest: its table of limits lists every limit setting with the default the code uses, and the
limits that are not settings are stated with the values the code has."""

from __future__ import annotations

import re
from pathlib import Path

from econ_ties.settings import SETTINGS, Setting

PAGE = (Path(__file__).resolve().parents[1] / "docs" / "security.md").read_text(encoding="utf-8")

#: A limit setting is one that bounds a size, a count or a time: its name says so (…_MB, …_FAILURES, …_SECONDS).
LIMIT_SUFFIXES = ("_MB", "_FAILURES", "_SECONDS")


def limit_settings() -> list[Setting]:
    return [setting for setting in SETTINGS if setting.variable.endswith(LIMIT_SUFFIXES)]


def limits_table() -> dict[str, str]:
    """variable → default, from the rows of the page's limits table."""
    section = PAGE.split("## Limits, and the settings that move them", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        found = re.fullmatch(r"`(ECON_TIES_[A-Z_]+)`", cells[0]) if len(cells) == 3 else None
        if found:
            rows[found.group(1)] = cells[1]
    return rows


def test_the_limits_table_lists_every_limit_setting_with_its_default() -> None:
    limits = limit_settings()
    assert {s.variable for s in limits} >= {"ECON_TIES_MAX_UPLOAD_MB", "ECON_TIES_VIEWER_MAX_UPLOAD_MB", "ECON_TIES_SIGN_IN_FAILURES"}
    assert limits_table() == {s.variable: s.default for s in limits}


def test_every_setting_is_named_on_the_page() -> None:
    assert [s.variable for s in SETTINGS if f"`{s.variable}`" not in PAGE] == []


def test_the_limits_that_are_not_settings_are_stated_with_the_code_s_values() -> None:
    from econ_ties.app import upload
    from econ_ties.io.reading import MAX_CELL_CHARS, MAX_COLUMNS
    from econ_ties.services.auth import SESSION_HOURS

    assert f"Session lifetime: {SESSION_HOURS} hours" in PAGE
    assert f"at most {upload._CHECKED.max_entries} checked uploads and {upload.UPLOAD_CHECKED_MAX_BYTES // 1024**3} GiB" in PAGE
    assert f"{upload._DRAFTS.max_entries} drafts with their preview datasets and {upload.UPLOAD_DRAFTS_MAX_BYTES // 1024**3} GiB" in PAGE
    assert f"at most {MAX_COLUMNS:,} columns and {MAX_CELL_CHARS:,} characters in a cell" in PAGE


def test_the_page_shows_a_tls_proxy_that_passes_the_websocket_and_links_the_deployment_guide() -> None:
    for needed in ("listen 443 ssl", "location /_stcore/stream", "proxy_set_header Upgrade $http_upgrade", "[deploy.md](deploy.md)"):
        assert needed in PAGE
    assert (Path(__file__).resolve().parents[1] / "docs" / "deploy.md").exists()
