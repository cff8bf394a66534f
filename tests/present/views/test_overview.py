"""The Overview: the latest stated figure of each headline measure with its source and age, and the summary in words."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.model.formatting import format_claim
from econ_ties.present.views import overview
from econ_ties.present.views.frames import claims_with_sources
from tests.conftest import dataset_with_claims


def _brute_latest(claims: pd.DataFrame, headline: overview.Headline) -> pd.Series:
    """The latest figure of a measure, found the slow way: every matching row, the latest period end, then statement."""
    rows = [
        r
        for _, r in claims.iterrows()
        if r["indicator"] == headline.indicator
        and r["sector"] == headline.sector
        and (
            (r["country"], r["counterpart"]) == (headline.country, headline.counterpart)
            or (headline.indicator == "trade_turnover" and (r["country"], r["counterpart"]) == (headline.counterpart, headline.country))
        )
    ]
    return max(rows, key=lambda r: (r["period_end"], r["date_published"] or "", [-ord(c) for c in r["claim_id"]]))


def test_each_tile_shows_the_latest_stated_figure_of_its_measure(dataset: Dataset) -> None:
    found, missing = overview.headlines(dataset)
    assert missing == []
    assert [h.key for h in found] == [h.key for h in overview.headline_list()]
    claims = claims_with_sources(dataset)
    for figure, headline in zip(found, overview.headline_list(), strict=True):
        latest = _brute_latest(claims, headline)
        assert figure.claim_id == latest["claim_id"], headline.key
        assert figure.value in (format_claim(latest), "majority")
        assert figure.attribution and figure.url.startswith("http")
        assert figure.statements == len(overview.measure_rows(claims, headline)) >= 1


def test_a_newer_statement_replaces_the_tile_and_an_old_one_says_its_age(dataset: Dataset) -> None:
    far_future = dt.date(2040, 1, 1)
    found = {h.key: h for h in overview.headlines(dataset, today=far_future)[0]}
    assert all(h.age_note == f"More than two years old ({h.period})." for h in found.values())
    newer = dataset_with_claims(
        dataset,
        [
            {
                "claim_id": "new-ru-az",
                "indicator": "investment_stock",
                "country": "RUS",
                "counterpart": "AZE",
                "roles": "investor/host",
                "sector": "total",
                "period": "as of 2039-06",
                "measure": "stock",
                "value": "12.5",
                "currency": "USD",
                "scale": "billion",
                "qualifier": "at_least",
                "reporting_side": "RUS",
                "source_id": next(iter(dataset.sources)),
                "quote": "Российские инвестиции превысили 12,5 млрд долларов.",
                "quote_en": "Russian investment exceeded 12.5 billion dollars.",
            }
        ],
    )
    tiles = {h.key: h for h in overview.headlines(newer, today=far_future)[0]}
    tile = tiles["ru-az-investment"]
    assert (tile.claim_id, tile.value, tile.period, tile.age_note) == ("new-ru-az", "over $12.5B", "as of Jun 2039", "")
    assert tile.quote_en == "Russian investment exceeded 12.5 billion dollars."
    assert tiles["az-ru-turnover"].age_note, "the other tiles are still old"


def test_the_sidebar_names_the_newest_figure_and_when_it_was_stated(dataset: Dataset) -> None:
    claims = claims_with_sources(dataset)
    newest = claims.sort_values(["period_end", "date_published"], ascending=False).iloc[0]
    text = overview.data_currency(dataset)
    assert text.startswith(f"Newest figure: {newest['period_label']}, stated ")
    assert str(newest["publisher"]) in text


def test_summary_states_the_latest_headlines_in_words(dataset: Dataset) -> None:
    text = overview.overview_summary(dataset)
    found = {h.key: h for h in overview.headlines(dataset)[0]}
    for key in ("ru-az-investment", "az-ru-investment", "az-ru-turnover", "az-ru-rank"):
        assert found[key].value in text, key
    assert found["az-ru-turnover"].period in text
