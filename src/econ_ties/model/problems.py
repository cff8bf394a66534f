"""Validation problems and the report that gathers them.

Every problem a user can cause — a bad cell, a missing column, parts that do not add up — becomes one `Problem` with a
stable code, the file, the row number as in the file (header = line 1), the column, the value and a sentence a
non-programmer understands. All problems of a run gather in one `ValidationReport`; nothing stops at the first one.
Codes follow frictionless: each has a fixed meaning listed in `CODES`, which the docs and tests rely on.

Codes stay in English; messages are shown in the reader's language. A check builds its message once, in English, with
`said(N_("the column '{column}' …"), column=…)`: a `Said` is that English string (so the command line's report, the CSV
and every comparison stay as they were) which also remembers its template and values, and `in_language` writes it again
in the current language where it is shown (`Problem.shown_message`, `rows`, `describe`, `summary`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from econ_ties.language import DEFAULT, _, current, n_, using
from econ_ties.model.formatting import format_number
from econ_ties.model.inert_text import terminal_text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


#: code → what it means. Stable: tests, the docs page and downstream users match on these strings.
CODES: dict[str, str] = {
    "unreadable-file": "The file could not be read at all (not found, a folder, binary, or too large).",
    "encoding-error": "The file is not text in an encoding we can read (UTF-8, UTF-16, Latin-1/cp1252).",
    "empty-file": "The file has no content at all.",
    "header-only": "The file has a header row but no data rows.",
    "missing-column": "A column the format requires is not in the header.",
    "extra-column": "The header has a column the format does not know; it is ignored.",
    "duplicate-column": "Two columns in the header have the same name.",
    "blank-column": "A column in the header has no name.",
    "unknown-format": "The header matches none of the formats we read.",
    "skipped-row": "A publisher row that maps to no claim (a region or group aggregate, a re-export flow, a breakdown, an empty cell).",
    "no-claims": "No row of a publisher file became a claim: there is nothing to preview or publish.",
    "too-large": "The file is larger than the upload limit.",
    "missing-cell": "A required cell is empty, or a row has fewer cells than the header.",
    "extra-cell": "A row has more cells than the header.",
    "type-error": "A cell cannot be read as the type its column needs (a number, a date, a period).",
    "ambiguous-number": "A publisher's number could be read two ways ('191.001': a decimal point or a thousands separator) and nothing in its column or file decides.",
    "number-reading": "A publisher's number that could be read two ways was read as its column (or file) writes its other numbers; the report says which way.",
    "rounded-number": "A publisher's number in scientific notation with 6 or fewer significant digits: a spreadsheet probably rounded it.",
    "constraint-error": "A cell has a value its column does not allow (an unknown category, a negative amount).",
    "unknown-country": "A country code or name is not in the ISO 3166-1 list we use.",
    "unknown-source": "A claim or event names a source id that sources.csv does not have.",
    "duplicate-row": "Two rows state the same claim, or use the same id.",
    "parts-mismatch": "Sector parts (oil + non-oil) do not add up to the stated total within rounding.",
    "majority-mismatch": "A 'majority' statement contradicts the numbers stated for the parts.",
    "turnover-mismatch": "Turnover is not exports + imports within rounding, for the same period, side and source.",
    "cell-too-long": "A cell is longer than we accept.",
    "missing-url": "A source has no web address, so readers cannot check it.",
    "unused-source": "A source is not used by any claim or event.",
    "differs-from-published": "An uploaded figure differs from the published one for the same thing by more than 10%.",
}


@dataclass(frozen=True)
class Written:
    """A value of a message that is written in the reader's language where it is shown: `write(*args)` (an amount, "$1.2B",
    "1,2 mlrd $"). `str()` of it is the English, as the stored message holds it."""

    write: Callable[..., str]
    args: tuple[Any, ...]

    def __str__(self) -> str:
        with using(DEFAULT):
            return self.write(*self.args)


class Said(str):
    """An English message that remembers its template and values, so it can be written again in another language."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, values: dict[str, Any]) -> Said:
        english = template.format(**{name: str(value) if isinstance(value, Said | Written) else value for name, value in values.items()})
        said = super().__new__(cls, english)
        said.template, said.values = template, values
        return said

    def __reduce__(self) -> tuple[type[Said], tuple[str, dict[str, Any]]]:  # pickled and copied as template and values
        return Said, (self.template, self.values)


