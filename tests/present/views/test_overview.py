"""The Overview: the listed headline figures with their sources, and the summary that states them in words."""

from __future__ import annotations

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import overview


def test_headlines_come_from_the_listed_claims(dataset: Dataset) -> None:
    found, missing = overview.headlines(dataset)
    values = {h.claim_id: h.value for h in found}
    assert values == {
        "S4-az-ru": "over $1.2B",
        "S4-az-ru-nonoil": "majority",
        "S4-ru-az": "$6.3B",
        "S4-ru-az-oil": "$5.0B",
        "S4-ru-az-nonoil": "$1.3B",
        "S3": "$2.9B",
        "S3-rank": "3rd",
    }
    assert missing == []
    assert all(h.attribution and h.url.startswith("http") for h in found)


def test_summary_states_the_headlines_in_words(dataset: Dataset) -> None:
    text = overview.overview_summary(dataset)
    for phrase in ("$6.3B", "$5.0B", "$1.3B", "over $1.2B", "$2.9B", "3rd-largest"):
        assert phrase in text
