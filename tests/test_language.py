"""econ_ties.language: the current language per context, the translation of a message, its English fallback, the
plural forms of a counted message, and reading a browser's or an address's language."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from econ_ties import bundled, language
from econ_ties.language import N_, _, current, n_, using


def test_english_is_the_default_and_using_sets_the_language_for_a_block() -> None:
    assert current() == "en"
    with using("ru"):
        assert current() == "ru"
        assert _("Overview") == "Обзор"
        with using("az"):
            assert _("Overview") == "İcmal"
        assert current() == "ru"
    assert current() == "en" and _("Overview") == "Overview"


def test_a_language_we_do_not_have_reads_as_english() -> None:
    with using("fr"):
        assert current() == "en" and _("Overview") == "Overview"


def test_a_message_without_a_translation_reads_in_english() -> None:
    with using("ru"):
        assert _("A message no catalog has") == "A message no catalog has"
        assert n_("{count} thing", "{count} things", 5) == "{count} things"


def test_the_language_of_one_thread_is_not_the_language_of_another() -> None:
    seen: list[str] = []
    with using("az"):
        worker = threading.Thread(target=lambda: seen.append(current()))
        worker.start()
        worker.join()
    assert seen == ["en"]  # each Streamlit session runs in its own thread and sets its own language


def test_n_marks_without_translating() -> None:
    with using("ru"):
        assert N_("Overview") == "Overview"


def test_a_counted_message_takes_the_form_its_language_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgid "{count} row"\nmsgid_plural "{count} rows"\nmsgstr[0] "{count} строка"\nmsgstr[1] "{count} строки"\nmsgstr[2] "{count} строк"\n\n'
        '#, fuzzy\nmsgid "Partners"\nmsgstr "Партнёры?"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(bundled, "locale_folder", lambda: tmp_path)
    monkeypatch.setattr(language, "_catalogs", {})
    with using("ru"):
        forms = [n_("{count} row", "{count} rows", n).format(count=n) for n in (1, 3, 5, 11, 21, 22)]
        assert _("Partners") == "Partners"  # a fuzzy translation is not used
    assert forms == ["1 строка", "3 строки", "5 строк", "11 строк", "21 строка", "22 строки"]
    assert [n_("{count} row", "{count} rows", n) for n in (1, 2)] == ["{count} row", "{count} rows"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ru", "ru"), ("ru-RU", "ru"), ("az_Latn_AZ", "az"), ("AZ", "az"), ("en-GB", "en"), ("fr", None), ("", None), (None, None), ("r", None)],
)
def test_an_address_or_browser_language_is_read_as_one_of_ours(raw: str | None, expected: str | None) -> None:
    assert language.chosen(raw) == expected


def test_each_language_is_named_in_its_own_language() -> None:
    assert language.LANGUAGES == ("en", "az", "ru")
    assert [language.NAMES[lang] for lang in language.LANGUAGES] == ["English", "Azərbaycanca", "Русский"]
