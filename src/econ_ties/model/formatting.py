"""The one number formatter: amounts for people ($6.3B, $802.2M), with their qualifier ("over $1.2B").

Every label, hover, table, citation and export goes through `format_amount` (or `format_claim` for a claim row), so a
number reads the same everywhere and a bound never loses its "over". Precision follows what was stated: "$4.17B" keeps
two decimals, "$5 billion" shows as "$5.0B" (billions always carry one decimal, the house style of the brief).

Values drawn on a chart go through `format_label`: a figure a source stated for readers is drawn as stated, a figure
from a data table (a publisher download's "1332158767") is drawn to 3 significant figures ("$1.33B"); hover boxes,
tables and CSVs keep the exact figure (`format_claim`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
_UNITS = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
QUALIFIER_WORDS = {"exact": "", "about": "about ", "at_least": "over ", "at_most": "under ", "majority": ""}


def _unit_for(amount: float) -> tuple[float, str]:
    size = abs(amount)
    for divisor, suffix in _UNITS:
        if size >= divisor * 0.9995:
            return divisor, suffix
    return 1.0, ""


def format_money(amount: float, currency: str = "USD", decimals: int | None = None) -> str:
    """$6.3B, $802.2M, $51M, €1.7B, AZN 12.0M. `decimals` counts digits in the displayed unit; None picks up to 2."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    divisor, suffix = _unit_for(amount)
    scaled = amount / divisor
    text = f"{scaled:,.2f}".rstrip("0").rstrip(".") if decimals is None else f"{scaled:,.{decimals}f}"
    if suffix in ("B", "T") and "." not in text:
        text = f"{scaled:,.1f}"
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    symbol = _SYMBOLS.get(currency.upper(), "")
    prefix = symbol if symbol else (f"{currency.upper()} " if currency else "")
    return f"{sign}{prefix}{text}{suffix}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_amount(amount: float, currency: str, qualifier: str = "exact", decimals: int | None = None) -> str:
    """An amount with its qualifier word: "over $1.2B", "about $1.0B", "$6.3B"."""
    return QUALIFIER_WORDS.get(qualifier, "") + format_money(amount, currency, decimals)


def display_decimals(stated_decimals: int, multiplier: float, amount: float) -> int:
    """Digits to show in the display unit so that the stated precision is kept, no more."""
    divisor, _ = _unit_for(amount)
    shift = math.log10(divisor / multiplier) if multiplier else 0
    return max(0, round(stated_decimals + shift))


#: Measures stated in percent: a share of a whole, and a growth rate on a year earlier.
PERCENT_MEASURES = ("share", "growth")


def format_percent(value: float, decimals: int, qualifier: str = "exact", *, signed: bool = False) -> str:
    """A percentage as stated, with its qualifier: "25.83%", "over +10%", "−7.5%" (a growth rate carries its sign)."""
    text = f"{abs(value):,.{max(0, decimals)}f}%"
    sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ("−" if value < 0 else "")
    return QUALIFIER_WORDS.get(qualifier, "") + sign + text


def format_claim(claim: Mapping[str, Any]) -> str:
    """A claim row (from `Dataset.claims`) as people read it: "over $1.2B", "the majority", "3rd", "$802.2M"."""
    qualifier = str(claim["qualifier"])
    if qualifier == "majority":
        return "the majority"
    if claim["measure"] == "rank":
        return ordinal(int(claim["value"]))
    if claim["measure"] in PERCENT_MEASURES:
        return format_percent(float(claim["value"]), int(claim["decimals"]), qualifier, signed=claim["measure"] == "growth")
    amount = float(claim["amount"])
    decimals = display_decimals(int(claim["decimals"]), float(claim["multiplier"]), amount)
    return format_amount(amount, str(claim["currency"]), qualifier, decimals)


#: Significant figures of a value drawn on a chart when the source did not round it for readers.
LABEL_FIGURES = 3
#: The most significant digits a figure stated for readers carries ("$11.706 billion"); a longer one is a table cell.
STATED_DIGITS = 5


def significant_digits(value: float, decimals: int) -> int:
    """How many significant digits a stated number has as written: "6.3" 2, "5.0" 2, "1332158767" 10, "0.05" 1."""
    digits = f"{abs(value):.{max(0, decimals)}f}".replace(".", "").lstrip("0")
    return max(1, len(digits))


def stated_for_readers(claim: Mapping[str, Any]) -> bool:
    """Whether a figure was rounded by its source for readers ("$4.17 billion", "$802.2 million"), so a chart draws it
    as stated. Prose states amounts in millions or billions with a few digits (or in thousands with six: "763 milyon
    695 min"); a publisher's table states them in dollars, or to many digits ("1332158767", "1332.158767" million), and
    is drawn to 3 figures."""
    multiplier, value = float(claim["multiplier"]), float(claim["value"])
    digits = significant_digits(value, int(claim["decimals"]))
    # "763 milyon 695 min dollar", entered as 763695 thousand, was stated for readers too: in thousands, one more digit.
    return (multiplier >= 1e6 and digits <= STATED_DIGITS) or (multiplier >= 1e3 and digits <= STATED_DIGITS + 1)


def format_label(claim: Mapping[str, Any]) -> str:
    """A claim as a chart draws it on a bar or dot: as stated when its source rounded it for readers ("$4.17B", "$5.0B"),
    otherwise to 3 significant figures ("$1.33B" for 1332158767). Hovers, tables and CSVs use `format_claim`."""
    if str(claim["qualifier"]) == "majority" or claim["measure"] in ("rank", *PERCENT_MEASURES) or stated_for_readers(claim):
        return format_claim(claim)
    amount = float(claim["amount"])
    return format_amount(amount, str(claim["currency"]), str(claim["qualifier"]), label_decimals(amount))


def label_decimals(amount: float, figures: int = LABEL_FIGURES) -> int:
    """Digits after the point, in the display unit, that show `amount` to `figures` significant figures."""
    divisor, _ = _unit_for(amount)
    scaled = abs(amount) / divisor
    if scaled == 0 or math.isnan(scaled):
        return 0
    return max(0, figures - (math.floor(math.log10(round(scaled, figures))) + 1))


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number, thousands separated: "1 error", "0 errors", "1,204 claims"."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"


def format_date(day: dt.date) -> str:
    """A date as people read it in a source line: "21 Feb 2022"."""
    return f"{day.day} {day:%b %Y}"
