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
    # IMF style ("<name>, Rep. of", "China, P.R.: …") and World Bank / Comtrade short names.
    "russian federation": "RUS",
    "turkiye rep of": "TUR",
    "china p r": "CHN",
    "china": "CHN",
    "iran islamic republic of": "IRN",
    "korea republic of": "KOR",
    "egypt arab rep": "EGY",
    "venezuela rb": "VEN",
    "slovak republic": "SVK",
    "kyrgyz republic": "KGZ",
    "kyrgyz rep": "KGZ",
    "moldova rep of": "MDA",
    "belarus rep of": "BLR",
    "armenia rep of": "ARM",
    "georgia": "GEO",
    "uzbekistan rep of": "UZB",
    "tajikistan rep of": "TJK",
    "netherlands the": "NLD",
    "cote d ivoire": "CIV",
    "rep of moldova": "MDA",
    "rep of korea": "KOR",
    "united kingdom": "GBR",
    "hong kong sar china": "HKG",
    "china hong kong sar": "HKG",
    "taiwan province of china": "TWN",
}

#: IMF numeric country codes (IFS/DOTS/CDIS "Country Code") → ISO3; 001 is the world total.
IMF_CODES: dict[str, str] = {
    "001": "WLD", "111": "USA", "112": "GBR", "122": "AUT", "124": "BEL", "128": "DNK", "132": "FRA", "134": "DEU",
    "136": "ITA", "137": "LUX", "138": "NLD", "142": "NOR", "144": "SWE", "146": "CHE", "156": "CAN", "158": "JPN",
    "172": "FIN", "174": "GRC", "176": "ISL", "178": "IRL", "181": "MLT", "182": "PRT", "184": "ESP", "186": "TUR",
    "193": "AUS", "196": "NZL", "199": "ZAF", "213": "ARG", "223": "BRA", "228": "CHL", "233": "COL", "273": "MEX",
    "293": "PER", "299": "VEN", "423": "CYP", "429": "IRN", "436": "ISR", "443": "KWT", "456": "SAU", "466": "ARE",
    "469": "EGY", "512": "AFG", "524": "LKA", "528": "TWN", "532": "HKG", "534": "IND", "536": "IDN", "542": "KOR",
    "548": "MYS", "564": "PAK", "566": "PHL", "576": "SGP", "578": "THA", "582": "VNM", "911": "ARM", "912": "AZE",
    "913": "BLR", "914": "ALB", "915": "GEO", "916": "KAZ", "917": "KGZ", "918": "BGR", "921": "MDA", "922": "RUS",
    "923": "TJK", "924": "CHN", "925": "TKM", "926": "UKR", "927": "UZB", "935": "CZE", "936": "SVK", "939": "EST",
    "941": "LVA", "942": "SRB", "943": "MNE", "944": "HUN", "946": "LTU", "960": "HRV", "961": "SVN", "962": "MKD",
    "963": "BIH", "964": "POL", "968": "ROU",
}  # fmt: skip

#: IMF numeric codes of country groups (kept apart from countries, like region names).
IMF_GROUP_CODES = frozenset({"110", "163", "170", "200", "205", "400", "405", "505", "603", "605", "903", "998"})

# Region and country-group names publishers mix in with countries (World Bank regions, IMF groups, Comtrade areas).
_AGGREGATE_NAMES = frozenset(
    _fold(name)
    for name in (
        "East Asia & Pacific", "Europe & Central Asia", "Latin America & Caribbean", "Middle East & North Africa",
        "North America", "South Asia", "Sub-Saharan Africa", "Middle East, North Africa, Afghanistan & Pakistan",
        "Unspecified", "Other Asia, nes", "Areas, nes", "Bunkers", "Free Zones", "Special Categories", "European Union",
        "Euro Area", "Advanced Economies", "Emerging and Developing Economies", "Emerging and Developing Europe",
        "Emerging and Developing Asia", "Middle East and Central Asia", "Sub-Saharan Africa", "Western Hemisphere",
        "Europe", "Asia", "Africa", "Commonwealth of Independent States", "Countries & Economies", "All countries",
        "Not Specified (including Confidential)", "Economies not specified", "Other countries not included elsewhere",
        "Low income", "Lower middle income", "Upper middle income", "High income", "OECD members",
    )
)  # fmt: skip


def aggregate_name(text: str) -> bool:
    """True for a region or country-group name (or IMF group code): publishers' aggregates other than the world."""
    raw = text.strip()
    return raw in IMF_GROUP_CODES or _fold(raw) in _AGGREGATE_NAMES


def imf_code_to_iso3(code: str) -> str | None:
    """ISO3 (or WLD) for an IMF numeric country code such as 912 (Azerbaijan); None when not in our table."""
    raw = code.strip()
    return IMF_CODES.get(raw.zfill(3)) if raw.isdigit() else None


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
