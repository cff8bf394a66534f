"""The Overview: the headline figures listed in data/headlines.csv, each with its source, a few sentences on the
relationship built from them, and the investment split and turnover by year of Azerbaijan and Russia."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from econ_ties import bundled
from econ_ties.caches import named_cache
from econ_ties.checks.dataset import Dataset
from econ_ties.io.reading import read_csv_file
from econ_ties.language import N_, _, current, n_
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim, format_date, format_number
from econ_ties.model.translated import text_in
from econ_ties.present.charts.investment import investment_sector_chart
from econ_ties.present.charts.over_time import flow_series_chart
from econ_ties.present.charts.provenance import qualifier_text
from econ_ties.present.views.base import ViewSpec, sector_label
from econ_ties.present.views.frames import claims_with_sources, period_display
from econ_ties.present.views.investment import investment_rows
from econ_ties.present.views.memo import memoised
from econ_ties.present.views.over_time import flow_rows, pair_conflicts

HEADLINES_FILE = bundled.headlines_file()
#: The headline list by the path it was read from (a test may point at another file); read once per path.
HEADLINE_LIST = named_cache("headline-list", key="path of a headlines file", max_entries=4)
#: A figure about a period that ended longer ago than this is history, and its tile says so.
STALE_AFTER = dt.timedelta(days=2 * 365)
#: Indicators stated the same whichever side is named first: a headline on them takes either side's statement.
SYMMETRIC_INDICATORS = frozenset({"trade_turnover"})


@dataclass(frozen=True)
class Headline:
    """One line of data/headlines.csv: a measure (indicator, the two parties, a sector) whose latest figure a tile shows."""

    key: str
    label: str
    indicator: str
    country: str
    counterpart: str
    sector: str
    #: the label in Azerbaijani and in Russian ("" where not translated yet; `model.translated.text_in` reads them)
    label_az: str = ""
    label_ru: str = ""


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
    #: an English translation of a quote that is not in English ("" when the quote is English)
    quote_en: str = ""
    #: the day of the statement, as a source line writes it ("2 Mar 2026"), or "" when the source has no date
    stated_on: str = ""
    #: for a headline: which of its measure's statements this is, and how many there are
    statements: int = 1
    #: for a headline: a sentence saying the figure is more than two years old, or ""
    age_note: str = ""
    #: the measure's key in data/headlines.csv (headlines only)
    key: str = ""
    #: the source's title in the reader's language (its English title where not translated yet)
    source_title: str = ""


def headline_list(path: Path = HEADLINES_FILE) -> tuple[Headline, ...]:
    """The measures of data/headlines.csv, in their `order`."""

    def read() -> tuple[Headline, ...]:
        table = read_csv_file(path).table.to_pylist()
        ordered = sorted(table, key=lambda r: int(r["order"] or 0))
        fields = ("key", "label", "indicator", "country", "counterpart", "sector", "label_az", "label_ru")
        return tuple(Headline(**{f: str(r.get(f) or "").strip() for f in fields}) for r in ordered)

    found: tuple[Headline, ...] = HEADLINE_LIST.get_or_compute(path, read)
    return found


def measure_rows(claims: pd.DataFrame, headline: Headline) -> pd.DataFrame:
    """Every statement of a headline's measure (either side first, for turnover), latest figure first: the latest
    period, then the latest statement of it, then the claim id (so the choice never depends on row order)."""
    pair = (claims["country"] == headline.country) & (claims["counterpart"] == headline.counterpart)
    if headline.indicator in SYMMETRIC_INDICATORS:
        pair |= (claims["country"] == headline.counterpart) & (claims["counterpart"] == headline.country)
    rows = claims[pair & (claims["indicator"] == headline.indicator) & (claims["sector"] == headline.sector)]
    return rows.sort_values(["period_end", "date_published", "claim_id"], ascending=[False, False, True], kind="stable")


def headlines(dataset: Dataset, today: dt.date | None = None) -> tuple[list[StatedFigure], list[str]]:
    """The latest stated figure of each headline measure, and a notice for each measure with no figure at all."""
    today = today or dt.date.today()

    def compute() -> tuple[list[StatedFigure], list[str]]:
        claims = claims_with_sources(dataset)
        found, missing = [], []
        for headline in headline_list():
            rows = measure_rows(claims, headline)
            if rows.empty:
                missing.append(_("No figure for the headline “{label}” is in the published data.").format(label=text_in(headline, "label", current())[0]))
                continue
            latest = rows.iloc[0]
            figure = stated_figure(latest, text_in(headline, "label", current())[0])
            ended = pd.Timestamp(latest["period_end"]).date()
            age_note = _("More than two years old ({period}).").format(period=figure.period) if today - ended > STALE_AFTER else ""
            found.append(replace(figure, statements=len(rows), age_note=age_note, key=headline.key))
        return found, missing

    return memoised(dataset, f"headlines:{today.isoformat()}", compute)


def data_currency(dataset: Dataset) -> str:
    """How current the data is, for the sidebar: the newest figure's period and the day it was stated."""

    def compute() -> str:
        claims = claims_with_sources(dataset)
        if claims.empty:
            return _("No figures published yet.")
        newest = claims.sort_values(["period_end", "date_published", "claim_id"], ascending=[False, False, True], kind="stable").iloc[0]
        stated = _stated_on(newest)
        if stated:
            return _("Newest figure: {period}, stated {day} ({publisher}).").format(period=newest["period_label"], day=stated, publisher=newest["publisher"])
        return _("Newest figure: {period}, statement date not recorded ({publisher}).").format(period=newest["period_label"], publisher=newest["publisher"])

    return memoised(dataset, "data-currency", compute)


