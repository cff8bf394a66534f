"""World Bank WITS downloads: the partner view (one row per partner and year) and the partner time series (a column
per year).

WITS states values in US$ thousand: a claim keeps the file's digits with scale `thousand`. The partner view has a
column per flow (exports, imports, balance), of which a single-flow download fills one; the time series has a row per
indicator and only the all-products total is read.
"""

from __future__ import annotations

from econ_ties.io.publishers.format import (
    EMPTY_CELLS,
    NO_FIGURE,
    OTHER_INDICATORS,
    VALUATION,
    ClaimRows,
    Origin,
    PublisherFormat,
    data_rows,
    flow_claim,
    header_key,
)
from econ_ties.io.publishers.numbers_and_periods import publisher_period
from econ_ties.language import N_
from econ_ties.model.problems import said

WITS_PARTNER = "World Bank WITS (partner view)"
WITS_TIMESERIES = "World Bank WITS (partner time series)"

_WORLD_BANK = Origin("World Bank WITS", "https://wits.worldbank.org/")
_VALUES = {"Export (US$ Thousand)": "exports", "Import (US$ Thousand)": "imports", "Trade Balance (US$ Thousand)": "trade_balance"}
#: The time series names its indicator in a cell: matched as headers are, ignoring case and spaces.
_INDICATORS = {header_key(name): indicator for name, indicator in _VALUES.items()}


def _tariff_breakdown(column: str) -> bool:
    """WITS's partner view adds imports split by tariff regime ("AHS Dutiable Imports (US$ Thousand)", "MFN Duty Free
    Imports (US$ Thousand)", …): parts of the imports column, which is read, so they are named and left out."""
    key = header_key(column)
    return key.startswith(("ahs ", "mfn ")) and "imports" in key


def _partner_view(b: ClaimRows) -> None:
    # A figure column under a name we do not read (an edited or newer header) is an error, never silently left out;
    # WITS's own tariff-regime breakdowns of imports are named in one warning each and not read.
    for column in b.text.columns:
        if column in _VALUES or not ("us$" in header_key(column) or "usd" in header_key(column)):
            continue
        if _tariff_breakdown(column):
            b.warn(
                "extra-column", said(N_("column '{column}' splits imports by tariff regime; it is not read (the total imports are)"), column=column), 1, column
            )
        else:
            message = said(N_("column '{column}' holds figures but is none of the value columns we read ({known})"), column=column, known=", ".join(_VALUES))
            b.error("missing-column", message, 1, column, "")
    if not any(c in b.text.columns for c in _VALUES):
        b.error(
            "missing-column",
            said(N_("a {format} file has a value column ({known}); this header has none"), format=b.format_name, known=", ".join(_VALUES)),
            1,
            "",
            "",
        )
        return
    for line, row in data_rows(b.text):
        period = publisher_period(row["Year"])
        if period is None:
            b.error("type-error", said(N_("'{value}' is not a year"), value=row["Year"]), line, "Year", row["Year"])
            continue
        flow = row.get("Trade Flow", "").strip().lower()
        single = flow in {"export", "import"}  # a single-flow download: only that flow's column is its figure
        columns = [c for c in _VALUES if c in row and (not single or c.lower().startswith(flow))]
        if not columns:
            b.skip(
                line,
                said(N_("rows whose trade flow '{flow}' has no value column in this file state no figure"), flow=row.get("Trade Flow", "").strip()),
                "Trade Flow",
                kind=NO_FIGURE,
            )
            continue
        pair = b.place(line, (row["Reporter Name"], ""), (row["Partner Name"], ""), columns=("Reporter Name", "Partner Name"))
        if pair is None:
            continue
        for column in columns:
            indicator = _VALUES[column]
            flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=indicator, period=period, value_column=column, sector="total",
                       scale="thousand", valuation=VALUATION.get(indicator, ""), prefix="wits", notes=["values in US$ thousand"])  # fmt: skip


def _time_series(b: ClaimRows) -> None:
    years = [c for c in b.text.columns if publisher_period(c) is not None]
    if not years:
        b.error("missing-column", said(N_("a {format} file has a column per year (2019, 2020, …); this header has none"), format=b.format_name), 1, "", "")
        return
    for line, row in data_rows(b.text):
        indicator = _INDICATORS.get(header_key(row["Indicator"]))
        if indicator is None:
            b.skip(
                line,
                said(
                    N_("indicator '{indicator}' is not a US$ value; only Export/Import/Trade Balance (US$ Thousand) are read"),
                    indicator=row["Indicator"].strip(),
                ),
                "Indicator",
                row["Indicator"],
                kind=OTHER_INDICATORS,
            )
            continue
        group = row.get("Product Group", "").strip().lower()
        if group not in {"", "all products", "total", "total trade"}:
            b.skip(
                line,
                said(N_("product group '{group}' is not the total; only 'All Products' is read"), group=row["Product Group"].strip()),
                "Product Group",
                row["Product Group"],
                kind=said(N_("product groups")),
            )
            continue
        pair = b.place(line, (row["Reporter Name"], ""), (row["Partner Name"], ""), columns=("Reporter Name", "Partner Name"))
        if pair is None:
            continue
        if not any(row[year].strip() for year in years):
            b.skip(line, said(N_("rows with every year's cell empty state no figure and are skipped")), "", "", kind=EMPTY_CELLS)
        for year in years:
            if not row[year].strip():
                continue
            flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=indicator, period=str(publisher_period(year)), value_column=year,
                       sector="total", scale="thousand", valuation=VALUATION.get(indicator, ""), prefix="wits", notes=["values in US$ thousand"])  # fmt: skip


PARTNER_VIEW = PublisherFormat(
    WITS_PARTNER,
    _WORLD_BANK,
    signature=frozenset({"Reporter Name", "Partner Name", "Year"}),
    adapter=_partner_view,
    optional=frozenset({"Trade Flow", *_VALUES}),
)
TIME_SERIES = PublisherFormat(
    WITS_TIMESERIES,
    _WORLD_BANK,
    signature=frozenset({"Reporter Name", "Partner Name", "Trade Flow", "Indicator"}),
    adapter=_time_series,
    optional=frozenset({"Product Group"}),
)
