"""Every code and name a publisher uses resolves from the reference tables in model/reference/: to a country's ISO3
code, to the world, to a named area of some kind (region, income group, …), or to unknown."""

from __future__ import annotations

import csv
from importlib.resources import files

import pycountry
import pytest

from econ_ties.model.countries import (
    AREA_KINDS,
    Place,
    country_name,
    is_country,
    is_known_code,
    resolve,
    to_iso3,
)

REFERENCE = files("econ_ties.model").joinpath("reference")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(REFERENCE.joinpath(name).read_text(encoding="utf-8").splitlines()))


@pytest.mark.parametrize(
    ("text", "code"),
    [("AZE", "AZE"), ("az", "AZE"), ("Russian Federation", "RUS"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("World", "WLD"),
     ("Azerbaijan, Republic of", "AZE"), ("Iran, Islamic Rep.", "IRN"), ("Atlantis", None), ("", None)],
)  # fmt: skip
def test_to_iso3(text, code):
    assert to_iso3(text) == code


# The World Bank and Comtrade spellings an analyst's real downloads carried (issue 13), and older names still in use.
@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Bahamas, The", "BHS"), ("Gambia, The", "GMB"), ("Congo, Rep.", "COG"), ("Congo, Dem. Rep.", "COD"),
     ("Hong Kong, China", "HKG"), ("Hong Kong SAR, China", "HKG"), ("China, Hong Kong SAR", "HKG"), ("Lao PDR", "LAO"),
     ("St. Lucia", "LCA"), ("St. Kitts and Nevis", "KNA"), ("Micronesia, Fed. Sts.", "FSM"), ("FS Micronesia", "FSM"),
     ("Brunei", "BRN"), ("Cape Verde", "CPV"), ("East Timor", "TLS"), ("Korea, Dem. Rep.", "PRK"),
     ("Macedonia, FYR", "MKD"), ("TFYR of Macedonia", "MKD"), ("Swaziland", "SWZ"), ("Taiwan, China", "TWN"),
     ("Occ.Pal.Terr", "PSE"), ("Kosovo", "XKX"), ("China, P.R.: Mainland", "CHN"), ("Kyrgyz Rep.", "KGZ"),
     ("CÔTE D’IVOIRE", "CIV"), ("  bahamas the ", "BHS")],
)  # fmt: skip
def test_publisher_spellings_resolve_to_their_country(name, iso3):
    assert resolve(name) == Place("country", iso3)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Other Asia, nes", "special/nes area"), ("Areas, nes", "special/nes area"), ("Bunkers", "special/nes area"),
     ("LAIA, nes", "special/nes area"), ("Other Europe, nes", "special/nes area"), ("Other Africa, nes", "special/nes area"),
     ("North America and Central America, nes", "special/nes area"), ("EU-28", "economic group"),
     ("EU-27", "economic group"), ("European Union", "economic group"), ("East Asia & Pacific", "region"),
     ("Sub-Saharan Africa", "region"), ("High income", "income group"), ("Lower middle income", "income group"),
     ("Fmr Sudan", "historic area"), ("Serbia and Montenegro", "historic area"), ("Fmr USSR", "historic area"),
     ("Czechoslovakia", "historic area")],
)  # fmt: skip
def test_publisher_areas_are_named_areas_of_their_kind(name, kind):
    place = resolve(name)
    assert (place.kind, place.iso3, place.name) == (kind, None, name)
    assert to_iso3(name) is None


@pytest.mark.parametrize(
    ("name", "code", "imf", "expected"),
    [("", "0", False, Place("world", "WLD", "World")), ("", "W00", False, Place("world", "WLD", "World")),
     ("", "001", True, Place("world", "WLD", "World")), ("", "912", True, Place("country", "AZE")),
     ("", "903", True, Place("region", None, "Emerging and Developing Europe")),
     ("", "490", False, Place("special/nes area", None, "Other Asia, nes")),
     ("", "97", False, Place("economic group", None, "EU-28")), ("", "HIC", False, Place("income group", None, "High income")),
     ("Fmr Sudan", "SDN", False, Place("historic area", None, "Fmr Sudan")),  # the name of a historic area wins
     ("India", "699", False, Place("country", "IND")),  # Comtrade's number for India is not M49's
     ("", "842", False, Place("unknown"))],  # a Comtrade country number alone is not read (it is not M49)
)  # fmt: skip
def test_codes_resolve_by_their_publishers_code_list(name, code, imf, expected):
    assert resolve(name, code, imf=imf) == expected


