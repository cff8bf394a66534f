"""The one place that knows country codes and names, and which publisher areas are not countries.

Everything comes from the reference tables in `model/reference/` (their provenance is in `reference/provenance.csv`):
`countries.csv` (ISO 3166-1 from pycountry, plus Kosovo from country_converter), `names.csv` (every spelling that
pycountry, country_converter, UN Comtrade, the World Bank and the IMF use for a country), `areas.csv` (the world,
regions, income and economic groups, "nes"/special areas and historic areas, each with its publisher's code),
`imf_codes.csv` (IMF numeric country codes) and `display_names.csv` (the short name a reader expects on a chart:
"Russia", not "Russian Federation").

`resolve` turns what a publisher wrote (a name, and a code when the file has one) into exactly one `Place`: a country
(its ISO3 code), the world (WLD), a named area of some kind (not a country, so its rows are skipped and counted by that
kind), or unknown. Names are matched ignoring case, accents and punctuation.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from babel import Locale

from econ_ties.language import DEFAULT, N_, _, current

#: Aggregates that are not countries but may be a claim's counterpart (Azerbaijan's trade with the world); never the
#: party a country-level chart compares.
AGGREGATES: dict[str, str] = {"WLD": N_("World")}

#: What a publisher's place can be, besides a country and the world: the kinds of areas.csv, and unknown.
AREA_KINDS = ("region", "income group", "economic group", "special/nes area", "historic area")
COUNTRY = "country"
WORLD = "world"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Place:
    """What a publisher's name or code stands for: `kind` is "country" (with `iso3`), "world" (`iso3` WLD), one of
    `AREA_KINDS` (`name` is the area's name as the publisher spells it), or "unknown"."""

    kind: str
    iso3: str | None = None
    name: str = ""


def _rows(file_name: str) -> list[dict[str, str]]:
    text = files("econ_ties.model").joinpath("reference", file_name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name for lookups ("Côte d'Ivoire" → "cote d ivoire")."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in letters).split())


@dataclass(frozen=True)
class _Reference:
    countries: dict[str, dict[str, str]]  # ISO3 → its countries.csv row
    iso2: dict[str, str]
    names: dict[str, str]  # folded spelling → ISO3
    display: dict[str, str]
    imf: dict[str, str]  # IMF numeric code → ISO3
    area_names: dict[str, Place]  # folded name → area
    area_codes: dict[tuple[str, str], Place]  # (publisher, code) → area or world


@lru_cache(maxsize=1)
def _reference() -> _Reference:
    countries = {r["iso3"]: r for r in _rows("countries.csv")}
    names = {fold(r["name"]): r["iso3"] for r in _rows("names.csv")}
    for iso3, row in countries.items():
        names.setdefault(fold(row["name"]), iso3)
    display = {r["iso3"]: r["name"] for r in _rows("display_names.csv")}
    for iso3, name in display.items():
        names.setdefault(fold(name), iso3)
    area_names: dict[str, Place] = {}
    area_codes: dict[tuple[str, str], Place] = {}
    for r in _rows("areas.csv"):
        place = Place(WORLD, "WLD", "World") if r["kind"] == WORLD else Place(r["kind"], None, r["name"])
        area_names.setdefault(fold(r["name"]), place)
        if r["code"]:
            area_codes[(r["publisher"], r["code"])] = place
    return _Reference(
        countries=countries,
        iso2={r["iso2"]: iso3 for iso3, r in countries.items() if r["iso2"]},
        names=names,
        display=display,
        imf={r["imf_code"]: r["iso3"] for r in _rows("imf_codes.csv")},
        area_names=area_names,
        area_codes=area_codes,
    )


def is_country(code: str) -> bool:
    """True for a country's ISO 3166-1 alpha-3 code (upper case), as listed in reference/countries.csv."""
    return code in _reference().countries


def is_known_code(code: str) -> bool:
    """True for a country code or an aggregate code such as WLD."""
    return code in AGGREGATES or is_country(code)


def known_codes() -> frozenset[str]:
    """Every code `is_known_code` accepts."""
    return frozenset(_reference().countries) | frozenset(AGGREGATES)


def country_name(code: str) -> str:
    """The short name a reader expects for an ISO3 or aggregate code, in the current language; the code itself when unknown.

    English names are ours (display_names.csv: "Russia", not "Russian Federation"); Azerbaijani and Russian names are
    CLDR's, through Babel ("Rusiya", "Россия"); an aggregate's name is in the message catalog."""
    if code in AGGREGATES:
        return _(AGGREGATES[code])
    reference = _reference()
    lang = current()
    if lang != DEFAULT:
        row = reference.countries.get(code)
        cldr = Locale.parse(lang).territories.get(row["iso2"]) if row and row["iso2"] else None
        if cldr:
            return str(cldr)
    if code in reference.display:
        return reference.display[code]
    row = reference.countries.get(code)
    return row["name"] if row else code


def _by_code(code: str, *, imf: bool) -> Place | None:
    """The place a publisher's code stands for: ISO3, ISO2, a World Bank aggregate code, an IMF or Comtrade number."""
    reference = _reference()
    upper = code.upper()
    if upper in {"WLD", "W00"}:
        return Place(WORLD, "WLD", "World")
    if upper in reference.countries:
        return Place(COUNTRY, upper)
    if len(upper) == 2 and upper in reference.iso2:
        return Place(COUNTRY, reference.iso2[upper])
    if upper.isdigit():
        if imf:
            number = upper.zfill(3)
            if number in reference.imf:
                return Place(COUNTRY, reference.imf[number])
            return reference.area_codes.get(("IMF", number))
        # Comtrade's numbers are M49-based but not M49 (842 is the USA, 356 India before Sikkim joined): only its
        # areas are read by number; a country is read by its ISO code or its name.
        return reference.area_codes.get(("UN Comtrade", str(int(upper))))
    return reference.area_codes.get(("World Bank", upper))


def resolve(name: str, code: str = "", *, imf: bool = False) -> Place:
    """What a publisher means by `name` (and `code`, when its file has a code column).

    An area's name wins over its code (Comtrade files give "Fmr Sudan" a code a country could have); then the code
    (ISO3, ISO2, World Bank aggregate codes; IMF numeric codes when `imf`, else Comtrade's area numbers), then the name
    as any publisher spells a country. A name that is itself a code (SDMX files) is read as a code.
    """
    reference = _reference()
    folded = fold(name)
    if folded in reference.area_names:
        return reference.area_names[folded]
    for candidate in (code.strip(), name.strip()):
        if candidate and (place := _by_code(candidate, imf=imf)) is not None:
            return place
    if folded in reference.names:
        return Place(COUNTRY, reference.names[folded])
    return Place(UNKNOWN)


def to_iso3(text: str) -> str | None:
    """The ISO3 code (or WLD) of a country code or name as publishers spell it; None for areas and unknown names."""
    place = resolve(text)
    return place.iso3
