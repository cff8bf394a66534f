"""Every claim of the curated data states its value in its quote, and a quote not in English carries a translation."""

from __future__ import annotations

import csv
import re
from decimal import Decimal

import pytest

from econ_ties.model.quotes import states_value
from econ_ties.model.schema import Scale
from tests.conftest import DATA_DIR

CLAIMS = list(csv.DictReader((DATA_DIR / "figures.csv").open(encoding="utf-8", newline="")))
SOURCES = {r["source_id"]: r for r in csv.DictReader((DATA_DIR / "sources.csv").open(encoding="utf-8", newline=""))}


@pytest.mark.parametrize("row", CLAIMS, ids=[r["claim_id"] for r in CLAIMS])
def test_the_quote_states_the_value(row: dict[str, str]) -> None:
    value = Decimal(row["value"]) if row["value"] else None
    assert states_value(row["quote"], value, measure=row["measure"], qualifier=row["qualifier"], scale=Scale(row["scale"]).multiplier), (
        f"{row['claim_id']}: the quote does not state {row['value'] or row['qualifier']}: {row['quote']!r}"
    )


@pytest.mark.parametrize("row", CLAIMS, ids=[r["claim_id"] for r in CLAIMS])
def test_a_quote_not_in_english_has_an_english_translation(row: dict[str, str]) -> None:
    language = SOURCES[row["source_id"]]["language"] or "en"
    # the source's language, and Cyrillic whatever the source says ("Türkiye" alone makes no quote Azerbaijani)
    foreign = language != "en" or re.search(r"[\u0400-\u04ff]", row["quote"]) is not None
    assert bool(row["quote_en"]) == foreign, f"{row['claim_id']}: language {language}, quote_en {row['quote_en']!r}"


@pytest.mark.parametrize(
    ("quote", "value", "measure", "qualifier"),
    [
        ("amounted to $2.15 billion ($2.18 billion in 2019)", "2.15", "flow", "exact"),
        ("ticarət dövriyyəsi 4 milyard 799 milyon dollar olub", "4799", "flow", "exact"),
        ("Qazaxıstan ilə dövriyyəmiz 492 milyon 71 min dollara", "492071", "flow", "exact"),
        ("ha raggiunto 11 miliardi 242 milioni 802,7 mila dollari", "11242802.7", "flow", "exact"),
        ("amounted to $ 1 billion 219,700,000 (-30.6%)", "1219.7", "flow", "exact"),
        ("достиг трëх миллиардов долларов", "3", "flow", "exact"),
        ("товарооборот достиг почти пяти миллиардов долларов", "5", "flow", "about"),
        ("до $3 млрд 350 млн", "3.35", "flow", "exact"),
        ("un miliardo e seicento milioni di dollari", "1.6", "stock", "exact"),
        ("6,3 млрд долларов", "6.3", "stock", "exact"),
        ("Turkey was Azerbaijan's second-largest trade partner", "2", "rank", "exact"),
        ("Rusiya üçüncü yerdədir", "3", "rank", "exact"),
        ("Italy being Azerbaijan's main trade partner", "1", "rank", "exact"),
        ("with the majority of the investments made in the non-oil sector", None, "stock", "majority"),
        ("exports $1,330.5 million", "1330.5", "flow", "exact"),
    ],
)
def test_values_are_found_as_digits_words_and_ordinals(quote: str, value: str | None, measure: str, qualifier: str) -> None:
    # the compound forms state thousands or millions: the claim's scale says which
    scale = {"4799": 10**6, "492071": 10**3, "11242802.7": 10**3, "1219.7": 10**6, "3.35": 10**9}.get(value or "", 1)
    assert states_value(quote, Decimal(value) if value else None, measure=measure, qualifier=qualifier, scale=scale)


@pytest.mark.parametrize(
    ("quote", "value", "measure"),
    [
        ("The figure of 2022 has increased by 20.7 percent year-on-year ($1.78 billion in 2021).", "2.15", "flow"),
        ("amounted to $16.35 billion", "6.3", "flow"),
        ("amounted to $4.1 billion over the said period", "2", "rank"),
        ("Turkey has invested $11.8 billion in Azerbaijan, of which $9.1 billion accounts for the oil sector.", "2.7", "stock"),
    ],
)
def test_a_quote_without_the_value_is_caught(quote: str, value: str, measure: str) -> None:
    assert not states_value(quote, Decimal(value), measure=measure, qualifier="exact")
