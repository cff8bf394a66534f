"""Real downloads, byte for byte as people committed them (tests/fixtures/publishers/genuine/PROVENANCE.md), read as
an analyst would upload them. Each test works out what the file says with its own few lines of pandas — values,
reporter and partner as ISO3 where the name or code resolves, periods, flows — and compares that with every claim.
Every data line must be accounted for: a claim, a skip with its reason, or an error; and a real download has no errors.

Spreadsheet edits of the same files (a German Excel save, lower-cased headers, Excel rounding, reordered columns, blank
lines, an .xlsx save) must read the same figures, or say what was changed; never a silent misread."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pycountry
import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import UploadResult, validate_upload_bytes
from econ_ties.io import publishers
from tests.conftest import DATA_DIR

GENUINE = Path(__file__).parents[1] / "fixtures" / "publishers" / "genuine"
COMTRADE_PLUS = GENUINE / "comtrade_plus_TradeData_china.csv"
COMTRADE_LEGACY = GENUINE / "comtrade_legacy_comtrade.csv"
WITS_PARTNER = GENUINE / "wits_partner_WITS-Partner.csv"
IMF_DOTS = GENUINE / "imf_dots_DOTS.csv"

#: World Bank spellings in the WITS file that pycountry's lookup does not know, written out by hand for this test.
WORLD_BANK_NAMES = {
    "Anguila": "AIA", "Bahamas, The": "BHS", "Brunei": "BRN", "Cote d'Ivoire": "CIV", "Congo, Rep.": "COG", "Cape Verde": "CPV",
    "Egypt, Arab Rep.": "EGY", "Ethiopia(excludes Eritrea)": "ETH", "Falkland Island": "FLK", "Micronesia, Fed. Sts.": "FSM",
    "Gambia, The": "GMB", "Hong Kong, China": "HKG", "Iran, Islamic Rep.": "IRN", "St. Kitts and Nevis": "KNA", "Korea, Rep.": "KOR",
    "Lao PDR": "LAO", "St. Lucia": "LCA", "Saint Helena": "SHN", "Turks and Caicos Isl.": "TCA", "East Timor": "TLS", "Turkey": "TUR",
    "St. Vincent and the Grenadines": "VCT", "Wallis and Futura Isl.": "WLF", "Congo, Dem. Rep.": "COD", " World": "WLD",
}  # fmt: skip
#: The WITS file's regions and groups: no claim, skipped and counted.
WORLD_BANK_GROUPS = {
    "East Asia & Pacific", "Europe & Central Asia", "Latin America & Caribbean", "Middle East & North Africa", "North America",
    "Other Asia, nes", "South Asia", "Sub-Saharan Africa", "Unspecified",
}  # fmt: skip
#: The IMF's numeric country codes of the G7, as in the DOTS file.
IMF_CODES = {"111": "USA", "112": "GBR", "132": "FRA", "134": "DEU", "136": "ITA", "156": "CAN", "158": "JPN"}


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


def _upload(data: bytes, name: str, sources) -> UploadResult:
    return validate_upload_bytes(data, name, sources)


def _claims(result: UploadResult) -> dict[tuple[int, str, str, str, str], float]:
    """Every claim as (line, country, counterpart, indicator, period) → amount in US dollars."""
    frame = result.claims
    keys = zip(frame["row"], frame["country"], frame["counterpart"], frame["indicator"], frame["period"], strict=True)
    claims = {(int(line), *rest): float(amount) for (line, *rest), amount in zip(keys, frame["amount"], strict=True)}
    assert len(claims) == len(frame), "two claims from one line, pair, flow and period"
    return claims


def _assert_every_line_accounted_for(result: UploadResult, data_lines: int, *, claims: int | None = None) -> None:
    """The report's count: "N rows: C claims, S skipped (…), E with errors" (or "C with K claims" when rows give several
    claims each), with C + S + E = N, the file's data lines."""
    text = result.report.summary()
    found = re.search(r"([\d,]+) rows?: ([\d,]+)(?: with ([\d,]+))? claims?, ([\d,]+) skipped.*?([\d,]+) (?:with )?errors?", text)
    assert found, f"the report does not account for the file's lines: {text!r}"
    rows, claimed, total, skipped, errors = (int(group.replace(",", "")) if group else None for group in found.groups())
    assert rows == data_lines, text
    assert claimed is not None and skipped is not None and errors is not None
    assert claimed + skipped + errors == data_lines, text
    if claims is not None:
        assert (total if total is not None else claimed) == claims, text


def _iso3(name: str) -> str:
    return WORLD_BANK_NAMES.get(name) or pycountry.countries.lookup(name).alpha_3


# --- UN Comtrade Plus ---------------------------------------------------------------------------------------------


def _comtrade_plus_expected(raw: pd.DataFrame) -> dict[tuple[int, str, str, str, str], float]:
    partner = raw["partnerISO"].replace({"W00": "WLD"})
    country = partner.str.fullmatch("[A-Z]{3}") & (partner != raw["reporterISO"])  # not a group (S19, _X, X1), not itself
    flows = raw["flowCode"].map({"X": "exports", "M": "imports"})
    chosen = raw[country & flows.notna()]
    return {
        (line + 2, row.reporterISO, partner[line], flows[line], row.refYear): float(row.primaryValue)
        for line, row in zip(chosen.index, chosen.itertuples(), strict=True)
    }


