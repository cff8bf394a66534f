"""The Overview: the headline figures listed in data/headlines.csv, each with its source, a few sentences on the
relationship built from them, and the investment split and turnover by year of Azerbaijan and Russia."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from econ_ties import bundled
from econ_ties.caches import named_cache
from econ_ties.checks.dataset import Dataset
from econ_ties.io.reading import read_csv_file
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import counted, format_claim
from econ_ties.present.charts.investment import investment_sector_chart
from econ_ties.present.charts.over_time import flow_series_chart
from econ_ties.present.charts.provenance import QUALIFIER_TEXT
from econ_ties.present.views.base import ViewSpec, sector_label
from econ_ties.present.views.frames import claims_with_sources, period_display
from econ_ties.present.views.investment import investment_rows
from econ_ties.present.views.memo import memoised
from econ_ties.present.views.over_time import flow_rows, pair_conflicts

HEADLINES_FILE = bundled.headlines_file()
#: The headline list by the path it was read from (a test may point at another file); read once per path.
HEADLINE_IDS = named_cache("headline-ids", key="path of a headlines file", max_entries=4)


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


def headline_ids(path: Path = HEADLINES_FILE) -> tuple[tuple[str, str], ...]:
    """(claim_id, label) pairs from data/headlines.csv, in their `order`."""

    def read() -> tuple[tuple[str, str], ...]:
        table = read_csv_file(path).table.to_pylist()
        ordered = sorted(table, key=lambda r: int(r["order"] or 0))
        return tuple((r["claim_id"].strip(), r["label"].strip()) for r in ordered)

    ids: tuple[tuple[str, str], ...] = HEADLINE_IDS.get_or_compute(path, read)
    return ids


def headlines(dataset: Dataset) -> tuple[list[StatedFigure], list[str]]:
    """The headline figures found in the dataset, and a notice for each listed id that is missing from it."""

    def compute() -> tuple[list[StatedFigure], list[str]]:
        claims = claims_with_sources(dataset).set_index("claim_id", drop=False)
        found, missing = [], []
        for claim_id, label in headline_ids():
            if claim_id not in claims.index:
                missing.append(f"The headline figure {claim_id} ({label}) is not in the published data.")
                continue
            found.append(stated_figure(claims.loc[claim_id], label))
        return found, missing

    return memoised(dataset, "headlines", compute)


def stated_figure(row: pd.Series, label: str) -> StatedFigure:
    """One claim (a row with its source) as a figure a reader can trust: value, qualifier, period, side, who, quote."""
    return StatedFigure(
        claim_id=str(row["claim_id"]),
        label=label,
        # "the majority non-oil" is too long for a metric tile: the tile says "majority", the line under it the rest.
        value="majority" if row["qualifier"] == "majority" else format_claim(row),
        qualifier=(
            f"the majority {sector_label(row['sector']).lower()}, no figure stated"
            if row["qualifier"] == "majority"
            else QUALIFIER_TEXT.get(str(row["qualifier"]), str(row["qualifier"]))
        ),
        period=str(row["period_label"]),
        side=country_name(str(row["reporting_side"])),
        attribution=str(row["attribution"]),
        url=str(row["url"]) if isinstance(row["url"], str) else "",
        quote=str(row["quote"]),
    )


def overview_summary(dataset: Dataset, home: str = "AZE", partner: str = "RUS") -> str:
    """A few plain sentences on the relationship, built from the headline claims (so every number has a source).
    Memoised per dataset: the count of disagreements looks through every conflict of a large revision."""
    return memoised(dataset, f"summary:{home}:{partner}", lambda: _overview_summary(dataset, home, partner))


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
        investment_sector_chart(rows, home="AZE", partner="RUS", period_label=period_display(dataset)(period)),
        flow_series_chart(flows, indicator="trade_turnover", country=country, counterpart=counterpart),
    ]


VIEW = ViewSpec("overview", "Overview", {}, overview_figures, "The headline figures and what they say about the relationship.", ":material/dashboard:")
