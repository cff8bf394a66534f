"""Every page of the dashboard in Azerbaijani and Russian with no message of the catalog left in English, and, in
Russian, no English word at all that is not data: a Latin-script word on a Russian page must come from the data shown
(a name, a publisher, a quote, an address, an id, a code) or be a column name or code of our file format."""

from __future__ import annotations

import re

import pytest

from econ_ties import bundled
from econ_ties.app.data import published_dataset
from econ_ties.io.publishers import FORMATS
from econ_ties.model.columns import CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS
from econ_ties.model.problems import CODES
from econ_ties.services.published import SEED_AUTHOR, published_store
from econ_ties.store.tables import LEFT_OUT_COLUMNS
from tests.app.every_page import NEED_PUBLISHED_IN_PART, PAGES, draw, mixed_upload
from tests.app.test_history_page import published_in_part  # noqa: F401 (a fixture)
from tests.app.translation_check import page_text, untranslated_on_page, without_data_spans

_WORD = re.compile(r"[^\W\d_]+")
#: An icon in markdown (":material/history:"): a name of Streamlit's, never shown as text.
_ICON = re.compile(r":material/\w+:")


def _page(page: str, lang: str, request: pytest.FixtureRequest):
    if page in NEED_PUBLISHED_IN_PART:
        request.getfixturevalue("published_in_part")
    at = draw(page, lang)
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["az", "ru"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_no_message_of_the_catalog_in_english(page: str, lang: str, request: pytest.FixtureRequest) -> None:
    at = _page(page, lang, request)
    assert untranslated_on_page(at, lang) == []


def data_words() -> set[str]:
    """Every Latin-script word of the data the pages show (claims, sources, events, the test's upload) and the names and
    codes of our file format: what may stay in Latin letters on a Russian page."""
    dataset = published_dataset()
    texts = [str(v) for column in dataset.claims.columns for v in dataset.claims[column].dropna().unique()]
    texts += [str(v) for source in dataset.sources.values() for v in source.model_dump().values() if v is not None]
    texts += [str(v) for event in dataset.events for v in event.model_dump().values() if v is not None]
    # A revision's author, note and file name are the analyst's words.
    revisions = published_store().revisions()
    texts += [str(v) for r in revisions if r.author != SEED_AUTHOR for v in (r.author, r.note, r.file_name)]
    texts += [r.content_hash for r in revisions]  # shown as its first twelve hex digits
    # The publishers' formats we read: their names, publishers and column names.
    texts += [text for f in FORMATS.values() for text in (f.name, f.origin.publisher, *f.signature, *f.needed, *f.optional)]
    texts += [mixed_upload().decode(), *CLAIM_COLUMNS, *SOURCE_COLUMNS, *EVENT_COLUMNS, *CODES, *LEFT_OUT_COLUMNS]
    return {word.casefold() for text in texts for word in _WORD.findall(text) if word.isascii()}


#: What is Latin in every language: the file types, the time zone and the product's own name.
NAMES = {"csv", "excel", "png", "svg", "pdf", "econ", "ties", "usd", "hs", "utc"}


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The Latin-script words of `text` that are not in `allowed` (quotes, code, addresses and query strings left out)."""
    words = [word for word in _WORD.findall(_ICON.sub(" ", without_data_spans(text))) if word.isascii()]
    return sorted({word for word in words if word.casefold() not in allowed and word.casefold() not in NAMES})


@pytest.mark.parametrize("page", PAGES)
def test_a_russian_page_shows_no_english_word_that_is_not_data(page: str, request: pytest.FixtureRequest) -> None:
    at = _page(page, "ru", request)
    # The data-format page documents a file format: its names of standards, tools and publishers' layouts are kept in
    # step with the English page by tests/test_format_page_languages.py, and it is left out here.
    text = page_text(at).replace(bundled.format_page("ru").read_text(encoding="utf-8"), " ")
    # A table's cells too (page_text has only its headers): the History's "what changed", "kind", "author" and "note".
    text += "\n".join(str(cell) for table in at.dataframe for column in table.value.columns for cell in table.value[column] if isinstance(cell, str))
    found = english_words(text, data_words())
    assert found == [], found


def test_the_sweep_finds_an_english_word_that_is_not_data() -> None:
    allowed = data_words()
    assert english_words("Показать «Safarov» 2,9 млрд $ (CSV)", allowed) == []
    ours = sorted(word for word in ("unchanged", "skipped", "overwritten", "Download") if word.casefold() not in allowed)
    assert len(ours) >= 2  # words of ours that no text of the data holds
    text = "Показать: " + ", ".join(ours) + " · `type-error` <br> :material/history: Azərbaycanca"
    assert english_words(text, allowed) == ours
