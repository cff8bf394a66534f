"""Whether a claim's quote states its value: as digits ("$6.3 billion", "6,3 млрд", "3 млрд 350 млн"), as a number word
("five billion", "пяти миллиардов", "beş milyard") or as an ordinal ("third", "третьим", "üçüncü", "3rd").

A quote is the evidence for a number: a reader who opens it must find that number in it. The curated data is held to
this for every row (tests/test_data_quotes.py), and an upload's claims can be checked the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal

#: Number words of the three languages (and their usual case forms), by value.
NUMBER_WORDS: dict[int, tuple[str, ...]] = {
    1: ("one", "a billion", "a million", "один", "одного", "одна", "bir", "un", "uno"),
    2: ("two", "два", "двух", "две", "iki", "due"),
    3: ("three", "три", "трех", "üç", "tre"),
    4: ("four", "четыре", "четырех", "dörd", "quattro"),
    5: ("five", "пять", "пяти", "beş", "cinque"),
    6: ("six", "шесть", "шести", "altı", "sei"),
    7: ("seven", "семь", "семи", "yeddi", "sette"),
    8: ("eight", "восемь", "восьми", "səkkiz", "otto"),
    9: ("nine", "девять", "девяти", "doqquz", "nove"),
    10: ("ten", "десять", "десяти", "on", "dieci"),
    20: ("twenty", "двадцать", "двадцати", "iyirmi"),
}
#: Ordinal words by rank (stems: Russian ordinals decline).
ORDINAL_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "first",
        "largest",
        "biggest",
        "top",
        "main",
        "leading",
        "перв",
        "крупнейш",
        "главн",
        "основн",
        "birinci",
        "ilk",
        "əsas",
        "primo",
        "principale",
        "number one",
        "№1",
        "no. 1",
    ),
    2: ("second", "втор", "ikinci"),
    3: ("third", "трет", "üçüncü"),
    4: ("fourth", "четверт", "четвёрт", "dördüncü"),
    5: ("fifth", "пят", "beşinci"),
    6: ("sixth", "шест", "altıncı"),
    7: ("seventh", "седьм", "yeddinci"),
    8: ("eighth", "восьм", "səkkizinci"),
    9: ("ninth", "девят", "doqquzuncu"),
    10: ("tenth", "десят", "onuncu"),
}
#: Hundreds in words, for "one billion six hundred million" (1.6 billion) and its kin in the other languages.
HUNDRED_WORDS: dict[int, tuple[str, ...]] = {
    100: ("one hundred", "a hundred", "сто", "yüz", "cento"),
    200: ("two hundred", "двести", "iki yüz", "duecento"),
    300: ("three hundred", "триста", "üç yüz", "trecento"),
    400: ("four hundred", "четыреста", "dörd yüz", "quattrocento"),
    500: ("five hundred", "пятьсот", "beş yüz", "cinquecento"),
    600: ("six hundred", "шестьсот", "altı yüz", "seicento"),
    700: ("seven hundred", "семьсот", "yeddi yüz", "settecento"),
    800: ("eight hundred", "восемьсот", "səkkiz yüz", "ottocento"),
    900: ("nine hundred", "девятьсот", "doqquz yüz", "novecento"),
}
MAJORITY_WORDS = ("majority", "most of", "mostly", "mainly", "большая часть", "большинство", "основная часть", "əksəriyyət", "böyük hissəsi", "əsas hissəsi")
_SUFFIXES = {1: ("st",), 2: ("nd",), 3: ("rd",)}


def _digits_forms(value: Decimal) -> set[str]:
    """How the number may be written with digits: 6.3 / 6,3; 1330 / 1,330 / 1 330 / 1.330; 5.0 also as 5."""
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    forms = {text, format(value, "f")}
    whole, _, fraction = format(value, "f").partition(".")
    if fraction and set(fraction) == {"0"}:
        forms.add(whole)
    grouped = f"{int(whole):,}"
    for sep in (",", " ", "\u00a0", "\u202f", "."):
        body = grouped.replace(",", sep)
        forms.add(body + (f".{fraction}" if fraction and set(fraction) != {"0"} else ""))
        forms.add(body + (f",{fraction}" if fraction and set(fraction) != {"0"} else ""))
    forms |= {f.replace(".", ",") for f in list(forms) if f.count(".") == 1}
    return {f for f in forms if f}


def _has_number(quote: str, forms: set[str]) -> bool:
    # not part of a longer number: "6.3" must not match inside "16.35"
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", quote) for form in forms)


_SCALE_WORDS = (
    (10**9, r"billions?|bn|bln|b|млрд\.?|миллиард\w*|milyard\w*|mlrd\.?|miliard\w*|milliard\w*"),
    (10**6, r"millions?|mln|mn|m|млн\.?|миллион\w*|milyon\w*|milion\w*|milioni|millionen"),
    (10**3, r"thousands?|тыс\.?|тысяч\w*|min|mila|bin"),
)
_NUMBER = r"\d+(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d+)?"
_SCALED = re.compile(rf"({_NUMBER})\s*({'|'.join(words for _, words in _SCALE_WORDS)})(?!\w)", re.IGNORECASE)
_SCALE_OF = [(re.compile(rf"^(?:{words})$", re.IGNORECASE), size) for size, words in _SCALE_WORDS]


def _readings(token: str) -> set[Decimal]:
    """What a written number may mean: "1,375" is 1.375 or 1375; "3 350" is 3350; "6,3" is 6.3."""
    token = token.replace("\u00a0", " ").replace("\u202f", " ")
    found = {token.replace(" ", "").replace(",", "").replace(".", "")}
    if re.fullmatch(r"\d+[.,]\d+", token):
        found.add(token.replace(",", "."))
    elif re.fullmatch(r"[\d ,.]+[.,]\d{1,2}", token):  # "1,330.5" or "1.330,5": the last mark is the decimal point
        whole, fraction = re.split(r"[.,](?=\d{1,2}$)", token)
        found.add(re.sub(r"[ ,.]", "", whole) + "." + fraction)
    return {Decimal(text) for text in found if text}


def _scaled_amounts(quote: str) -> set[Decimal]:
    """Every amount the quote writes with scale words, runs added up: "3 млрд 350 млн" is 3,350,000,000."""
    amounts: set[Decimal] = set()
    runs: list[tuple[int, int, set[Decimal], int]] = []  # (start, end, readings, scale) of each scaled number
    for match in _SCALED.finditer(quote):
        size = next(size for pattern, size in _SCALE_OF if pattern.match(match.group(2)))
        runs.append((match.start(), match.end(), _readings(match.group(1)), size))
    for i, (_, end, readings, size) in enumerate(runs):
        totals = {r * size for r in readings}
        amounts |= totals
        last_end, last_size = end, size
        for start2, end2, readings2, size2 in runs[i + 1 :]:
            if size2 >= last_size or not re.fullmatch(r"[\s,]*(?:и|and|e|və|ve)?\s*", quote[last_end:start2]):
                break
            totals = {t + r * size2 for t in totals for r in readings2}
            amounts |= totals
            last_end, last_size = end2, size2
        # a number after the last scale word with no word of its own: "$ 1 billion 219,700,000"
        tail = re.match(rf"\s+({_NUMBER})(?![\d\w])", quote[last_end:])
        if tail:
            amounts |= {t + r for t in totals for r in _readings(tail.group(1)) if r < last_size}
    return amounts


def _has_word(lowered: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered) for word in words)


def _words_compound(lowered: str, value: Decimal) -> bool:
    """1.6 (billion) written as "one billion six hundred million", "un miliardo e seicento milioni"."""
    whole, _, fraction = format(value, "f").partition(".")
    hundreds = int((fraction + "000")[:3]) if fraction else 0
    if not hundreds or hundreds % 100:
        return False
    return _has_word(lowered, NUMBER_WORDS.get(int(whole), ())) and _has_word(lowered, HUNDRED_WORDS.get(hundreds, ()))


def states_value(quote: str, value: Decimal | None, *, measure: str, qualifier: str, scale: int = 1) -> bool:
    """Whether `quote` states `value` (in units of `scale`: 10**9 for billions; see the module's docstring); a 'majority'
    claim states a majority."""
    # ё is often typed as е, or as the Latin ë that looks the same
    lowered = quote.casefold().replace("ё", "е").replace("ë", "е")
    if qualifier == "majority":
        return any(word in lowered for word in MAJORITY_WORDS)
    if value is None:
        return False
    value = abs(value)  # a fall or a deficit is stated by a word ("fell", "mənfi saldo"), not always by a minus sign
    if _has_number(quote, _digits_forms(value)) or _words_compound(lowered, value) or value * scale in _scaled_amounts(quote):
        return True
    whole = int(value) if value == value.to_integral() else None
    if whole is None:
        return False
    if measure == "rank":
        suffixes = _SUFFIXES.get(whole % 10 if whole % 100 not in (11, 12, 13) else 0, ("th",))
        if any(re.search(rf"(?<!\d){whole}\s*-?\s*{s}\b", lowered) for s in suffixes) or re.search(
            rf"(?<!\d){whole}\s*-?\s*(?:й|е|м|ое|ий|ым|ым|cü|ci|cı|cu|ncü|nci)\b", lowered
        ):
            return True
        if any(re.search(rf"(?<!\w){re.escape(stem)}", lowered) for stem in ORDINAL_WORDS.get(whole, ())):
            return True
        # "Italy, Turkey and Russia are in the top three ... respectively": the rank is the count of a top list
        return _has_word(lowered, NUMBER_WORDS.get(whole, ())) and bool(re.search(r"\btop\b|первую|ilk", lowered))
    return _has_word(lowered, NUMBER_WORDS.get(whole, ()))
