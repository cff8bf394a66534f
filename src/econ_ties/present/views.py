"""The dashboard's views as data: what each view shows, which parameters it takes, and how it picks its claims.

`VIEWS` maps a view name (the URL path: overview, partners, investment, over-time, timeline, data) to a `ViewSpec`.
A spec lists its parameters as `ParamSpec`s (default, the allowed choices for a dataset, help text), turns raw values —
from a URL query string, a widget or the `econ-ties snapshot VIEW --param value` command — into valid ones with
`resolve` (unknown or hostile values fall back to the default with a notice, never an exception), and builds its figures
with `figures`. Nothing here imports Streamlit: the pages, the URL state and the snapshot command share this registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.checks.rules.conflicts import find_conflicts
from econ_ties.io.reading import read_csv_file
from econ_ties.model.columnwise import per_distinct, text_isin
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import counted, format_claim, format_date
from econ_ties.model.periods import parse_period
from econ_ties.model.schema import INDICATOR_LABELS, SECTOR_LABELS, Indicator
from econ_ties.present import charts

HEADLINES_FILE = Path(__file__).resolve().parents[3] / "data" / "headlines.csv"
MAX_TEXT_PARAM = 100
ALL = "all"
TRADE_INDICATORS = ("trade_turnover", "exports", "imports", "trade_balance")
FLOW_INDICATORS = ("trade_turnover", "exports", "imports", "trade_balance", "fdi_flow")
STOCK_INDICATOR = "investment_stock"

Choices = Callable[..., list[str]]


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a view. `choices(dataset, chosen)` lists the allowed values given the ones chosen before it;
    a free-text parameter (the table search) has no list and accepts short printable text instead."""

    default: str
    choices: Choices
    help: str
    label: str = ""
    display: Callable[[str], str] = str
    free_text: bool = False


