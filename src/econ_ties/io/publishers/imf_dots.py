"""IMF Direction of Trade Statistics (DOTS) and its successor IMTS: exports and imports by counterpart, in US dollars.

Indicators are named by code (`TXG_FOB_USD`, `TMG_CIF_USD`, … and the IMTS `XG_FOB_USD`, `MG_CIF_USD`, …), which gives
both the flow and its valuation. Two layouts are read here: the data portal's panel (a column per indicator, named
"… (TXG_FOB_USD)", a row per period) and the SDMX-CSV of IMTS (a row per observation). The portal's timeSeries layout,
which DOTS shares with CDIS, is in `imf_timeseries`; its trade rows become claims through `trade_flow` below.
"""

from __future__ import annotations

import re

from econ_ties.io.publishers.format import EMPTY_CELLS, NOT_A_PERIOD, OTHER_INDICATORS, ClaimRows, Origin, PublisherFormat, data_rows, flow_claim
from econ_ties.io.publishers.numbers_and_periods import publisher_period
from econ_ties.language import N_
from econ_ties.model.problems import said

IMF_PANEL = "IMF DOTS (panel)"
IMF_DOTS_TIMESERIES = "IMF DOTS (timeSeries)"
IMF_SDMX = "IMF SDMX-CSV (IMTS)"

IMF = Origin("International Monetary Fund", "https://data.imf.org/")

#: IMF trade indicator codes → (indicator, valuation). DOTS codes and their IMTS successors.
IMF_TRADE_CODES = {
    "TXG_FOB_USD": ("exports", "FOB"),
    "TMG_CIF_USD": ("imports", "CIF"),
    "TMG_FOB_USD": ("imports", "FOB"),
    "TBG_USD": ("trade_balance", ""),
    "XG_FOB_USD": ("exports", "FOB"),
    "MG_CIF_USD": ("imports", "CIF"),
    "MG_FOB_USD": ("imports", "FOB"),
}


def trade_flow(b: ClaimRows, line: int, row: dict[str, str], pair: tuple[str, str], *, code: str, period: str, column: str, status: str = "") -> None:
    """One DOTS cell: the flow of indicator `code` from the first country of `pair` to the second, in US dollars."""
    indicator, valuation = IMF_TRADE_CODES[code]
    notes = [f"IMF {code}", f"IMF status {status}" if status else ""]
    flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=indicator, period=period, value_column=column, sector="total",
               scale="unit", valuation=valuation, prefix=f"dots-{code}", notes=notes)  # fmt: skip


_PANEL_CODE = re.compile(r"\(([A-Z0-9_]+)\)\s*$", re.IGNORECASE)


def _panel(b: ClaimRows) -> None:
    indicator_columns = {c: m.group(1).upper() for c in b.text.columns if (m := _PANEL_CODE.search(c)) and m.group(1).upper() in IMF_TRADE_CODES}
    if not indicator_columns:
        b.error("missing-column", said(N_("no indicator column such as '… (TXG_FOB_USD)' was found")), 1, "", "")
        return
    for line, row in data_rows(b.text):
        period = publisher_period(row["Time Period"])
        if period is None:
            b.error("type-error", said(NOT_A_PERIOD, value=row["Time Period"]), line, "Time Period", row["Time Period"])
            continue
        pair = b.place(line, (row["Country Name"], row["Country Code"]), (row["Counterpart Country Name"], row["Counterpart Country Code"]), imf=True,
                       columns=("Country Name", "Counterpart Country Name"))  # fmt: skip
        if pair is None:
            continue
        if not any(row[column].strip() for column in indicator_columns):
            b.skip(line, said(N_("rows with every indicator's cell empty state no figure and are skipped")), "", "", kind=EMPTY_CELLS)
        for column, code in indicator_columns.items():
            if not row[column].strip():
                continue
            trade_flow(b, line, row, pair, code=code, period=period, column=column)


def _sdmx(b: ClaimRows) -> None:
    columns = set(b.text.columns)
    area = next((c for c in ("REF_AREA", "COUNTRY") if c in columns), None)
    counterpart = next((c for c in ("COUNTERPART_AREA", "COUNTERPART_COUNTRY") if c in columns), None)
    if area is None or counterpart is None:
        b.error("missing-column", said(N_("an SDMX-CSV file needs REF_AREA (or COUNTRY) and COUNTERPART_AREA (or COUNTERPART_COUNTRY)")), 1, "", "")
        return
    for line, row in data_rows(b.text):
        trade = IMF_TRADE_CODES.get(row["INDICATOR"].strip())
        if trade is None:
            indicator = row["INDICATOR"].strip()
            b.skip(
                line, said(N_("indicator '{indicator}' is not one we map to claims"), indicator=indicator), "INDICATOR", row["INDICATOR"], kind=OTHER_INDICATORS
            )
            continue
        period = publisher_period(row["TIME_PERIOD"])
        if period is None:
            b.error("type-error", said(NOT_A_PERIOD, value=row["TIME_PERIOD"]), line, "TIME_PERIOD", row["TIME_PERIOD"])
            continue
        pair = b.place(line, (row[area], row[area]), (row[counterpart], row[counterpart]), columns=(area, counterpart))
        if pair is None:
            continue
        flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=trade[0], period=period, value_column="OBS_VALUE", sector="total",
                   scale="unit", valuation=trade[1], prefix="imts", notes=[f"IMF {row['INDICATOR'].strip()}"])  # fmt: skip


PANEL = PublisherFormat(
    IMF_PANEL,
    IMF,
    signature=frozenset({"Country Name", "Country Code", "Counterpart Country Code", "Time Period"}),
    adapter=_panel,
    needed=frozenset({"Counterpart Country Name"}),
)
SDMX = PublisherFormat(
    IMF_SDMX,
    Origin("International Monetary Fund", "https://data.imf.org/en/datasets/IMF.STA:IMTS"),
    signature=frozenset({"INDICATOR", "TIME_PERIOD", "OBS_VALUE"}),
    adapter=_sdmx,
    optional=frozenset({"REF_AREA", "COUNTRY", "COUNTERPART_AREA", "COUNTERPART_COUNTRY"}),
)
