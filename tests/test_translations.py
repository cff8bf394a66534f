"""The translation catalogs: every message of the code is in messages.pot, and translated, not fuzzy, in Azerbaijani and
Russian, with the same placeholders. A new `_()` without catalog entries fails here (run scripts/translations.sh, then
translate the new entries in src/econ_ties/locale/<lang>/LC_MESSAGES/messages.po)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from econ_ties import bundled, language

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [lang for lang in language.LANGUAGES if lang != language.DEFAULT]
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _template_ids(path: Path) -> set[str]:
    with path.open("rb") as pot:
        return {_message_id(message.id) for message in read_po(pot) if message.id}


def _message_id(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def placeholders(text: str) -> list[str]:
    """The names of a message's {placeholders}, sorted: a translation must keep each one, and add none."""
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_not_fuzzy(lang: str) -> None:
    template = _template_ids(bundled.locale_folder() / "messages.pot")
    catalog = language.read_catalog(lang)
    translated = {_message_id(m.id) for m in catalog if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple | list) else m.string)}
    assert template, "the template holds no message"
    assert sorted(template - translated) == [], f"messages without a {lang} translation (or marked fuzzy)"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_keeps_the_placeholders_of_its_message(lang: str) -> None:
    wrong = []
    for message in language.read_catalog(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = placeholders(ids[-1])
        wrong += [(ids[0], text) for text in strings if text and placeholders(text) != expected]
    assert wrong == []


def test_the_placeholder_check_sees_a_dropped_or_renamed_placeholder() -> None:
    assert placeholders("over {amount}") == placeholders("{amount}-dan çox")
    assert placeholders("over {amount}") != placeholders("более {amout}")
    assert placeholders("Data: revision {number} ({where})") != placeholders("Данные: редакция {number}")


def test_the_template_holds_every_message_of_the_code(tmp_path: Path) -> None:
    """Extract the messages again, as scripts/translations.sh does, and compare: a message added to the code without
    re-extracting (so without a translation) fails here."""
    pybabel = shutil.which("pybabel", path=str(Path(sys.executable).parent)) or shutil.which("pybabel")
    assert pybabel, "pybabel (Babel) is needed to extract messages"
    fresh = tmp_path / "messages.pot"
    command = [pybabel, "-q", "extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "n_:1,2", "--no-location", "-o", str(fresh), "src/econ_ties"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    script = (ROOT / "scripts" / "translations.sh").read_text(encoding="utf-8")
    assert "-k _ -k N_ -k n_:1,2" in script and "-F babel.cfg" in script  # the script extracts the same way
    assert _template_ids(fresh) == _template_ids(bundled.locale_folder() / "messages.pot")
