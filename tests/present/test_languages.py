"""Every view in Azerbaijani and Russian: its title, description, parameter labels, help and choices, the Overview's
summary, and every word of every figure (titles, subtitles, axes, legends, notes, bar labels, hover text, source line
and the text alternative) read from the catalog, with no message of it left in English; and English stays English."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import pytest

from econ_ties.checks.dataset import Dataset
from econ_ties.language import _, using
from econ_ties.present.views import VIEWS
from econ_ties.present.views.overview import overview_summary
from tests.app.translation_check import untranslated_in

#: Parameters beyond the defaults, so every chart of a view is drawn: shares and ranks of partners, one sector, no overlay.
MORE_PARAMS = [
    ("partners", {"show": "share"}),
    ("partners", {"show": "rank"}),
    ("investment", {"sector": "oil"}),
    ("investment", {"sector": "non_oil"}),
    ("timeline", {"overlay": "none"}),
    ("over-time", {"indicator": "exports"}),
]
CASES = [(name, {}) for name in VIEWS if name != "data"] + MORE_PARAMS  # the Data view draws no figure: a table


#: The parts of a figure a reader sees (plotly's own keywords, ids and addresses are not words of ours).
TRACE_TEXT = ("name", "text", "hovertext", "texttemplate")
META_TEXT = ("title", "subtitle", "source_line", "notes", "alt_text")


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value if isinstance(item, str)]


def figure_text(fig: go.Figure) -> str:
    """Every text a figure shows: its traces' names, labels and hover text, its titles, axis titles and tick labels,
    legend title, annotations, and its provenance (title, subtitle, source line, notes, text alternative)."""
    texts: list[str] = []
    for trace in fig.data:
        for key in TRACE_TEXT:
            texts += _strings(getattr(trace, key, None))
    layout = fig.layout
    texts += [str(layout.title.text or ""), str(layout.title.subtitle.text or ""), str(layout.legend.title.text or "")]
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        texts += [str(axis.title.text or ""), *_strings(axis.ticktext)]
    texts += [str(note.text or "") for note in layout.annotations] + [str(note.hovertext or "") for note in layout.annotations]
    for key in META_TEXT:
        texts += _strings(layout.meta[key])
    return "\n".join(texts)


def _figures(dataset: Dataset, name: str, params: dict[str, str]) -> list[go.Figure]:
    return VIEWS[name].figures(dataset, params)


def _titles(fig: go.Figure) -> list[str]:
    meta = fig.layout.meta
    return [meta["title"], meta["subtitle"], meta["alt_text"], *(str(axis.title.text or "") for axis in [*fig.select_xaxes(), *fig.select_yaxes()])]


@pytest.mark.parametrize("lang", ["az", "ru"])
@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{name}-{'-'.join(p.values()) or 'defaults'}" for name, p in CASES])
def test_every_figure_of_a_view_is_in_the_language(dataset: Dataset, lang: str, name: str, params: dict[str, str]) -> None:
    english = _figures(dataset, name, params)
    with using(lang):
        figures = _figures(dataset, name, params)
    assert len(figures) == len(english)
    for fig, fig_en in zip(figures, english, strict=True):
        assert untranslated_in(figure_text(fig), lang) == [], fig.layout.meta["title"]
        # a text the catalog does not hold at all (a string never wrapped) would read the same in both
        same = [text for text, text_en in zip(_titles(fig), _titles(fig_en), strict=True) if text and text == text_en]
        assert same == [], same


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_the_view_titles_descriptions_and_controls_are_in_the_language(dataset: Dataset, lang: str) -> None:
    texts, unchanged = [], []
    with using(lang):
        for name, spec in VIEWS.items():
            shown = [_(spec.title), _(spec.description)]
            unchanged += [(name, text) for text, english in zip(shown, [spec.title, spec.description], strict=True) if text == english]
            for param, ps in spec.params.items():
                label, help_text = _(ps.label), _(ps.help)
                unchanged += [(name, param, text) for text, english in [(label, ps.label), (help_text, ps.help)] if text == english]
                choices = [ps.display(choice) for choice in spec.choices(dataset, param)]
                shown += [label, help_text, *choices]
            texts += shown
    assert unchanged == []
    assert untranslated_in("\n".join(texts), lang) == []


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_the_overview_summary_is_in_the_language(dataset: Dataset, lang: str) -> None:
    english = overview_summary(dataset)
    with using(lang):
        summary = overview_summary(dataset)
    assert summary and summary != english
    assert untranslated_in(summary, lang) == []
    assert ("Динамика" if lang == "ru" else "Dinamika") in summary  # the view it points to, by its translated name


def test_english_figures_and_summary_keep_their_english_words(dataset: Dataset) -> None:
    assert overview_summary(dataset).startswith("Russian investment in Azerbaijan's economy stood at ")
    fig = _figures(dataset, "over-time", {})[0]
    assert fig.layout.meta["title"] == "Trade turnover: Azerbaijan and Russia, by year"
    assert fig.layout.xaxis.title.text == "Year"


def test_a_notice_about_a_link_value_is_in_the_language(dataset: Dataset) -> None:
    with using("ru"):
        _params, notices = VIEWS["partners"].resolve(dataset, {"show": "bogus", "q": "x"})
    assert notices == ["`bogus` — неизвестное значение параметра (отображение) для этого раздела; вместо него показано: Значения."]
    with using("az"):
        _params, notices = VIEWS["data"].resolve(dataset, {"q": "x" * 500})
    assert notices and notices[0].startswith("Keçiddəki parametr (axtarış)")


def test_the_claims_table_reads_in_the_language(dataset: Dataset) -> None:
    from econ_ties.present.views.table import claims_table, table_for_download

    english = table_for_download(claims_table(dataset))
    with using("ru"):
        table = table_for_download(claims_table(dataset))
    assert "Claim" in english.columns and "Qualifier" in english.columns
    assert "Заявление" in table.columns and "Точность" in table.columns and "Qualifier" not in table.columns
    assert "как заявлено" in set(table["Точность"]) and "as stated" not in set(table["Точность"])


def test_the_timeline_shows_each_event_title_in_the_language(dataset: Dataset) -> None:
    event = next(e for e in dataset.events if e.title_az and e.title_ru)
    params = {"reporter": "AZE", "partner": "RUS", "overlay": "none", "kind": "all", "from": "", "to": ""}
    for lang, title in (("az", event.title_az), ("ru", event.title_ru), ("en", event.title)):
        with using(lang):
            fig = VIEWS["timeline"].build(dataset, params)[0]
        hover = "\n".join(str(text) for trace in fig.data for text in (trace.hovertext or ()))
        assert title in hover, lang
        if lang != "en":
            assert event.title not in hover  # not the English title beside it


def test_a_clicked_claim_and_a_clicked_event_read_in_the_language(dataset: Dataset) -> None:
    from econ_ties.present.views import clicks

    with using("ru"):
        [(card, links)] = clicks.claims_behind(dataset, "partners", ["S3"])
        event = next(e for e in dataset.events if e.title_ru)
        [event_card] = clicks.events_behind(dataset, [f"event:{event.event_id}"])
    assert card.label == "Товарооборот, Азербайджан–Россия"
    assert [link.label for link in links] == ["Товарооборот: Азербайджан и Россия, по годам", "Заявление S3 в разделе «Данные и источники»"]
    assert event_card.title == event.title_ru and event_card.title != event.title


def test_a_chart_title_holds_the_period_in_russian(dataset: Dataset) -> None:
    from econ_ties.present.views.partners import partner_period_label

    params = {"reporter": "AZE", "partner": "RUS", "period": "as of 2022-02"}
    english = _figures(dataset, "investment", params)[0].layout.meta["title"]
    with using("ru"):
        titles = [fig.layout.meta["title"] for fig in _figures(dataset, "investment", params)]
        choice = partner_period_label("2021-01/2021-11")
    assert "as of Feb 2022" in english
    assert "по состоянию на февр. 2022" in titles[0] and "as of" not in titles[0], titles
    assert choice == "янв.–нояб. 2021 (часть года)"


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_a_clicked_claim_and_event_name_their_source_by_its_title_in_the_language(dataset: Dataset, lang: str) -> None:
    """The claim box and the event card link to the source under its title in the reader's language (data text:
    `title_az`/`title_ru`), never the English title where a translation is written."""
    from econ_ties.present.views.clicks import EVENT_PREFIX, claims_behind, events_behind

    claim = dataset.claims.iloc[0]
    source = dataset.sources[str(claim["source_id"])]
    event = dataset.events[0]
    event_source = dataset.sources[event.source_id]
    with using(lang):
        [(card, _links)] = claims_behind(dataset, "over-time", [str(claim["claim_id"])])
        [event_card] = events_behind(dataset, [f"{EVENT_PREFIX}{event.event_id}"])
    assert card.source_title == getattr(source, f"title_{lang}") and card.source_title != source.title
    assert event_card.source_title == getattr(event_source, f"title_{lang}")


def test_the_data_pages_downloads_are_written_in_the_pages_language(dataset: Dataset) -> None:
    """Streamlit writes a deferred download outside the page's run (in the default language): the file must still say
    what the Russian table showed, headers and cells."""
    from econ_ties.app.pages import csv_in_language
    from econ_ties.present.views.table import TABLE_COLUMNS, claims_table

    written = csv_in_language("ru", lambda: claims_table(dataset))()  # called here in English, as Streamlit would
    header = written.splitlines()[0]
    with using("ru"):
        russian = [_(h) for h in TABLE_COLUMNS.values()]
    assert header.split(",")[: len(russian)] == russian and russian != list(TABLE_COLUMNS.values())
    assert "по состоянию на" in written and "as of Feb 2022" not in written


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Deputy Economy Minister of Azerbaijan Niyazi Safarov"),
        ("ru", "Ниязи Сафаров (заместитель министра экономики Азербайджана)"),
        ("az", "Niyazi Səfərov (Azərbaycanın iqtisadiyyat nazirinin müavini)"),
    ],
)
def test_the_table_and_the_hover_box_join_the_role_and_the_speaker_as_the_language_does(dataset: Dataset, lang: str, said: str) -> None:
    from econ_ties.present.charts.provenance import hover_text
    from econ_ties.present.views.table import claims_table

    with using(lang):
        table = claims_table(dataset)
        rows = dataset.with_sources()
        row = rows[rows["source_id"] == "azernews-2022-02-21-safarov"].iloc[0]
        hover = hover_text(row)
    assert set(table.loc[table["claim_id"] == row["claim_id"], "speaker"]) == {said}
    assert said in hover
