"""The curated dataset: loads clean, carries the headline figures with their exact values, qualifiers and sources."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.model.formatting import format_claim
from econ_ties.model.schema import Qualifier


@pytest.fixture(scope="module")
def curated():
    dataset, report = load_dataset(Path(__file__).resolve().parents[2] / "data")
    return dataset, report


def test_curated_data_has_no_errors(curated):
    dataset, report = curated
    assert report.errors == [], report.render()
    assert len(dataset.claims) >= 30
    assert len(dataset.events) >= 25


@pytest.mark.parametrize(
    ("claim_id", "country", "counterpart", "sector", "value", "qualifier", "shown"),
    [
        ("S4-az-ru", "AZE", "RUS", "total", Decimal("1.2"), Qualifier.AT_LEAST, "over $1.2B"),
        ("S4-az-ru-nonoil", "AZE", "RUS", "non_oil", None, Qualifier.MAJORITY, "the majority"),
        ("S4-ru-az", "RUS", "AZE", "total", Decimal("6.3"), Qualifier.EXACT, "$6.3B"),
        ("S4-ru-az-oil", "RUS", "AZE", "oil", Decimal("5"), Qualifier.EXACT, "$5.0B"),
        ("S4-ru-az-nonoil", "RUS", "AZE", "non_oil", Decimal("1.3"), Qualifier.EXACT, "$1.3B"),
        ("S3", "AZE", "RUS", "total", Decimal("2.9"), Qualifier.EXACT, "$2.9B"),
        ("S3-rank", "AZE", "RUS", "total", Decimal("3"), Qualifier.EXACT, "3rd"),
    ],
)
def test_headline_figures(curated, claim_id, country, counterpart, sector, value, qualifier, shown):
    dataset, _ = curated
    claim = dataset.claim(claim_id)
    assert (claim.country, claim.counterpart, claim.sector) == (country, counterpart, sector)
    assert claim.value == value
    assert claim.qualifier is qualifier
    row = dataset.claims[dataset.claims["claim_id"] == claim_id].iloc[0]
    assert format_claim(row) == shown
    assert claim.quote, "every claim carries its exact sentence"


def test_headline_investment_is_attributed_to_safarov_feb_2022(curated):
    dataset, _ = curated
    claim = dataset.claim("S4-ru-az")
    source = dataset.source(claim.source_id)
    assert source.speaker == "Niyazi Safarov"
    assert source.date_published.isoformat() == "2022-02-21"
    assert source.url.startswith("http://www.today.az/")
    assert claim.period.label == "as of Feb 2022"
    assert "$6.3 billion" in claim.quote


def test_2021_turnover_source_and_rank(curated):
    dataset, _ = curated
    turnover = dataset.claim("S3")
    assert turnover.period.text == "2021"
    assert "third-largest partner" in turnover.quote
    assert dataset.claim("S3-rank").value == 3


def test_a_lower_bound_is_never_an_exact_value(curated):
    dataset, _ = curated
    claim = dataset.claim("S4-az-ru")
    assert claim.is_bound
    assert claim.exact_amount is None
    assert claim.lower == pytest.approx(1.2e9)
    assert claim.upper is None
    row = dataset.claims.set_index("claim_id").loc["S4-az-ru"]
    assert row["exact_amount"] != row["exact_amount"]  # NaN: the frame has no exact value for a bound
    assert row["lower"] == pytest.approx(1.2e9)


def test_conflicting_claims_stay_separate(curated):
    dataset, _ = curated
    conflicts = dataset.conflicts()
    # Azerbaijan states the turnover with Russia (AZE, RUS), Russia the same turnover with Azerbaijan (RUS, AZE).
    pair = conflicts["country"].isin(["AZE", "RUS"]) & conflicts["counterpart"].isin(["AZE", "RUS"])
    jan_nov_2021 = conflicts[(conflicts["period"] == "2021-01/2021-11") & (conflicts["indicator"] == "trade_turnover") & pair]
    assert set(jan_nov_2021["reporting_side"]) == {"AZE", "RUS"}
    assert set(jan_nov_2021["value"]) == {2.6, 2.9}
    assert jan_nov_2021["gap_pct"].iloc[0] == pytest.approx((2.9 - 2.6) / 2.6 * 100)


def test_uncertain_claims_stay_flagged(curated):
    dataset, _ = curated
    flagged = set(dataset.claims.loc[dataset.claims["uncertain"], "claim_id"])
    assert {"R3", "I6-nonoil"} <= flagged


def test_every_claim_has_a_source_with_publisher(curated):
    dataset, _ = curated
    joined = dataset.with_sources()
    assert joined["publisher"].notna().all()
    assert (joined["quote"].str.len() > 0).all()


def test_content_hash_ignores_row_order_but_not_values(data_copy):
    from tests.conftest import read_rows, write_rows

    first, _ = load_dataset(data_copy)
    header, rows = read_rows(data_copy / "figures.csv")
    write_rows(data_copy / "figures.csv", header, list(reversed(rows)))
    reordered, _ = load_dataset(data_copy)
    assert reordered.content_hash == first.content_hash
    rows[0]["value"] = "9.9"
    write_rows(data_copy / "figures.csv", header, rows)
    changed, _ = load_dataset(data_copy)
    assert changed.content_hash != first.content_hash


def test_one_loaded_dataset_gives_period_labels_speakers_and_their_roles_in_each_language(curated):
    from econ_ties.language import using

    curated = curated[0]
    assert "period_label" not in curated.claims  # the loaded (cached) claims hold no words: one dataset for all languages
    shown = {}
    for lang in ("en", "az", "ru"):
        with using(lang):
            rows = curated.with_sources()
        row = rows[(rows["period"] == "as of 2022-02") & (rows["source_id"] == "azernews-2022-02-21-safarov")].iloc[0]
        shown[lang] = (row["period_label"], row["speaker"], row["speaker_role"], row["attribution"].split(",")[0])
    assert shown == {
        "en": ("as of Feb 2022", "Niyazi Safarov", "Deputy Economy Minister of Azerbaijan", "Deputy Economy Minister of Azerbaijan Niyazi Safarov"),
        "az": (
            "fev 2022 tarixinə",
            "Niyazi Səfərov",
            "Azərbaycanın iqtisadiyyat nazirinin müavini",
            "Niyazi Səfərov (Azərbaycanın iqtisadiyyat nazirinin müavini)",
        ),
        "ru": (
            "по состоянию на февр. 2022",
            "Ниязи Сафаров",
            "заместитель министра экономики Азербайджана",
            "Ниязи Сафаров (заместитель министра экономики Азербайджана)",
        ),
    }


def test_a_source_without_a_translated_role_shows_the_english_role(curated):
    from econ_ties.language import using

    source = next(s for s in curated[0].sources.values() if s.speaker_role).model_copy(update={"speaker_role_ru": ""})
    with using("ru"):
        assert source.attribution.startswith(f"{source.speaker_ru} ({source.speaker_role}), источник: ")


def test_a_speaker_not_written_in_the_language_is_shown_in_english_and_an_institution_by_its_name_in_it(curated):
    from econ_ties.language import using

    dataset = curated[0]
    customs = next(s for s in dataset.sources.values() if s.speaker == "State Customs Committee of Azerbaijan" and not s.speaker_role)
    unwritten = customs.model_copy(update={"speaker_az": ""})
    with using("az"):
        assert customs.attribution.startswith("Azərbaycan Dövlət Gömrük Komitəsi, mənbə: ")
        assert unwritten.attribution.startswith("State Customs Committee of Azerbaijan, mənbə: ")
    with using("ru"):
        assert unwritten.attribution.startswith("Государственный таможенный комитет Азербайджана, источник: ")
        rows = dataset.with_sources()
    assert set(rows.loc[rows["source_id"] == customs.source_id, "speaker"]) == {"Государственный таможенный комитет Азербайджана"}


def test_the_attribution_puts_the_role_after_the_speaker_in_az_and_ru_and_names_the_publisher_in_the_language(curated):
    # English keeps "{role} {speaker}"; in Russian and Azerbaijani a long role before a name reads badly, so the role
    # follows in parentheses, and the publisher's annotation ("mirrored on today.az") is in the language too.
    from econ_ties.language import using

    source = curated[0].sources["azernews-2022-02-21-safarov"]
    shown = {}
    for lang in ("en", "az", "ru"):
        with using(lang):
            shown[lang] = source.attribution
    assert (
        shown
        == {
            "en": "Deputy Economy Minister of Azerbaijan Niyazi Safarov, via Azernews (mirrored on today.az), 21 Feb 2022",
            "az": f"Niyazi Səfərov (Azərbaycanın iqtisadiyyat nazirinin müavini), mənbə: Azernews (today.az saytında təkrar dərc), {shown['az'].rsplit(', ', 1)[1]}",
            "ru": "Ниязи Сафаров (заместитель министра экономики Азербайджана), источник: Azernews (копия на today.az), 21 февр. 2022\u202fг.",  # CLDR: a narrow no-break space before "г."
        }
    )
    customs = next(s for s in curated[0].sources.values() if s.speaker == "State Customs Committee of Azerbaijan" and s.speaker_role == "data")
    with using("ru"):
        assert customs.attribution.startswith(f"Государственный таможенный комитет Азербайджана ({customs.speaker_role_ru}), источник: ")
        rows = curated[0].with_sources()
    assert set(rows.loc[rows["source_id"] == customs.source_id, "publisher"]) == {customs.publisher_ru}


def test_the_role_and_the_speaker_are_joined_by_one_helper_and_either_alone_stands_alone():
    from econ_ties.language import using
    from econ_ties.model.schema import speaker_with_role

    with using("en"):
        assert speaker_with_role("Niyazi Safarov", "Deputy Economy Minister") == "Deputy Economy Minister Niyazi Safarov"
    with using("ru"):
        assert speaker_with_role("Ниязи Сафаров", "заместитель министра") == "Ниязи Сафаров (заместитель министра)"
        assert speaker_with_role("Ниязи Сафаров", " ") == "Ниязи Сафаров"
        assert speaker_with_role("", "данные") == "данные"
    with using("az"):
        assert speaker_with_role("Niyazi Səfərov", "nazir müavini") == "Niyazi Səfərov (nazir müavini)"
