"""Reporter and partner cells of publisher downloads: every country a publisher spells its own way becomes a claim;
regions, groups, "nes" areas and historic areas, a reporter that is the world, and same-country rows are skipped and
counted by reason; anything else is an `unknown-country` error naming the value and the line."""

from __future__ import annotations

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_bytes
from tests.conftest import DATA_DIR

WITS_HEADER = "Reporter Name,Partner Name,Year,Trade Flow,Export (US$ Thousand)\n"
LEGACY_HEADER = "Classification,Year,Period,Trade Flow Code,Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,Commodity Code,Trade Value (US$)\n"  # fmt: skip


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


def _wits(sources, *partners: str, reporter: str = "Azerbaijan"):
    rows = "".join(f'{reporter},"{p}",2021,Export,{i + 1}\n' for i, p in enumerate(partners))
    return validate_upload_bytes((WITS_HEADER + rows).encode(), "wits.csv", sources)


def _skips(result) -> dict[str, int]:
    """Skipped rows by reason: the first warning of each reason is its row, the summary (if any) gives the count."""
    counts: dict[str, int] = {}
    for p in result.report.warnings:
        if p.code != "skipped-row":
            continue
        if p.row is None:
            count, _, reason = p.message.partition(" rows skipped in all: ")
            counts[reason] = int(count)
        else:
            counts.setdefault(p.message, 1)
    return counts


def test_world_bank_names_are_countries(sources):
    names = {"Bahamas, The": "BHS", "Gambia, The": "GMB", "Congo, Rep.": "COG", "Congo, Dem. Rep.": "COD", "Hong Kong, China": "HKG",
             "Lao PDR": "LAO", "St. Lucia": "LCA", "St. Kitts and Nevis": "KNA", "Micronesia, Fed. Sts.": "FSM", "Brunei": "BRN",
             "Cape Verde": "CPV", "East Timor": "TLS", "Korea, Dem. Rep.": "PRK", "Macedonia, FYR": "MKD", "Swaziland": "SWZ"}  # fmt: skip
    result = _wits(sources, *names)
    assert not result.report.errors, result.report.render()
    assert sorted(result.claims["counterpart"]) == sorted(names.values())


def test_publisher_areas_are_skipped_and_counted_by_kind(sources):
    areas = ["Other Asia, nes", "Areas, nes", "Bunkers", "LAIA, nes", "Other Europe, nes", "Other Africa, nes",
             "North America and Central America, nes", "East Asia & Pacific", "High income", "Fmr USSR"]  # fmt: skip
    result = _wits(sources, "Russian Federation", *areas)
    assert not result.report.errors, result.report.render()
    assert result.claims["counterpart"].tolist() == ["RUS"]
    assert _skips(result) == {
        "rows about a special/nes area are kept apart from country claims": 7,
        "rows about a region are kept apart from country claims": 1,
        "rows about an income group are kept apart from country claims": 1,
        "rows about a historic area are kept apart from country claims": 1,
    }
    assert result.aggregates["kind"].tolist() == ["special/nes area"] * 7 + ["region", "income group", "historic area"]
    first = next(p for p in result.report.warnings if p.message.startswith("rows about a special/nes area"))
    assert (first.row, first.column, first.value) == (3, "Partner Name", "Other Asia, nes")


def test_same_country_rows_are_skipped_and_counted_not_errors(sources):
    result = _wits(sources, "China", "Russian Federation", "China", reporter="China")
    assert not result.report.errors, result.report.render()
    assert result.claims["counterpart"].tolist() == ["RUS"]
    assert _skips(result) == {"rows whose reporter and partner are the same country state no bilateral figure and are skipped": 2}


def test_a_group_reporter_skips_its_rows_by_reason_instead_of_an_error_each(sources):
    rows = "".join(f"HS,2015,2015,2,Export,97,EU-28,,{code},{name},{iso},TOTAL,{i + 1}000\n" for i, (code, name, iso) in
                   enumerate([("643", "Russian Federation", "RUS"), ("31", "Azerbaijan", "AZE"), ("0", "World", "WLD")]))  # fmt: skip
    rows += "HS,2015,2015,2,Export,31,Azerbaijan,AZE,643,Russian Federation,RUS,TOTAL,5000\n"
    result = validate_upload_bytes((LEGACY_HEADER + rows).encode(), "legacy.csv", sources)
    assert not result.report.errors, result.report.render()
    assert result.claims["country"].tolist() == ["AZE"]
    assert _skips(result) == {"rows about an economic group are kept apart from country claims": 3}


def test_a_world_reporter_is_skipped_but_a_world_partner_is_a_claim(sources):
    result = _wits(sources, "Azerbaijan", reporter="World")
    assert result.claims.empty and _skips(result) == {"rows whose reporter is the world state no country's figure and are skipped": 1}
    assert _wits(sources, "World").claims["counterpart"].tolist() == ["WLD"]


def test_an_unknown_name_is_an_error_naming_value_and_line(sources):
    result = _wits(sources, "Russian Federation", "Atlantis, nes")
    assert [(p.code, p.row, p.column, p.value) for p in result.report.errors] == [("unknown-country", 3, "Partner Name", "Atlantis, nes")]
    assert "'Atlantis, nes'" in result.report.errors[0].message
