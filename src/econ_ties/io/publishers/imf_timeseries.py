"""The IMF data portal's timeSeries layout, which DOTS (trade) and CDIS (direct investment) downloads share.

A row per country, indicator and counterpart, a column per period, and an `Attribute` column: `Value` rows hold the
figures, `Status` rows the IMF's flags for the same cells (kept in the claims' notes). Each value row goes to the
dataset it belongs to (`imf_dots.trade_flow` or `imf_cdis.position`); a file holding only one of them is named after
it (IMF DOTS or IMF CDIS).
"""

from __future__ import annotations

from econ_ties.io.publishers.format import EMPTY_CELLS, OTHER_INDICATORS, ClaimRows, PublisherFormat, data_rows
from econ_ties.io.publishers.imf_cdis import IMF_CDIS_TIMESERIES, is_cdis, position
from econ_ties.io.publishers.imf_dots import IMF, IMF_DOTS_TIMESERIES, IMF_TRADE_CODES, trade_flow
from econ_ties.io.publishers.numbers_and_periods import publisher_period
from econ_ties.language import N_
from econ_ties.model.problems import said

IMF_TIMESERIES = "IMF DOTS/CDIS (timeSeries)"


def _time_series(b: ClaimRows) -> None:
    periods = [c for c in b.text.columns if publisher_period(c) is not None]
    if not periods:
        b.error(
            "missing-column",
            said(N_("an {format} file has a column per period (2021, 2021Q1, 2021M01, …); this header has none"), format=b.format_name),
            1,
            "",
            "",
        )
        return
    rows = list(data_rows(b.text))
    status: dict[tuple[str, str, str, str], str] = {}
    for _, row in rows:
        if row["Attribute"].strip().lower() == "status":
            for p in periods:
                if row[p].strip():
                    status[(row["Country Code"], row["Indicator Code"], row["Counterpart Country Code"], p)] = row[p].strip()
    cdis_rows = [is_cdis(row["Indicator Code"].strip(), row["Indicator Name"].strip()) for _, row in rows]
    trade_rows = [row["Indicator Code"].strip() in IMF_TRADE_CODES for _, row in rows]
    if any(cdis_rows) and not any(trade_rows):
        b.rename(IMF_CDIS_TIMESERIES)
    elif any(trade_rows) and not any(cdis_rows):
        b.rename(IMF_DOTS_TIMESERIES)
    for line, row in rows:
        if row["Attribute"].strip().lower() != "value":
            # Status rows hold the IMF's flags for the value rows' cells (kept in those claims' notes), not figures.
            b.skip(
                line,
                said(N_("status rows hold the flags of the value rows above them, not figures")),
                "Attribute",
                row["Attribute"],
                kind=said(N_("status rows")),
            )
            continue
        code, name = row["Indicator Code"].strip(), row["Indicator Name"].strip()
        cdis = is_cdis(code, name)
        if code not in IMF_TRADE_CODES and not cdis:
            b.skip(
                line,
                said(N_("indicator '{indicator}' ({name}) is not one we map to claims"), indicator=code, name=name),
                "Indicator Code",
                code,
                kind=OTHER_INDICATORS,
            )
            continue
        pair = b.place(line, (row["Country Name"], row["Country Code"]), (row["Counterpart Country Name"], row["Counterpart Country Code"]), imf=True,
                       columns=("Country Name", "Counterpart Country Name"))  # fmt: skip
        if pair is None:
            continue
        if not any(row[p].strip() for p in periods):
            b.skip(line, said(N_("rows with every period's cell empty state no figure and are skipped")), "", "", kind=EMPTY_CELLS)
        for p in periods:
            if not row[p].strip():
                continue
            flag = status.get((row["Country Code"], row["Indicator Code"], row["Counterpart Country Code"], p), "")
            if cdis:
                position(b, line, row, country=pair[0], counterpart=pair[1], name=name, code=code, period=str(publisher_period(p)), column=p, status=flag)
            else:
                trade_flow(b, line, row, pair, code=code, period=str(publisher_period(p)), column=p, status=flag)


TIME_SERIES = PublisherFormat(
    IMF_TIMESERIES,
    IMF,
    signature=frozenset({"Country Name", "Country Code", "Indicator Name", "Indicator Code", "Counterpart Country Code", "Attribute"}),
    adapter=_time_series,
    needed=frozenset({"Counterpart Country Name"}),
)