def said(template: str, **values: Any) -> Said:
    """The message `template` (marked with `N_`) with its `values`, in English; a value may itself be `said(...)`, or
    `Written` to be written in the language it is shown in."""
    return Said(template, values)


def in_language(message: str) -> str:
    """`message` in the current language: a `Said` is translated with its values; any other text is shown as it is."""
    if not isinstance(message, Said) or current() == DEFAULT:
        return str(message)
    values = {
        name: in_language(value) if isinstance(value, Said) else value.write(*value.args) if isinstance(value, Written) else _local_number(value)
        for name, value in message.values.items()
    }
    return _(message.template).format(**values)


class _LocalNumber:
    """A number of a message written the way the reader's language writes numbers where its template formats it
    ("{count:,}" → "70 000", "{size:.1f}" → "12,3"); a number the template shows as it is (a line number) stays as it is."""

    def __init__(self, value: int | float) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        found = _NUMBER_SPEC.fullmatch(spec)
        if not spec or found is None:
            return format(self.value, spec)
        return format_number(self.value, int(found.group(1) or 0))


#: The format specs our messages give numbers: grouped (","), with a fixed count of decimals (".1f"), or both.
_NUMBER_SPEC = re.compile(r",?(?:\.(\d+)f)?")


def _local_number(value: Any) -> Any:
    """A number value ready for a translated template (`_LocalNumber`); any other value as it is."""
    return _LocalNumber(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}; add it to problems.CODES")

    @property
    def shown_message(self) -> str:
        """The message in the reader's language (the English `message` itself in English)."""
        return in_language(self.message)

    def describe(self) -> str:
        """One line for a terminal: `figures.csv:12 [value] type-error: 'abc' is not a number`."""
        where = self.file or "-"
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" [{self.column}]"
        message = self.shown_message
        if self.value and self.value not in self.message:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
            message += _(" (value: {value})").format(value=repr(shown))
        # The file name, value and message quote the file: a line break or escape sequence in them is shown, not run.
        return terminal_text(f"{where} {self.severity.value} {self.code}: {message}")


@dataclass(frozen=True)
class RowAccount:
    """What became of every data line of an upload: a line gave claims, was skipped for a reason, or has errors; the
    three add up to the file's data lines (a publisher's status rows and rows of empty cells included)."""

    rows: int
    claim_rows: int
    claims: int
    skipped: dict[str, int]  # reason (in a few words) → lines
    error_rows: int

    def __post_init__(self) -> None:
        if self.claim_rows + sum(self.skipped.values()) + self.error_rows != self.rows:
            raise ValueError(f"a row account must add up: {self}")

    def text(self) -> str:
        """The line for the report: "1,352 rows: 1,330 claims, 22 skipped (regions 11, same country 11), 0 with errors"."""
        if self.claims == self.claim_rows:
            claims = n_("{count} claim", "{count} claims", self.claims).format(count=format_number(self.claims))
        else:
            claims = n_("{rows} with {count} claim", "{rows} with {count} claims", self.claims).format(
                rows=format_number(self.claim_rows), count=format_number(self.claims)
            )
        reasons = ", ".join(f"{in_language(reason)} {format_number(n)}" for reason, n in sorted(self.skipped.items(), key=lambda item: -item[1]))
        skipped = _("{count} skipped").format(count=format_number(sum(self.skipped.values()))) + (f" ({reasons})" if reasons else "")
        with_errors = _("{count} with errors").format(count=format_number(self.error_rows))
        rows = n_("{count} row", "{count} rows", self.rows).format(count=format_number(self.rows))
        return f"{rows}: {claims}, {skipped}, {with_errors}"