def test_unknown_names_are_unknown():
    assert resolve("Atlantis") == Place("unknown")
    assert resolve("Other Atlantis, nes").kind == "unknown"


COUNTRIES = _rows("countries.csv")
NAMES = _rows("names.csv")


@pytest.mark.parametrize("row", NAMES, ids=lambda r: f"{r['from']}:{r['name']}")
def test_every_spelling_in_the_reference_resolves_to_its_country(row):
    assert resolve(row["name"]) == Place("country", row["iso3"])


@pytest.mark.parametrize("row", COUNTRIES, ids=lambda r: r["iso3"])
def test_every_country_resolves_by_iso3_iso2_and_name(row):
    assert resolve(row["iso3"]) == resolve(row["iso2"]) == resolve(row["name"]) == Place("country", row["iso3"])
    assert is_country(row["iso3"])


@pytest.mark.parametrize("row", _rows("imf_codes.csv"), ids=lambda r: r["imf_code"])
def test_every_imf_code_resolves_to_its_country(row):
    assert resolve("", row["imf_code"], imf=True) == Place("country", row["iso3"])
    assert resolve("", row["imf_code"].lstrip("0"), imf=True) == Place("country", row["iso3"])  # written without leading zeros


@pytest.mark.parametrize("row", _rows("areas.csv"), ids=lambda r: f"{r['publisher']}:{r['name']}")
def test_every_area_resolves_by_name_and_code_to_its_kind(row):
    place = resolve(row["name"])
    assert place.kind == row["kind"] and place.kind in (*AREA_KINDS, "world")
    if row["code"]:
        assert resolve("", row["code"], imf=row["publisher"] == "IMF").kind == row["kind"]


def test_reference_tables_agree_with_each_other_and_with_iso():
    iso3 = {r["iso3"] for r in COUNTRIES}
    assert {c.alpha_3 for c in pycountry.countries} <= iso3  # every current ISO 3166-1 country
    assert {r["iso3"] for r in NAMES} <= iso3 and {r["iso3"] for r in _rows("imf_codes.csv")} <= iso3
    areas = _rows("areas.csv")
    assert not {r["code"] for r in areas} & iso3  # no area code could be read as a country
    assert {r["kind"] for r in areas} == {*AREA_KINDS, "world"}
    provenance = {r["file"]: r for r in _rows("provenance.csv")}
    csv_files = {p.name for p in REFERENCE.iterdir() if p.name.endswith(".csv")} - {"provenance.csv", "display_names.csv"}
    assert set(provenance) == csv_files
    assert all(r["publisher"] and r["url"] and r["accessed"] and r["licence"] for r in provenance.values())


def test_aggregates_are_known_but_not_countries():
    assert is_known_code("WLD") and not is_country("WLD")
    assert is_country("AZE") and not is_known_code("XXX")


def test_display_names():
    assert country_name("RUS") == "Russia"
    assert country_name("AZE") == "Azerbaijan"
    assert country_name("WLD") == "World"
    assert country_name("HKG") == "Hong Kong"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Russia", "Azerbaijan", "World", "Turkey"]),
        ("az", ["Rusiya", "Azərbaycan", "Dünya", "Türkiyə"]),
        ("ru", ["Россия", "Азербайджан", "Мир", "Турция"]),
    ],
)
def test_country_names_follow_the_language(lang: str, expected: list[str]) -> None:
    from econ_ties.language import using

    with using(lang):
        assert [country_name(code) for code in ("RUS", "AZE", "WLD", "TUR")] == expected
        assert country_name("XYZ") == "XYZ"  # unknown: the code itself, in every language
