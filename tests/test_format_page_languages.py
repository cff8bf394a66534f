"""The data-format page (docs/data-format.md) in Azerbaijani and Russian: the Upload page shows the reader's language
and falls back to English, and the three pages stay in step — the same headings, the same column names, codes and
examples (every `code` span and the exact header block), the same tables — so that a change to one is not forgotten
in the others."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from econ_ties import bundled
from econ_ties.language import LANGUAGES
from econ_ties.model.columns import CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS
from econ_ties.model.problems import CODES
from tests.conftest import ROOT

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def _page(lang: str) -> str:
    return bundled.format_page(lang).read_text(encoding="utf-8")


def outline(text: str) -> dict[str, object]:
    """What must be the same in every language: headings per level, the `code` spans, the code blocks, the tables'
    shapes (rows and columns) and the list items per section."""
    blocks = re.findall(r"```\n(.*?)```", text, flags=re.S)
    prose = re.sub(r"```\n.*?```", "", text, flags=re.S)
    sections = re.split(r"^#+ .*$", prose, flags=re.M)
    return {
        "headings": [len(h) for h in re.findall(r"^(#+) ", prose, flags=re.M)],
        "code": Counter(" ".join(span.split()) for span in re.findall(r"`([^`]+)`", prose)),  # a span may wrap
        "blocks": blocks,
        "tables": [[line.count("|") for line in section.splitlines() if line.startswith("|")] for section in sections],
        "items": [sum(1 for line in section.splitlines() if line.startswith("- ")) for section in sections],
    }


def test_each_language_has_its_page_and_another_falls_back_to_english() -> None:
    assert bundled.format_page("en") == ROOT / "docs" / "data-format.md"
    for lang in TRANSLATED:
        assert bundled.format_page(lang) == ROOT / "docs" / f"data-format.{lang}.md"
    assert bundled.format_page("fr") == bundled.format_page()
    assert {_page("az").splitlines()[0], _page("ru").splitlines()[0]} == {"# Məlumatların formatı", "# Формат данных"}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translated_page_keeps_the_english_pages_headings_codes_and_tables(lang: str) -> None:
    english, translated = outline(_page("en")), outline(_page(lang))
    for part in english:
        assert translated[part] == english[part], part


def test_the_pages_name_every_column_and_problem_code() -> None:
    # The outline comparison above is only as good as the English page: it names every column and code.
    names = {*CLAIM_COLUMNS, *SOURCE_COLUMNS, *EVENT_COLUMNS, *CODES}
    for lang in LANGUAGES:
        spans = set(re.findall(r"`([^`\n]+)`", _page(lang)))
        assert sorted(names - spans) == [], lang


def test_the_outline_sees_a_column_left_out_of_a_translation(tmp_path: Path) -> None:
    english = _page("en")
    changed = english.replace("| `notes` | no | Provenance", "| `note` | no | Provenance")
    assert outline(changed)["code"] != outline(english)["code"]
    assert outline(english.replace("## Problem codes", "Problem codes"))["headings"] != outline(english)["headings"]
