"""UN Comtrade downloads, the Plus portal's and the legacy site's: one claim per imports or exports row.

Both layouts state a reporter's trade with a partner per period and commodity in US dollars. Only flows M/X (Plus)
or 1/2 (legacy) are read; rows split by second partner, customs procedure or transport mode are skipped, so only
totals become claims. A commodity code other than the total becomes a sector such as `HS:27`; services (type S) are
classified EB10. Comtrade's estimation flag is kept in the claim's notes.
"""

from __future__ import annotations

from econ_ties.io.publishers.format import NOT_A_PERIOD, VALUATION, ClaimRows, Origin, PublisherFormat, data_rows, flow_claim
from econ_ties.io.publishers.numbers_and_periods import publisher_period
from econ_ties.language import N_
from econ_ties.model.problems import said

COMTRADE_PLUS = "UN Comtrade Plus"
COMTRADE_LEGACY = "UN Comtrade (legacy)"

_FLOWS = {"M": "imports", "X": "exports", "1": "imports", "2": "exports"}
OTHER_FLOWS = said(N_("other flows"))
BREAKDOWNS = said(N_("rows split by second partner, customs procedure or transport mode are skipped (only totals are read)"))


def _sector(classification: str, code: str) -> str:
    code = code.strip()
    if code.upper() in {"TOTAL", "ALL", ""}:
        return "total"
    return f"{classification.strip().upper()}:{code.upper()}"


def _plus(b: ClaimRows) -> None:
    for line, row in data_rows(b.text):
        flow = _FLOWS.get(row["flowCode"].strip())
        if flow is None:
            b.skip(
                line,
                said(
                    N_("flow '{flow}' ({description}) is not imports or exports; only M and X are read"),
                    flow=row["flowCode"].strip(),
                    description=row.get("flowDesc", "").strip(),
                ),
                "flowCode",
                row["flowCode"],
                kind=OTHER_FLOWS,
            )
            continue
        breakdown = [(c, row.get(c, "").strip()) for c in ("partner2Code", "customsCode", "motCode")]
        if any(v not in {"", "0", "C00"} for _, v in breakdown):
            b.skip(line, BREAKDOWNS, "", "", kind=said(N_("breakdowns")))
            continue
        period = publisher_period(row["period"] if row["freqCode"].strip() == "A" else row["refPeriodId"]) or publisher_period(row["period"])
        if period is None:
            b.error("type-error", said(NOT_A_PERIOD, value=row["period"]), line, "period", row["period"])
            continue
        pair = b.place(line, (row["reporterDesc"], row["reporterISO"] or row["reporterCode"]), (row["partnerDesc"], row["partnerISO"] or row["partnerCode"]),
                       columns=("reporterDesc", "partnerDesc"))  # fmt: skip
        if pair is None:
            continue
        classification = row.get("classificationCode", "").strip() or "HS"
        if row.get("typeCode", "").strip() == "S":
            classification = "EB10"
        notes = [f"Comtrade flag {row.get('legacyEstimationFlag', '').strip()}" if row.get("legacyEstimationFlag", "").strip() else ""]
        flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=flow, period=period, value_column="primaryValue",
                   sector=_sector(classification, row.get("cmdCode", "")), scale="unit", valuation=VALUATION[flow], prefix="ctp", notes=notes)  # fmt: skip


def _legacy(b: ClaimRows) -> None:
    for line, row in data_rows(b.text):
        flow = _FLOWS.get(row["Trade Flow Code"].strip())
        if flow is None:
            b.skip(
                line,
                said(N_("trade flow '{flow}' is not imports or exports; only codes 1 and 2 are read"), flow=row.get("Trade Flow", "").strip()),
                "Trade Flow Code",
                row["Trade Flow Code"],
                kind=OTHER_FLOWS,
            )
            continue
        period = publisher_period(row.get("Period", "") or row.get("Year", ""))
        if period is None:
            b.error("type-error", said(NOT_A_PERIOD, value=row.get("Period", "")), line, "Period", row.get("Period", ""))
            continue
        pair = b.place(line, (row["Reporter"], row.get("Reporter ISO", "")), (row["Partner"], row.get("Partner ISO", "") or row["Partner Code"]),
                       columns=("Reporter", "Partner"))  # fmt: skip
        if pair is None:
            continue
        notes = [f"Comtrade flag {row.get('Flag', '').strip()}" if row.get("Flag", "").strip() else ""]
        sector = _sector(row.get("Classification", "HS") or "HS", row.get("Commodity Code", ""))
        flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=flow, period=period, value_column="Trade Value (US$)",
                   sector=sector, scale="unit", valuation=VALUATION[flow], prefix="ctl", notes=notes)  # fmt: skip


#: The rest of a Plus download's header (as in tests/fixtures/publishers/comtrade_plus_2022.csv).
_PLUS_OTHER_COLUMNS = (
    "refYear",
    "refMonth",
    "flowDesc",
    "partner2Code",
    "partner2ISO",
    "partner2Desc",
    "classificationCode",
    "classificationSearchCode",
    "isOriginalClassification",
    "cmdCode",
    "cmdDesc",
    "aggrLevel",
    "isLeaf",
    "customsCode",
    "customsDesc",
    "mosCode",
    "motCode",
    "motDesc",
    "qtyUnitCode",
    "qtyUnitAbbr",
    "qty",
    "isQtyEstimated",
    "altQtyUnitCode",
    "altQtyUnitAbbr",
    "altQty",
    "isAltQtyEstimated",
    "netWgt",
    "isNetWgtEstimated",
    "grossWgt",
    "isGrossWgtEstimated",
    "cifvalue",
    "fobvalue",
    "legacyEstimationFlag",
    "isReported",
    "isAggregate",
)

PLUS = PublisherFormat(
    COMTRADE_PLUS,
    Origin("UN Comtrade", "https://comtradeplus.un.org/"),
    signature=frozenset({"typeCode", "freqCode", "reporterCode", "flowCode", "partnerCode", "primaryValue"}),
    adapter=_plus,
    needed=frozenset({"period", "refPeriodId", "reporterDesc", "reporterISO", "partnerDesc", "partnerISO"}),
    optional=frozenset(_PLUS_OTHER_COLUMNS),
)
LEGACY = PublisherFormat(
    COMTRADE_LEGACY,
    Origin("UN Comtrade", "https://comtrade.un.org/"),
    signature=frozenset({"Trade Flow Code", "Reporter Code", "Partner Code", "Trade Value (US$)"}),
    adapter=_legacy,
    needed=frozenset({"Reporter", "Partner"}),
    optional=frozenset(
        {
            "Classification",
            "Year",
            "Period",
            "Period Desc.",
            "Aggregate Level",
            "Is Leaf Code",
            "Trade Flow",
            "Reporter ISO",
            "Partner ISO",
            "Commodity Code",
            "Commodity",
            "Qty Unit Code",
            "Qty Unit",
            "Qty",
            "Netweight (kg)",
            "Flag",
        }
    ),
)
