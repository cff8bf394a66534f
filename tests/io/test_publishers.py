"""Each publisher's download, written from its documented layout with the quirks of real files, maps to the right
claims: countries as ISO3, values in USD, flows as indicators, aggregates kept apart, the file as the source."""

from __future__ import annotations

from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_bytes
from econ_ties.io import publishers
from econ_ties.io.publishers import detect_format
from tests.conftest import DATA_DIR

FIXTURES = Path(__file__).parents[1] / "fixtures" / "publishers"


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


def _upload(name: str, sources):
    path = FIXTURES / name
    return validate_upload_bytes(path.read_bytes(), path.name, sources)


def _claim(result, **match):
    rows = result.claims
    for column, value in match.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{match}: {len(rows)} rows"
    return rows.iloc[0]


def test_comtrade_plus_latin1_crlf_quoted_trailing_comma(sources):
    result = _upload("comtrade_plus_2022.csv", sources)
    assert result.format_name == publishers.COMTRADE_PLUS
    assert result.report.ok, result.report.render()
    assert {p.code for p in result.report.warnings} == {"encoding-error", "skipped-row"}  # Latin-1; the re-export row
    exports = _claim(result, country="AZE", counterpart="RUS", indicator="exports")
    assert exports["amount"] == 1005553124 and exports["currency"] == "USD" and exports["period"] == "2022"
    assert "valuation FOB" in exports["notes"] and exports["reporting_side"] == "AZE"
    assert _claim(result, counterpart="TUR")["amount"] == 2914718321  # Türkiye, read from Latin-1
    assert _claim(result, counterpart="CIV")["amount"] == 129857.5  # Côte d'Ivoire, decimal value
    germany = _claim(result, country="DEU")
    assert germany["indicator"] == "imports" and germany["amount"] == pytest.approx(1283654321.734) and "valuation CIF" in germany["notes"]
    assert _claim(result, counterpart="WLD")["indicator"] == "exports"  # the world total stays, as WLD
    assert len(result.claims) == 6
    source = result.sources[exports["source_id"]]
    assert source.publisher == "UN Comtrade" and source.title == "UN Comtrade Plus download" and "comtrade_plus_2022.csv" in source.notes


def test_comtrade_legacy_22_columns(sources):
    result = _upload("comtrade_legacy_22.csv", sources)
    assert result.format_name == publishers.COMTRADE_LEGACY
    assert _claim(result, indicator="imports", sector="total")["amount"] == 1305123456
    oil = _claim(result, sector="S2:33")
    assert oil["indicator"] == "exports" and oil["amount"] == 120000000 and "Comtrade flag 4" in oil["notes"]
    assert _claim(result, country="SLB")["counterpart"] == "WLD"  # "Solomon Isds"
    assert [p.row for p in result.report.warnings] == [6]  # the re-export row, with its line


def test_comtrade_legacy_35_columns_no_final_newline(sources):
    result = _upload("comtrade_legacy_S2_2015_reporters_vs_world.csv", sources)
    assert result.format_name == publishers.COMTRADE_LEGACY
    assert sorted(result.claims["country"]) == ["BIH", "COD"]  # "Bosnia Herzegovina", "Dem. Rep. of the Congo"
    assert _claim(result, country="COD")["amount"] == 6.3e9


def test_wits_thousands_leading_space_world_regions_apart(sources):
    result = _upload("wits_partner_export_2021.csv", sources)
    assert result.format_name == publishers.WITS_PARTNER
    russia = _claim(result, counterpart="RUS")
    assert russia["value"] == 1003427.86 and russia["scale"] == "thousand" and russia["amount"] == pytest.approx(1003427860.0)
    assert _claim(result, counterpart="WLD")["amount"] == pytest.approx(22207525130.0)  # " World"
    assert _claim(result, counterpart="IRN")["indicator"] == "exports"  # "Iran, Islamic Rep."
    assert result.aggregates["name"].tolist() == ["Europe & Central Asia"]
    assert "ECA" not in set(result.claims["counterpart"])
    unknown = [p for p in result.report.errors if p.code == "unknown-country"]
    assert [(p.row, p.column, p.value) for p in unknown] == [(7, "Partner Name", "Atlantis")]


