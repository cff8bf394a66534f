"""Data text in the reader's language: the one way to read a translated field of a source, an event or a headline.

The data files keep a translated field's English text in `<field>` and its translations in `<field>_az` and
`<field>_ru` (`model.columns.TRANSLATED_FIELDS`). A translation not written yet is empty, and the English text is
shown in its place, marked as such: `text_in` says which one it gave. Pure: the language is an argument, never a
global, so a view and a snapshot ask for the same language the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from econ_ties.model.columns import TRANSLATED_LANGUAGES

#: The language of the `<field>` column itself.
SOURCE_LANGUAGE = "en"
LANGUAGES = (SOURCE_LANGUAGE, *TRANSLATED_LANGUAGES)


def text_in(record: Any, field: str, lang: str) -> tuple[str, bool]:
    """`field` of `record` (a model, a dataclass or a mapping such as a CSV row) in `lang`, and whether it fell back
    to English: `(text, True)` when `lang` is not English and the `<field>_<lang>` text is missing or blank.

    A language other than en, az and ru is a programming error (ValueError), not a fallback: the URL's language is
    checked where it is read."""
    if lang not in LANGUAGES:
        raise ValueError(f"no data text is written in '{lang}'; the languages are {', '.join(LANGUAGES)}")
    english = _value(record, field)
    if lang == SOURCE_LANGUAGE:
        return english, False
    translated = _value(record, f"{field}_{lang}")
    if translated.strip():
        return translated, False
    return english, True


def _value(record: Any, name: str) -> str:
    value = record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)
    return "" if value is None else str(value)
