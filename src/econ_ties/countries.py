"""The one place that knows country codes and names.

Every ISO 3166-1 alpha-3 code comes from pycountry's maintained list; on top of it sit the few aggregates publishers use
(the world total) and the short display names people expect on a chart ("Russia", not "Russian Federation").
Publisher-specific code tables (IMF numeric codes, Comtrade and World Bank spellings) are added here too, so that every
lookup goes through `to_iso3`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pycountry

#: Aggregates that are not countries. They may appear as a partner (Azerbaijan's trade with the world) but never as the
#: party a country-level chart compares.
AGGREGATES: dict[str, str] = {"WLD": "World"}

# Display names where pycountry's official short name is not what a reader expects.
_DISPLAY_NAMES: dict[str, str] = {
    "RUS": "Russia",
    "TUR": "Turkey",
    "IRN": "Iran",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "SYR": "Syria",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "TZA": "Tanzania",
    "MDA": "Moldova",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "CZE": "Czechia",
    "GBR": "United Kingdom",
    "USA": "United States",
    "TWN": "Taiwan",
}


@lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def is_country(code: str) -> bool:
    """True for a current ISO 3166-1 alpha-3 country code (upper case)."""
    return code in _iso3_codes()


def is_known_code(code: str) -> bool:
    """True for a country code or an aggregate code such as WLD."""
    return code in AGGREGATES or is_country(code)


def known_codes() -> frozenset[str]:
    """Every code `is_known_code` accepts."""
    return _iso3_codes() | frozenset(AGGREGATES)


def country_name(code: str) -> str:
    """The short name a reader expects for an ISO3 or aggregate code; the code itself when unknown."""
    if code in AGGREGATES:
        return AGGREGATES[code]
    if code in _DISPLAY_NAMES:
        return _DISPLAY_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def _fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a country name for lookups."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in letters).split())


# Spellings publishers use that pycountry does not resolve by itself (Comtrade short names, World Bank and IMF styles).
_EXTRA_NAMES: dict[str, str] = {
    "world": "WLD",
    "russia": "RUS",
    "turkey": "TUR",
    "turkiye": "TUR",
    "azerbaijan republic of": "AZE",
    "republic of azerbaijan": "AZE",
    "iran islamic rep": "IRN",
    "china p r mainland": "CHN",
    "kazakhstan rep of": "KAZ",
    "korea rep": "KOR",
    "bosnia herzegovina": "BIH",
    "solomon isds": "SLB",
    "dem rep of the congo": "COD",
    "usa": "USA",
    "united states of america": "USA",
    "uk": "GBR",
}


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index[_fold(value)] = country.alpha_3
    for code, name in _DISPLAY_NAMES.items():
        index[_fold(name)] = code
    index.update(_EXTRA_NAMES)
    return index


def to_iso3(text: str) -> str | None:
    """Resolve an ISO3 code, an ISO2 code or a country name as publishers spell it to an ISO3 (or aggregate) code.

    Returns None when the text names nothing we know; callers report that as an `unknown-country` problem.
    """
    raw = text.strip()
    if not raw:
        return None
    upper = raw.upper()
    if is_known_code(upper):
        return upper
    if len(upper) == 2:
        country = pycountry.countries.get(alpha_2=upper)
        if country is not None:
            return str(country.alpha_3)
    return _name_index().get(_fold(raw))
