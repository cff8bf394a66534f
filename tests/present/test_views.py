"""The views registry: parameters resolve from raw (URL) values, hostile values fall back with a notice, figures follow."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.present import views
from econ_ties.present.views import VIEWS

HOSTILE = [
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "x" * 10_000,
    "\x00\x1b[31m",
    "%00",
    "AZE\nRUS",
    '=HYPERLINK("http://evil")',
    "😀",
]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(Path(__file__).resolve().parents[2] / "data")[0]


def test_registry_has_every_view() -> None:
    assert list(VIEWS) == ["overview", "partners", "investment", "over-time", "timeline", "data"]
    for name, spec in VIEWS.items():
        assert spec.name == name and spec.title


def test_defaults_are_valid_choices(dataset: Dataset) -> None:
    for spec in VIEWS.values():
        params, notices = spec.resolve(dataset, {})
        assert notices == []
        for name, value in params.items():
            param = spec.params[name]
            if not param.free_text:
                assert value in param.choices(dataset, params), (spec.name, name)


def test_partners_choices_cover_the_2021_comparison(dataset: Dataset) -> None:
    params, _ = VIEWS["partners"].resolve(dataset, {})
    assert params == {"reporter": "AZE", "indicator": "trade_turnover", "period": "2021", "show": "value"}
    fig = VIEWS["partners"].figures(dataset, params)[0]
    assert set(fig.data[0].y) >= {"Italy", "Turkey", "China"}
    assert sum(1 for y in fig.data[0].y if y.startswith("Russia")) == 2  # two sources disagree: two bars


def test_share_is_of_the_reporters_stated_total(dataset: Dataset) -> None:
    fig = VIEWS["partners"].figures(dataset, {"show": "share"})[0]
    shares = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert shares["Italy"] == pytest.approx(9.6 / 33.9 * 100)
    assert "T1-2021" in fig.layout.meta["claim_ids"]


def test_valid_values_round_trip(dataset: Dataset) -> None:
    for spec in VIEWS.values():
        params, _ = spec.resolve(dataset, {})
        again, notices = spec.resolve(dataset, params)
        assert again == params and notices == []


def test_other_valid_values_are_kept(dataset: Dataset) -> None:
    raw = {"reporter": "AZE", "partner": "RUS", "period": "as of 2019-12", "sector": "oil"}
    params, notices = VIEWS["investment"].resolve(dataset, raw)
    assert params == raw and notices == []
    fig = VIEWS["investment"].figures(dataset, params)[0]
    assert [t.name for t in fig.data if t.type == "bar"] == ["Oil"]
    assert list(fig.data[0].text) == ["$4.0B"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_fall_back_with_a_notice(dataset: Dataset, value: str) -> None:
    for spec in VIEWS.values():
        raw = dict.fromkeys(spec.params, value)
        params, notices = spec.resolve(dataset, raw)
        defaults, _ = spec.resolve(dataset, {})
        for name, param in spec.params.items():
            if param.free_text:
                assert len(params[name]) <= views.MAX_TEXT_PARAM
            else:
                assert params[name] == defaults[name]
        assert len(notices) == sum(1 for p in spec.params.values() if not p.free_text) + (
            1 if any(p.free_text for p in spec.params.values()) and not views.clean_text(value)[1] else 0
        )
        for notice in notices:
            assert "<script>" not in notice and "\n" not in notice and len(notice) < 200
    VIEWS["partners"].figures(dataset, dict.fromkeys(VIEWS["partners"].params, value))  # never raises


def test_list_values_take_the_last(dataset: Dataset) -> None:
    params, notices = VIEWS["partners"].resolve(dataset, {"period": ["2020", "2021"]})
    assert params["period"] == "2021" and notices == []


def test_dependent_choice_falls_back_when_no_longer_offered(dataset: Dataset) -> None:
    params, notices = VIEWS["partners"].resolve(dataset, {"indicator": "exports", "period": "2021"})
    assert params["indicator"] == "exports"
    assert params["period"] in VIEWS["partners"].params["period"].choices(dataset, params)
    assert params["period"] != "2021" and len(notices) == 1


def test_headlines_come_from_the_listed_claims(dataset: Dataset) -> None:
    found, missing = views.headlines(dataset)
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
    text = views.overview_summary(dataset)
    for phrase in ("$6.3B", "$5.0B", "$1.3B", "over $1.2B", "$2.9B", "3rd-largest"):
        assert phrase in text


def test_repeated_statements_are_kept_once_from_the_original_source(dataset: Dataset) -> None:
    rows = views.investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    assert "S4-ru-az" in set(rows["claim_id"]) and "S2" not in set(rows["claim_id"])


def test_table_search_and_filters(dataset: Dataset) -> None:
    everything = views.filter_claims_table(dataset, {})
    assert len(everything) == len(dataset.claims)
    found = views.filter_claims_table(dataset, {"q": "Bocharnikov"})
    assert set(found["claim_id"]) == {"R5c", "I4"}
    oil = views.filter_claims_table(dataset, {"sector": "oil", "partner": "RUS"})
    assert set(oil["sector"]) == {"oil"} and len(oil) > 0
    assert views.filter_claims_table(dataset, {"q": "(unbalanced[regex"}).empty
    flags = views.claims_table(dataset).set_index("claim_id")["flags"]
    assert "conflict" in flags["R5c"] and "bound" in flags["S4-az-ru"] and "uncertain" in flags["R3"]


def test_partners_by_stated_rank(dataset: Dataset) -> None:
    (fig,) = VIEWS["partners"].figures(dataset, {"show": "rank"})
    ranks = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert ranks == {"Italy": 1, "Russia": 3, "China": 4}
    assert fig.data[0].text == ("1st", "3rd", "4th")


def _table_row_by_row(dataset: Dataset) -> pd.DataFrame:
    """The reference: the claims table formatted one row at a time (how `claims_table` worked before it went
    column-wise; a million claims took minutes)."""
    from econ_ties.model.countries import country_name
    from econ_ties.model.formatting import format_claim
    from econ_ties.present import charts

    claims = views.claims_with_sources(dataset)
    conflicted = set(dataset.conflicts()["claim_id"])
    frame = pd.DataFrame(
        {
            "claim_id": claims["claim_id"],
            "figure": [format_claim(r) for r in claims.to_dict("records")],
            "indicator_label": claims["indicator"].map(views.indicator_label),
            "between": [charts.direction_label(a, b) for a, b in zip(claims["country"], claims["counterpart"], strict=True)],
            "sector_label": claims["sector"].map(views.sector_label),
            "period_label": claims["period_label"],
            "qualifier": claims["qualifier"].map(lambda q: charts.QUALIFIER_TEXT.get(q, q)),
            "side": claims["reporting_side"].map(country_name),
            "speaker": [" ".join(p for p in (charts._text(r), charts._text(s)) if p) for r, s in zip(claims["speaker_role"], claims["speaker"], strict=True)],
            "publisher": claims["publisher"],
            "date_published": claims["date_published"],
            "url": claims["url"],
            "quote": claims["quote"],
            "flags": [
                ", ".join(f for f, on in (("uncertain", u), ("conflict", c in conflicted), ("bound", q in ("at_least", "at_most"))) if on)
                for u, c, q in zip(claims["uncertain"], claims["claim_id"], claims["qualifier"], strict=True)
            ],
        }
    )
    frame["_search"] = (
        frame[["claim_id", "figure", "indicator_label", "between", "period_label", "speaker", "publisher", "quote"]]
        .astype(str)
        .agg(" ".join, axis=1)
        .str.casefold()
    )
    return frame


def test_the_table_column_by_column_is_the_table_row_by_row(dataset: Dataset) -> None:
    import numpy as np

    # The curated claims many times over with figures moved: far more rows than distinct inputs, as in a large revision.
    rng = np.random.default_rng(11)
    claims = pd.concat([dataset.claims] * 30, ignore_index=True)
    claims["claim_id"] = [f"t{i}" for i in range(len(claims))]
    scale = rng.choice([1.0, 1.5, 10.0], size=len(claims))
    for column in ("value", "amount", "lower", "upper", "exact_amount"):
        claims[column] = claims[column] * scale
    big = Dataset(claims, dict(dataset.sources), list(dataset.events))
    for data in (dataset, big):
        expected = _table_row_by_row(data)
        table = views.claims_table(data)
        for column in views.TABLE_COLUMNS:
            assert table[column].astype(str).tolist() == expected[column].astype(str).tolist(), column
        for query in ("bocharnikov", "$6.3b", "russia → azerbaijan", "t17 "):
            found = views.filter_claims_table(data, {"q": query})["claim_id"].tolist()
            assert found == expected.loc[expected["_search"].str.contains(query.strip(), regex=False), "claim_id"].tolist(), query


def test_a_pair_s_conflicts_are_the_pair_s_rows_of_all_conflicts(dataset: Dataset) -> None:
    import numpy as np

    # The curated claims several times over with figures moved, so every pair has disagreements of its own.
    rng = np.random.default_rng(2)
    claims = pd.concat([dataset.claims] * 5, ignore_index=True)
    claims["claim_id"] = [f"p{i}" for i in range(len(claims))]
    claims["amount"] = claims["amount"] * rng.choice([1.0, 1.2], size=len(claims))
    for data in (dataset, Dataset(claims, dict(dataset.sources), list(dataset.events))):
        everything = data.with_sources(data.conflicts())
        pairs = set(zip(data.claims["country"], data.claims["counterpart"], strict=True))
        assert len(pairs) > 3
        compared = 0
        for a, b in pairs:
            expected = views._pair(everything, a, b).reset_index(drop=True)
            found = views.pair_conflicts(data, a, b).reset_index(drop=True)
            if expected.empty:
                assert found.empty
            else:
                pd.testing.assert_frame_equal(found, expected)
                compared += 1
        assert compared >= 1


def test_a_clicked_claim_comes_with_its_quote_source_and_where_to_look_next(dataset: Dataset) -> None:
    [(card, links)] = views.claims_behind(dataset, "partners", ["S3", "S3", "no-such-claim"])
    row = dataset.claims.set_index("claim_id").loc["S3"]
    assert (card.claim_id, card.value, card.period, card.quote) == ("S3", "$2.9B", "2021", row["quote"])
    assert card.label == "Trade turnover, Azerbaijan–Russia" and card.url.startswith("http")
    assert [(link.view, link.params) for link in links] == [
        ("over-time", {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"}),
        ("data", {"q": "S3"}),
    ]
    # From the view that shows the pair over time already, only the table is left to open.
    [(_, from_over_time)] = views.claims_behind(dataset, "over-time", ["S3"])
    assert [link.view for link in from_over_time] == ["data"]


def test_links_from_a_clicked_investment_claim_open_exactly_what_they_name(dataset: Dataset) -> None:
    [(card, links)] = views.claims_behind(dataset, "overview", ["S2"])  # Russia → Azerbaijan, $6.3B
    assert card.label == "Cumulative investment (stock), Russia → Azerbaijan" and card.value == "$6.3B"
    by_view = {link.view: link.params for link in links}
    assert by_view["investment"] == {"reporter": "RUS", "partner": "AZE", "period": "as of 2022-02"}
    # Over time lists the pair's statements in both directions, under whichever order of the pair it accepts.
    assert {by_view["over-time"]["reporter"], by_view["over-time"]["partner"]} == {"AZE", "RUS"}
    for link in links:
        resolved, notices = VIEWS[link.view].resolve(dataset, link.params)
        assert not notices and all(resolved[k] == v for k, v in link.params.items()), link
    assert len(views.claims_behind(dataset, "overview", ["no-such-claim", *dataset.claims["claim_id"]])) == views.MAX_CLAIMS_SHOWN


def test_a_preview_starts_where_the_uploaded_claims_are(dataset: Dataset) -> None:
    from econ_ties.checks.uploads import validate_upload_bytes
    from econ_ties.services.publishing import upload_applied

    fixture = Path(__file__).parents[1] / "fixtures" / "publishers" / "wits_partner_export_2021.csv"
    uploaded = validate_upload_bytes(fixture.read_bytes(), fixture.name, dataset.sources).claims
    applied = upload_applied(dataset, uploaded)
    # The file is Azerbaijan's exports in 2021: the partners view opens on them, not on its default (trade turnover).
    assert views.params_showing(applied, "partners", uploaded) == {"reporter": "AZE", "indicator": "exports", "period": "2021", "show": "value"}
    over_time = views.params_showing(applied, "over-time", uploaded)
    assert over_time["indicator"] == "exports"
    assert ((uploaded["country"] == over_time["reporter"]) & (uploaded["counterpart"] == over_time["partner"])).any()
    # No investment claims in the file: that view keeps its defaults.
    assert views.params_showing(applied, "investment", uploaded) == VIEWS["investment"].resolve(applied, {})[0]


def test_a_clicked_event_on_the_timeline_comes_with_its_source(dataset: Dataset) -> None:
    [figure] = VIEWS["timeline"].figures(dataset, {})
    [events] = [trace for trace in figure.data if trace.name == "events"]
    assert list(events.customdata) == [f"event:{e.event_id}" for e in dataset.events]
    first = dataset.events[0]
    [card] = views.events_behind(dataset, [events.customdata[0], events.customdata[0], "S3", "event:no-such-event"])
    source = dataset.sources[first.source_id]
    assert (card.event_id, card.title, card.url, card.attribution) == (first.event_id, first.title, source.url, source.attribution)
    assert card.date == f"{first.date.day} {first.date:%b %Y}"
    assert views.claims_behind(dataset, "timeline", [events.customdata[0]]) == []  # an event is not a claim


def test_a_clicked_sector_on_the_investment_view_offers_that_sector_alone(dataset: Dataset) -> None:
    shown = VIEWS["investment"].resolve(dataset, {})[0]  # both directions, every sector
    [(_, links)] = views.claims_behind(dataset, "investment", ["S2a"], shown)  # Russia → Azerbaijan, oil
    assert links[0] == views.Link("Show only oil investment here", "investment", {**shown, "sector": "oil"})
    [(_, already)] = views.claims_behind(dataset, "investment", ["S2a"], {**shown, "sector": "oil"})
    assert [link.view for link in already if link.view == "investment"] == []
