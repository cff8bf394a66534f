"""What a publisher format is, and what its adapter builds claims with.

A `PublisherFormat` is one layout, declared by its publisher's module: a name (shown to the analyst and kept as the
upload's format), the columns whose presence identifies it (`signature`) and the other columns its adapter reads
(`needed`), the adapter that maps its rows to claims, and its `Origin`: who publishes it and where, which becomes the
source record of every claim read from such a file (`file_source`). The registry of all formats, in the order they are
recognised, is `econ_ties.io.publishers.FORMATS`.

The adapter is handed a `ClaimRows`, which collects one file's claim rows as text in our columns
(`econ_ties.model.columns.CLAIM_COLUMNS`) with the publisher file's own line numbers, resolves country cells once per
distinct value through `econ_ties.model.countries.resolve` (ISO codes, IMF numeric codes, publishers' spellings; the
world total as WLD), keeps rows about regions, groups, "nes" and historic areas apart (skipped and counted by kind, as
are same-country rows and rows reported by the world), and gathers the problems: errors for cells that cannot be read
or name nothing we know, one warning per kind of skipped row. `result()` hands back `PublisherClaims`; `flow_claim` adds one trade flow. The two live together because
each names the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from econ_ties.io.publishers.numbers_and_periods import ColumnReading, SeparatorEvidence, rounded_by_a_spreadsheet, separator_evidence
from econ_ties.io.reading import TextTable
from econ_ties.language import N_
from econ_ties.model.columns import CLAIM_COLUMNS
from econ_ties.model.countries import AREA_KINDS, UNKNOWN, WORLD, Place, is_country, resolve
from econ_ties.model.problems import Problem, Said, Severity, said
from econ_ties.model.schema import Source


@dataclass(frozen=True)
class Origin:
    """A publisher: its name and its web address."""

    publisher: str
    url: str


@dataclass(frozen=True)
class PublisherFormat:
    """One publisher layout: how its header is recognised, how its rows become claims, and where it comes from."""

    name: str
    origin: Origin
    #: Columns whose presence identifies the layout (compared after trimming).
    signature: frozenset[str]
    #: Adds the claims of every data row to the `ClaimRows` it is given (and its problems).
    adapter: Callable[[ClaimRows], None]
    #: Columns the adapter reads besides its signature: a header that has the signature but lacks one of these (a
    #: cut-down or edited download) gets a missing-column error for each instead of a row-by-row failure.
    needed: frozenset[str] = frozenset()
    #: The layout's other columns (those the adapter reads when they are there: value columns, breakdowns, flags; and
    #: those it does not read): with the two sets above, the columns matched ignoring case and spaces and written in
    #: the format's own spelling. A header column outside all three may be a renamed one, which the report suggests.
    optional: frozenset[str] = frozenset()


SLUG = re.compile(r"[^A-Za-z0-9]+")
_SPACES = re.compile(r"\s+")


def header_key(name: str) -> str:
    """A column name (or a publisher's label) as it is compared: no BOM, no case, no surrounding spaces, inner spaces as one."""
    return _SPACES.sub(" ", name.replace("\ufeff", "")).strip().casefold()


def slug(text: str, limit: int = 40) -> str:
    return SLUG.sub("-", text).strip("-").lower()[:limit].strip("-") or "file"


def file_source(format_name: str, origin: Origin, file_name: str) -> Source:
    """The source record of an uploaded publisher file: the publisher's download in that format.

    Its id and title name the format, not the file: the same download saved under another name (or with another
    delimiter) is the same data and cites the same source, so a re-upload previews as unchanged. The file's name is
    provenance, kept in the notes, where a reader can trace it but no claim's content depends on it. A published
    source is never rewritten by an upload, so the notes keep the name of the file first published in that format; each
    revision records the file it was published from.
    """
    return Source(
        source_id=f"upload-{slug(format_name, 56)}",
        publisher=origin.publisher,
        title=f"{format_name} download",
        url=origin.url,
        notes=f"Uploaded file {file_name}, read as {format_name}.",
    )


def cell_quote(format_name: str, column: str, value: str, what: str = "") -> str:
    """The quote of a claim read from a publisher file: the format, the column and the figure as read (a plain
    decimal). Neither the file's name nor its line is in it, nor the cell's spelling ("1.234,5" in a semicolon save,
    "1,234.5" in a comma one): the same download saved again is the same claim. The report's rows give the line."""
    return f"{format_name}: {what + ', ' if what else ''}{column} = {value}"


WORLD_REPORTER = said(N_("rows whose reporter is the world state no country's figure and are skipped"))
SAME_COUNTRY = said(N_("rows whose reporter and partner are the same country state no bilateral figure and are skipped"))
#: Why a row about an area is skipped, and the area's kind in a few words for the count of skipped lines, by kind.
AREA_SKIPS = {
    "region": (said(N_("rows about a region are kept apart from country claims")), said(N_("regions"))),
    "income group": (said(N_("rows about an income group are kept apart from country claims")), said(N_("income groups"))),
    "economic group": (said(N_("rows about an economic group are kept apart from country claims")), said(N_("economic groups"))),
    "special/nes area": (said(N_("rows about a special/nes area are kept apart from country claims")), said(N_("special/nes areas"))),
    "historic area": (said(N_("rows about a historic area are kept apart from country claims")), said(N_("historic areas"))),
}

#: How a flow is valued when the publisher does not say otherwise: imports at the border of the importer, exports at
#: that of the exporter.
VALUATION = {"imports": "CIF", "exports": "FOB"}
_VALUATION_NOTE = re.compile(r"(?:^|;\s*)valuation (CIF|FOB)(?:;|$)")


def valuation_of(notes: str) -> str:
    """How a publisher's flow is valued ("CIF", "FOB"), read back from the note `flow_claim` writes; "" when not said.
    (IMF DOTS states imports both ways: the charts tell the two apart by it.)"""
    found = _VALUATION_NOTE.search(notes or "")
    return found.group(1) if found else ""


@dataclass
class PublisherClaims:
    """What an adapter made of a publisher file: claim rows as text, their line numbers, the file's source, problems."""

    format_name: str
    table: pa.Table
    line_numbers: np.ndarray
    source: Source
    problems: list[Problem] = field(default_factory=list)
    aggregates: pa.Table | None = None  # rows about regions/groups, kept apart from country claims
    skipped_lines: dict[int, str] = field(default_factory=dict)  # line → why it gave no claim, in a few words (a `Said`)


#: The message for a period cell a publisher's format cannot read.
NOT_A_PERIOD = N_("'{value}' is not a period we can read")
#: Kinds of skipped rows, in a few words, that several formats share.
OTHER = said(N_("other"))
EMPTY_CELLS = said(N_("empty cells"))
OTHER_INDICATORS = said(N_("other indicators"))
NO_FIGURE = said(N_("no figure"))


class ClaimRows:
    """Collects claim rows and problems for one file; resolves country cells once per distinct value."""

    def __init__(self, text: TextTable, publisher_format: PublisherFormat):
        self.text = text
        self.origin = publisher_format.origin
        self.format_name = publisher_format.name
        self.source = file_source(self.format_name, self.origin, text.file)
        self.rows: dict[str, list[str]] = {c: [] for c in CLAIM_COLUMNS}
        self.lines: list[int] = []
        self.problems: list[Problem] = []
        self.aggregate_rows: list[dict[str, object]] = []
        self._countries: dict[tuple[str, str, bool], Place] = {}
        self._skipped: dict[str, int] = {}
        self.skipped_lines: dict[int, str] = {}
        self._readings: dict[str, ColumnReading] = {}
        self._file_evidence: SeparatorEvidence | None = None

    def rename(self, format_name: str) -> None:
        """Name the format more precisely once the rows are known (IMF timeSeries files are DOTS or CDIS)."""
        self.format_name = format_name
        self.source = file_source(format_name, self.origin, self.text.file)

    def country(self, name: str, code: str = "", *, imf: bool = False) -> Place:
        """What a reporter or partner cell stands for (`econ_ties.model.countries.resolve`), resolved once per value."""
        key = (name, code, imf)
        place = self._countries.get(key)
        if place is None:
            place = self._countries[key] = resolve(name, code, imf=imf)
        return place

    def number(self, line: int, column: str, raw: str) -> str | None:
        """The value of a numeric cell as a plain decimal string, read as its whole column is written (see
        `numbers_and_periods`); None, with an error naming the line, column and value, when it cannot be read for sure."""
        reading = self._readings.get(column)
        if reading is None:
            reading = self._readings[column] = self._column_reading(column)
        value = reading.read(raw)
        if value is None:
            code, reason = reading.refusal(raw)
            self.error(code, reason, line, column, raw)
        elif rounded_by_a_spreadsheet(raw):
            message = said(
                N_("'{value}' has 6 or fewer significant digits in scientific notation: a spreadsheet probably rounded it; read as {number}"),
                value=raw.strip(),
                number=value,
            )
            self.problems.append(Problem("rounded-number", message, self.text.file, line, column, raw, Severity.WARNING))
        return value

    def _column_reading(self, column: str) -> ColumnReading:
        index = [c.strip() for c in self.text.columns].index(column)
        own = separator_evidence(self.text.table.column(index), self.text.line_numbers)
        if own.ambiguous and own.decimal is None and not own.point and not own.comma:
            if self._file_evidence is None:
                self._file_evidence = SeparatorEvidence()
                for i in range(len(self.text.columns)):
                    if i != index:
                        self._file_evidence |= separator_evidence(self.text.table.column(i), self.text.line_numbers)
            reading = ColumnReading(column, own, self._file_evidence)
        else:
            reading = ColumnReading(column, own, SeparatorEvidence())
        if note := reading.note():
            self.problems.append(Problem("number-reading", note, self.text.file, reading.own.ambiguous[1] if reading.own.ambiguous else None, column,
                                         reading.own.ambiguous[0] if reading.own.ambiguous else "", Severity.WARNING))  # fmt: skip
        return reading

    def skip(self, line: int, reason: Said, column: str = "", value: str = "", *, kind: Said = OTHER) -> None:
        """A row (or cell) that maps to no claim: one warning per distinct reason (with its first line), counted; `kind`
        is the reason in a few words, for the report's count of skipped lines ("regions 11, same country 11")."""
        self.skipped_lines.setdefault(line, kind)
        self._skipped[reason] = self._skipped.get(reason, 0) + 1
        if self._skipped[reason] == 1:
            self.problems.append(Problem("skipped-row", reason, self.text.file, line, column, value, Severity.WARNING))

    def error(self, code: str, message: Said, line: int, column: str, value: str) -> None:
        self.problems.append(Problem(code, message, self.text.file, line, column, value))

    def warn(self, code: str, message: Said, line: int, column: str, value: str = "") -> None:
        self.problems.append(Problem(code, message, self.text.file, line, column, value, Severity.WARNING))

    def place(self, line: int, reporter: tuple[str, str], partner: tuple[str, str], *, imf: bool = False, columns: tuple[str, str]) -> tuple[str, str] | None:
        """Resolve reporter and partner to ISO3 codes (the partner may be the world, WLD). None when the row cannot be a
        claim: an unknown name is an error naming it; a reporter that is the world, and either side that is a region or
        group (EU-28, "Other Asia, nes", "Fmr USSR", …), skips the row counted by that kind; so does a row whose
        reporter and partner are the same country."""
        resolved = []
        for (name, code), column, side in zip((reporter, partner), columns, ("reporter", "partner"), strict=True):
            place = self.country(name, code, imf=imf)
            shown = name.strip() or code.strip()
            if place.kind == UNKNOWN:
                self.error(
                    "unknown-country", said(N_("'{value}' is not a country or area we can match to an ISO3 code"), value=shown), line, column, name or code
                )
                return None
            if place.kind == WORLD and side == "reporter":
                self.skip(line, WORLD_REPORTER, column, name or code, kind=said(N_("the world as reporter")))
                return None
            if place.kind in AREA_KINDS:
                self.aggregate_rows.append({"row": line, "column": column, "name": name.strip(), "code": code.strip(), "kind": place.kind})
                reason, kind = AREA_SKIPS[place.kind]
                self.skip(line, reason, column, name or code, kind=kind)
                return None
            resolved.append(str(place.iso3))
        if resolved[0] == resolved[1]:
            self.skip(line, SAME_COUNTRY, columns[1], partner[0] or partner[1], kind=said(N_("same country")))
            return None
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
                message = said(N_("{count} rows skipped in all: {reason}"), count=count, reason=reason)
                self.problems.append(Problem("skipped-row", message, self.text.file, None, "", "", Severity.WARNING))
        table = pa.table({c: pa.array(self.rows[c], pa.large_string()) for c in CLAIM_COLUMNS})
        aggregates = pa.Table.from_pylist(self.aggregate_rows) if self.aggregate_rows else None
        lines = np.array(self.lines, dtype=np.int64)
        return PublisherClaims(self.format_name, table, lines, self.source, self.problems, aggregates, self.skipped_lines)


def data_rows(text: TextTable) -> Iterator[tuple[int, dict[str, str]]]:
    """Every data row of a file as (its line number, {trimmed column name: cell})."""
    columns = {c.strip(): text.table.column(i).to_pylist() for i, c in enumerate(text.columns)}
    names = list(columns)
    for i, line in enumerate(text.line_numbers.tolist()):
        yield int(line), {n: columns[n][i] for n in names}


def claim_id(*parts: str) -> str:
    """A claim id made of the parts that identify a publisher's figure (prefix, pair, indicator, period, sector)."""
    return SLUG.sub("-", "-".join(p for p in parts if p)).strip("-")[:64]


def flow_claim(b: ClaimRows, line: int, row: dict[str, str], *, reporter: str, partner: str, indicator: str, period: str, value_column: str,
               sector: str, scale: str, valuation: str, prefix: str, notes: list[str]) -> None:  # fmt: skip
    """Add one trade flow (exports, imports, balance) stated by `reporter` about `partner`, read from `value_column`."""
    raw = row.get(value_column, "")
    if not raw.strip():
        b.skip(line, said(N_("rows with an empty '{column}' state no figure and are skipped"), column=value_column), value_column, kind=EMPTY_CELLS)
        return
    value = b.number(line, value_column, raw)
    if value is None:
        return
    if not is_country(reporter):
        b.skip(line, WORLD_REPORTER, "", reporter)
        return
    note = "; ".join(n for n in [f"valuation {valuation}" if valuation else "", "reported by the reporter", *notes] if n)
    b.add(
        line,
        claim_id=claim_id(prefix, reporter, partner, indicator, valuation, period, sector),
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
        quote=cell_quote(b.format_name, value_column, value),
        notes=note,
    )
