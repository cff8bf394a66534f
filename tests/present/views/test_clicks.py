"""What a click on a chart leads to: the claim's quote and source, links that open what they name, the clicked
events, and where an upload's preview opens."""

from __future__ import annotations

from pathlib import Path

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import VIEWS, clicks


def test_a_clicked_claim_comes_with_its_quote_source_and_where_to_look_next(dataset: Dataset) -> None:
    [(card, links)] = clicks.claims_behind(dataset, "partners", ["S3", "S3", "no-such-claim"])
    row = dataset.claims.set_index("claim_id").loc["S3"]
    assert (card.claim_id, card.value, card.period, card.quote) == ("S3", "$2.9B", "2021", row["quote"])
    assert card.label == "Trade turnover, Azerbaijan–Russia" and card.url.startswith("http")
    assert [(link.view, link.params) for link in links] == [
        ("over-time", {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"}),
        ("data", {"q": "S3"}),
    ]
    # From the view that shows the pair over time already, only the table is left to open.
    [(_, from_over_time)] = clicks.claims_behind(dataset, "over-time", ["S3"])
    assert [link.view for link in from_over_time] == ["data"]


def test_links_from_a_clicked_investment_claim_open_exactly_what_they_name(dataset: Dataset) -> None:
    [(card, links)] = clicks.claims_behind(dataset, "overview", ["S2"])  # Russia → Azerbaijan, $6.3B
    assert card.label == "Cumulative investment (stock), Russia → Azerbaijan" and card.value == "$6.3B"
    by_view = {link.view: link.params for link in links}
    assert by_view["investment"] == {"reporter": "RUS", "partner": "AZE", "period": "as of 2022-02"}
    # Over time lists the pair's statements in both directions, under whichever order of the pair it accepts.
    assert {by_view["over-time"]["reporter"], by_view["over-time"]["partner"]} == {"AZE", "RUS"}
    for link in links:
        resolved, notices = VIEWS[link.view].resolve(dataset, link.params)
        assert not notices and all(resolved[k] == v for k, v in link.params.items()), link
    assert len(clicks.claims_behind(dataset, "overview", ["no-such-claim", *dataset.claims["claim_id"]])) == clicks.MAX_CLAIMS_SHOWN


def test_a_preview_starts_where_the_uploaded_claims_are(dataset: Dataset) -> None:
    from econ_ties.checks.uploads import validate_upload_bytes
    from econ_ties.services.publishing import upload_applied

    fixture = Path(__file__).parents[2] / "fixtures" / "publishers" / "wits_partner_export_2021.csv"
    uploaded = validate_upload_bytes(fixture.read_bytes(), fixture.name, dataset.sources).claims
    applied = upload_applied(dataset, uploaded)
    # The file is Azerbaijan's exports in 2021: the partners view opens on them, not on its default (trade turnover).
    assert clicks.params_showing(applied, "partners", uploaded) == {"reporter": "AZE", "indicator": "exports", "period": "2021", "show": "value"}
    over_time = clicks.params_showing(applied, "over-time", uploaded)
    assert over_time["indicator"] == "exports"
    assert ((uploaded["country"] == over_time["reporter"]) & (uploaded["counterpart"] == over_time["partner"])).any()
    # No investment claims in the file: that view keeps its defaults.
    assert clicks.params_showing(applied, "investment", uploaded) == VIEWS["investment"].resolve(applied, {})[0]


def test_a_clicked_event_on_the_timeline_comes_with_its_source(dataset: Dataset) -> None:
    [figure] = VIEWS["timeline"].figures(dataset, {})
    drawn = [item for trace in figure.data if trace.type == "scatter" for item in trace.customdata]
    assert sorted(drawn) == sorted(f"event:{e.event_id}" for e in dataset.events)
    [events] = [trace for trace in figure.data if trace.name == "Diplomacy"]
    first = next(e for e in dataset.events if f"event:{e.event_id}" == events.customdata[0])
    [card] = clicks.events_behind(dataset, [events.customdata[0], events.customdata[0], "S3", "event:no-such-event"])
    source = dataset.sources[first.source_id]
    assert (card.event_id, card.title, card.url, card.attribution) == (first.event_id, first.title, source.url, source.attribution)
    assert card.date == f"{first.date.day} {first.date:%b %Y}"
    assert clicks.claims_behind(dataset, "timeline", [events.customdata[0]]) == []  # an event is not a claim


def test_a_clicked_sector_on_the_investment_view_offers_that_sector_alone(dataset: Dataset) -> None:
    shown = VIEWS["investment"].resolve(dataset, {})[0]  # both directions, every sector
    [(_, links)] = clicks.claims_behind(dataset, "investment", ["S2a"], shown)  # Russia → Azerbaijan, oil
    assert links[0] == clicks.Link("Show only oil investment here", "investment", {**shown, "sector": "oil"})
    [(_, already)] = clicks.claims_behind(dataset, "investment", ["S2a"], {**shown, "sector": "oil"})
    assert [link.view for link in already if link.view == "investment"] == []


def test_every_point_a_chart_draws_is_listed_in_words_for_the_keyboard(dataset: Dataset) -> None:
    """The "show the source of…" list: each bar, dot or event a click can select, named so a reader can pick it."""
    for name, spec in VIEWS.items():
        params, _ = spec.resolve(dataset, {})
        for fig in spec.build(dataset, params):
            marks = [str(m) for trace in fig.data for m in (trace.customdata if trace.customdata is not None else ()) if m]
            choices = clicks.point_choices(dataset, marks)
            assert list(choices) == list(dict.fromkeys(marks)), (name, fig.layout.meta["title"])
    choices = clicks.point_choices(dataset, ["S3", "no-such-claim", "S3"])
    assert choices == {"S3": "Trade turnover, Azerbaijan–Russia, 2021: $2.9B (" + choices["S3"].rsplit("(", 1)[1]}
    event = dataset.events[0]
    assert clicks.point_choices(dataset, [f"event:{event.event_id}"])[f"event:{event.event_id}"].endswith(event.title)
