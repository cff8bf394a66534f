"""Beside the download: the citation sentence names the figure, its parts, the speaker and the date (a bound stays a
bound); the permalink and the embed snippet point back to the exact view."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from econ_ties.checks.dataset import Dataset
from econ_ties.export.citation import citation, embed_snippet, permalink
from econ_ties.export.provenance import FigureProvenance
from econ_ties.language import using
from econ_ties.present.views import VIEWS


def test_citation_names_the_figure_its_parts_the_speaker_and_the_date(dataset: Dataset) -> None:
    sentence = citation(dataset, ["S4-ru-az", "S4-ru-az-oil", "S4-ru-az-nonoil"])
    assert sentence == (
        "As of Feb 2022, Russia's investment in Azerbaijan's economy totaled $6.3 billion, $5.0 billion of it in oil and "
        "$1.3 billion in non-oil (Deputy Economy Minister of Azerbaijan Niyazi Safarov, via Azernews (mirrored on today.az), 21 Feb 2022)."
    )


def test_citation_keeps_a_bound_a_bound_and_a_majority_without_a_number(dataset: Dataset) -> None:
    sentence = citation(dataset, ["S4-az-ru", "S4-az-ru-nonoil"])
    assert "was over $1.2 billion, the majority of it non-oil" in sentence
    assert "totaled $1.2" not in sentence


def test_citation_of_a_rank_and_of_a_chart_with_many_statements(dataset: Dataset, chart: go.Figure) -> None:
    assert citation(dataset, ["S3-rank"]).startswith("In 2021, Russia was Azerbaijan's third-largest trade partner (")
    view = VIEWS["over-time"]
    series = view.figures(dataset, view.resolve(dataset, {})[0])[0]
    meta = FigureProvenance.of(series)
    summary = citation(dataset, meta.claim_ids, title=meta.title)
    assert summary.startswith(f"{meta.title}. Sources: ")
    assert citation(dataset, ["no-such-claim"]) == ""


def test_permalink_and_embed_snippet_point_back_to_the_exact_view() -> None:
    link = permalink("investment", {"reporter": "AZE", "partner": "RUS", "period": "as of 2022-02", "sector": "all"}, base_url="https://econ.example/")
    assert link == "https://econ.example/investment?reporter=AZE&partner=RUS&period=as+of+2022-02&sector=all"
    snippet = embed_snippet(link, title='Investment "AZ" <RU>')
    assert snippet.startswith(
        '<iframe src="https://econ.example/investment?reporter=AZE&amp;partner=RUS&amp;period=as+of+2022-02&amp;sector=all&amp;embed=true"'
    )
    assert 'title="Investment &quot;AZ&quot; &lt;RU&gt;"' in snippet
    assert embed_snippet("https://econ.example/overview", title="x").count("?embed=true") == 1


def test_a_permalink_and_its_embed_keep_the_language_unless_it_is_english() -> None:
    from econ_ties.language import using

    params = {"reporter": "AZE", "partner": "RUS"}
    assert permalink("partners", params, base_url="https://econ.example") == "https://econ.example/partners?reporter=AZE&partner=RUS"
    with using("az"):
        link = permalink("partners", params, base_url="https://econ.example")
        assert link == "https://econ.example/partners?reporter=AZE&partner=RUS&lang=az"
        assert "lang=az&amp;embed=true" in embed_snippet(link, title="x")
        assert permalink("", {}, lang="ru") == "/?lang=ru"  # an explicit language wins over the current one
    assert permalink("partners", {**params, "lang": "ru"}).count("lang") == 0  # a stale lang among the params is not copied


#: A sentence's words in each language: the subject, the parts, the majority, the rank and the summary's "Sources".
IN_WORDS = {
    "az": ("iqtisadiyyata investisiyalar (Rusiya → Azərbaycan)", "təşkil edib", "sektorunda", "böyük hissəsi qeyri-neft", "3-cü yerdə", "Mənbələr: "),
    "ru": ("инвестиции в экономику (Россия → Азербайджан)", "составили", "нефтяном секторе", "бо́льшая часть — в ненефтяном", "3-й по величине", "Источники: "),
}
#: English words of the sentence templates that no Azerbaijani or Russian citation may show.
ENGLISH = ("investment in", "totaled", " of it in ", "the majority", "trade partner", "In 2021", "Sources:", " and ")


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_citation_in_each_language(dataset: Dataset, lang: str) -> None:
    view = VIEWS["over-time"]
    meta = FigureProvenance.of(view.figures(dataset, view.resolve(dataset, {})[0])[0])
    with using(lang):
        sentences = [
            citation(dataset, ["S4-ru-az", "S4-ru-az-oil", "S4-ru-az-nonoil"]),
            citation(dataset, ["S4-az-ru", "S4-az-ru-nonoil"]),
            citation(dataset, ["S3-rank"]),
            citation(dataset, meta.claim_ids, title="T"),
        ]
    text = "\n".join(sentences)
    assert [word for word in IN_WORDS[lang] if word not in text] == []
    # the whole sentence: the attribution's role and speaker are in the language too (speaker_role_az/_ru, speaker_az/_ru)
    assert [word for word in (*ENGLISH, "Deputy", " via ", "Safarov") if word in "\n".join(sentences[:3])] == []
    assert "1,2" in sentences[1] and "6,3" in sentences[0]  # the figure itself, in the language's numbers


#: The start of the "as of" sentence, and the speaker with their role and the publisher as the language writes them (in
#: az and ru the role follows the name in parentheses).
AS_OF_AND_ROLE = {
    "en": ("As of Feb 2022, ", "(Deputy Economy Minister of Azerbaijan Niyazi Safarov, via Azernews (mirrored on today.az), "),
    "az": ("Fev 2022 tarixinə: ", "(Niyazi Səfərov (Azərbaycanın iqtisadiyyat nazirinin müavini), mənbə: Azernews (today.az saytında təkrar dərc), "),
    "ru": ("По состоянию на февр. 2022: ", "(Ниязи Сафаров (заместитель министра экономики Азербайджана), источник: Azernews (копия на today.az), "),
}


@pytest.mark.parametrize("lang", ["en", "az", "ru"])
def test_a_citation_reads_the_period_and_the_speakers_role_in_the_language(dataset: Dataset, lang: str) -> None:
    with using(lang):
        sentence = citation(dataset, ["S4-ru-az", "S4-ru-az-oil", "S4-ru-az-nonoil"])
    start, role = AS_OF_AND_ROLE[lang]
    assert sentence.startswith(start) and role in sentence, sentence
