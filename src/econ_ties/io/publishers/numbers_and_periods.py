"""Publishers' numbers and periods written as ours: "1 234,5" → "1234.5", "2024M2" → "2024-02".

Every publisher writes numbers and periods its own way (thousands separators, decimal commas, exponents; years,
quarters, months with or without an M, a day). This is the one place that reads them, for every format.

Numbers are read by column (`read_column`): which of "." and "," is the decimal separator is decided once per column
from all its values, because one value cannot say: "191.001" is 191.001 in an English file and 191001 in a German
Excel save, where the same column also holds "42.016.266". A column whose values disagree, or whose only separated
values are ambiguous while nothing else in the file decides, is refused value by value rather than guessed. A value
in scientific notation with 6 or fewer significant digits ("1.58885E+12") is flagged: a spreadsheet probably rounded it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from econ_ties.language import N_
from econ_ties.model.problems import Said, said

_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")
_SCIENTIFIC = re.compile(r"^-?(\d+)(?:[.,](\d+))?[eE][+-]?\d+$")
#: Characters spreadsheets and publishers put between digit groups that never mean a decimal: spaces and apostrophes.
_GROUPING = re.compile(r"[\s\u00a0\u202f']")
# What one value says about its column's decimal separator (after removing spaces and apostrophes).
_AMBIGUOUS = r"^-?[1-9]\d{0,2}[.,]\d{3}$"  # "191.001", "1,234": a decimal or a thousands separator
_SAYS_POINT = r"^-?(\d+\.\d+([eE][+-]?\d+)?|\d{1,3}(,\d{3})+(\.\d+)?)$"  # "2514530.02", "1,003,427.86", "1,234,567"
_SAYS_COMMA = r"^-?(\d+,\d+([eE][+-]?\d+)?|\d{1,3}(\.\d{3})+(,\d+)?)$"  # "1234567,5", "1.234,5", "42.016.266"


def parse_number(text: str, decimal: str = ".") -> str | None:
    """One number as a plain decimal string, read with `decimal` as the decimal separator and the other of "." and ","
    as thousands ("1.234,5" with "," → "1234.5"); None if it is not a number written that way."""
    raw = _GROUPING.sub("", text)
    if not raw:
        return None
    if _PLAIN.match(raw) and (decimal == "." or "." not in raw):
        return raw
    if _SCIENTIFIC.match(raw):
        if "," in raw and decimal != ",":
            return None
        return format(float(raw.replace(",", ".")), "f").rstrip("0").rstrip(".") or "0"
    thousands = "," if decimal == "." else "."
    whole, _, fraction = raw.partition(decimal)
    if thousands in whole and not re.fullmatch(rf"-?\d{{1,3}}(\{thousands}\d{{3}})+", whole):
        return None
    candidate = whole.replace(thousands, "") + ("." + fraction if fraction else "")
    return candidate if _PLAIN.match(candidate) else None


def rounded_by_a_spreadsheet(text: str) -> bool:
    """True for scientific notation with 6 or fewer significant digits ("1.58885E+12"), as Excel shows big numbers."""
    m = _SCIENTIFIC.match(_GROUPING.sub("", text))
    if m is None:
        return False
    return len((m.group(1) + (m.group(2) or "")).lstrip("0")) <= 6


@dataclass(frozen=True)
class SeparatorEvidence:
    """What the values of one column (or a whole file) say about the decimal separator: a first example line of each."""

    point: tuple[str, int] | None = None  # a value that needs "." as the decimal separator, and its line
    comma: tuple[str, int] | None = None  # a value that needs "," as the decimal separator, and its line
    ambiguous: tuple[str, int] | None = None  # a value that reads either way ("191.001"), and its line

    @property
    def decimal(self) -> str | None:
        """The decimal separator the values agree on; None when none says, or they disagree."""
        if self.point and not self.comma:
            return "."
        if self.comma and not self.point:
            return ","
        return None

    def __or__(self, other: SeparatorEvidence) -> SeparatorEvidence:
        return SeparatorEvidence(self.point or other.point, self.comma or other.comma, self.ambiguous or other.ambiguous)


def separator_evidence(values: pa.Array | pa.ChunkedArray, line_numbers: np.ndarray) -> SeparatorEvidence:
    """What a column's values say about its decimal separator (vectorised: a column is read once, whatever its length)."""
    cleaned = pc.replace_substring_regex(pc.cast(values, pa.large_string()), r"[\s\x{00a0}\x{202f}']", "")
    ambiguous = pc.fill_null(pc.match_substring_regex(cleaned, _AMBIGUOUS), False)
    found = []
    for pattern in (_SAYS_POINT, _SAYS_COMMA):
        says = pc.and_(pc.fill_null(pc.match_substring_regex(cleaned, pattern), False), pc.invert(ambiguous))
        found.append(says)
    found.append(ambiguous)
    examples: list[tuple[str, int] | None] = []
    for mask in found:
        index = pc.index(mask, True).as_py()
        examples.append(None if index < 0 else (str(values[index].as_py()).strip(), int(line_numbers[index])))
    return SeparatorEvidence(*examples)


