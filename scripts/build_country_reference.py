"""Build src/econ_ties/model/reference/countries.csv and names.csv from the maintained country references.

Run it when country_converter or pycountry publish a new release, then review the diff like any data change:

    python -m venv /tmp/coco && /tmp/coco/bin/pip install country_converter pycountry "pandas<3"
    /tmp/coco/bin/python scripts/build_country_reference.py

countries.csv lists every country and territory of pycountry's ISO 3166-1 list and of country_converter (which adds
Kosovo, XKX) with its ISO2 code, UN M49 number and short name. names.csv lists every spelling that resolves to one of
them: pycountry's and country_converter's names, and the spellings UN Comtrade, the World Bank (WDI and WITS) and the
IMF use in their downloads, each resolved by country_converter's name patterns (which are not shipped: only the
resulting name → ISO3 facts are). A publisher spelling that country_converter cannot resolve, or resolves to something
that areas.csv lists as a group or a historic area, stops the build: areas.csv (hand-kept, with its sources) wins.
"""

from __future__ import annotations

import csv
import logging
import sys
import unicodedata
from pathlib import Path

import country_converter as coco
import pycountry

REFERENCE = Path(__file__).resolve().parents[1] / "src" / "econ_ties" / "model" / "reference"

# Publishers' spellings, copied from their own area lists (see reference/provenance.csv for where each came from).
PUBLISHER_SPELLINGS: dict[str, list[str]] = {
    "UN Comtrade": [
        "Bolivia (Plurinational State of)", "Bosnia Herzegovina", "Br. Virgin Isds", "Brunei Darussalam", "Cabo Verde",
        "Cayman Isds", "Central African Rep.", "China, Hong Kong SAR", "China, Macao SAR", "Cook Isds", "Côte d'Ivoire",
        "Curaçao", "Czechia", "Dem. People's Rep. of Korea", "Dem. Rep. of the Congo", "Dominican Rep.", "Faeroe Isds",
        "Falkland Isds (Malvinas)", "FS Micronesia", "Holy See (Vatican City State)", "Iran", "Lao People's Dem. Rep.",
        "Marshall Isds", "N. Mariana Isds", "Rep. of Korea", "Rep. of Moldova", "Réunion", "Russian Federation",
        "Saint Helena", "Saint Kitts and Nevis", "Saint Lucia", "Saint Pierre and Miquelon",
        "Saint Vincent and the Grenadines", "Solomon Isds", "State of Palestine", "Syria", "TFYR of Macedonia",
        "North Macedonia", "Turks and Caicos Isds", "Türkiye", "Turkey", "United Rep. of Tanzania", "USA", "US Virgin Isds",
        "Viet Nam", "Wallis and Futuna Isds", "Christmas Isds", "Cocos Isds", "Norfolk Isds", "Pitcairn",
        "Br. Indian Ocean Terr.", "Fr. South Antarctic Terr.", "Heard Island and McDonald Islands", "Bouvet Island",
        "Western Sahara", "South Sudan", "Sudan", "Serbia", "Montenegro", "Sint Maarten", "Saint Barthélemy", "Bonaire",
        "Saint Maarten", "United Kingdom", "China", "India", "Switzerland", "Eswatini", "Swaziland", "Myanmar",
        "Kyrgyzstan", "United Arab Emirates", "Mayotte", "Greenland", "Gibraltar", "Bermuda", "Anguilla", "Montserrat",
        "Aruba", "Tokelau", "Niue", "Nauru", "Tuvalu", "Kiribati", "Palau", "Guam", "American Samoa", "Antarctica",
        "United States of America", "UK",
    ],
    "World Bank": [
        "Bahamas, The", "Gambia, The", "Congo, Rep.", "Congo, Dem. Rep.", "Hong Kong SAR, China", "Hong Kong, China",
        "Macao SAR, China", "Macao, China", "Macao", "Lao PDR", "St. Lucia", "St. Kitts and Nevis",
        "St. Vincent and the Grenadines", "St. Martin (French part)", "Sint Maarten (Dutch part)",
        "Micronesia, Fed. Sts.", "Micronesia", "Brunei", "Brunei Darussalam", "Cape Verde", "Cabo Verde", "East Timor",
        "Timor-Leste", "Korea, Dem. Rep.", "Korea, Dem. People's Rep.", "Korea, Rep.", "Macedonia, FYR",
        "North Macedonia", "Swaziland", "Eswatini", "Egypt, Arab Rep.", "Iran, Islamic Rep.", "Venezuela, RB",
        "Yemen, Rep.", "Slovak Republic", "Kyrgyz Republic", "Russian Federation", "Syrian Arab Republic", "Turkiye",
        "Viet Nam", "Virgin Islands (U.S.)", "British Virgin Islands", "West Bank and Gaza", "Cote d'Ivoire", "Curacao",
        "Czech Republic", "Faeroe Islands", "Faroe Islands", "Taiwan, China", "Ethiopia(excludes Eritrea)", "Bolivia",
        "Tanzania", "Moldova", "Burma", "Libya", "Kosovo", "Occ.Pal.Terr", "Fr. So. Ant. Tr", "Falkland Island",
        "Wallis and Futura Isl.", "Turks and Caicos Isl.", "Heard Island and McDonald Isla", "British Indian Ocean Ter.",
        "Holy See", "Reunion", "St. Pierre and Miquelon", "Saint Pierre and Miquelon", "Cocos (Keeling) Islands",
        "Christmas Island", "Norfolk Island", "Northern Mariana Islands", "Marshall Islands", "Cayman Islands",
        "Solomon Islands", "Cook Islands", "St. Helena", "Bosnia and Herzegovina", "Central African Republic",
        "Dominican Republic", "Lao People's Democratic Republic", "United States", "United Kingdom", "Netherlands",
    ],
    "IMF": [
        "Afghanistan, Islamic Rep. of", "Andorra, Principality of", "Armenia, Rep. of", "Aruba, Kingdom of the Netherlands",
        "Azerbaijan, Rep. of", "Bahamas, The", "Bahrain, Kingdom of", "Belarus, Rep. of", "China, P.R.: Hong Kong",
        "China, P.R.: Macao", "China, P.R.: Mainland", "Comoros, Union of the", "Congo, Dem. Rep. of the",
        "Congo, Rep. of", "Croatia, Rep. of", "Egypt, Arab Rep. of", "Equatorial Guinea, Rep. of", "Eritrea, The State of",
        "Estonia, Rep. of", "Eswatini, Kingdom of", "Ethiopia, The Federal Dem. Rep. of", "Fiji, Rep. of",
        "Gambia, The", "Iran, Islamic Rep. of", "Kazakhstan, Rep. of", "Korea, Rep. of",
        "Korea, Dem. People's Rep. of", "Kosovo, Rep. of", "Kyrgyz Rep.", "Lao People's Dem. Rep.", "Latvia, Rep. of",
        "Lesotho, Kingdom of", "Lithuania, Rep. of", "Madagascar, Rep. of", "Marshall Islands, Rep. of the",
        "Mauritania, Islamic Rep. of", "Micronesia, Federated States of", "Moldova, Rep. of", "Mozambique, Rep. of",
        "Nauru, Rep. of", "Netherlands, The", "North Macedonia, Republic of", "Palau, Rep. of", "Poland, Rep. of",
        "San Marino, Rep. of", "São Tomé and Príncipe, Dem. Rep. of", "Serbia, Rep. of", "Slovak Rep.",
        "Slovenia, Rep. of", "South Sudan, Rep. of", "Syrian Arab Rep.", "Taiwan Province of China",
        "Tajikistan, Rep. of", "Tanzania, United Rep. of", "Timor-Leste, Dem. Rep. of", "Türkiye, Rep. of",
        "Uzbekistan, Rep. of", "Venezuela, Rep. Bolivariana de", "Yemen, Rep. of", "West Bank and Gaza",
        "Curaçao, Kingdom of the Netherlands", "Sint Maarten, Kingdom of the Netherlands", "Central African Rep.",
        "Dominican Rep.", "Czech Rep.", "Azerbaijan, Republic of", "Republic of Azerbaijan", "China, P.R.",
        "Iran, Islamic Republic of", "Korea, Republic of", "Türkiye, Rep of", "Turkiye, Rep of", "Kazakhstan, Rep. of",
        "Belarus", "Armenia", "Uzbekistan", "Tajikistan", "Georgia", "Bolivia", "Brunei Darussalam", "Cabo Verde", "Côte d'Ivoire",
        "Hong Kong SAR, China", "Russian Federation", "Vietnam", "Sudan", "Libya", "United States", "United Kingdom",
    ],
}  # fmt: skip