def _read_comtrade_plus() -> pd.DataFrame:
    # Every data line ends with a comma the header does not have: one more, unnamed, empty column.
    with COMTRADE_PLUS.open(encoding="latin-1") as file:
        header = file.readline().strip().replace('"', "").split(",")
    raw = pd.read_csv(COMTRADE_PLUS, dtype=str, keep_default_na=False, encoding="latin-1", names=[*header, "trailing"], skiprows=1)
    assert (raw.pop("trailing") == "").all()
    return raw


def test_comtrade_plus_every_country_figure_is_read_and_every_group_and_same_country_line_skipped(sources):
    raw = _read_comtrade_plus()
    result = _upload(COMTRADE_PLUS.read_bytes(), COMTRADE_PLUS.name, sources)
    assert result.format_name == publishers.COMTRADE_PLUS
    expected = _comtrade_plus_expected(raw)
    assert len(expected) == 426  # 439 lines less 12 of partner groups (6 groups, both flows) and China→China
    assert _claims(result) == expected
    assert result.report.errors == [], result.report.render(limit=20)
    _assert_every_line_accounted_for(result, len(raw), claims=len(expected))


def test_comtrade_plus_hong_kong_and_macao_are_their_own_partners(sources):
    raw = _read_comtrade_plus()
    claims = _claims(_upload(COMTRADE_PLUS.read_bytes(), COMTRADE_PLUS.name, sources))
    for name, iso3 in [("China, Hong Kong SAR", "HKG"), ("China, Macao SAR", "MAC"), ("Lao People's Dem. Rep.", "LAO")]:
        lines = raw.index[raw["partnerDesc"] == name]
        assert len(lines) == 2
        for line in lines:
            flow = "exports" if raw.at[line, "flowCode"] == "X" else "imports"
            assert claims[(line + 2, "CHN", iso3, flow, "2022")] == float(raw.at[line, "primaryValue"])


# --- UN Comtrade legacy -------------------------------------------------------------------------------------------


def test_comtrade_legacy_every_reporter_against_the_world(sources):
    raw = pd.read_csv(COMTRADE_LEGACY, dtype=str, keep_default_na=False)
    result = _upload(COMTRADE_LEGACY.read_bytes(), COMTRADE_LEGACY.name, sources)
    assert result.format_name == publishers.COMTRADE_LEGACY
    flows = raw["Trade Flow Code"].map({"2": "exports", "1": "imports"})  # re-exports and re-imports are not read
    chosen = raw[flows.notna() & raw["Reporter ISO"].str.fullmatch("[A-Z]{3}")]  # "Other Asia, nes" has no ISO code
    expected = {
        (line + 2, row["Reporter ISO"], row["Partner ISO"], flows[line], row["Year"]): float(row["Trade Value (US$)"]) for line, row in chosen.iterrows()
    }
    assert len(expected) == 340
    assert _claims(result) == expected
    assert result.report.errors == []
    _assert_every_line_accounted_for(result, len(raw), claims=len(expected))


# --- World Bank WITS, partner view --------------------------------------------------------------------------------

_WITS_VALUES = {"exports": "Export (US$ Thousand)", "imports": "Import (US$ Thousand)", "trade_balance": "Trade Balance (US$ Thousand)"}


def _read_wits(path: Path = WITS_PARTNER) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _wits_expected(raw: pd.DataFrame) -> dict[tuple[int, str, str, str, str], float]:
    expected = {}
    for line, row in raw.iterrows():
        if row["Partner Name"] in WORLD_BANK_GROUPS or row["Partner Name"] == "Serbia, FR(Serbia/Montenegro)":
            continue  # a group; and a historic union whose code (SCG or SRB) this test leaves to the checks below
        for indicator, column in _WITS_VALUES.items():
            if row[column]:
                key = (int(line) + 2, _iso3(row["Reporter Name"]), _iso3(row["Partner Name"]), indicator, row["Year"])
                expected[key] = float(row[column]) * 1000
    return expected


def test_wits_partner_every_world_bank_name_is_a_country_and_every_region_a_skip(sources):
    raw = _read_wits()
    result = _upload(WITS_PARTNER.read_bytes(), WITS_PARTNER.name, sources)
    assert result.format_name == publishers.WITS_PARTNER
    claims = _claims(result)
    expected = _wits_expected(raw)
    serbia = int(raw.index[raw["Partner Name"] == "Serbia, FR(Serbia/Montenegro)"][0]) + 2
    assert {key: value for key, value in claims.items() if key[0] != serbia} == pytest.approx(expected)
    assert {key[2] for key in claims if key[0] == serbia} <= {"SCG", "SRB"}
    groups = {int(line) + 2 for line in raw.index[raw["Partner Name"].isin(WORLD_BANK_GROUPS)]}
    assert not [key for key in claims if key[0] in groups], "a region or group became a claim"
    assert result.report.errors == [], result.report.render(limit=40)
    _assert_every_line_accounted_for(result, len(raw))


