"""Publishers' CSV downloads (UN Comtrade, World Bank WITS, IMF DOTS and CDIS) turned into claims in our own format.

This is the one place that names every publisher format: `FORMATS` holds one `PublisherFormat` per layout (its name,
the columns that identify its header, its adapter and its origin), in the order headers are matched against them.
Each publisher's module (`comtrade`, `wits`, `imf_dots`, `imf_cdis`, `imf_timeseries`) declares its formats and knows
its layout; to read a new layout, write its module and add its format here. `detect_format` recognises a file from
its header alone, comparing column names as `header_key` writes them (case, surrounding and repeated spaces and a BOM
do not count), and names a header that has at least half of a format's columns as that format, so the report can say
which of its columns are missing or renamed; `to_claims` writes the header in the format's own spelling and runs that format's adapter, which maps every data row to claim rows as text in our
columns: countries to ISO3 through `econ_ties.model.countries` (IMF numeric codes and publishers' spellings included),
the world total to WLD, regional and group aggregates kept apart (returned separately, never mixed with countries),
flows to indicators, units to USD (a "US$ Thousand" value keeps its digits with scale `thousand`), valuation (CIF/FOB)
and the reporting side written into `notes`, and the source set to the publisher and the file. The claims then go
through the same validation as a native upload, so the report speaks of the publisher file's own line numbers.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from econ_ties.io.publishers import comtrade, imf_dots, imf_timeseries, wits
from econ_ties.io.publishers.comtrade import COMTRADE_LEGACY, COMTRADE_PLUS
from econ_ties.io.publishers.format import NO_FIGURE, ClaimRows, PublisherClaims, PublisherFormat, header_key
from econ_ties.io.publishers.imf_cdis import IMF_CDIS_TIMESERIES
from econ_ties.io.publishers.imf_dots import IMF_DOTS_TIMESERIES, IMF_PANEL, IMF_SDMX
from econ_ties.io.publishers.imf_timeseries import IMF_TIMESERIES
from econ_ties.io.publishers.numbers_and_periods import parse_number
from econ_ties.io.publishers.wits import WITS_PARTNER, WITS_TIMESERIES
from econ_ties.io.reading import TextTable
from econ_ties.language import N_
from econ_ties.model.problems import said

__all__ = [
    "COMTRADE_LEGACY",
    "COMTRADE_PLUS",
    "FORMATS",
    "IMF_CDIS_TIMESERIES",
    "IMF_DOTS_TIMESERIES",
    "IMF_PANEL",
    "IMF_SDMX",
    "IMF_TIMESERIES",
    "NO_FIGURE",
    "WITS_PARTNER",
    "WITS_TIMESERIES",
    "PublisherClaims",
    "PublisherFormat",
    "detect_format",
    "header_key",
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


def _columns(publisher_format: PublisherFormat) -> frozenset[str]:
    return publisher_format.signature | publisher_format.needed


def detect_format(columns: list[str]) -> str | None:
    """The publisher layout a header belongs to, or None: the first whose signature it has, else the one of which it
    has the largest share of columns, if that is at least half (a renamed or deleted column is then reported)."""
    present = {header_key(c) for c in columns}
    for publisher_format in FORMATS.values():
        if {header_key(c) for c in publisher_format.signature} <= present:
            return publisher_format.name
    best, share = None, 0.5
    for publisher_format in FORMATS.values():
        expected = {header_key(c) for c in _columns(publisher_format)}
        found = len(expected & present) / len(expected)
        if found >= share and (best is None or found > share):
            best, share = publisher_format.name, found
    return best


def missing_columns(columns: list[str], format_name: str) -> list[str]:
    """The columns `format_name`'s adapter needs that the header lacks, in a stable order."""
    present = {header_key(c) for c in columns}
    return sorted(c for c in _columns(FORMATS[format_name]) if header_key(c) not in present)


def in_format_spelling(text: TextTable, format_name: str) -> TextTable:
    """The file with each column the format knows renamed to the format's own spelling ("us$ thousand" → "US$ Thousand")."""
    publisher_format = FORMATS[format_name]
    spelling = {header_key(c): c for c in _columns(publisher_format) | publisher_format.optional}
    renamed = [spelling.get(header_key(c), c.strip()) for c in text.columns]
    if len(set(renamed)) < len(renamed):  # two columns that differ only in case or spaces: each keeps its own name
        return text
    return replace(text, columns=renamed)


def to_claims(text: TextTable, format_name: str) -> PublisherClaims:
    """Run the adapter of `format_name` (from `detect_format`) over a file read by `econ_ties.io.reading`."""
    publisher_format = FORMATS[format_name]
    text = in_format_spelling(text, format_name)
    rows = ClaimRows(text, publisher_format)
    missing = missing_columns(text.columns, format_name)
    unknown = [c for c in text.columns if c not in _columns(publisher_format) | publisher_format.optional]
    for name in missing:
        guess = difflib.get_close_matches(header_key(name), [header_key(c) for c in unknown], n=1, cutoff=0.6)
        if guess:
            renamed = unknown[[header_key(c) for c in unknown].index(guess[0])]
            message = said(N_("a {format} file has a column '{column}'; this header has none; is '{renamed}' that column renamed?"),
                           format=format_name, column=name, renamed=renamed)  # fmt: skip
        else:
            message = said(N_("a {format} file has a column '{column}'; this header has none"), format=format_name, column=name)
        rows.error("missing-column", message, 1, name, "")
    if not missing:
        publisher_format.adapter(rows)
    return rows.result()
