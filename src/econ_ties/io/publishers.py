"""Publishers' CSV downloads (UN Comtrade, World Bank WITS, IMF DOTS and CDIS) turned into claims in our own format.

This is the one place that knows each publisher layout. `detect_format` recognises a file from its header alone;
`to_claims` runs that format's adapter, which maps every data row to claim rows as text in our columns: countries to
ISO3 through `econ_ties.model.countries` (IMF numeric codes and publishers' spellings included), the world total to WLD,
regional and group aggregates kept apart (returned separately, never mixed with countries), flows to indicators,
units to USD (a "US$ Thousand" value keeps its digits with scale `thousand`), valuation (CIF/FOB) and the reporting
side written into `notes`, and the source set to the publisher and the file. The claims then go through the same
validation as a native upload, so the report speaks of the publisher file's own line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from econ_ties.checks.validation import CLAIM_COLUMNS
from econ_ties.io.reading import TextTable
from econ_ties.model.countries import aggregate_name, imf_code_to_iso3, is_country, to_iso3
from econ_ties.model.problems import Problem, Severity
from econ_ties.model.schema import Source

COMTRADE_PLUS = "UN Comtrade Plus"
COMTRADE_LEGACY = "UN Comtrade (legacy)"
WITS_PARTNER = "World Bank WITS (partner view)"
WITS_TIMESERIES = "World Bank WITS (partner time series)"
IMF_TIMESERIES = "IMF DOTS/CDIS (timeSeries)"
IMF_PANEL = "IMF DOTS (panel)"
IMF_DOTS_TIMESERIES = "IMF DOTS (timeSeries)"
IMF_CDIS_TIMESERIES = "IMF CDIS (timeSeries)"
IMF_SDMX = "IMF SDMX-CSV (IMTS)"

#: format → (publisher, short id for source ids, web address)
PUBLISHERS = {
    COMTRADE_PLUS: ("UN Comtrade", "comtrade", "https://comtradeplus.un.org/"),
    COMTRADE_LEGACY: ("UN Comtrade", "comtrade", "https://comtrade.un.org/"),
    WITS_PARTNER: ("World Bank WITS", "wits", "https://wits.worldbank.org/"),
    WITS_TIMESERIES: ("World Bank WITS", "wits", "https://wits.worldbank.org/"),
    IMF_TIMESERIES: ("International Monetary Fund", "imf", "https://data.imf.org/"),
    IMF_DOTS_TIMESERIES: ("International Monetary Fund", "imf", "https://data.imf.org/"),
    IMF_CDIS_TIMESERIES: ("International Monetary Fund", "imf", "https://data.imf.org/"),
    IMF_PANEL: ("International Monetary Fund", "imf", "https://data.imf.org/"),
    IMF_SDMX: ("International Monetary Fund", "imf", "https://data.imf.org/en/datasets/IMF.STA:IMTS"),
}

# Columns whose presence identifies a layout (checked in this order; the native claims format is checked by the caller).
_SIGNATURES: list[tuple[str, set[str]]] = [
    (COMTRADE_PLUS, {"typeCode", "freqCode", "reporterCode", "flowCode", "partnerCode", "primaryValue"}),
    (COMTRADE_LEGACY, {"Trade Flow Code", "Reporter Code", "Partner Code", "Trade Value (US$)"}),
    (IMF_TIMESERIES, {"Country Name", "Country Code", "Indicator Name", "Indicator Code", "Counterpart Country Code", "Attribute"}),
    (IMF_PANEL, {"Country Name", "Country Code", "Counterpart Country Code", "Time Period"}),
    (WITS_TIMESERIES, {"Reporter Name", "Partner Name", "Trade Flow", "Indicator"}),
    (WITS_PARTNER, {"Reporter Name", "Partner Name", "Year"}),
    (IMF_SDMX, {"INDICATOR", "TIME_PERIOD", "OBS_VALUE"}),
]

#: Columns each layout's adapter reads besides its signature: a header that has the signature but lacks one of these
#: (a cut-down or edited download) gets a missing-column error for each instead of a row-by-row failure.
_NEEDED: dict[str, set[str]] = {
    COMTRADE_PLUS: {"period", "refPeriodId", "reporterDesc", "reporterISO", "partnerDesc", "partnerISO"},
    COMTRADE_LEGACY: {"Reporter", "Partner"},
    IMF_TIMESERIES: {"Counterpart Country Name"},
    IMF_PANEL: {"Counterpart Country Name"},
}


def missing_columns(columns: list[str], format_name: str) -> list[str]:
    """The columns `format_name`'s adapter needs that the header lacks, in a stable order."""
    present = {c.strip() for c in columns}
    needed = dict(_SIGNATURES)[format_name] | _NEEDED.get(format_name, set())
    return sorted(needed - present)


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
#: IMF CDIS total positions (US dollars). Other CDIS series (equity/debt, other currencies) are skipped with a warning.
CDIS_CODES = {"IIW_BP6_USD": "inward", "IOW_BP6_USD": "outward"}


