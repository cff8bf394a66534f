"""AppTest for every view: it renders without an exception, a control changes the chart's data, and the URL round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from econ_ties.checks.dataset import load_dataset
from econ_ties.model.inert_text import escape_markdown
from econ_ties.present.views import VIEWS
from econ_ties.present.views.overview import headlines

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def _page_script(name: str) -> None:
    from econ_ties.app.pages import PAGE_FUNCTIONS

    PAGE_FUNCTIONS[name]()


def page(name: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_function(_page_script, args=(name,), default_timeout=TIMEOUT)
    at.query_params.update(query or {})
    return at.run()


def charts(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def chart_data(at: AppTest) -> list:
    return [chart["data"] for chart in charts(at)]


# Which control to change in each view, and to what.
CHANGES = {
    "partners": ("show", "share"),
    "investment": ("sector", "oil"),
    "over-time": ("indicator", "fdi_flow"),
    "timeline": ("overlay", "none"),
}


def test_dashboard_opens_on_the_overview_with_the_headlines() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    # Each tile shows the latest stated figure of its measure (tests/present/views/test_overview.py checks which).
    latest = {h.label: h.value for h in headlines(load_dataset(ROOT / "data")[0])[0]}
    assert values == latest and len(values) == 7
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    assert "Newest figure" in sidebar and "stated" in sidebar
    assert values["Azerbaijani investment: non-oil"] == "majority"
    assert "the majority non-oil, no figure stated" in " ".join(c.value for c in at.caption)
    captions = " ".join(c.value for c in at.caption)
    shown = headlines(load_dataset(ROOT / "data")[0])[0]
    assert all(escape_markdown(h.attribution) in captions for h in shown)
    links = at.get("page_link")
    assert len(links) == 7 and all(link.proto.label == "Over time" and ", on Over time" in link.proto.help for link in links), (
        "each tile links to its earlier statements"
    )
    assert len(charts(at)) == 2


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_view_renders_with_source_lines(name: str) -> None:
    at = page(name)
    assert not at.exception, at.exception
    assert at.title[0].value == VIEWS[name].title
    if name != "data":
        figures = charts(at)
        assert figures, name
        captions = [c.value for c in at.caption]
        assert sum(c.startswith(("Source", "Sources")) for c in captions) >= len(figures)
        assert sum(c.startswith("Chart description:") for c in captions) == len(figures)


@pytest.mark.parametrize("name", list(CHANGES))
def test_changing_a_control_changes_the_chart_and_the_url(name: str) -> None:
    at = page(name)
    before = chart_data(at)
    param, value = CHANGES[name]
    at.selectbox(key=f"{name}.{param}").set_value(value).run()
    assert not at.exception
    assert chart_data(at) != before
    assert at.query_params[param] == value


@pytest.mark.parametrize("name", list(CHANGES))
def test_url_state_round_trips(name: str) -> None:
    param, value = CHANGES[name]
    first = page(name)
    first.selectbox(key=f"{name}.{param}").set_value(value).run()
    copied = dict(first.query_params)
    reopened = page(name, copied)
    assert not reopened.exception
    assert reopened.selectbox(key=f"{name}.{param}").value == value
    assert chart_data(reopened) == chart_data(first)
    assert not reopened.warning


def test_url_opens_a_specific_partner_view() -> None:
    at = page("investment", {"reporter": "AZE", "partner": "TUR", "period": "as of 2019-07", "sector": "all"})
    assert at.selectbox(key="investment.partner").value == "TUR"
    meta = charts(at)[0]["layout"]["meta"]
    assert "Turkey" in meta["title"] and "T2-tr-az-oil" in meta["claim_ids"]


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "x" * 5000, "../../../etc/passwd", "' OR 1=1 --"])
def test_hostile_query_values_fall_back_with_a_notice(value: str) -> None:
    at = page("partners", {"reporter": value, "period": value, "show": value})
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert len(notices) == 3 and all("showing" in n for n in notices)
    assert all("<script>" not in n and len(n) < 200 for n in notices)
    assert at.selectbox(key="partners.reporter").value == "AZE"
    assert at.query_params["reporter"] == "AZE"


def test_data_view_filters_and_offers_downloads() -> None:
    at = page("data", {"q": "Bocharnikov"})
    assert not at.exception
    table = at.dataframe[0].value
    assert {"R5c", "I4"} <= set(table["Claim"])
    at.selectbox(key="data.indicator").set_value("investment_stock").run()
    narrowed = at.dataframe[0].value
    assert "I4" in set(narrowed["Claim"]) and "R5c" not in set(narrowed["Claim"]) and len(narrowed) < len(table)
    assert at.query_params["indicator"] == "investment_stock" and at.query_params["q"] == "Bocharnikov"
    assert len(at.get("download_button")) == 2


def test_rerun_does_not_reload_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    at = page("partners")
    from econ_ties.store.revisions import Store  # the loader reads revisions from the published store

    calls = []
    monkeypatch.setattr(Store, "dataset", lambda self, number=None: calls.append(number) or (_ for _ in ()).throw(AssertionError("reloaded")))
    at.selectbox(key="partners.show").set_value("share").run()
    assert not at.exception and calls == []


def test_page_named_in_the_query_string_opens_that_view() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params.update({"page": "partners", "show": "rank"})
    at.run()
    assert not at.exception
    assert at.title[0].value == "Partners"
    assert at.selectbox(key="partners.show").value == "rank"


def test_unknown_page_in_the_query_string_gives_a_notice() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["page"] = "<img src=x onerror=alert(1)>"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert any("is not a page" in w.value and "<img" not in w.value for w in at.warning)


def test_data_view_shows_at_most_the_row_limit_and_says_so(monkeypatch) -> None:
    from econ_ties.app import pages

    monkeypatch.setattr(pages, "MAX_TABLE_ROWS", 5)
    at = page("data")
    assert not at.exception
    assert len(at.dataframe[0].value) == 5
    assert any("the first 5 are shown" in c.value for c in at.caption)


def test_the_claims_of_clicked_points_are_read_from_the_chart_selection() -> None:
    from econ_ties.app.components import clicked_claims

    selection = {"selection": {"points": [{"customdata": "S3"}, {"customdata": ["S2"]}, {"x": 2021, "y": 2.9e9}, {"customdata": ""}]}}
    assert clicked_claims(selection) == ["S3", "S2"]  # 1-D and 2-D customdata; points without a claim are skipped
    assert clicked_claims(None) == [] and clicked_claims({"selection": {"points": []}}) == []


def test_an_address_naming_a_claim_opens_the_view_with_that_claims_box() -> None:
    at = page("partners", {"reporter": "AZE", "indicator": "trade_turnover", "period": "2021", "claim": "S3"})
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Trade turnover, Azerbaijan–Russia: \\$2.9B" in text and "third-largest partner" in text  # markdown-escaped $
    assert at.query_params["claim"] == "S3"
    at.selectbox(key="partners.show").set_value("share").run()  # the reader changes the view: the claim's name goes
    assert not at.exception and "claim" not in at.query_params
    # A claim the chart does not draw is not shown, and nothing breaks.
    other = page("partners", {"claim": "S2"})  # an investment claim, not on the trade partners chart
    assert not other.exception
    assert "Cumulative investment" not in " ".join(m.value for m in other.markdown)


def _timeline_events_drawn(at: AppTest) -> list[str]:
    (chart,) = charts(at)
    return [item for trace in chart["data"] if trace.get("type") == "scatter" for item in trace.get("customdata", [])]


def test_timeline_filters_by_years_and_kind_and_keeps_them_in_the_url() -> None:
    at = page("timeline")
    every = _timeline_events_drawn(at)
    at.select_slider(key="timeline.from").set_range("2024", "2025").run()
    at.multiselect(key="timeline.kind").set_value(["incident"]).run()
    assert not at.exception
    shown = _timeline_events_drawn(at)
    assert shown and len(shown) < len(every)
    assert all(item.startswith(("event:ev-2024-", "event:ev-2025-")) for item in shown)
    assert "event:ev-2025-06-27-yekaterinburg-raids" in shown and "event:ev-2025-10-09-dushanbe" not in shown
    assert (at.query_params["from"], at.query_params["to"], at.query_params["kind"]) == ("2024", "2025", "incident")


def test_timeline_link_with_years_and_kinds_reopens_the_same_chart() -> None:
    first = page("timeline", {"from": "2020", "to": "2023", "kind": "conflict,agreement"})
    assert not first.exception and not first.warning
    assert first.select_slider(key="timeline.from").value == ("2020", "2023")
    assert first.multiselect(key="timeline.kind").value == ["agreement", "conflict"]
    reopened = page("timeline", dict(first.query_params))
    assert chart_data(reopened) == chart_data(first)
    assert (reopened.query_params["from"], reopened.query_params["kind"]) == ("2020", "agreement,conflict")


@pytest.mark.parametrize("name", [n for n in VIEWS if n != "data"])
def test_every_chart_lists_its_points_and_picking_one_opens_its_box_as_a_click_does(name: str) -> None:
    """The keyboard's way to a chart's claim box: a list of the chart's bars, dots and events, in words."""
    from econ_ties.app.components import POINT_LIST_LABEL

    at = page(name)
    assert not at.exception
    lists = [box for box in at.selectbox if box.label == POINT_LIST_LABEL]
    drawn = [[m for trace in chart["data"] for m in (trace.get("customdata") or []) if isinstance(m, str) and m] for chart in charts(at)]
    assert len(lists) == sum(1 for marks in drawn if marks) >= 1
    box = lists[0]
    assert box.value is None and list(box.options) and len(box.options) == len(set(drawn[0]))
    box.select(box.options[0]).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "Reported by the" in text or "Parties:" in text, f"{name}: picking '{box.options[0]}' opened no box"
