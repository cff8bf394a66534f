"""One formatter for every number people see."""

from __future__ import annotations

import pytest

from econ_ties.model.formatting import counted, display_decimals, format_amount, format_claim, format_money, ordinal
from econ_ties.model.problems import Problem, ValidationReport


@pytest.mark.parametrize(
    ("amount", "decimals", "text"),
    [
        (6.3e9, 1, "$6.3B"),
        (5e9, 0, "$5.0B"),
        (4.17e9, 2, "$4.17B"),
        (802.2e6, 1, "$802.2M"),
        (51e6, 0, "$51M"),
        (200e6, None, "$200M"),
        (15.4e6, None, "$15.4M"),
        (-1.5e9, 1, "-$1.5B"),
        (950, None, "$950"),
    ],
)
def test_format_money(amount, decimals, text):
    assert format_money(amount, "USD", decimals) == text


def test_currencies_without_symbol_use_their_code():
    assert format_money(12e6, "AZN", 1) == "AZN 12.0M"
    assert format_money(1.7e9, "EUR", 1) == "€1.7B"


def test_qualifier_words_stay_with_the_number():
    assert format_amount(1.2e9, "USD", "at_least", 1) == "over $1.2B"
    assert format_amount(1e9, "USD", "about", 0) == "about $1.0B"
    assert format_amount(3e6, "USD", "at_most", 0) == "under $3M"


def test_stated_precision_survives_a_change_of_unit():
    # 0.2 billion is shown in millions with no false precision.
    assert display_decimals(1, 1e9, 0.2e9) == 0
    assert display_decimals(3, 1e9, 11.706e9) == 3


def test_format_claim_rows():
    base = {"measure": "stock", "currency": "USD", "multiplier": 1e9}
    assert format_claim({**base, "qualifier": "at_least", "amount": 1.2e9, "decimals": 1, "value": 1.2}) == "over $1.2B"
    assert format_claim({**base, "qualifier": "majority", "amount": float("nan"), "decimals": 0, "value": float("nan")}) == "the majority"
    assert format_claim({**base, "measure": "rank", "qualifier": "exact", "amount": 3.0, "decimals": 0, "value": 3.0}) == "3rd"


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (22, "22nd")])
def test_ordinal(n, text):
    assert ordinal(n) == text


def test_counts_read_in_the_right_number():
    assert counted(0, "error") == "0 errors"
    assert counted(1, "error") == "1 error"
    assert counted(1204, "claim") == "1,204 claims"
    assert counted(1, "figure is", "figures are") == "1 figure is"
    assert counted(2, "figure is", "figures are") == "2 figures are"
    report = ValidationReport([Problem("type-error", "not a number", "f.csv", 3, "value", "x")])
    assert report.summary() == "1 error, 0 warnings — type-error: 1"