def _summary(account: RowAccount | None, errors: int, warnings: int, codes: dict[str, int]) -> str:
    """ "2 rows: 1 claim, 0 skipped, 1 with errors — 1 error, 0 warnings — type-error: 1", in the current language."""
    lines = [account.text()] if account is not None else []
    if not errors and not warnings:
        return " — ".join([*lines, _("no problems found.")]) if lines else _("No problems found.")
    counted_errors = n_("{count} error", "{count} errors", errors).format(count=format_number(errors))
    counted_warnings = n_("{count} warning", "{count} warnings", warnings).format(count=format_number(warnings))
    return " — ".join([*lines, f"{counted_errors}, {counted_warnings}", ", ".join(f"{code}: {n}" for code, n in codes.items())])


_COUNT = r"\d[\d,]*"
_ACCOUNT = re.compile(
    rf"(?P<rows>{_COUNT}) rows?: (?:(?P<claim_rows>{_COUNT}) with )?(?P<claims>{_COUNT}) claims?, "
    rf"(?P<skipped>{_COUNT}) skipped(?: \((?P<reasons>.*)\))?, (?P<error_rows>{_COUNT}) with errors"
)
_COUNTS = re.compile(rf"(?P<errors>{_COUNT}) errors?, (?P<warnings>{_COUNT}) warnings?")
_CODE_COUNT = re.compile(rf"(?P<code>[a-z-]+): (?P<count>{_COUNT})")


def _number(text: str) -> int:
    return int(text.replace(",", ""))  # English groups thousands with commas


def summary_in_language(stored: str) -> str:
    """A report's summary stored in English (with a published revision) in the current language: the same counts,
    codes and reasons; a text not in that form is returned as it is."""
    parts = stored.split(" — ")
    account = None
    if parts and (found := _ACCOUNT.fullmatch(parts[0])):
        reasons: dict[str, int] = {}
        for reason in found["reasons"].split(", ") if found["reasons"] else []:
            text, _space, count = reason.rpartition(" ")
            if not text or not count.replace(",", "").isdigit():
                return stored
            reasons[_(text)] = _number(count)
        claims = _number(found["claims"])
        claim_rows = _number(found["claim_rows"]) if found["claim_rows"] else claims
        try:
            account = RowAccount(_number(found["rows"]), claim_rows, claims, reasons, _number(found["error_rows"]))
        except ValueError:
            return stored
        parts = parts[1:]
    if parts == (["no problems found."] if account is not None else ["No problems found."]):
        return _summary(account, 0, 0, {})
    if len(parts) != 2 or not (counts := _COUNTS.fullmatch(parts[0])):
        return stored
    codes = [_CODE_COUNT.fullmatch(each) for each in parts[1].split(", ")]
    if not all(codes):
        return stored
    by_code = {found["code"]: _number(found["count"]) for found in codes if found}
    return _summary(account, _number(counts["errors"]), _number(counts["warnings"]), by_code)


REPORT_COLUMNS = ["severity", "code", "file", "row", "column", "value", "message"]


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)
    #: For an upload: what became of each of its data lines (None for a folder of curated data).
    row_account: RowAccount | None = None

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    def counts_by_code(self) -> dict[str, int]:
        return dict(Counter(p.code for p in self.problems).most_common())

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.severity is not Severity.ERROR, p.file, p.row or 0, p.column, p.code))

    def rows(self) -> list[dict[str, object]]:
        """The report as flat rows with REPORT_COLUMNS (for tables and CSV downloads)."""
        out = []
        for p in self.sorted():
            d = asdict(p)
            d["severity"] = p.severity.value
            d["message"] = p.shown_message
            out.append({k: d[k] for k in REPORT_COLUMNS})
        return out

    def to_csv(self) -> str:
        from econ_ties.model.csv_safety import write_rows

        return write_rows(REPORT_COLUMNS, ([row[c] for c in REPORT_COLUMNS] for row in self.rows()))

    def summary(self) -> str:
        return _summary(self.row_account, len(self.errors), len(self.warnings), self.counts_by_code())

    def render(self, limit: int | None = None) -> str:
        lines = [p.describe() for p in self.sorted()]
        if limit is not None and len(lines) > limit:
            more = len(self.problems) - limit
            lines = [*lines[:limit], _("… and {count} more (write the full report with --report FILE)").format(count=more)]
        return "\n".join([*lines, self.summary()])