def _stated_on(row: pd.Series) -> str:
    text = row["date_published"]
    return format_date(dt.date.fromisoformat(text)) if isinstance(text, str) and text else ""


def stated_figure(row: pd.Series, label: str) -> StatedFigure:
    """One claim (a row with its source) as a figure a reader can trust: value, qualifier, period, side, who, quote."""
    return StatedFigure(
        claim_id=str(row["claim_id"]),
        label=label,
        # "the majority non-oil" is too long for a metric tile: the tile says "majority", the line under it the rest.
        value=_("majority") if row["qualifier"] == "majority" else format_claim(row),
        qualifier=(
            _("the majority {sector}, no figure stated").format(sector=sector_label(row["sector"]).lower())
            if row["qualifier"] == "majority"
            else qualifier_text(row["qualifier"])
        ),
        period=str(row["period_label"]),
        side=country_name(str(row["reporting_side"])),
        attribution=str(row["attribution"]),
        url=str(row["url"]) if isinstance(row["url"], str) else "",
        quote=str(row["quote"]),
        quote_en=str(row["quote_en"]) if isinstance(row.get("quote_en"), str) else "",
        stated_on=_stated_on(row),
        source_title=str(row["source_title"]) if isinstance(row.get("source_title"), str) else "",
    )


def overview_summary(dataset: Dataset, home: str = "AZE", partner: str = "RUS") -> str:
    """A few plain sentences on the relationship, built from the headline claims (so every number has a source).
    Memoised per dataset: the count of disagreements looks through every conflict of a large revision."""
    return memoised(dataset, f"summary:{home}:{partner}", lambda: _overview_summary(dataset, home, partner))


def _overview_summary(dataset: Dataset, home: str, partner: str) -> str:
    found = {h.key: h for h in headlines(dataset)[0]}
    sentences = []

    def when(figure: StatedFigure) -> str:
        return _("{period}, as stated by {source}").format(period=figure.period, source=figure.attribution)

    if total := found.get("ru-az-investment"):
        oil, non_oil = found.get("ru-az-investment-oil"), found.get("ru-az-investment-nonoil")
        # A split is told with its total only when the same statement gave all three (else the parts are of another day).
        same = oil and non_oil and oil.attribution == non_oil.attribution == total.attribution and oil.period == non_oil.period == total.period
        if same and oil and non_oil:
            sentences.append(
                _("Russian investment in Azerbaijan's economy stood at {total} — {oil} in oil and {non_oil} outside it — {when}.").format(
                    total=total.value, oil=oil.value, non_oil=non_oil.value, when=when(total)
                )
            )
        else:
            sentences.append(_("Russian investment in Azerbaijan's economy stood at {total} {when}.").format(total=total.value, when=when(total)))
    if az := found.get("az-ru-investment"):
        non_oil = found.get("az-ru-investment-nonoil")
        if non_oil and non_oil.attribution == az.attribution:
            sentence = _("Investment the other way, Azerbaijani money in Russia, is much smaller: {amount}, the majority of it outside the oil sector, {when}.")
        else:
            sentence = _("Investment the other way, Azerbaijani money in Russia, is much smaller: {amount}, {when}.")
        sentences.append(sentence.format(amount=az.value, when=when(az)))
        if az.qualifier == qualifier_text("at_least"):
            sentences[-1] += " " + _("That is a lower bound, not an exact figure.")
    if turnover := found.get("az-ru-turnover"):
        sentences.append(
            _("Trade between the two countries was {amount} in {period} ({source}).").format(
                amount=turnover.value, period=turnover.period, source=turnover.attribution
            )
        )
    if rank := found.get("az-ru-rank"):
        sentences.append(_("Russia was Azerbaijan's {rank}-largest trade partner in {period}.").format(rank=rank.value, period=rank.period))
    stale = [h for h in found.values() if h.age_note]
    if stale:
        sentences.append(
            n_(
                "{count} of these figures is more than two years old: no newer statement was found.",
                "{count} of these figures are more than two years old: no newer statement was found.",
                len(stale),
            ).format(count=format_number(len(stale)))
        )
    pair = pair_conflicts(dataset, home, partner)
    if not pair.empty:
        disputed = pair["conflict"].nunique()
        sentences.append(
            n_(
                "Officials of the two countries do not always agree: {count} figure is stated differently by different sources; the Over time view shows them side by side.",
                "Officials of the two countries do not always agree: {count} figures are stated differently by different sources; the Over time view shows them side by side.",
                disputed,
            ).format(count=format_number(disputed))
        )
    return " ".join(sentences)


def overview_figures(dataset: Dataset, params: dict[str, str]) -> list[go.Figure]:
    claims = claims_with_sources(dataset)
    # The latest statement of Russian investment that gives its sector split; else the latest statement at all.
    stocks = claims[(claims["indicator"] == "investment_stock") & (claims["country"] == "RUS") & (claims["counterpart"] == "AZE")]
    stocks = stocks.sort_values(["period_end", "period"], ascending=[False, True], kind="stable")
    split = stocks[stocks["sector"] != "total"]
    period = str((split if not split.empty else stocks)["period"].iloc[0]) if not stocks.empty else "as of 2022-02"
    rows = investment_rows(dataset, "AZE", "RUS", period)
    flows, country, counterpart = flow_rows(dataset, "AZE", "RUS", "trade_turnover")
    return [
        investment_sector_chart(rows, home="AZE", partner="RUS", period_label=period_display(dataset)(period)),
        flow_series_chart(flows, indicator="trade_turnover", country=country, counterpart=counterpart),
    ]


VIEW = ViewSpec(
    "overview", N_("Overview"), {}, overview_figures, N_("The latest headline figures and what they say about the relationship."), ":material/dashboard:"
)