# Publisher spellings country_converter's patterns do not match, with the country the publisher's own list gives.
UNMATCHED = {
    "Occ.Pal.Terr": "PSE",  # WITS's name for the State of Palestine (Comtrade code 275)
    "Anguila": "AIA",  # WITS's spelling of Anguilla in its partner downloads (WITS-Partner.csv in tests/fixtures/publishers/genuine)
}


def fold(name: str) -> str:
    """The same folding as econ_ties.model.countries: case, accents and punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in letters).split())


def main() -> int:
    logging.getLogger("country_converter").setLevel(logging.CRITICAL)  # it logs every miss; misses are reported below
    converter = coco.CountryConverter()
    data = converter.data
    countries: dict[str, dict[str, str]] = {}
    for c in pycountry.countries:
        countries[c.alpha_3] = {"iso3": c.alpha_3, "iso2": c.alpha_2, "m49": str(int(c.numeric)), "name": getattr(c, "common_name", None) or c.name}
    for row in data.itertuples():
        iso3 = str(row.ISO3)
        if iso3 not in countries:
            m49 = "" if str(row.UNcode) in {"<NA>", "nan"} else str(int(float(str(row.UNcode))))
            countries[iso3] = {"iso3": iso3, "iso2": str(row.ISO2), "m49": m49, "name": str(row.name_short)}

    with (REFERENCE / "areas.csv").open(encoding="utf-8", newline="") as f:
        areas = {fold(r["name"]) for r in csv.DictReader(f)}

    names: dict[str, tuple[str, str, str]] = {}  # folded → (spelling, iso3, where from)

    def add(name: str, iso3: str, origin: str) -> None:
        key = fold(name)
        if not key or key in areas:
            return
        if key in names and names[key][1] != iso3:
            raise SystemExit(f"'{name}' ({origin}) is {iso3}, but '{names[key][0]}' ({names[key][2]}) is {names[key][1]}")
        names.setdefault(key, (name, iso3, origin))

    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(c, attr, None):
                add(value, c.alpha_3, "pycountry")
    for row in data.itertuples():
        add(str(row.name_short), str(row.ISO3), "country_converter")
        add(str(row.name_official), str(row.ISO3), "country_converter")
    failures = []
    for publisher, spellings in PUBLISHER_SPELLINGS.items():
        for spelling in spellings:
            if fold(spelling) in areas:
                failures.append(f"{publisher}: '{spelling}' is listed in areas.csv")
                continue
            iso3 = UNMATCHED.get(spelling) or converter.convert(spelling, to="ISO3", not_found=None)
            if isinstance(iso3, list):  # "Aruba, Kingdom of the Netherlands": the area is the part before the comma
                iso3 = converter.convert(spelling.split(",")[0], to="ISO3", not_found=None)
            if not isinstance(iso3, str) or iso3 not in countries:
                failures.append(f"{publisher}: '{spelling}' resolves to {iso3!r}")
                continue
            add(spelling, iso3, publisher)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1

    with (REFERENCE / "countries.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["iso3", "iso2", "m49", "name"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(countries.values(), key=lambda r: r["iso3"]))
    with (REFERENCE / "names.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["name", "iso3", "from"])
        writer.writerows(sorted(names.values(), key=lambda r: (r[1], r[0])))
    print(f"{len(countries)} countries, {len(names)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
