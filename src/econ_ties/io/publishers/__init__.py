"""Publishers' CSV downloads (UN Comtrade, World Bank WITS, IMF DOTS and CDIS) turned into claims in our own format.

This is the one place that names every publisher format: `FORMATS` holds one `PublisherFormat` per layout (its name,
the columns that identify its header, its adapter and its origin), in the order headers are matched against them.
Each publisher's module (`comtrade`, `wits`, `imf_dots`, `imf_cdis`, `imf_timeseries`) declares its formats and knows
its layout; to read a new layout, write its module and add its format here. `detect_format` recognises a file from
its header alone; `to_claims` runs that format's adapter, which maps every data row to claim rows as text in our
columns: countries to ISO3 through `econ_ties.model.countries` (IMF numeric codes and publishers' spellings included),
the world total to WLD, regional and group aggregates kept apart (returned separately, never mixed with countries),
flows to indicators, units to USD (a "US$ Thousand" value keeps its digits with scale `thousand`), valuation (CIF/FOB)
and the reporting side written into `notes`, and the source set to the publisher and the file. The claims then go
through the same validation as a native upload, so the report speaks of the publisher file's own line numbers.
"""

from __future__ import annotations

from econ_ties.io.publishers import comtrade, imf_dots, imf_timeseries, wits
from econ_ties.io.publishers.comtrade import COMTRADE_LEGACY, COMTRADE_PLUS
from econ_ties.io.publishers.format import ClaimRows, PublisherClaims, PublisherFormat
from econ_ties.io.publishers.imf_cdis import IMF_CDIS_TIMESERIES
from econ_ties.io.publishers.imf_dots import IMF_DOTS_TIMESERIES, IMF_PANEL, IMF_SDMX
from econ_ties.io.publishers.imf_timeseries import IMF_TIMESERIES
from econ_ties.io.publishers.numbers_and_periods import parse_number
from econ_ties.io.publishers.wits import WITS_PARTNER, WITS_TIMESERIES
from econ_ties.io.reading import TextTable

__all__ = [
    "COMTRADE_LEGACY",
    "COMTRADE_PLUS",
    "FORMATS",
    "IMF_CDIS_TIMESERIES",
    "IMF_DOTS_TIMESERIES",
    "IMF_PANEL",
    "IMF_SDMX",
    "IMF_TIMESERIES",
    "WITS_PARTNER",
    "WITS_TIMESERIES",
    "PublisherClaims",
    "PublisherFormat",
    "detect_format",
    "missing_columns",
    "parse_number",
    "to_claims",
]

#: Every publisher format by name, in the order a header is matched against their signatures (the first match wins,
#: so a layout whose columns include another's comes before it).
FORMATS: dict[str, PublisherFormat] = {
    f.name: f
    for f in (
        comtrade.PLUS,
        comtrade.LEGACY,
        imf_timeseries.TIME_SERIES,
        imf_dots.PANEL,
        wits.TIME_SERIES,
        wits.PARTNER_VIEW,
        imf_dots.SDMX,
    )
}


def detect_format(columns: list[str]) -> str | None:
    """The publisher layout a header belongs to, or None. Column names are compared after trimming."""
    present = {c.strip() for c in columns}
    for publisher_format in FORMATS.values():
        if publisher_format.signature <= present:
            return publisher_format.name
    return None


def missing_columns(columns: list[str], format_name: str) -> list[str]:
    """The columns `format_name`'s adapter needs that the header lacks, in a stable order."""
    present = {c.strip() for c in columns}
    publisher_format = FORMATS[format_name]
    return sorted((publisher_format.signature | publisher_format.needed) - present)


def to_claims(text: TextTable, format_name: str) -> PublisherClaims:
    """Run the adapter of `format_name` (from `detect_format`) over a file read by `econ_ties.io.reading`."""
    publisher_format = FORMATS[format_name]
    rows = ClaimRows(text, publisher_format)
    missing = missing_columns(text.columns, format_name)
    for name in missing:
        rows.error("missing-column", f"a {format_name} file has a column '{name}'; this header has none", 1, name, "")
    if not missing:
        publisher_format.adapter(rows)
    return rows.result()
