"""The bundled data text in three languages: every event, headline label, source title, publisher, speaker and speaker's role has
its Azerbaijani and Russian translation, each a translation (not the English copied) in the right script, with the terms of trade
statistics the State Statistical Committee of Azerbaijan and Rosstat use; and the data still validates."""

from __future__ import annotations

import csv
import re
import subprocess
import sys

import pytest

from econ_ties import bundled
from econ_ties.model.columns import TRANSLATED_FIELDS, TRANSLATED_LANGUAGES
from tests.conftest import ROOT

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
#: A Latin acronym ("IMF", "UNCTAD") may stand as it is in a Russian text.
LATIN_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.-]+")
#: English term -> the stem the Azerbaijani and the Russian translation use (docs/data-format.md lists them).
TERMS = {
    r"(?<!foreign )trade turnover": ("ticarət dövriyyəsi", "товарооборот"),
    r"non-oil": ("qeyri-neft", "ненефтян"),
    r"\bFDI\b|direct investment": ("birbaşa", "прям"),
}


def _rows(name: str) -> list[dict[str, str]]:
    with (bundled.curated_data_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _is_proper_name(text: str) -> bool:
    """A name is the same in every language: every word of it is capitalised (or a number)."""
    return all(word[0].isupper() or not word[0].isalpha() for word in text.split())


def _translations(name: str, kind: str, key: str) -> list[tuple[str, str, str, str, dict[str, str]]]:
    """(row key, field, language, translation, row) for every translated field of every row of a data file."""
    return [
        (row[key], field, lang, row.get(f"{field}_{lang}", ""), row)
        for row in _rows(name)
        for field in TRANSLATED_FIELDS[kind]
        if row[field].strip()
        for lang in TRANSLATED_LANGUAGES
    ]


@pytest.mark.parametrize(("name", "kind", "key"), [("events.csv", "events", "event_id"), ("headlines.csv", "headlines", "key")])
def test_every_event_and_headline_has_both_translations_and_none_is_the_english_copied(name: str, kind: str, key: str):
    found = _translations(name, kind, key)
    assert [(k, f, lang) for k, f, lang, text, _ in found if not text.strip()] == []
    copied = [(k, f, lang) for k, f, lang, text, row in found if text.strip() == row[f].strip() and not _is_proper_name(row[f])]
    assert copied == []


def test_every_source_title_has_both_translations_and_a_title_in_either_language_keeps_itself():
    found = [t for t in _translations("sources.csv", "sources", "source_id") if t[1] == "title"]
    assert len(found) == 2 * len(_rows("sources.csv")) >= 2 * 180
    assert [(k, lang) for k, _, lang, text, _ in found if not text.strip()] == []
    for key, _, lang, text, row in found:
        title = row["title"]
        written_in = "ru" if CYRILLIC.search(title) else row["language"] if row["language"] == "az" else "other"
        if lang == written_in:
            assert text == title, f"{key}: a title in {lang} is its own {lang} title"
        elif not _is_proper_name(title):
            assert text != title, f"{key}: title_{lang} copies the title"


def test_every_source_with_a_speakers_role_has_the_role_in_both_languages_and_the_speakers_name_stays():
    found = [t for t in _translations("sources.csv", "sources", "source_id") if t[1] == "speaker_role"]
    with_role = [row for row in _rows("sources.csv") if row["speaker_role"].strip()]
    assert len(found) == 2 * len(with_role) >= 2 * 130
    assert [(k, lang) for k, _, lang, text, _ in found if not text.strip()] == []
    assert [(k, lang) for k, _, lang, text, row in found if text.strip() == row["speaker_role"].strip()] == []
    # a role shows before the speaker, so a translated role must not repeat the speaker's name, in English or translated
    assert [(k, lang) for k, _, lang, text, row in found if row["speaker"] and row["speaker"] in text] == []
    repeated = [(k, lang) for k, _, lang, text, row in found if row[f"speaker_{lang}"] and re.search(rf"\b{re.escape(row[f'speaker_{lang}'])}\b", text)]
    assert repeated == []
    assert [row["source_id"] for row in _rows("sources.csv") if not row["speaker_role"].strip() and (row["speaker_role_az"] or row["speaker_role_ru"])] == []


def test_every_source_with_a_speaker_has_the_speaker_in_both_languages_each_speaker_in_the_languages_script():
    found = [t for t in _translations("sources.csv", "sources", "source_id") if t[1] == "speaker"]
    with_speaker = [row for row in _rows("sources.csv") if row["speaker"].strip()]
    assert len(found) == 2 * len(with_speaker) >= 2 * 150
    assert [(k, lang) for k, _, lang, text, _ in found if not text.strip()] == []
    assert [row["source_id"] for row in _rows("sources.csv") if not row["speaker"].strip() and (row["speaker_az"] or row["speaker_ru"])] == []
    # several speakers ("State Customs Committee of Azerbaijan; Dmitry Rogozin") are as many in each language, in order
    parts = {(k, lang): (row["speaker"].split(";"), text.split(";")) for k, _, lang, text, row in found}
    assert [key for key, (english, written) in parts.items() if len(english) != len(written)] == []
    not_cyrillic = [
        (k, english.strip())
        for (k, lang), pairs in parts.items()
        if lang == "ru"
        for english, written in zip(*pairs, strict=True)
        if not CYRILLIC.search(written) and not LATIN_ACRONYM.fullmatch(english.strip())
    ]
    assert not_cyrillic == [], "a Russian speaker is written in Cyrillic unless the English is only a Latin acronym"
    assert [(k, lang) for (k, lang), (_, written) in parts.items() if lang == "az" and any(CYRILLIC.search(w) for w in written)] == []
    # one speaker is one spelling in each language, whichever source names them
    for lang in TRANSLATED_LANGUAGES:
        spelt: dict[str, set[str]] = {}
        for (_, in_lang), (english, written) in parts.items():
            if in_lang == lang:
                for e, w in zip(english, written, strict=True):
                    spelt.setdefault(e.strip(), set()).add(w.strip())
        assert {e: w for e, w in spelt.items() if len(w) > 1} == {}


#: A Latin word: letters of English and Azerbaijani, joined by dots, hyphens and apostrophes ("Report.az", "flnka.ru").
LATIN_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F\u0259\u018F]+(?:[.'’-][A-Za-z0-9\u00C0-\u024F\u0259\u018F]+)*")
#: Words that annotate a publisher ("Trend (Russian service)", "Abnase (Anadolu Agency copy)"): English, never part of a
#: translation unless the outlet's own name has them ("The Moscow Times").
ANNOTATION_WORDS = {
    "citing", "via", "service", "edition", "copy", "release", "aggregator", "mirrored", "reposted", "on", "forum", "of",
    "the", "and", "english", "russian", "azerbaijani", "french", "german", "government", "presidency", "agency", "report",
}  # fmt: skip


def english_words_in(translation: str, english: str) -> list[str]:
    """The English words a publisher's translation kept: an annotation word, or a lowercase word of the English
    publisher, unless the outlet's own name (the English before its annotation in parentheses) has that word."""
    outlet = english.split("(", 1)[0]
    annotation = english[len(outlet) :]
    name_words = {w.casefold() for w in LATIN_WORD.findall(outlet)}
    common = ANNOTATION_WORDS | {w.casefold() for w in LATIN_WORD.findall(annotation) if w.islower() and "." not in w}
    return [w for w in LATIN_WORD.findall(translation) if w.casefold() in common and w.casefold() not in name_words]


def test_the_english_words_check_catches_an_annotation_left_in_english():
    assert english_words_in("Trend (Russian service)", "Trend (Russian service)") == ["Russian", "service"]
    assert english_words_in("Trend (rus xidməti)", "Trend (Russian service)") == []
    assert english_words_in("Day.Az (citing Евразийский банк развития)", "Day.Az (citing the Eurasian Development Bank)") == ["citing"]
    caught = "Abnase (Anadolu Agency copy via aggregator release, German edition of the service)"
    assert english_words_in(caught, "Abnase") == ["Agency", "copy", "via", "aggregator", "release", "German", "edition", "of", "the", "service"]
    assert english_words_in("The Moscow Times", "The Moscow Times") == []
    assert english_words_in("APA (перепечатка на форуме armeniandiaspora.com)", "APA (reposted on armeniandiaspora.com forum)") == []


def test_every_source_has_its_publisher_in_both_languages_names_kept_and_annotations_translated():
    rows = _rows("sources.csv")
    found = [t for t in _translations("sources.csv", "sources", "source_id") if t[1] == "publisher"]
    assert len(found) == 2 * len(rows) >= 2 * 180
    assert [(k, lang) for k, _, lang, text, _ in found if not text.strip()] == []
    assert [(k, lang, english_words_in(text, row["publisher"])) for k, _, lang, text, row in found if english_words_in(text, row["publisher"])] == []
    # a Latin word in the Russian is a name the English publisher writes the same way ("Trend", "flnka.ru")
    latin_in_russian = [
        (k, w) for k, _, lang, text, row in found if lang == "ru" for w in LATIN_WORD.findall(text) if w not in LATIN_WORD.findall(row["publisher"])
    ]
    assert latin_in_russian == []
    assert [(k, lang) for k, _, lang, text, _ in found if lang == "az" and CYRILLIC.search(text)] == []
    # an annotated publisher is translated: its annotation is not the English copied
    annotated = [(k, lang) for k, _, lang, text, row in found if "(" in row["publisher"] and text == row["publisher"] and not _is_proper_name(row["publisher"])]
    assert annotated == []
    # one publisher is one text in each language, whichever source names it
    for lang in TRANSLATED_LANGUAGES:
        written: dict[str, set[str]] = {}
        for _, _, in_lang, text, row in found:
            if in_lang == lang:
                written.setdefault(row["publisher"], set()).add(text)
        assert {p: w for p, w in written.items() if len(w) > 1} == {}


def test_no_translated_role_keeps_an_english_annotation_word():
    found = [t for t in _translations("sources.csv", "sources", "source_id") if t[1] == "speaker_role"]
    kept = [(k, lang, w) for k, _, lang, text, _ in found for w in LATIN_WORD.findall(text) if w.casefold() in ANNOTATION_WORDS - {"on"}]
    assert kept == []


def test_translations_are_in_the_script_of_their_language_and_use_the_statistical_terms():
    every = [
        *_translations("events.csv", "events", "event_id"),
        *_translations("headlines.csv", "headlines", "key"),
        *_translations("sources.csv", "sources", "source_id"),
    ]
    assert [(k, f) for k, f, lang, text, _ in every if lang == "az" and CYRILLIC.search(text)] == [], "Azerbaijani is written in Latin script"
    # (a speaker may be a Latin acronym in Russian too, a publisher a Latin name: the tests above and below check them)
    assert [(k, f) for k, f, lang, text, _ in every if lang == "ru" and f not in ("speaker", "publisher") and not CYRILLIC.search(text)] == []
    missing = [
        (k, f, lang, term)
        for k, f, lang, text, row in every
        for term, stems in TERMS.items()
        if re.search(term, row[f], re.IGNORECASE) and stems[TRANSLATED_LANGUAGES.index(lang)] not in text.lower()
    ]
    assert missing == []


def test_the_bundled_data_with_its_translations_validates():
    data = bundled.curated_data_dir()
    done = subprocess.run([sys.executable, "-m", "econ_ties.cli", "validate", str(data)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout and re.search(r"\b188 sources, \d+ events valid", done.stdout), done.stdout