@dataclass(frozen=True)
class ColumnReading:
    """How one numeric column is read: its decimal separator, decided from the column, else from the file's numbers."""

    column: str
    own: SeparatorEvidence
    file: SeparatorEvidence

    @property
    def decimal(self) -> str | None:
        """The decimal separator, "." or ","; None when the column's separated values disagree or nothing decides an ambiguous one."""
        if self.own.point and self.own.comma:
            return None
        if self.own.decimal:
            return self.own.decimal
        return self.file.decimal

    @property
    def decided_by(self) -> tuple[str, int] | None:
        """The value (and line) whose writing decided the reading, for the report."""
        evidence = self.own if self.own.decimal else self.file
        return evidence.point if self.decimal == "." else evidence.comma if self.decimal == "," else None

    def note(self) -> Said | None:
        """The sentence for the report when an ambiguous value was read by its column's (or file's) other values."""
        if self.own.ambiguous is None or self.decimal is None or self.decided_by is None:
            return None
        value, line = self.own.ambiguous
        example, example_line = self.decided_by
        where = said(N_("this column")) if self.own.decimal else said(N_("another column of the file"))
        reading = (
            said(N_("'.' as the decimal point and ',' between thousands"))
            if self.decimal == "."
            else said(N_("',' as the decimal comma and '.' between thousands"))
        )
        return said(
            N_("column '{column}' is read with {reading}, as '{example}' on line {example_line} of {where} is written; so '{value}' on line {line} is {shown}"),
            column=self.column,
            reading=reading,
            example=example,
            example_line=example_line,
            where=where,
            value=value,
            line=line,
            shown=parse_number(value, self.decimal),
        )

    def read(self, text: str) -> str | None:
        """The value as a plain decimal string, or None (then `refusal` says why)."""
        decimal = self.decimal
        if decimal is None:
            raw = _GROUPING.sub("", text)
            return raw if _PLAIN.match(raw) and "." not in raw else parse_number(text) if _SCIENTIFIC.match(raw) and "," not in raw else None
        return parse_number(text, decimal)

    def refusal(self, text: str) -> tuple[str, Said]:
        """(problem code, reason) for a value `read` refused."""
        raw = _GROUPING.sub("", text)
        if self.own.point and self.own.comma:
            (p, p_line), (c, c_line) = self.own.point, self.own.comma
            return "ambiguous-number", said(
                N_(
                    "'{value}' cannot be read for sure: column '{column}' writes '{point}' (line {point_line}) with a decimal point and "
                    "'{comma}' (line {comma_line}) with a decimal comma; write the column one way"
                ),
                value=text.strip(),
                column=self.column,
                point=p,
                point_line=p_line,
                comma=c,
                comma_line=c_line,
            )
        if self.decimal is None and re.match(_AMBIGUOUS, raw):
            other = parse_number(raw, "," if "." in raw else ".")
            return "ambiguous-number", said(
                N_(
                    "'{value}' could be {one} or {other}, and no other value of column "
                    "'{column}' or of the file says which separator is the decimal one; write it without thousands separators"
                ),
                value=text.strip(),
                one=parse_number(raw, "." if "." in raw else ","),
                other=other,
                column=self.column,
            )
        return "type-error", said(N_("'{value}' is not a number"), value=text.strip())


def publisher_period(text: str) -> str | None:
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