def test_imf_dots_timeseries_numeric_codes_wide_periods(sources):
    result = _upload("imf_dots_timeSeries.csv", sources)
    assert result.format_name == publishers.IMF_DOTS_TIMESERIES
    assert result.report.ok, result.report.render()
    exports = _claim(result, counterpart="RUS")
    assert exports["country"] == "AZE" and exports["amount"] == 2466848948 and "IMF status r" in exports["notes"]
    italy = result.claims[result.claims["counterpart"] == "ITA"].set_index("period")
    assert italy.loc["2021Q4", "amount"] == 160000000.5 and italy.loc["2024-02", "amount"] == 52000000
    assert set(italy["indicator"]) == {"imports"}
    assert _claim(result, counterpart="ISR")["amount"] == -1234567  # a trade balance may be negative
    assert result.aggregates["code"].tolist() == ["903"]


def test_imf_dots_panel_semicolon_decimal_comma(sources):
    result = _upload("imf_dots_panel.csv", sources)
    assert result.format_name == publishers.IMF_PANEL
    assert _claim(result, counterpart="RUS", indicator="exports")["amount"] == 1234567.5
    china = _claim(result, counterpart="CHN")
    assert china["indicator"] == "imports" and china["period"] == "2022-03" and china["amount"] == 98765.25


def test_imf_cdis_positions_inward_outward_derived(sources):
    result = _upload("imf_cdis_timeSeries.csv", sources)
    assert result.format_name == publishers.IMF_CDIS_TIMESERIES
    inward = result.claims[(result.claims["country"] == "RUS") & (result.claims["counterpart"] == "AZE")]
    assert sorted(inward["period"]) == ["as of 2019-12-31", "as of 2020-12-31"]  # Russia invests in Azerbaijan
    assert set(inward["indicator"]) == {"fdi_position"} and set(inward["reporting_side"]) == {"AZE"}
    assert _claim(result, country="AZE", counterpart="TUR")["amount"] == 9e9  # outward: Azerbaijan invests in Türkiye
    mirror = _claim(result, country="KAZ")
    assert mirror["reporting_side"] == "AZE" and "mirror" in mirror["notes"]  # derived from the counterpart's reports
    assert [p.code for p in result.report.warnings] == ["skipped-row"]  # the equity breakdown


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Classification", "Year", "Trade Flow Code", "Reporter Code", "Partner Code", "Trade Value (US$)"], publishers.COMTRADE_LEGACY),
        (["Reporter Name", "Partner Name", "Trade Flow", "Product Group", "Indicator", "2019", "2020"], publishers.WITS_TIMESERIES),
        (["DATAFLOW", "REF_AREA", "INDICATOR", "COUNTERPART_AREA", "TIME_PERIOD", "OBS_VALUE"], publishers.IMF_SDMX),
        (["a", "b"], None),
    ],
)
def test_format_is_detected_from_the_header(header, expected):
    assert detect_format(header) == expected


def test_every_format_a_publisher_module_declares_is_in_the_registry():
    """A new publisher module is read only once its formats are in `FORMATS`: this fails when one is forgotten."""
    import importlib
    import pkgutil

    declared = {}
    for info in pkgutil.iter_modules(publishers.__path__):
        module = importlib.import_module(f"{publishers.__name__}.{info.name}")
        declared.update({f.name: f for f in vars(module).values() if isinstance(f, publishers.PublisherFormat)})
    assert len(declared) == 7
    assert declared == publishers.FORMATS
    # Each format's own header (its signature and the columns its adapter needs) is recognised as that format.
    for name, publisher_format in publishers.FORMATS.items():
        assert detect_format(sorted(publisher_format.signature | publisher_format.needed)) == name


