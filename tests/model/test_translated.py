"""`model.translated.text_in`: a translated field in the reader's language, or English marked as a fallback."""

from __future__ import annotations

import pytest

from econ_ties.model.schema import Event, Source
from econ_ties.model.translated import text_in
from econ_ties.present.views.overview import Headline

EVENT = Event.model_validate(
    {
        "event_id": "ev-1",
        "date": "2024-01-03",
        "title": "Trade agreement signed",
        "description": "The two governments sign an agreement.",
        "parties": "AZE;RUS",
        "kind": "agreement",
        "source_id": "s-1",
        "title_az": "Ticarət sazişi imzalanıb",
        "title_ru": "Подписано торговое соглашение",
        "description_az": "",
        "description_ru": "Два правительства подписывают соглашение.",
    }
)


def test_a_translated_field_reads_in_each_language_and_english_as_itself():
    assert text_in(EVENT, "title", "en") == ("Trade agreement signed", False)
    assert text_in(EVENT, "title", "az") == ("Ticarət sazişi imzalanıb", False)
    assert text_in(EVENT, "title", "ru") == ("Подписано торговое соглашение", False)
    assert text_in(EVENT, "description", "ru") == ("Два правительства подписывают соглашение.", False)


def test_a_missing_translation_falls_back_to_english_and_says_so():
    assert text_in(EVENT, "description", "az") == ("The two governments sign an agreement.", True)
    source = Source.model_validate({"source_id": "s-1", "publisher": "Office", "title": "Annual report", "title_ru": "   "})
    assert text_in(source, "title", "ru") == ("Annual report", True), "a blank cell is no translation"
    assert text_in(source, "title", "az") == ("Annual report", True)


def test_it_reads_rows_and_headlines_alike():
    row = {"label": "Russian investment in Azerbaijan", "label_ru": "Российские инвестиции в Азербайджан"}
    assert text_in(row, "label", "ru") == ("Российские инвестиции в Азербайджан", False)
    assert text_in(row, "label", "az") == ("Russian investment in Azerbaijan", True), "a row without the column falls back"
    tile = Headline("k", "Turnover", "trade_turnover", "AZE", "RUS", "total", label_az="Ticarət dövriyyəsi")
    assert text_in(tile, "label", "az") == ("Ticarət dövriyyəsi", False)


def test_a_language_we_do_not_write_is_an_error_not_a_fallback():
    with pytest.raises(ValueError, match="no data text is written in 'de'; the languages are en, az, ru"):
        text_in(EVENT, "title", "de")