# --- IMF DOTS -----------------------------------------------------------------------------------------------------


def test_imf_dots_value_rows_are_claims_and_status_rows_and_empty_cells_are_counted(sources):
    raw = pd.read_csv(IMF_DOTS, dtype=str, keep_default_na=False, index_col=False)
    result = _upload(IMF_DOTS.read_bytes(), IMF_DOTS.name, sources)
    assert result.format_name == publishers.IMF_DOTS_TIMESERIES
    flows = raw["Indicator Code"].map({"TXG_FOB_USD": "exports", "TMG_CIF_USD": "imports", "TMG_FOB_USD": "imports", "TBG_USD": "trade_balance"})
    chosen = raw[(raw["Attribute"] == "Value") & (raw["2024M2"] != "") & flows.notna()]
    expected = {
        (line + 2, IMF_CODES[row["Country Code"]], IMF_CODES[row["Counterpart Country Code"]], flows[line], "2024-02"): float(row["2024M2"])
        for line, row in chosen.iterrows()
    }
    assert len(expected) == 132
    assert _claims(result) == expected
    assert result.report.errors == []
    _assert_every_line_accounted_for(result, len(raw), claims=len(expected))


# --- the same downloads after a spreadsheet had them ---------------------------------------------------------------


def _csv(frame: pd.DataFrame, **options) -> bytes:
    return frame.to_csv(index=False, **options).encode("utf-8")


def test_reordered_columns_and_blank_lines_read_the_same_figures(sources):
    raw = _read_wits()
    shuffled = raw[list(reversed(raw.columns))]
    text = _csv(shuffled).decode().splitlines()
    with_blanks = "\n".join([text[0], *(line for i, line in enumerate(text[1:]) for line in ([line, ""] if i % 10 == 0 else [line]))]) + "\n"
    result = _upload(with_blanks.encode(), "wits-edited.csv", sources)
    assert result.format_name == publishers.WITS_PARTNER
    original = _upload(WITS_PARTNER.read_bytes(), WITS_PARTNER.name, sources)
    # Blank lines move later rows down: compare what each claim says, not where it is.
    assert sorted((c, p, i, y, a) for (_, c, p, i, y), a in _claims(result).items()) == sorted(
        (c, p, i, y, a) for (_, c, p, i, y), a in _claims(original).items()
    )


def test_lower_cased_headers_read_every_value_column(sources):
    raw = _read_wits()
    lowered = raw.rename(columns=str.lower)
    result = _upload(_csv(lowered), "wits-lowercase.csv", sources)
    assert result.format_name == publishers.WITS_PARTNER
    assert {indicator for (_, _, _, indicator, _) in _claims(result)} == {"exports", "imports", "trade_balance"}
    assert len(result.claims) == len(_upload(WITS_PARTNER.read_bytes(), WITS_PARTNER.name, sources).claims)


def test_a_german_excel_save_reads_the_same_figures(sources):
    """Semicolons between cells, "," for decimals and "." for thousands: "191.001" is 191,001 here, not 191.001."""
    raw = _read_comtrade_plus()
    german = raw.copy()
    german["primaryValue"] = [f"{int(value):,}".replace(",", ".") for value in raw["primaryValue"]]
    result = _upload(_csv(german, sep=";"), "comtrade-de.csv", sources)
    assert result.format_name == publishers.COMTRADE_PLUS
    assert _claims(result) == _comtrade_plus_expected(raw)
    line = int(raw.index[raw["primaryValue"] == "191001"][0]) + 2
    assert german.at[line - 2, "primaryValue"] == "191.001"
    assert any(p.code != "encoding-error" for p in result.report.warnings), "the report says which reading was used"


def test_an_excel_rounded_figure_is_read_with_a_warning(sources):
    raw = _read_comtrade_plus()
    rounded = raw.copy()
    mantissa, exponent = f"{float(raw.at[0, 'primaryValue']):.5E}".split("E")
    rounded.at[0, "primaryValue"] = f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"  # as Excel shows it: 2.716E+12
    assert rounded.at[0, "primaryValue"] == "2.716E+12"
    result = _upload(_csv(rounded), "comtrade-rounded.csv", sources)
    assert _claims(result)[(2, "CHN", "WLD", "imports", "2022")] == 2.716e12
    warned = [p for p in result.report.problems if p.row == 2]
    assert warned and all(p.severity.value == "warning" for p in warned), result.report.render(limit=10)
    assert any(p.column == "primaryValue" for p in warned)


def test_an_xlsx_save_of_a_wits_download_reads_the_same_figures(sources):
    raw = _read_wits()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(raw.columns))
    for row in raw.itertuples(index=False):
        sheet.append([float(cell) if re.fullmatch(r"-?\d+(\.\d+)?", cell) else cell for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    result = _upload(buffer.getvalue(), "WITS-Partner.xlsx", sources)
    original = _upload(WITS_PARTNER.read_bytes(), WITS_PARTNER.name, sources)
    assert result.format_name == publishers.WITS_PARTNER
    assert _claims(result) == pytest.approx(_claims(original))
