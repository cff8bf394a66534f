"""What a click on a chart leads to: the claims behind the clicked points with their quote and source and where to look
next (`claims_behind`, `Link`), the events behind clicked timeline markers (`events_behind`), and the parameters under
which a view draws some given claims (`params_showing`, which an upload's preview opens on). `point_choices` lists a
chart's points in words, so that a reader on the keyboard opens the same box from a list instead of a click."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.io.publishers.format import valuation_of
from econ_ties.language import _, current
from econ_ties.model.columnwise import text_isin
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim, format_date
from econ_ties.model.translated import text_in
from econ_ties.present.charts.provenance import EVENT_PREFIX, direction_label, who_said
from econ_ties.present.views import VIEWS
from econ_ties.present.views.base import ALL, indicator_label, sector_label
from econ_ties.present.views.frames import FLOW_INDICATORS, STOCK_INDICATOR, TRADE_INDICATORS, claims_with_sources
from econ_ties.present.views.memo import memoised
from econ_ties.present.views.overview import StatedFigure, stated_figure

#: A click selects one point; a few are shown if several come at once (each bar or dot names its claim).
MAX_CLAIMS_SHOWN = 5


@dataclass(frozen=True)
class Link:
    """A view with its parameters, to open from a clicked figure (always parameters the view accepts as they are)."""

    label: str
    view: str
    params: dict[str, str]


def claims_behind(dataset: Dataset, view: str, claim_ids: Sequence[str], shown: Mapping[str, str] | None = None) -> list[tuple[StatedFigure, list[Link]]]:
    """The claims behind the points a reader clicked in `view` (in the order clicked, each once, unknown ids left out),
    each with its quote and source, and where to look next: the pair over time, the investment split, the claim in
    the table. `shown` are the view's parameters as drawn: a link back to the same view changes only what it names
    (on Investment & sectors, a clicked sector's bar offers that sector alone)."""
    wanted = list(dict.fromkeys(str(i) for i in claim_ids))
    claims = claims_with_sources(dataset)
    picked = claims[text_isin(claims["claim_id"], wanted)].drop_duplicates("claim_id").set_index("claim_id", drop=False)
    found: list[tuple[StatedFigure, list[Link]]] = []
    for claim_id in wanted:
        if claim_id not in picked.index or len(found) == MAX_CLAIMS_SHOWN:
            continue
        row = picked.loc[claim_id]
        a, b = str(row["country"]), str(row["counterpart"])
        between = direction_label(a, b) if row["roles"] == "investor/host" else f"{country_name(a)}–{country_name(b)}"
        sector = "" if row["sector"] == "total" else f", {sector_label(str(row['sector'])).lower()}"
        found.append((stated_figure(row, f"{indicator_label(str(row['indicator']))}{sector}, {between}"), _links(dataset, view, row, shown or {})))
    return found


def _links(dataset: Dataset, view: str, row: pd.Series, shown: Mapping[str, str]) -> list[Link]:
    a, b, indicator = str(row["country"]), str(row["counterpart"]), str(row["indicator"])
    pair = _("{country} and {counterpart}").format(country=country_name(a), counterpart=country_name(b))
    wanted = []
    sector = str(row["sector"])
    if view == "investment" and indicator == STOCK_INDICATOR and shown.get("sector", ALL) != sector:
        wanted.append(Link(_("Show only {sector} investment here").format(sector=sector_label(sector).lower()), "investment", {**shown, "sector": sector}))
    if indicator in FLOW_INDICATORS and view != "over-time":
        wanted.append(
            Link(
                _("{indicator} between {pair}, year by year").format(indicator=indicator_label(indicator), pair=pair),
                "over-time",
                {"reporter": a, "partner": b, "indicator": indicator},
            )
        )
    if indicator == STOCK_INDICATOR:
        if view != "investment":
            wanted.append(
                Link(
                    _("Investment between {pair}, {period}, by sector").format(pair=pair, period=row["period_label"]),
                    "investment",
                    {"reporter": a, "partner": b, "period": str(row["period"])},
                )
            )
        if view != "over-time":
            # Over time draws the statements of both directions: whichever way round the view accepts the pair.
            wanted += [
                Link(_("Every investment statement between {pair}").format(pair=pair), "over-time", {"reporter": x, "partner": y}) for x, y in ((a, b), (b, a))
            ]
    wanted.append(Link(_("Claim {claim} in Data & sources").format(claim=row["claim_id"]), "data", {"q": str(row["claim_id"])}))
    # Only links that open exactly what they say: a view that would swap a parameter for its default is left out.
    links: list[Link] = []
    for link in wanted:
        if _as_given(dataset, link.view, link.params) is not None and link.label not in {other.label for other in links}:
            links.append(link)
    return links


@dataclass(frozen=True)
class EventCard:
    """A clicked event on the timeline with where it is reported."""

    event_id: str
    date: str
    title: str
    description: str
    parties: str
    attribution: str
    url: str
    #: the source's title in the reader's language (its English title where not translated yet)
    source_title: str = ""


def events_behind(dataset: Dataset, marks: Sequence[str]) -> list[EventCard]:
    """The events named by clicked timeline markers ("event:<id>"), each once, in the order clicked."""
    by_id = {e.event_id: e for e in dataset.events}
    cards = []
    for mark in dict.fromkeys(marks):
        event = by_id.get(mark.removeprefix(EVENT_PREFIX)) if mark.startswith(EVENT_PREFIX) else None
        if event is None:
            continue
        source = dataset.sources.get(event.source_id)
        cards.append(
            EventCard(
                event_id=event.event_id,
                date=format_date(event.date),
                title=text_in(event, "title", current())[0],
                description=text_in(event, "description", current())[0],
                parties=", ".join(country_name(p) for p in event.parties),
                attribution=source.attribution if source is not None else event.source_id,
                url=source.url if source is not None else "",
                source_title=text_in(source, "title", current())[0] if source is not None else "",
            )
        )
    return cards


#: The most points a chart's "show the source of…" list names (a preview of a large download draws many).
MAX_POINTS_LISTED = 500


def point_choices(dataset: Dataset, marks: Sequence[str]) -> dict[str, str]:
    """The points a chart draws (what its `customdata` names: claim ids, "event:<id>"), each with one line that says
    which figure or event it is, in the order drawn: a list the keyboard can pick from instead of clicking a bar.
    Memoised per dataset and marks: finding the marks among a million claims must not cost every rerun of a page."""
    marks = tuple(str(m) for m in marks)
    key = "points:" + hashlib.sha256("\x1f".join(marks).encode()).hexdigest()
    return memoised(dataset, key, lambda: _point_choices(dataset, marks))


def _point_choices(dataset: Dataset, marks: Sequence[str]) -> dict[str, str]:
    wanted = list(dict.fromkeys(str(m) for m in marks if m))[:MAX_POINTS_LISTED]
    events = {
        f"{EVENT_PREFIX}{card.event_id}": f"{card.date}: {card.title}" for card in events_behind(dataset, [m for m in wanted if m.startswith(EVENT_PREFIX)])
    }
    claims = claims_with_sources(dataset)
    picked = claims[text_isin(claims["claim_id"], [m for m in wanted if m not in events])].drop_duplicates("claim_id").set_index("claim_id", drop=False)
    choices: dict[str, str] = {}
    for mark in wanted:
        if mark in events:
            choices[mark] = events[mark]
        elif mark in picked.index:
            row = picked.loc[mark]
            a, b = str(row["country"]), str(row["counterpart"])
            between = direction_label(a, b) if row["roles"] == "investor/host" else f"{country_name(a)}–{country_name(b)}"
            sector = "" if row["sector"] == "total" else f", {sector_label(str(row['sector'])).lower()}"
            valued = f" ({valuation})" if (valuation := valuation_of(str(row.get("notes") or ""))) else ""
            choices[mark] = f"{indicator_label(str(row['indicator']))}{valued}{sector}, {between}, {row['period_label']}: {format_claim(row)} ({who_said(row)})"
    return choices


#: How a claim's columns name a view's parameters (each view uses those it has).
_CLAIM_PARAMS = {"reporter": "country", "partner": "counterpart", "indicator": "indicator", "period": "period"}
#: The indicators each view draws; a view's choices are worked out over every claim, so only likely fits are tried.
_DRAWN_INDICATORS = {"partners": TRADE_INDICATORS, "over-time": FLOW_INDICATORS, "investment": (STOCK_INDICATOR,), "timeline": ("trade_turnover",)}
_MOST_TRIED = 5


def params_showing(dataset: Dataset, view: str, claims: pd.DataFrame) -> dict[str, str]:
    """Parameters under which `view` draws some of `claims` (an upload's, say): the most frequent combination of their
    pair, indicator and period that the view accepts as it is; the view's defaults when none fits."""
    spec = VIEWS[view]
    columns = [column for name, column in _CLAIM_PARAMS.items() if name in spec.params]
    if view in _DRAWN_INDICATORS and not claims.empty:
        claims = claims[text_isin(claims["indicator"], list(_DRAWN_INDICATORS[view]))]
    if claims.empty or not columns:
        return spec.resolve(dataset, {})[0]
    combinations = claims.groupby(columns, observed=True, sort=False).size().sort_values(ascending=False, kind="stable")
    names = [name for name in _CLAIM_PARAMS if name in spec.params]
    for values in combinations.index[:_MOST_TRIED]:
        wanted = dict(zip(names, (str(v) for v in (values if isinstance(values, tuple) else (values,))), strict=True))
        accepted = _as_given(dataset, view, wanted)
        if accepted is not None:
            return accepted
    return spec.resolve(dataset, {})[0]


def _as_given(dataset: Dataset, view: str, params: Mapping[str, str]) -> dict[str, str] | None:
    """The view's full parameters when it accepts `params` exactly as they are; None when it would change any."""
    resolved, notices = VIEWS[view].resolve(dataset, params)
    return resolved if not notices and all(resolved[name] == value for name, value in params.items()) else None
