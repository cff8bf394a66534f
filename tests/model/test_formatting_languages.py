"""The one number formatter in Azerbaijani and Russian: CLDR's compact currency forms, digits and dates through Babel,
with the precision a source stated and the bound it stated kept; English stays the house style (test_formatting.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from econ_ties.language import using
from econ_ties.model.formatting import counted, format_amount, format_claim, format_date, format_label, format_money, format_number, format_percent, ordinal

NBSP = "\xa0"


def _claim(**overrides: object) -> dict[str, object]:
    claim: dict[str, object] = {
        "qualifier": "exact",
        "measure": "value",
        "value": 6.3,
        "decimals": 1,
        "multiplier": 1e9,
        "amount": 6.3e9,
        "currency": "USD",
    }
    return claim | overrides


def plain(text: str) -> str:
    """CLDR puts no-break spaces between a number and its unit; the expectations below are written with spaces."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["$6.3B", "$802.2M", "$5.0B", "$51K", "AZN 12M", "€1.7B", "$950"]),
        ("az", ["6,3 mlrd US$", "802,2 mln US$", "5,0 mlrd US$", "51K US$", "12 mln ₼", "1,7 mlrd €", "950 US$"]),
        ("ru", ["6,3 млрд $", "802,2 млн $", "5,0 млрд $", "51 тыс. $", "12 млн AZN", "1,7 млрд €", "950 $"]),
    ],
)
def test_money_reads_as_its_language_writes_it(lang: str, expected: list[str]) -> None:
    with using(lang):
        shown = [
            format_money(6.3e9),
            format_money(802.2e6),
            format_money(5e9),
            format_money(51e3),
            format_money(12e6, "AZN"),
            format_money(1.7e9, "EUR"),
            format_money(950),
        ]
    assert [plain(text) for text in shown] == expected


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_the_stated_precision_is_kept_in_every_language(lang: str) -> None:
    with using(lang):
        assert plain(format_money(4.17e9)).startswith("4,17 ")
        assert plain(format_money(1_332_158_767, decimals=3)).startswith("1,332 ")
        assert plain(format_money(5e9, decimals=2)).startswith("5,00 ")
        assert plain(format_claim(_claim(value=5, decimals=0, amount=5e9))).startswith("5,0 ")  # billions carry a decimal
        assert plain(format_label(_claim(value=1332158767, decimals=0, multiplier=1, amount=1332158767))).startswith("1,33 ")


@pytest.mark.parametrize(
    ("lang", "over", "about", "under"),
    [
        ("en", "over $1.2B", "about $1.0B", "under $51M"),
        ("az", "1,2 mlrd US$-dan çox", "təxminən 1,0 mlrd US$", "51 mln US$-dan az"),
        ("ru", "более 1,2 млрд $", "около 1,0 млрд $", "менее 51 млн $"),
    ],
)
def test_a_bound_stays_a_bound_with_its_word_translated(lang: str, over: str, about: str, under: str) -> None:
    with using(lang):
        shown = [format_amount(1.2e9, "USD", "at_least"), format_amount(1e9, "USD", "about", 1), format_amount(51e6, "USD", "at_most")]
        bound = format_claim(_claim(qualifier="at_least", value=1.2, amount=1.2e9))
    assert [plain(text) for text in shown] == [over, about, under]
    assert plain(bound) == over


@pytest.mark.parametrize(
    ("lang", "share", "growth", "bound", "majority"),
    [
        ("en", "25.83%", "−7.5%", "over +10%", "the majority"),
        ("az", "25,83%", "−7,5%", "+10%-dən çox", "əksəriyyət"),
        ("ru", "25,83 %", "−7,5 %", "более +10 %", "большинство"),
    ],
)
def test_percentages_and_the_majority_in_each_language(lang: str, share: str, growth: str, bound: str, majority: str) -> None:
    with using(lang):
        shown = [
            format_percent(25.83, 2),
            format_claim(_claim(measure="growth", value=-7.5, decimals=1)),
            format_percent(10, 0, "at_least", signed=True),
            format_claim(_claim(qualifier="majority")),
        ]
    assert [plain(text) for text in shown] == [share, growth, bound, majority]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["1st", "2nd", "3rd", "6th", "9th", "10th", "11th", "40th", "100th"]),
        ("ru", ["1-й", "2-й", "3-й", "6-й", "9-й", "10-й", "11-й", "40-й", "100-й"]),
        ("az", ["1-ci", "2-ci", "3-cü", "6-cı", "9-cu", "10-cu", "11-ci", "40-cı", "100-cü"]),
    ],
)
def test_ordinals_in_each_language(lang: str, expected: list[str]) -> None:
    with using(lang):
        assert [ordinal(n) for n in (1, 2, 3, 6, 9, 10, 11, 40, 100)] == expected
        assert format_claim(_claim(measure="rank", value=3, decimals=0)) == expected[2]


@pytest.mark.parametrize(("lang", "expected"), [("en", "21 Feb 2022"), ("az", "21 fev 2022"), ("ru", "21 февр. 2022 г.")])
def test_dates_in_each_language(lang: str, expected: str) -> None:
    with using(lang):
        assert plain(format_date(dt.date(2022, 2, 21))) == expected


@pytest.mark.parametrize(("lang", "expected"), [("en", "1,204 claims"), ("az", "1.204 claims"), ("ru", "1 204 claims")])
def test_counts_are_grouped_as_the_language_groups_digits(lang: str, expected: str) -> None:
    with using(lang):
        assert plain(counted(1204, "claim")) == expected
        assert plain(format_number(1204.5, 1)) == {"en": "1,204.5", "az": "1.204,5", "ru": "1 204,5"}[lang]


def test_a_negative_amount_keeps_its_sign() -> None:
    with using("ru"):
        assert plain(format_money(-1.5e9, "EUR")) == "-1,5 млрд €"