@dataclass(frozen=True)
class ViewSpec:
    name: str
    title: str
    params: dict[str, ParamSpec]
    build: Callable[[Dataset, dict[str, str]], list[go.Figure]]
    description: str = ""
    icon: str = ""

    def resolve(self, dataset: Dataset, raw: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
        """Valid parameters from raw values; anything unknown or malformed becomes the default, with a notice."""
        chosen: dict[str, str] = {}
        notices: list[str] = []
        for name, spec in self.params.items():
            value = raw.get(name)
            if isinstance(value, (list, tuple)):
                value = value[-1] if value else None
            label = spec.label or name
            if spec.free_text:
                text, ok = clean_text(value)
                if not ok:
                    notices.append(f"The {label} in the link could not be used (it must be at most {MAX_TEXT_PARAM} plain characters); it was cleared.")
                chosen[name] = text
                continue
            options = self.choices(dataset, name, chosen)
            fallback = spec.default if spec.default in options else (options[0] if options else spec.default)
            if value is None or str(value) == "":
                chosen[name] = fallback
            elif str(value) in options:
                chosen[name] = str(value)
            else:
                chosen[name] = fallback
                notices.append(f"{shown(value)} is not a {label} this view knows; showing {spec.display(fallback)} instead.")
        return chosen, notices

    def choices(self, dataset: Dataset, name: str, chosen: Mapping[str, str] | None = None) -> list[str]:
        """The allowed values of one parameter given those chosen before it (memoised per dataset: reruns are cheap)."""
        before = tuple((k, v) for k, v in (chosen or {}).items() if k in self.params and list(self.params).index(k) < list(self.params).index(name))
        return list(_memo(dataset, f"choices:{self.name}:{name}:{before!r}", lambda: self.params[name].choices(dataset, dict(before))))

    def figures(self, dataset: Dataset, params: Mapping[str, Any]) -> list[go.Figure]:
        resolved, _ = self.resolve(dataset, params)
        return self.build(dataset, resolved)


def shown(value: Any) -> str:
    """A value from a URL as it may be quoted back to the user: printable, short, in a code span."""
    text = re.sub(r"[^A-Za-z0-9 _.:/+-]", "?", str(value))[:40]
    return f"`{text}{'…' if len(str(value)) > 40 else ''}`"


def clean_text(value: Any) -> tuple[str, bool]:
    """Free text from a URL: at most MAX_TEXT_PARAM printable characters, else cleared (False)."""
    if value is None:
        return "", True
    text = str(value)
    if len(text) > MAX_TEXT_PARAM or any(not ch.isprintable() for ch in text):
        return "", False
    return text.strip(), True


# -- derived frames (memoised per dataset object: a rerun does not recompute them) ----------------------------------


_MEMO: dict[tuple[int, str], tuple[Dataset, Any]] = {}


def _memo(dataset: Dataset, key: str, compute: Callable[[], Any]) -> Any:
    # Keyed by object identity and holding the dataset, so the id cannot be reused while the entry lives.
    entry = _MEMO.get((id(dataset), key))
    if entry is not None and entry[0] is dataset:
        return entry[1]
    if len(_MEMO) > 64:
        _MEMO.clear()
    value = compute()
    _MEMO[(id(dataset), key)] = (dataset, value)
    return value


def claims_with_sources(dataset: Dataset) -> pd.DataFrame:
    return _memo(dataset, "claims", dataset.with_sources)


def pair_conflicts(dataset: Dataset, a: str, b: str) -> pd.DataFrame:
    """The conflicts between `a` and `b`, with their sources, found among the pair's claims alone: a conflict's claims
    share country and counterpart, so these are the pair's rows of all conflicts, in the same order
    (`tests/present/test_views.py` holds the two equal)."""

    def compute() -> pd.DataFrame:
        return dataset.with_sources(find_conflicts(_pair(dataset.claims, a, b)))

    return _memo(dataset, f"conflicts:{a}:{b}", compute)


def primary_statements(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct statement: the same figure repeated word for word by later articles is kept once, from the
    earliest source (the original attribution). Different figures for the same thing all stay."""
    if rows.empty:
        return rows
    same = ["indicator", "country", "counterpart", "sector", "period", "qualifier", "amount", "reporting_side"]
    ordered = rows.assign(_date=rows["date_published"].replace("", "9999")).sort_values(["_date", "claim_id"], kind="stable")
    return ordered.drop_duplicates(subset=same, keep="first").drop(columns="_date").sort_index()


def _periods_latest_first(rows: pd.DataFrame) -> list[str]:
    if rows.empty:
        return []
    ordered = rows.drop_duplicates("period").sort_values(["period_end", "period"], ascending=[False, True], kind="stable")
    return list(ordered["period"])


def _period_display(dataset: Dataset) -> Callable[[str], str]:
    def labels() -> dict[str, str]:
        pairs = claims_with_sources(dataset)[["period", "period_label"]].drop_duplicates("period")
        return dict(zip(pairs["period"], pairs["period_label"], strict=True))

    table: dict[str, str] = _memo(dataset, "period-labels", labels)
    return lambda period: table.get(period, period)


def period_label(period: str) -> str:
    """ "as of 2022-02" → "as of Feb 2022"; text that is not a period is shown as it is."""
    try:
        return parse_period(period).label
    except ValueError:
        return period


def indicator_label(indicator: str) -> str:
    return INDICATOR_LABELS[Indicator(indicator)] if indicator in Indicator._value2member_map_ else indicator


def sector_label(sector: str) -> str:
    return "All sectors" if sector == ALL else SECTOR_LABELS.get(sector, sector)


def _distinct(values: pd.Series) -> list[Any]:
    """The distinct values of a column in order of first appearance (hashed in pandas/Arrow: a million-claim upload
    must not be walked cell by cell in Python)."""
    return list(values.unique())


def _codes_sorted(codes: pd.Series) -> list[str]:
    return sorted({str(c) for c in _distinct(codes)}, key=country_name)


# -- choices ------------------------------------------------------------------------------------------------------------


def _trade(dataset: Dataset) -> pd.DataFrame:
    def compute() -> pd.DataFrame:
        claims = claims_with_sources(dataset)
        return claims[claims["roles"] == "reporter/partner"]

    return _memo(dataset, "trade", compute)


def _reporters(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    trade = _trade(dataset)
    return _codes_sorted(trade.loc[trade["counterpart"] != "WLD", "country"])


def _trade_indicators(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    trade = _trade(dataset)
    if chosen and "reporter" in chosen:
        trade = trade[trade["country"] == chosen["reporter"]]
    present = set(_distinct(trade.loc[trade["counterpart"] != "WLD", "indicator"]))
    return [i for i in TRADE_INDICATORS if i in present]


def _partner_rows(dataset: Dataset, reporter: str, indicator: str) -> pd.DataFrame:
    claims = claims_with_sources(dataset)
    mask = (claims["country"] == reporter) & (claims["indicator"] == indicator) & (claims["sector"] == "total") & (claims["counterpart"] != "WLD")
    return claims[mask]


def _partner_periods(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    chosen = chosen or {}
    if "reporter" in chosen and "indicator" in chosen:
        return _periods_latest_first(_partner_rows(dataset, chosen["reporter"], chosen["indicator"]))
    return _periods_latest_first(_trade(dataset))


def _fixed(*values: str) -> Choices:
    def choices(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
        return list(values)

    return choices


def _investment(dataset: Dataset) -> pd.DataFrame:
    def compute() -> pd.DataFrame:
        claims = claims_with_sources(dataset)
        return claims[claims["indicator"] == STOCK_INDICATOR]

    return _memo(dataset, "investment", compute)


def _investors(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    inv = _investment(dataset)
    return _codes_sorted(pd.concat([inv["country"], inv["counterpart"]]))


def _investment_partners(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    inv = _investment(dataset)
    home = (chosen or {}).get("reporter")
    if home is None:
        return _investors(dataset)
    return _codes_sorted(pd.concat([inv.loc[inv["country"] == home, "counterpart"], inv.loc[inv["counterpart"] == home, "country"]]))


def _pair(rows: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    return rows[((rows["country"] == a) & (rows["counterpart"] == b)) | ((rows["country"] == b) & (rows["counterpart"] == a))]


def _investment_periods(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    chosen = chosen or {}
    inv = _investment(dataset)
    if "reporter" in chosen and "partner" in chosen:
        inv = _pair(inv, chosen["reporter"], chosen["partner"])
    return _periods_latest_first(inv)


def _trade_partners(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    claims = claims_with_sources(dataset)
    reporter = (chosen or {}).get("reporter")
    if reporter is None:
        return _codes_sorted(claims.loc[claims["counterpart"] != "WLD", "counterpart"])
    return _codes_sorted(
        pd.concat([claims.loc[claims["country"] == reporter, "counterpart"], claims.loc[claims["counterpart"] == reporter, "country"]]).loc[
            lambda s: s != "WLD"
        ]
    )


def _flow_indicators(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    claims = claims_with_sources(dataset)
    chosen = chosen or {}
    if "reporter" in chosen and "partner" in chosen:
        claims = _pair(claims, chosen["reporter"], chosen["partner"])
    present = set(_distinct(claims.loc[claims["period_kind"] == "year", "indicator"]))
    return [i for i in FLOW_INDICATORS if i in present]


# The table's choices do not depend on other choices: worked out once per dataset (each looks at every claim).


def _table_indicators(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    def compute() -> list[str]:
        present = set(_distinct(claims_with_sources(dataset)["indicator"]))
        return [ALL, *[i.value for i in Indicator if i.value in present]]

    return list(_memo(dataset, "table-indicators", compute))


def _table_partners(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    def compute() -> list[str]:
        claims = claims_with_sources(dataset)
        return [ALL, *_codes_sorted(pd.concat([claims["country"], claims["counterpart"]]))]

    return list(_memo(dataset, "table-partners", compute))


def _table_sectors(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    def compute() -> list[str]:
        present = _distinct(claims_with_sources(dataset)["sector"])
        basic = [s for s in SECTOR_LABELS if s in present]
        return [ALL, *basic, *sorted(s for s in present if s not in basic)]

    return list(_memo(dataset, "table-sectors", compute))


def _no_choices(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    return []


# -- the views' figures ---------------------------------------------------------------------------------------------------


def flow_rows(dataset: Dataset, reporter: str, partner: str, indicator: str) -> tuple[pd.DataFrame, str, str]:
    """Yearly and part-year statements of a flow between two parties, in the direction the data states it."""
    claims = claims_with_sources(dataset)
    base = claims[(claims["indicator"] == indicator) & (claims["sector"] == "total")]
    forward = base[(base["country"] == reporter) & (base["counterpart"] == partner)]
    if forward.empty:
        backward = base[(base["country"] == partner) & (base["counterpart"] == reporter)]
        if not backward.empty:
            return primary_statements(backward), partner, reporter
    return primary_statements(forward), reporter, partner


def partner_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    reporter, indicator, period = params["reporter"], params["indicator"], params["period"]
    rows = primary_statements(_partner_rows(dataset, reporter, indicator))
    rows = rows[rows["period"] == period]
    claims = claims_with_sources(dataset)
    label = _period_display(dataset)(period)
    totals = claims[
        (claims["country"] == reporter)
        & (claims["counterpart"] == "WLD")
        & (claims["indicator"] == indicator)
        & (claims["period"] == period)
        & (claims["sector"] == "total")
    ]
    total = totals.sort_values("claim_id").iloc[0] if not totals.empty else None
    if params["show"] == "rank":
        ranks = claims[(claims["country"] == reporter) & (claims["indicator"] == "trade_partner_rank") & (claims["period"] == period)]
        return [charts.partner_rank_chart(primary_statements(ranks), reporter=reporter, period_label=label)]
    return [charts.partner_comparison_chart(rows, reporter=reporter, indicator=indicator, period_label=label, show=params["show"], total=total)]


def investment_rows(dataset: Dataset, home: str, partner: str, period: str) -> pd.DataFrame:
    inv = _pair(_investment(dataset), home, partner)
    return primary_statements(inv[inv["period"] == period])


def investment_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    home, partner, period = params["reporter"], params["partner"], params["period"]
    rows = investment_rows(dataset, home, partner, period)
    return [charts.investment_sector_chart(rows, home=home, partner=partner, period_label=_period_display(dataset)(period), sector=params["sector"])]


def over_time_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    reporter, partner, indicator = params["reporter"], params["partner"], params["indicator"]
    flows, country, counterpart = flow_rows(dataset, reporter, partner, indicator)
    stocks = _pair(_investment(dataset), reporter, partner)
    stocks = primary_statements(stocks[stocks["sector"] == "total"])
    conflicts = pair_conflicts(dataset, reporter, partner)
    return [
        charts.flow_series_chart(flows, indicator=indicator, country=country, counterpart=counterpart),
        charts.stock_statements_chart(stocks, home=reporter, partner=partner),
        charts.conflicts_chart(conflicts),
    ]


def timeline_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    reporter, partner = params["reporter"], params["partner"]
    events = [e for e in dataset.events if reporter in e.parties or partner in e.parties]
    series = None
    if params["overlay"] == "turnover":
        series, _, _ = flow_rows(dataset, reporter, partner, "trade_turnover")
    return [charts.timeline_chart(events, series=series, series_label="Trade turnover", sources=dataset.sources)]


# -- overview ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatedFigure:
    """One claim as a reader sees it, with everything needed to trust it: a headline tile, or a clicked bar's claim."""

    claim_id: str
    label: str
    value: str
    qualifier: str
    period: str
    side: str
    attribution: str
    url: str
    quote: str


@lru_cache(maxsize=4)
def headline_ids(path: Path = HEADLINES_FILE) -> tuple[tuple[str, str], ...]:
    """(claim_id, label) pairs from data/headlines.csv, in their `order`."""
    table = read_csv_file(path).table.to_pylist()
    ordered = sorted(table, key=lambda r: int(r["order"] or 0))
    return tuple((r["claim_id"].strip(), r["label"].strip()) for r in ordered)


def headlines(dataset: Dataset) -> tuple[list[StatedFigure], list[str]]:
    """The headline figures found in the dataset, and a notice for each listed id that is missing from it."""

    def compute() -> tuple[list[StatedFigure], list[str]]:
        claims = claims_with_sources(dataset).set_index("claim_id", drop=False)
        found, missing = [], []
        for claim_id, label in headline_ids():
            if claim_id not in claims.index:
                missing.append(f"The headline figure {claim_id} ({label}) is not in the published data.")
                continue
            found.append(_stated(claims.loc[claim_id], label))
        return found, missing

    return _memo(dataset, "headlines", compute)


def _stated(row: pd.Series, label: str) -> StatedFigure:
    """One claim (a row with its source) as a figure a reader can trust: value, qualifier, period, side, who, quote."""
    return StatedFigure(
        claim_id=str(row["claim_id"]),
        label=label,
        # "the majority non-oil" is too long for a metric tile: the tile says "majority", the line under it the rest.
        value="majority" if row["qualifier"] == "majority" else format_claim(row),
        qualifier=(
            f"the majority {sector_label(row['sector']).lower()}, no figure stated"
            if row["qualifier"] == "majority"
            else charts.QUALIFIER_TEXT.get(str(row["qualifier"]), str(row["qualifier"]))
        ),
        period=str(row["period_label"]),
        side=country_name(str(row["reporting_side"])),
        attribution=str(row["attribution"]),
        url=str(row["url"]) if isinstance(row["url"], str) else "",
        quote=str(row["quote"]),
    )


# -- what a click on a chart leads to -----------------------------------------------------------------------------------

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
        between = charts.direction_label(a, b) if row["roles"] == "investor/host" else f"{country_name(a)}–{country_name(b)}"
        sector = "" if row["sector"] == "total" else f", {sector_label(str(row['sector'])).lower()}"
        found.append((_stated(row, f"{indicator_label(str(row['indicator']))}{sector}, {between}"), _links(dataset, view, row, shown or {})))
    return found


def _links(dataset: Dataset, view: str, row: pd.Series, shown: Mapping[str, str]) -> list[Link]:
    a, b, indicator = str(row["country"]), str(row["counterpart"]), str(row["indicator"])
    pair = f"{country_name(a)} and {country_name(b)}"
    wanted = []
    sector = str(row["sector"])
    if view == "investment" and indicator == STOCK_INDICATOR and shown.get("sector", ALL) != sector:
        wanted.append(Link(f"Show only {sector_label(sector).lower()} investment here", "investment", {**shown, "sector": sector}))
    if indicator in FLOW_INDICATORS and view != "over-time":
        wanted.append(Link(f"{indicator_label(indicator)} between {pair}, year by year", "over-time", {"reporter": a, "partner": b, "indicator": indicator}))
    if indicator == STOCK_INDICATOR:
        if view != "investment":
            wanted.append(
                Link(f"Investment between {pair}, {row['period_label']}, by sector", "investment", {"reporter": a, "partner": b, "period": str(row["period"])})
            )
        if view != "over-time":
            # Over time draws the statements of both directions: whichever way round the view accepts the pair.
            wanted += [Link(f"Every investment statement between {pair}", "over-time", {"reporter": x, "partner": y}) for x, y in ((a, b), (b, a))]
    wanted.append(Link(f"Claim {row['claim_id']} in Data & sources", "data", {"q": str(row["claim_id"])}))
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


def events_behind(dataset: Dataset, marks: Sequence[str]) -> list[EventCard]:
    """The events named by clicked timeline markers ("event:<id>"), each once, in the order clicked."""
    by_id = {e.event_id: e for e in dataset.events}
    cards = []
    for mark in dict.fromkeys(marks):
        event = by_id.get(mark.removeprefix(charts.EVENT_PREFIX)) if mark.startswith(charts.EVENT_PREFIX) else None
        if event is None:
            continue
        source = dataset.sources.get(event.source_id)
        cards.append(
            EventCard(
                event_id=event.event_id,
                date=format_date(event.date),
                title=event.title,
                description=event.description,
                parties=", ".join(country_name(p) for p in event.parties),
                attribution=source.attribution if source is not None else event.source_id,
                url=source.url if source is not None else "",
            )
        )
    return cards


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


def overview_summary(dataset: Dataset, home: str = "AZE", partner: str = "RUS") -> str:
    """A few plain sentences on the relationship, built from the headline claims (so every number has a source).
    Memoised per dataset: the count of disagreements looks through every conflict of a large revision."""
    return _memo(dataset, f"summary:{home}:{partner}", lambda: _overview_summary(dataset, home, partner))


def _overview_summary(dataset: Dataset, home: str, partner: str) -> str:
    found = {h.claim_id: h for h in headlines(dataset)[0]}
    sentences = []
    if {"S4-ru-az", "S4-ru-az-oil", "S4-ru-az-nonoil"} <= found.keys():
        total, oil, non_oil = found["S4-ru-az"], found["S4-ru-az-oil"], found["S4-ru-az-nonoil"]
        sentences.append(
            f"Russian investment in Azerbaijan's economy stood at {total.value} {total.period} — {oil.value} in oil and {non_oil.value} outside it — "
            f"by the account of the {total.side} side."
        )
    if "S4-az-ru" in found:
        az = found["S4-az-ru"]
        majority = " , the majority of it outside the oil sector" if "S4-az-ru-nonoil" in found else ""
        sentences.append(
            f"Investment the other way, Azerbaijani money in Russia, is much smaller: {az.value}{majority.strip()}. That is a lower bound, not an exact figure."
        )
    if "S3" in found:
        rank = f", making Russia Azerbaijan's {found['S3-rank'].value}-largest trade partner" if "S3-rank" in found else ""
        sentences.append(f"Trade between the two countries was {found['S3'].value} in {found['S3'].period}{rank}.")
    pair = pair_conflicts(dataset, home, partner)
    if not pair.empty:
        sentences.append(
            f"Officials of the two countries do not always agree: {counted(pair['conflict'].nunique(), 'figure is', 'figures are')} stated differently by different sources; "
            "the Over time view shows them side by side."
        )
    return " ".join(sentences).replace(" ,", ",")


def overview_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    claims = claims_with_sources(dataset)
    period = "as of 2022-02"
    match = claims.loc[claims["claim_id"] == "S4-ru-az", "period"]
    if len(match):
        period = str(match.iloc[0])
    rows = investment_rows(dataset, "AZE", "RUS", period)
    flows, country, counterpart = flow_rows(dataset, "AZE", "RUS", "trade_turnover")
    return [
        charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label=_period_display(dataset)(period)),
        charts.flow_series_chart(flows, indicator="trade_turnover", country=country, counterpart=counterpart),
    ]


# -- data & sources table -----------------------------------------------------------------------------------------------------

TABLE_COLUMNS = {
    "claim_id": "Claim",
    "figure": "Figure",
    "indicator_label": "Indicator",
    "between": "Between",
    "sector_label": "Sector",
    "period_label": "Period",
    "qualifier": "Qualifier",
    "side": "Reported by",
    "speaker": "Speaker",
    "publisher": "Publisher",
    "date_published": "Published",
    "url": "Source link",
    "quote": "Quote",
    "flags": "Flags",
}


def _texts(values: np.ndarray) -> pd.arrays.ArrowStringArray:
    return pd.array(values, dtype="str")


_FIGURE_INPUTS = ["qualifier", "measure", "value", "amount", "decimals", "multiplier", "currency"]
_SEARCHED = ["claim_id", "figure", "indicator_label", "between", "period_label", "speaker", "publisher", "quote"]


def claims_table(dataset: Dataset) -> pd.DataFrame:
    """Every claim as people read it: formatted figure, qualifier, who said it, the quote, the link and its flags.

    Built column by column, each text formatted once per distinct input (`per_distinct`), so a million-claim revision
    costs seconds, not minutes."""

    def compute() -> pd.DataFrame:
        claims = claims_with_sources(dataset)
        conflicted = dataset.conflicts()["claim_id"]  # the ids alone: no join with the sources
        flag_inputs = pd.DataFrame(
            {
                "uncertain": claims["uncertain"].fillna(False).astype(bool).to_numpy(),
                "conflict": text_isin(claims["claim_id"], conflicted),
                "bound": claims["qualifier"].isin(["at_least", "at_most"]).to_numpy(),
            }
        )
        return pd.DataFrame(
            {
                "claim_id": claims["claim_id"],
                "figure": _texts(per_distinct(claims, _FIGURE_INPUTS, format_claim)),
                "indicator_label": _texts(per_distinct(claims, ["indicator"], lambda r: indicator_label(r["indicator"]))),
                "between": _texts(per_distinct(claims, ["country", "counterpart"], lambda r: charts.direction_label(r["country"], r["counterpart"]))),
                "sector_label": _texts(per_distinct(claims, ["sector"], lambda r: sector_label(r["sector"]))),
                "period_label": claims["period_label"],
                "qualifier": _texts(per_distinct(claims, ["qualifier"], lambda r: charts.QUALIFIER_TEXT.get(r["qualifier"], r["qualifier"]))),
                "side": _texts(per_distinct(claims, ["reporting_side"], lambda r: country_name(r["reporting_side"]))),
                "speaker": _texts(
                    per_distinct(
                        claims, ["speaker_role", "speaker"], lambda r: " ".join(p for p in (charts._text(r["speaker_role"]), charts._text(r["speaker"])) if p)
                    )
                ),
                "publisher": claims["publisher"],
                "date_published": claims["date_published"],
                "url": claims["url"],
                "quote": claims["quote"],
                "flags": _texts(
                    per_distinct(flag_inputs, ["uncertain", "conflict", "bound"], lambda r: ", ".join(f for f in ("uncertain", "conflict", "bound") if r[f]))
                ),
                # raw columns kept for filtering
                "indicator": claims["indicator"],
                "country": claims["country"],
                "counterpart": claims["counterpart"],
                "sector": claims["sector"],
            },
            index=claims.index,
        )

    return _memo(dataset, "table", compute)


def _search_text(dataset: Dataset) -> pd.Series:
    """What the table's search looks in: the shown columns of each row as one case-folded text (built on the first
    search, column by column)."""

    def compute() -> pd.Series:
        table = claims_table(dataset)
        text = table[_SEARCHED[0]].astype(str).fillna("")
        for column in _SEARCHED[1:]:
            text = text + " " + table[column].astype(str).fillna("")
        return text.str.casefold()

    return _memo(dataset, "search", compute)


def filter_claims_table(dataset: Dataset, params: Mapping[str, str]) -> pd.DataFrame:
    """The table rows a user's filters keep (search text matches any shown column, case-insensitive, as plain text)."""
    table = claims_table(dataset)
    masks = []
    if params.get("indicator", ALL) != ALL:
        masks.append(table["indicator"] == params["indicator"])
    if params.get("partner", ALL) != ALL:
        masks.append((table["country"] == params["partner"]) | (table["counterpart"] == params["partner"]))
    if params.get("sector", ALL) != ALL:
        masks.append(table["sector"] == params["sector"])
    query = (params.get("q") or "").casefold().strip()
    if query:
        masks.append(_search_text(dataset).str.contains(query, regex=False))
    if not masks:
        return table  # no filter: the table itself, not a copy of every row (read only, like every memoised frame)
    mask = np.logical_and.reduce([m.to_numpy(dtype=bool) for m in masks])
    return table[mask]


def table_for_download(table: pd.DataFrame) -> pd.DataFrame:
    return table[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)


# -- the registry -------------------------------------------------------------------------------------------------------------


def _reporter_param(default: str = "AZE", choices: Choices = _reporters, label: str = "reporter") -> ParamSpec:
    return ParamSpec(default, choices, "The country whose figures are shown", label=label, display=country_name)


def _views() -> dict[str, ViewSpec]:
    specs: Sequence[ViewSpec] = (
        ViewSpec("overview", "Overview", {}, overview_figures, "The headline figures and what they say about the relationship.", ":material/dashboard:"),
        ViewSpec(
            "partners",
            "Partners",
            {
                "reporter": _reporter_param(),
                "indicator": ParamSpec("trade_turnover", _trade_indicators, "What is compared", label="indicator", display=indicator_label),
                "period": ParamSpec("2021", _partner_periods, "The period the figures are about", label="period", display=period_label),
                "show": ParamSpec(
                    "value",
                    _fixed("value", "share", "rank"),
                    "Values, shares of the reporter's total, or the partners' stated rank",
                    label="display",
                    display=lambda v: {"value": "Values", "share": "Shares of total", "rank": "Stated rank"}.get(v, v),
                ),
            },
            partner_figures,
            "One reporter's partners on one indicator and period: as values, as shares of the reporter's total, or by stated rank.",
            ":material/leaderboard:",
        ),
        ViewSpec(
            "investment",
            "Investment & sectors",
            {
                "reporter": _reporter_param(choices=_investors, label="country"),
                "partner": ParamSpec("RUS", _investment_partners, "The other country", label="partner", display=country_name),
                "period": ParamSpec("as of 2022-02", _investment_periods, "The date the investment stock is stated as of", label="as of", display=period_label),
                "sector": ParamSpec(ALL, _fixed(ALL, "total", "oil", "non_oil"), "Which sector to show", label="sector", display=sector_label),
            },
            investment_figures,
            "Investment in both directions, split into oil and non-oil where the parts are stated.",
            ":material/account_balance:",
        ),
        ViewSpec(
            "over-time",
            "Over time",
            {
                "reporter": _reporter_param(),
                "partner": ParamSpec("RUS", _trade_partners, "The other country", label="partner", display=country_name),
                "indicator": ParamSpec("trade_turnover", _flow_indicators, "The yearly flow to plot", label="indicator", display=indicator_label),
            },
            over_time_figures,
            "A flow by year, investment-stock statements by date, and the figures sources disagree on.",
            ":material/timeline:",
        ),
        ViewSpec(
            "timeline",
            "Timeline",
            {
                "reporter": _reporter_param(),
                "partner": ParamSpec("RUS", _trade_partners, "The other country", label="partner", display=country_name),
                "overlay": ParamSpec(
                    "turnover",
                    _fixed("turnover", "none"),
                    "Draw the events over the yearly turnover",
                    label="overlay",
                    display=lambda v: {"turnover": "Over trade turnover", "none": "Events only"}.get(v, v),
                ),
            },
            timeline_figures,
            "The dated events, optionally over the turnover by year.",
            ":material/event:",
        ),
        ViewSpec(
            "data",
            "Data & sources",
            {
                "q": ParamSpec("", _no_choices, "Search claims, quotes, speakers and publishers", label="search", free_text=True),
                "indicator": ParamSpec(
                    ALL,
                    _table_indicators,
                    "Only claims about this indicator",
                    label="indicator",
                    display=lambda v: "All indicators" if v == ALL else indicator_label(v),
                ),
                "partner": ParamSpec(
                    ALL,
                    _table_partners,
                    "Only claims involving this country",
                    label="country",
                    display=lambda v: "All countries" if v == ALL else country_name(v),
                ),
                "sector": ParamSpec(ALL, _table_sectors, "Only claims about this sector", label="sector", display=sector_label),
            },
            lambda dataset, params: [],
            "Every claim with its quote, source link, qualifier and flags; download as CSV.",
            ":material/table:",
        ),
    )
    return {spec.name: spec for spec in specs}


VIEWS: dict[str, ViewSpec] = _views()
DEFAULT_VIEW = "overview"
