"""The one number formatter: amounts for people ($6.3B, $802.2M), with their qualifier ("over $1.2B").

Every label, hover, table, citation and export goes through `format_amount` (or `format_claim` for a claim row), so a
number reads the same everywhere and a bound never loses its "over". Precision follows what was stated: "$4.17B" keeps
two decimals, "$5 billion" shows as "$5.0B" (billions always carry one decimal, the house style of the brief).

Values drawn on a chart go through `format_label`: a figure a source stated for readers is drawn as stated, a figure
from a data table (a publisher download's "1332158767") is drawn to 3 significant figures ("$1.33B"); hover boxes,
tables and CSVs keep the exact figure (`format_claim`).

Every function follows `language.current()`. English is the house style above, written by hand; Azerbaijani and
Russian take their forms from CLDR through Babel ("6,3 mlrd US$", "6,3 млрд $", "21 февр. 2022 г.", "3-й") with the
same digits as the English: the precision a source stated is kept in every language, and a bound stays a bound, its
word translated ("более 1,2 млрд $").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, parse_pattern

from econ_ties.language import DEFAULT, N_, _, current, n_

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
_UNITS = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
QUALIFIER_WORDS = {"exact": "", "about": "about ", "at_least": "over ", "at_most": "under ", "majority": ""}
#: The same words in the catalog, each around its figure: a language puts the word where it belongs and inflects it for
#: what is read aloud ("1,2 mlrd US$-dan çox": dollardan; "10%-dən çox": faizdən). Read outside English only.
_QUALIFIED = {
    "about": N_("about {amount}"),
    "at_least": N_("over {amount}"),
    "at_most": N_("under {amount}"),
}
_QUALIFIED_PERCENT = {
    "about": N_("about {percent}"),
    "at_least": N_("over {percent}"),
    "at_most": N_("under {percent}"),
}
#: The Azerbaijani ordinal suffix follows the vowel of the number's last word: 1-ci, 3-cü, 6-cı, 9-cu, 10-cu, 40-cı.
_AZ_UNITS = {1: "ci", 2: "ci", 3: "cü", 4: "cü", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cu"}
_AZ_TENS = {1: "cu", 2: "ci", 3: "cu", 4: "cı", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cı"}


def _qualified(qualifier: str, amount: str, *, percent: bool = False) -> str:
    """`amount` (a percentage when `percent`) with its qualifier word, in the current language."""
    lang = current()
    if lang == DEFAULT or qualifier not in _QUALIFIED:
        return QUALIFIER_WORDS.get(qualifier, "") + amount
    if percent:
        return _(_QUALIFIED_PERCENT[qualifier]).format(percent=amount)
    return _(_QUALIFIED[qualifier]).format(amount=amount)


def _digits(text: str) -> int:
    """Digits after the point in an English-formatted number ("6.30" 2, "12" 0)."""
    return len(text.split(".")[1]) if "." in text else 0


def _locale_number(value: float, decimals: int, lang: str) -> str:
    """`value` with exactly `decimals` fraction digits, grouped and pointed as `lang` writes numbers."""
    return format_decimal(Decimal(f"{value:.{decimals}f}"), format="#,##0." + "0" * decimals if decimals else "#,##0", locale=lang, decimal_quantization=True)


def _locale_money(amount: float, divisor: float, decimals: int, currency: str, lang: str) -> str:
    """An amount in its display unit as CLDR's short compact currency form of `lang` writes it, to `decimals` digits."""
    locale = Locale.parse(lang)
    scaled = Decimal(f"{abs(amount) / divisor:.{decimals}f}")
    code = currency.upper() or "USD"
    if divisor == 1:
        pattern = parse_pattern(locale.currency_formats["standard"].pattern.split(";")[0])
    else:
        forms = locale.compact_currency_formats["short"]
        form = locale.plural_form(scaled.normalize())
        magnitude = str(int(divisor))
        pattern = forms.get(form, forms["other"]).get(magnitude) or forms["other"][magnitude]
        pattern = parse_pattern(pattern.pattern)
    pattern.frac_prec = (decimals, decimals)
    text = pattern.apply(scaled, locale, currency=code, currency_digits=False)
    return ("-" if amount < 0 and scaled != 0 else "") + text


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
    lang = current()
    if lang != DEFAULT:
        return _locale_money(amount, divisor, _digits(text), currency, lang)
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    symbol = _SYMBOLS.get(currency.upper(), "")
    prefix = symbol if symbol else (f"{currency.upper()} " if currency else "")
    return f"{sign}{prefix}{text}{suffix}"


def ordinal(n: int) -> str:
    """A rank: "3rd", "3-й", "3-cü"."""
    lang = current()
    if lang == "ru":
        return f"{n}-й"
    if lang == "az":
        if n % 1000 == 0 and n:
            return f"{n}-ci"  # min
        if n % 100 == 0 and n:
            return f"{n}-cü"  # yüz
        return f"{n}-{_AZ_UNITS[n % 10] if n % 10 else _AZ_TENS.get((n // 10) % 10, 'cı')}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_amount(amount: float, currency: str, qualifier: str = "exact", decimals: int | None = None) -> str:
    """An amount with its qualifier word: "over $1.2B", "about $1.0B", "$6.3B"."""
    return _qualified(qualifier, format_money(amount, currency, decimals))


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
    lang = current()
    if lang != DEFAULT:
        # CLDR's percent pattern of the language ("25,83 %" in Russian, "25,83%" in Azerbaijani), the same digits
        pattern = Locale.parse(lang).percent_formats[None].pattern.split(";")[0]
        text = pattern.replace("#,##0", _locale_number(abs(value), max(0, decimals), lang)).replace("#", "")
    return _qualified(qualifier, sign + text, percent=True)


def format_claim(claim: Mapping[str, Any]) -> str:
    """A claim row (from `Dataset.claims`) as people read it: "over $1.2B", "the majority", "3rd", "$802.2M"."""
    qualifier = str(claim["qualifier"])
    if qualifier == "majority":
        return "the majority" if current() == DEFAULT else _("the majority")
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
    """A count with its noun in the right number, thousands separated: "1 error", "0 errors", "1,204 claims".

    Outside English the count is grouped as the language writes it and the noun is the catalog's counted message
    `n_(noun, plural)` when it has one (so a sentence built around it is best made one counted message of its own)."""
    plural = plural or noun + "s"
    lang = current()
    if lang == DEFAULT:
        return f"{count:,} {noun if count == 1 else plural}"
    return f"{_locale_number(count, 0, lang)} {n_(noun, plural, count)}"


def format_date(day: dt.date) -> str:
    """A date as people read it in a source line: "21 Feb 2022", "21 fev 2022", "21 февр. 2022 г." (CLDR's medium)."""
    lang = current()
    if lang == DEFAULT:
        return f"{day.day} {day:%b %Y}"
    return str(_babel_date(day, "medium", locale=lang))


def format_number(value: float, decimals: int = 0) -> str:
    """A plain number with `decimals` digits, grouped as the current language writes it: "1,204.5", "1 204,5"."""
    lang = current()
    if lang == DEFAULT:
        return f"{value:,.{decimals}f}"
    return _locale_number(value, decimals, lang)
