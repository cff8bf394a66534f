"""One formatter for every number people see."""

from __future__ import annotations

import pytest

from econ_ties.model.formatting import counted, display_decimals, format_amount, format_claim, format_label, format_money, ordinal, significant_digits
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


def _claim(value: float, decimals: int, multiplier: float, qualifier: str = "exact") -> dict[str, object]:
    return {"measure": "flow", "currency": "USD", "qualifier": qualifier, "value": value, "decimals": decimals, "multiplier": multiplier,
            "amount": value * multiplier}  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        (_claim(1332158767, 0, 1), "$1.33B"),  # a Comtrade cell in dollars
        (_claim(7429564.683, 3, 1e3), "$7.43B"),  # a WITS cell in thousands
        (_claim(1332.158767, 6, 1e6), "$1.33B"),  # an IMF cell in millions, to many digits
        (_claim(51234, 0, 1), "$51.2K"),
        (_claim(999_700_000, 0, 1), "$1.00B"),  # rounding up to the next unit keeps 3 figures
        (_claim(1332158767, 0, 1, "at_least"), "over $1.33B"),
        (_claim(4.17, 2, 1e9), "$4.17B"),  # stated by a source: as stated
        (_claim(5.0, 1, 1e9), "$5.0B"),
        (_claim(6.3, 1, 1e9), "$6.3B"),
        (_claim(802.2, 1, 1e6), "$802.2M"),
        (_claim(11.706, 3, 1e9), "$11.706B"),
    ],
)
def test_chart_labels_show_three_figures_unless_stated_for_readers(claim, label):
    assert format_label(claim) == label


def test_the_exact_figure_stays_in_format_claim():
    assert format_claim(_claim(1332158767, 0, 1)) == "$1.332158767B"


@pytest.mark.parametrize(("value", "decimals", "digits"), [(6.3, 1, 2), (5.0, 1, 2), (1332158767, 0, 10), (0.05, 2, 1), (802.2, 1, 4)])
def test_significant_digits_as_written(value, decimals, digits):
    assert significant_digits(value, decimals) == digits