def test_wits_time_series_and_sdmx_csv(sources):
    wits = b"Reporter Name,Partner Name,Trade Flow,Product Group,Indicator,2020,2021\nAzerbaijan,Russian Federation,Import,All Products,Import (US$ Thousand),1500000.5,1700000\nAzerbaijan,Russian Federation,Import,All Products,Import Product share(%),4.1,4.2\n"
    result = validate_upload_bytes(wits, "wits-ts.csv", sources)
    assert result.format_name == publishers.WITS_TIMESERIES
    assert sorted(result.claims["amount"]) == [1500000500.0, 1700000000.0]
    sdmx = b"DATAFLOW,REF_AREA,INDICATOR,COUNTERPART_AREA,FREQUENCY,TIME_PERIOD,OBS_VALUE\nIMF.STA:IMTS,AZE,XG_FOB_USD,RUS,A,2023,2100000000\nIMF.STA:IMTS,AZ,MG_CIF_USD,W00,Q,2023-Q2,5\n"
    result = validate_upload_bytes(sdmx, "imts.csv", sources)
    assert result.format_name == publishers.IMF_SDMX
    assert _claim(result, counterpart="RUS")["amount"] == 2.1e9
    assert _claim(result, counterpart="WLD")["period"] == "2023Q2"


@pytest.mark.parametrize(
    ("fixture", "delimiter", "dropped"),
    [("comtrade_legacy_22.csv", ",", "Reporter"), ("imf_dots_panel.csv", ";", "Counterpart Country Name"), ("comtrade_plus_2022.csv", ",", "partnerDesc")],
)
def test_a_download_with_a_column_cut_out_gets_a_missing_column_error_not_a_crash(fixture, delimiter, dropped, sources):
    # The header still has the layout's signature, but the adapter reads a column that was deleted (an edited file).
    data = (FIXTURES / fixture).read_bytes()
    result = validate_upload_bytes(_without_column(data, dropped, delimiter), fixture, sources)
    assert [(p.code, p.row, p.column) for p in result.report.errors] == [("missing-column", 1, dropped)]
    assert result.claims.empty


def _without_column(data: bytes, name: str, delimiter: str) -> bytes:
    import csv
    import io

    text = data.decode("latin-1")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    index = [cell.strip() for cell in rows[0]].index(name)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows([row[:index] + row[index + 1 :] for row in rows])
    return out.getvalue().encode("latin-1")


@pytest.mark.parametrize(
    "data",
    [
        b"Reporter Name,Partner Name,Year,Trade Flow,Export Share\nAzerbaijan,Russian Federation,2021,Export,4.5\n",  # no value column
        b"Reporter Name,Partner Name,Trade Flow,Indicator\nAzerbaijan,Russian Federation,Export,Export (US$ Thousand)\n",  # no year columns
        b"Country Name,Country Code,Indicator Name,Indicator Code,Counterpart Country Name,Counterpart Country Code,Attribute\n"
        b"Azerbaijan,912,Goods Exports,TXG_FOB_USD,Russia,922,Value\n",  # no period columns
    ],
)
def test_a_download_without_its_figures_columns_says_so(data, sources):
    # These files used to map to no claim at all and report "No problems found".
    result = validate_upload_bytes(data, "cut.csv", sources)
    assert [(p.code, p.row) for p in result.report.errors] == [("missing-column", 1)]
    assert result.claims.empty


def test_a_download_whose_every_row_is_skipped_is_an_error_not_a_clean_report(sources):
    data = b"Reporter Name,Partner Name,Year,Trade Flow,Export (US$ Thousand)\nAzerbaijan,Europe & Central Asia,2021,Export,4\n"
    result = validate_upload_bytes(data, "regions.csv", sources)
    assert [p.code for p in result.report.warnings] == ["skipped-row"]  # why: a region, kept apart
    assert [p.code for p in result.report.errors] == ["no-claims"]
    assert result.claims.empty and len(result.aggregates) == 1