@dataclass
class PublisherClaims:
    """What an adapter made of a publisher file: claim rows as text, their line numbers, the file's source, problems."""

    format_name: str
    table: pa.Table
    line_numbers: np.ndarray
    source: Source
    problems: list[Problem] = field(default_factory=list)
    aggregates: pa.Table | None = None  # rows about regions/groups, kept apart from country claims


def detect_format(columns: list[str]) -> str | None:
    """The publisher layout a header belongs to, or None. Column names are compared after trimming."""
    present = {c.strip() for c in columns}
    for name, required in _SIGNATURES:
        if required <= present:
            return name
    return None


# -- numbers, periods, countries ------------------------------------------------------------------------------------

_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")


def parse_number(text: str, decimal_comma: bool = False) -> str | None:
    """A publisher's number as a plain decimal string ("1 234,5" → "1234.5", "1,234.5" → "1234.5"); None if not one."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    if not raw:
        return None
    if _PLAIN.match(raw):
        return raw
    if re.match(r"^-?\d+(\.\d+)?[eE][+-]?\d+$", raw):
        return format(float(raw), "f").rstrip("0").rstrip(".") or "0"
    commas, points = raw.count(","), raw.count(".")
    comma_is_decimal = decimal_comma or (commas == 1 and points == 0 and not re.match(r"^-?\d{1,3},\d{3}$", raw))
    comma_is_decimal = comma_is_decimal or bool(commas and points and raw.rfind(",") > raw.rfind("."))
    candidate = raw.replace(".", "").replace(",", ".") if comma_is_decimal else raw.replace(",", "")
    return candidate if _PLAIN.match(candidate) else None


def _period(text: str) -> str | None:
    """Publisher period forms → ours: 2021 → 2021, 2021Q4/2021-Q4 → 2021Q4, 2024M2/2024-M02/202402/20240201 → 2024-02."""
    raw = text.strip()
    if m := re.fullmatch(r"(\d{4})", raw):
        return m.group(1)
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", raw):
        return f"{m.group(1)}Q{m.group(2)}"
    if m := re.fullmatch(r"(\d{4})-?M?(\d{1,2})", raw):
        month = int(m.group(2))
        return f"{m.group(1)}-{month:02d}" if 1 <= month <= 12 else None
    if m := re.fullmatch(r"(\d{4})(\d{2})01", raw):
        return f"{m.group(1)}-{m.group(2)}"
    return None


_SLUG = re.compile(r"[^A-Za-z0-9]+")


def _slug(text: str, limit: int = 40) -> str:
    return _SLUG.sub("-", text).strip("-").lower()[:limit].strip("-") or "file"


def file_source(format_name: str, file_name: str) -> Source:
    publisher, short, url = PUBLISHERS[format_name]
    return Source(
        source_id=f"upload-{short}-{_slug(file_name.rsplit('.', 1)[0], 48)}",
        publisher=publisher,
        title=f"{format_name} download: {file_name}",
        url=url,
        notes=f"Uploaded file {file_name}, read as {format_name}.",
    )


class _Builder:
    """Collects claim rows and problems for one file; resolves country cells once per distinct value."""

    def __init__(self, text: TextTable, format_name: str):
        self.text = text
        self.format_name = format_name
        self.source = file_source(format_name, text.file)
        self.rows: dict[str, list[str]] = {c: [] for c in CLAIM_COLUMNS}
        self.lines: list[int] = []
        self.problems: list[Problem] = []
        self.aggregate_rows: list[dict[str, object]] = []
        self._countries: dict[tuple[str, str], tuple[str | None, bool]] = {}
        self._skipped: dict[str, int] = {}
        self.decimal_comma = text.delimiter == ";"

    def rename(self, format_name: str) -> None:
        """Name the format more precisely once the rows are known (IMF timeSeries files are DOTS or CDIS)."""
        self.format_name = format_name
        self.source = file_source(format_name, self.text.file)

    def country(self, name: str, code: str = "", *, imf: bool = False) -> tuple[str | None, bool]:
        """(ISO3 or WLD, is_aggregate). The code column is tried first (ISO or IMF numeric), then the name."""
        key = (name, code)
        if key not in self._countries:
            iso: str | None = None
            raw_code = code.strip()
            if raw_code in {"0", "W00", "WLD", "001", "1"}:
                iso = "WLD"
            elif imf and raw_code:
                iso = imf_code_to_iso3(raw_code)
            elif raw_code and not raw_code.isdigit():
                iso = to_iso3(raw_code)
            if iso is None:
                iso = to_iso3(name)
            aggregate = iso is None and (aggregate_name(name) or aggregate_name(raw_code))
            self._countries[key] = (iso, aggregate)
        return self._countries[key]

    def skip(self, line: int, reason: str, column: str = "", value: str = "") -> None:
        """A row that maps to no claim: one warning per distinct reason (with its first line), counted."""
        self._skipped[reason] = self._skipped.get(reason, 0) + 1
        if self._skipped[reason] == 1:
            self.problems.append(Problem("skipped-row", reason, self.text.file, line, column, value, Severity.WARNING))

    def error(self, code: str, message: str, line: int, column: str, value: str) -> None:
        self.problems.append(Problem(code, message, self.text.file, line, column, value))

    def place(self, line: int, reporter: tuple[str, str], partner: tuple[str, str], *, imf: bool = False, columns: tuple[str, str]) -> tuple[str, str] | None:
        """Resolve reporter and partner; report unknown names, keep aggregates apart. None when the row cannot be a claim."""
        resolved = []
        for (name, code), column in zip((reporter, partner), columns, strict=True):
            iso, aggregate = self.country(name, code, imf=imf)
            if aggregate:
                self.aggregate_rows.append({"row": line, "column": column, "name": name.strip(), "code": code.strip()})
                self.skip(line, f"rows about regions and country groups (such as '{name.strip()}') are kept apart from country claims", column, name)
                return None
            if iso is None:
                self.error("unknown-country", f"'{name.strip() or code}' is not a country we can match to an ISO3 code", line, column, name or code)
                return None
            resolved.append(iso)
        return resolved[0], resolved[1]

    def add(self, line: int, **cells: str) -> None:
        cells.setdefault("currency", "USD")
        cells.setdefault("scale", "unit")
        cells.setdefault("qualifier", "exact")
        cells.setdefault("sector", "total")
        cells.setdefault("uncertain", "false")
        cells["source_id"] = self.source.source_id
        for column in CLAIM_COLUMNS:
            self.rows[column].append(cells.get(column, ""))
        self.lines.append(line)

    def result(self) -> PublisherClaims:
        for reason, count in self._skipped.items():
            if count > 1:
                self.problems.append(Problem("skipped-row", f"{count} rows skipped in all: {reason}", self.text.file, None, "", "", Severity.WARNING))
        table = pa.table({c: pa.array(self.rows[c], pa.large_string()) for c in CLAIM_COLUMNS})
        aggregates = pa.Table.from_pylist(self.aggregate_rows) if self.aggregate_rows else None
        return PublisherClaims(self.format_name, table, np.array(self.lines, dtype=np.int64), self.source, self.problems, aggregates)


def _rows(text: TextTable) -> Iterator[tuple[int, dict[str, str]]]:
    columns = {c.strip(): text.table.column(i).to_pylist() for i, c in enumerate(text.columns)}
    names = list(columns)
    for i, line in enumerate(text.line_numbers.tolist()):
        yield int(line), {n: columns[n][i] for n in names}


def _claim_id(*parts: str) -> str:
    return _SLUG.sub("-", "-".join(p for p in parts if p)).strip("-")[:64]


def _flow_claim(b: _Builder, line: int, row: dict[str, str], *, reporter: str, partner: str, indicator: str, period: str, value_column: str,
                sector: str, scale: str, valuation: str, prefix: str, notes: list[str]) -> None:  # fmt: skip
    raw = row.get(value_column, "")
    value = parse_number(raw, b.decimal_comma)
    if value is None:
        if raw.strip():
            b.error("type-error", f"'{raw}' is not a number", line, value_column, raw)
        else:
            b.skip(line, f"rows with an empty '{value_column}' state no figure and are skipped", value_column)
        return
    if not is_country(reporter):
        b.skip(line, "rows whose reporter is the world or a group state no country's figure and are skipped", "", reporter)
        return
    note = "; ".join(n for n in [f"valuation {valuation}" if valuation else "", "reported by the reporter", *notes] if n)
    b.add(
        line,
        claim_id=_claim_id(prefix, reporter, partner, indicator, valuation, period, sector),
        indicator=indicator,
        country=reporter,
        counterpart=partner,
        roles="reporter/partner",
        sector=sector,
        period=period,
        measure="flow",
        value=value,
        scale=scale,
        reporting_side=reporter,
        quote=f"{b.format_name}, {b.text.file} line {line}: {value_column} = {raw.strip()}",
        notes=note,
    )


# -- adapters -------------------------------------------------------------------------------------------------------

_COMTRADE_FLOWS = {"M": "imports", "X": "exports", "1": "imports", "2": "exports"}
_VALUATION = {"imports": "CIF", "exports": "FOB"}


def _comtrade_sector(classification: str, code: str) -> str:
    code = code.strip()
    if code.upper() in {"TOTAL", "ALL", ""}:
        return "total"
    return f"{classification.strip().upper()}:{code.upper()}"


def _comtrade_plus(b: _Builder) -> None:
    for line, row in _rows(b.text):
        flow = _COMTRADE_FLOWS.get(row["flowCode"].strip())
        if flow is None:
            b.skip(
                line,
                f"flow '{row['flowCode'].strip()}' ({row.get('flowDesc', '').strip()}) is not imports or exports; only M and X are read",
                "flowCode",
                row["flowCode"],
            )
            continue
        breakdown = [(c, row.get(c, "").strip()) for c in ("partner2Code", "customsCode", "motCode")]
        if any(v not in {"", "0", "C00"} for _, v in breakdown):
            b.skip(line, "rows split by second partner, customs procedure or transport mode are skipped (only totals are read)", "", "")
            continue
        period = _period(row["period"] if row["freqCode"].strip() == "A" else row["refPeriodId"]) or _period(row["period"])
        if period is None:
            b.error("type-error", f"'{row['period']}' is not a period we can read", line, "period", row["period"])
            continue
        pair = b.place(line, (row["reporterDesc"], row["reporterISO"] or row["reporterCode"]), (row["partnerDesc"], row["partnerISO"] or row["partnerCode"]),
                       columns=("reporterDesc", "partnerDesc"))  # fmt: skip
        if pair is None:
            continue
        classification = row.get("classificationCode", "").strip() or "HS"
        if row.get("typeCode", "").strip() == "S":
            classification = "EB10"
        notes = [f"Comtrade flag {row.get('legacyEstimationFlag', '').strip()}" if row.get("legacyEstimationFlag", "").strip() else ""]
        _flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=flow, period=period, value_column="primaryValue",
                    sector=_comtrade_sector(classification, row.get("cmdCode", "")), scale="unit", valuation=_VALUATION[flow], prefix="ctp", notes=notes)  # fmt: skip


def _comtrade_legacy(b: _Builder) -> None:
    for line, row in _rows(b.text):
        flow = _COMTRADE_FLOWS.get(row["Trade Flow Code"].strip())
        if flow is None:
            b.skip(
                line,
                f"trade flow '{row.get('Trade Flow', '').strip()}' is not imports or exports; only codes 1 and 2 are read",
                "Trade Flow Code",
                row["Trade Flow Code"],
            )
            continue
        period = _period(row.get("Period", "") or row.get("Year", ""))
        if period is None:
            b.error("type-error", f"'{row.get('Period', '')}' is not a period we can read", line, "Period", row.get("Period", ""))
            continue
        pair = b.place(line, (row["Reporter"], row.get("Reporter ISO", "")), (row["Partner"], row.get("Partner ISO", "") or row["Partner Code"]),
                       columns=("Reporter", "Partner"))  # fmt: skip
        if pair is None:
            continue
        notes = [f"Comtrade flag {row.get('Flag', '').strip()}" if row.get("Flag", "").strip() else ""]
        sector = _comtrade_sector(row.get("Classification", "HS") or "HS", row.get("Commodity Code", ""))
        _flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=flow, period=period, value_column="Trade Value (US$)",
                    sector=sector, scale="unit", valuation=_VALUATION[flow], prefix="ctl", notes=notes)  # fmt: skip


_WITS_VALUES = {"Export (US$ Thousand)": "exports", "Import (US$ Thousand)": "imports", "Trade Balance (US$ Thousand)": "trade_balance"}


def _wits_partner(b: _Builder) -> None:
    if not any(c in b.text.columns for c in _WITS_VALUES):
        b.error("missing-column", f"a {b.format_name} file has a value column ({', '.join(_WITS_VALUES)}); this header has none", 1, "", "")
        return
    for line, row in _rows(b.text):
        period = _period(row["Year"])
        if period is None:
            b.error("type-error", f"'{row['Year']}' is not a year", line, "Year", row["Year"])
            continue
        flow = row.get("Trade Flow", "").strip().lower()
        single = flow in {"export", "import"}  # a single-flow download: only that flow's column is its figure
        columns = [c for c in _WITS_VALUES if c in row and (not single or c.lower().startswith(flow))]
        if not columns:
            continue
        pair = b.place(line, (row["Reporter Name"], ""), (row["Partner Name"], ""), columns=("Reporter Name", "Partner Name"))
        if pair is None:
            continue
        for column in columns:
            indicator = _WITS_VALUES[column]
            _flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=indicator, period=period, value_column=column, sector="total",
                        scale="thousand", valuation=_VALUATION.get(indicator, ""), prefix="wits", notes=["values in US$ thousand"])  # fmt: skip


def _wits_timeseries(b: _Builder) -> None:
    years = [c for c in b.text.columns if _period(c) is not None]
    if not years:
        b.error("missing-column", f"a {b.format_name} file has a column per year (2019, 2020, …); this header has none", 1, "", "")
        return
    for line, row in _rows(b.text):
        indicator = _WITS_VALUES.get(row["Indicator"].strip())
        if indicator is None:
            b.skip(
                line,
                f"indicator '{row['Indicator'].strip()}' is not a US$ value; only Export/Import/Trade Balance (US$ Thousand) are read",
                "Indicator",
                row["Indicator"],
            )
            continue
        group = row.get("Product Group", "").strip().lower()
        if group not in {"", "all products", "total", "total trade"}:
            b.skip(line, f"product group '{row['Product Group'].strip()}' is not the total; only 'All Products' is read", "Product Group", row["Product Group"])
            continue
        pair = b.place(line, (row["Reporter Name"], ""), (row["Partner Name"], ""), columns=("Reporter Name", "Partner Name"))
        if pair is None:
            continue
        for year in years:
            if not row[year].strip():
                continue
            _flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=indicator, period=str(_period(year)), value_column=year, sector="total",
                        scale="thousand", valuation=_VALUATION.get(indicator, ""), prefix="wits", notes=["values in US$ thousand"])  # fmt: skip


def _imf_position(b: _Builder, line: int, row: dict[str, str], *, country: str, counterpart: str, name: str, code: str, period: str, column: str,
                  status: str) -> None:  # fmt: skip
    """One CDIS cell: an inward position of `country` is investment by `counterpart` in it; outward is the reverse."""
    raw = row[column]
    value = parse_number(raw, b.decimal_comma)
    if value is None:
        b.error("type-error", f"'{raw}' is not a number", line, column, raw)
        return
    inward = CDIS_CODES.get(code) == "inward" or name.lower().startswith("inward")
    derived = "derived" in name.lower()
    investor, host = (counterpart, country) if inward else (country, counterpart)
    side = counterpart if derived else country
    if not is_country(side) or not is_country(investor) or not is_country(host):
        b.skip(line, "positions with the world as a party state no bilateral figure and are skipped", "", "")
        return
    scale = "million" if "millions" in name.lower() else "unit"
    notes = [f"IMF CDIS {code or name}", "derived from the counterpart's reports (mirror)" if derived else "reported by the reporting economy",
             "position at year-end (stock)", f"IMF status {status}" if status else ""]  # fmt: skip
    b.add(
        line,
        claim_id=_claim_id("cdis", investor, host, "in" if inward else "out", "mirror" if derived else "", period),
        indicator="fdi_position", country=investor, counterpart=host, roles="investor/host", period=f"as of {period}-12-31" if len(period) == 4 else period,
        measure="stock", value=value, scale=scale, reporting_side=side,
        quote=f"{b.format_name}, {b.text.file} line {line}: {name} ({code}), {column} = {raw.strip()}",
        notes="; ".join(n for n in notes if n),
    )  # fmt: skip


def _is_cdis(code: str, name: str) -> bool:
    """A CDIS total position in US dollars (equity/debt breakdowns and other currencies are not)."""
    lowered = name.lower()
    if code in CDIS_CODES:
        return True
    return "direct investment positions" in lowered and lowered.endswith("us dollars") and "equity" not in lowered and "debt" not in lowered


def _imf_timeseries(b: _Builder) -> None:
    periods = [c for c in b.text.columns if _period(c) is not None]
    if not periods:
        b.error("missing-column", f"an {b.format_name} file has a column per period (2021, 2021Q1, 2021M01, …); this header has none", 1, "", "")
        return
    rows = list(_rows(b.text))
    status: dict[tuple[str, str, str, str], str] = {}
    for _, row in rows:
        if row["Attribute"].strip().lower() == "status":
            for p in periods:
                if row[p].strip():
                    status[(row["Country Code"], row["Indicator Code"], row["Counterpart Country Code"], p)] = row[p].strip()
    cdis_rows = [_is_cdis(row["Indicator Code"].strip(), row["Indicator Name"].strip()) for _, row in rows]
    trade_rows = [row["Indicator Code"].strip() in IMF_TRADE_CODES for _, row in rows]
    if any(cdis_rows) and not any(trade_rows):
        b.rename(IMF_CDIS_TIMESERIES)
    elif any(trade_rows) and not any(cdis_rows):
        b.rename(IMF_DOTS_TIMESERIES)
    for line, row in rows:
        if row["Attribute"].strip().lower() != "value":
            continue
        code, name = row["Indicator Code"].strip(), row["Indicator Name"].strip()
        trade = IMF_TRADE_CODES.get(code)
        cdis = _is_cdis(code, name)
        if trade is None and not cdis:
            b.skip(line, f"indicator '{code}' ({name}) is not one we map to claims", "Indicator Code", code)
            continue
        pair = b.place(line, (row["Country Name"], row["Country Code"]), (row["Counterpart Country Name"], row["Counterpart Country Code"]), imf=True,
                       columns=("Country Name", "Counterpart Country Name"))  # fmt: skip
        if pair is None:
            continue
        for p in periods:
            if not row[p].strip():
                continue
            flag = status.get((row["Country Code"], row["Indicator Code"], row["Counterpart Country Code"], p), "")
            if cdis:
                _imf_position(b, line, row, country=pair[0], counterpart=pair[1], name=name, code=code, period=str(_period(p)), column=p, status=flag)
            else:
                indicator, valuation = trade  # type: ignore[misc]
                _flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=indicator, period=str(_period(p)), value_column=p, sector="total",
                            scale="unit", valuation=valuation, prefix=f"dots-{code}", notes=[f"IMF {code}", f"IMF status {flag}" if flag else ""])  # fmt: skip


_PANEL_CODE = re.compile(r"\(([A-Z0-9_]+)\)\s*$")


def _imf_panel(b: _Builder) -> None:
    indicator_columns = {c: m.group(1) for c in b.text.columns if (m := _PANEL_CODE.search(c)) and m.group(1) in IMF_TRADE_CODES}
    if not indicator_columns:
        b.error("missing-column", "no indicator column such as '… (TXG_FOB_USD)' was found", 1, "", "")
        return
    for line, row in _rows(b.text):
        period = _period(row["Time Period"])
        if period is None:
            b.error("type-error", f"'{row['Time Period']}' is not a period we can read", line, "Time Period", row["Time Period"])
            continue
        pair = b.place(line, (row["Country Name"], row["Country Code"]), (row["Counterpart Country Name"], row["Counterpart Country Code"]), imf=True,
                       columns=("Country Name", "Counterpart Country Name"))  # fmt: skip
        if pair is None:
            continue
        for column, code in indicator_columns.items():
            if not row[column].strip():
                continue
            indicator, valuation = IMF_TRADE_CODES[code]
            _flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=indicator, period=period, value_column=column, sector="total",
                        scale="unit", valuation=valuation, prefix=f"dots-{code}", notes=[f"IMF {code}"])  # fmt: skip


def _imf_sdmx(b: _Builder) -> None:
    columns = set(b.text.columns)
    area = next((c for c in ("REF_AREA", "COUNTRY") if c in columns), None)
    counterpart = next((c for c in ("COUNTERPART_AREA", "COUNTERPART_COUNTRY") if c in columns), None)
    if area is None or counterpart is None:
        b.error("missing-column", "an SDMX-CSV file needs REF_AREA (or COUNTRY) and COUNTERPART_AREA (or COUNTERPART_COUNTRY)", 1, "", "")
        return
    for line, row in _rows(b.text):
        trade = IMF_TRADE_CODES.get(row["INDICATOR"].strip())
        if trade is None:
            b.skip(line, f"indicator '{row['INDICATOR'].strip()}' is not one we map to claims", "INDICATOR", row["INDICATOR"])
            continue
        period = _period(row["TIME_PERIOD"])
        if period is None:
            b.error("type-error", f"'{row['TIME_PERIOD']}' is not a period we can read", line, "TIME_PERIOD", row["TIME_PERIOD"])
            continue
        pair = b.place(line, (row[area], row[area]), (row[counterpart], row[counterpart]), columns=(area, counterpart))
        if pair is None:
            continue
        _flow_claim(b, line, row, reporter=pair[0], partner=pair[1], indicator=trade[0], period=period, value_column="OBS_VALUE", sector="total",
                    scale="unit", valuation=trade[1], prefix="imts", notes=[f"IMF {row['INDICATOR'].strip()}"])  # fmt: skip


ADAPTERS: dict[str, Callable[[_Builder], None]] = {
    COMTRADE_PLUS: _comtrade_plus,
    COMTRADE_LEGACY: _comtrade_legacy,
    WITS_PARTNER: _wits_partner,
    WITS_TIMESERIES: _wits_timeseries,
    IMF_TIMESERIES: _imf_timeseries,
    IMF_PANEL: _imf_panel,
    IMF_SDMX: _imf_sdmx,
}


def to_claims(text: TextTable, format_name: str) -> PublisherClaims:
    """Run the adapter of `format_name` (from `detect_format`) over a file read by `econ_ties.io.reading`."""
    builder = _Builder(text, format_name)
    missing = missing_columns(text.columns, format_name)
    for name in missing:
        builder.error("missing-column", f"a {format_name} file has a column '{name}'; this header has none", 1, name, "")
    if not missing:
        ADAPTERS[format_name](builder)
    return builder.result()
