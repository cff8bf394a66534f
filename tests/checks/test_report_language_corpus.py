"""Every message an upload's report can hold is shown in Azerbaijani and Russian: a corpus of hostile inputs.

The inputs are the kinds of broken files the other tests use for each problem code — unreadable, mis-encoded, empty and
oversized files, damaged workbooks, headers with missing, repeated, unnamed and unknown columns, rows with too few or
too many cells, every kind of bad cell of our format, rows that break the cross-row rules, and genuine publisher
downloads with broken cells, unknown places, ambiguous and rounded numbers and rows of every skipped kind. Each goes
through the upload check in both languages; every problem's message, as shown, must hold no English sentence of the
catalog (`untranslated_in`) outside its values (a cell's text, a publisher's column name stay as written) and must
differ from the English, unless it is made only of values; so must the reasons the row account counts skipped rows by.
The test is of the class: a message built from a plain string or an f-string anywhere on these paths fails it.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.checks.preview import preview_diff
from econ_ties.checks.uploads import UploadResult, validate_upload_bytes, validate_upload_files
from econ_ties.language import using
from econ_ties.model.columns import CLAIM_COLUMNS
from econ_ties.model.problems import CODES, Problem, Said, ValidationReport, in_language
from tests.app.translation_check import untranslated_in
from tests.conftest import DATA_DIR, curated_claim_rows, read_rows, write_rows

FIXTURES = Path(__file__).parents[1] / "fixtures" / "publishers"
GENUINE = FIXTURES / "genuine"
FIGURES = (DATA_DIR / "figures.csv").read_bytes()


def _csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(CLAIM_COLUMNS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _first(**match: str) -> dict[str, str]:
    return dict(next(r for r in curated_claim_rows() if all(r[k] == v for k, v in match.items())))


def _claims(*changes: dict[str, str], base: dict[str, str] | None = None) -> bytes:
    """Claim rows that are a curated exports claim with the given cells changed (each its own claim id)."""
    row = base or _first(indicator="exports", qualifier="exact")
    return _csv([{**row, "claim_id": f"corpus-{i}", **change} for i, change in enumerate(changes)])


def _bad_cells() -> bytes:
    """One row per way a cell of our format can be wrong."""
    turnover = _first(indicator="trade_turnover", qualifier="exact")
    share = _first(indicator="trade_share")
    changes = [
        {"country": "XYZ"},
        {"claim_id": "bad id with spaces"},
        {"indicator": "gdp"},
        {"indicator": ""},
        {"roles": "buyer/seller"},
        {"sector": "petrol!"},
        {"sector": ""},
        {"period": "2021-13"},
        {"period": "1850"},
        {"period": "2021-05/2021-02"},
        {"period": "as of 2021-02-30"},
        {"period": "last spring"},
        {"period": ""},
        {"measure": "stock"},
        {"value": "six"},
        {"value": "NaN"},
        {"value": "Infinity"},
        {"value": "-5"},
        {"value": ""},
        {"currency": "XXQ"},
        {"currency": ""},
        {"scale": "dozens"},
        {"qualifier": "majority"},
        {"qualifier": "perhaps"},
        {"reporting_side": "WLD"},
        {"reporting_side": "QQQ"},
        {"counterpart": "AZE", "country": "AZE"},
        {"quote": ""},
        {"uncertain": "maybe"},
        {"roles": "partner/partner"},
    ]
    rows = [{**_first(indicator="exports", qualifier="exact"), "claim_id": f"cell-{i}", **change} for i, change in enumerate(changes)]
    rows.append({**share, "claim_id": "share-over", "value": "140"})
    rows.append({**share, "claim_id": "share-money", "currency": "USD"})
    rows.append({**share, "claim_id": "share-scale", "currency": "", "scale": "billion"})
    rows.append({**turnover, "claim_id": "majority-total", "qualifier": "majority", "value": ""})
    rows.append({**turnover, "claim_id": "majority-number", "qualifier": "majority", "sector": "oil"})
    rows.append({**turnover, "claim_id": "long", "quote": "x" * 120_000})
    return _csv(rows)


def _cross_rows() -> bytes:
    """Rows that break the rules across rows: parts that do not add up, a majority the parts contradict, turnover
    that is not exports + imports, a repeated claim, an unknown source."""
    base = {**_first(indicator="trade_turnover", qualifier="exact"), "period": "2019", "country": "AZE", "counterpart": "GEO", "reporting_side": "AZE"}
    base.update(scale="million", currency="USD", uncertain="false", qualifier="exact", sector="total")
    flows = {**_first(indicator="exports", qualifier="exact"), **{k: base[k] for k in ("period", "country", "counterpart", "reporting_side", "source_id")}}
    flows.update(scale="million", currency="USD", sector="total")
    rows = [
        {**base, "claim_id": "t-total", "value": "100"},
        {**base, "claim_id": "t-oil", "sector": "oil", "value": "80"},
        {**base, "claim_id": "t-nonoil", "sector": "non_oil", "value": "5"},
        {**base, "claim_id": "t-major", "sector": "non_oil", "qualifier": "majority", "value": ""},
        {**flows, "claim_id": "x-1", "indicator": "exports", "value": "10"},
        {**flows, "claim_id": "m-1", "indicator": "imports", "roles": _first(indicator="imports")["roles"], "value": "20"},
        {**base, "claim_id": "t-total"},
        {**base, "claim_id": "nosource", "source_id": "no-such-source", "period": "2018"},
    ]
    return _csv(rows)


def _published_differs() -> bytes:
    row = _first(indicator="trade_turnover", qualifier="exact")
    return _csv([{**row, "claim_id": "differs", "value": str(float(row["value"]) * 3)}])


def _xlsx(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _publisher(path: Path, edit: Callable[[list[list[str]]], None]) -> bytes:
    """A publisher file with `edit` applied to its rows (header first), in its own encoding and delimiter."""
    data = path.read_bytes()
    try:
        encoding = "utf-8-sig"
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"
        text = data.decode(encoding)
    first = text.splitlines()[0]
    delimiter = ";" if ";" in first else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def _set(column: str, values: dict[int, str]) -> Callable[[list[list[str]]], None]:
    """Set `column`'s cell on the given data rows (1 = the first data row); a row index past the end repeats the last."""

    def edit(rows: list[list[str]]) -> None:
        index = rows[0].index(column)
        for number, value in values.items():
            while number >= len(rows):
                rows.append(list(rows[-1]))
            rows[number][index] = value

    return edit


def _edits(*edits: Callable[[list[list[str]]], None]) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        for each in edits:
            each(rows)

    return edit


def _rename(old: str, new: str) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        rows[0][rows[0].index(old)] = new

    return edit


def _drop(column: str) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        index = rows[0].index(column)
        for row in rows:
            del row[index]

    return edit


def _header_only_columns(names: list[str]) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        rows[1:] = [[("" if name in names else cell) for name, cell in zip(rows[0], row, strict=False)] for row in rows[1:]]

    return edit


LINES = FIGURES.decode("utf-8").splitlines()
HEADER = LINES[0]
PLUS = FIXTURES / "comtrade_plus_2022.csv"
LEGACY = FIXTURES / "comtrade_legacy_22.csv"
WITS = FIXTURES / "wits_partner_export_2021.csv"
DOTS_PANEL = FIXTURES / "imf_dots_panel.csv"
DOTS_SERIES = FIXTURES / "imf_dots_timeSeries.csv"
CDIS = FIXTURES / "imf_cdis_timeSeries.csv"


def corpus() -> dict[str, tuple[bytes, int | None]]:
    """name → (the file's bytes, an upload limit in bytes or None for the default)."""
    cases: dict[str, tuple[bytes, int | None]] = {
        "binary": (bytes(range(256)) * 64, None),
        "zip": (_xlsx({"claims.csv": b"a,b\n1,2\n"}), None),
        "damaged workbook": (_xlsx({"xl/workbook.xml": b"<not xml"}), None),
        "utf-16 broken": (b"\xff\xfe" + b"a\x00,\x00\x00\xd8", None),
        "latin-1": (FIGURES.replace(b"Azerbaijan", "Az\xe9rbaijan".encode("latin-1"), 1), None),
        "empty": (b"  \n\n", None),
        "header only": (HEADER.encode() + b"\n", None),
        "too large": (FIGURES, 1000),
        "long header": (b"a," * 40_000 + b"b\n1,2\n", None),
        "one long line": (b"x" * 70_000, None),
        "too many columns": (",".join(f"c{i}" for i in range(1500)).encode() + b"\n" + b"x," * 1499 + b"x\n", None),
        "unknown format": (b"name,age\nada,36\n", None),
        "header problems": (
            "\n".join([HEADER.replace(",quote,", ",,").replace("notes", "notes,notes,extra"), *(line + ",x,y" for line in LINES[1:4])]).encode(),
            None,
        ),
        "phantom column with values": ("\n".join([HEADER + ",", *(line + ",x" for line in LINES[1:3])]).encode(), None),
        "short and long rows": ("\n".join([HEADER, LINES[1], "a,b,c", LINES[2] + ",x,y,z"]).encode(), None),
        "bad cells": (_bad_cells(), None),
        "cross rows": (_cross_rows(), None),
        "differs from published": (_published_differs(), None),
        "comtrade plus broken": (
            _publisher(
                PLUS,
                _edits(
                    _set("primaryValue", {1: "12,5", 2: "1.234,5", 3: "abc", 4: "1.58885E+12", 5: ""}),
                    _set("period", {6: "20X1"}),
                    _set("refPeriodId", {6: "20X1"}),
                    _set("reporterDesc", {7: "Atlantis"}),
                    _set("reporterISO", {7: "ATL"}),
                    _set("reporterCode", {7: "999"}),
                    _set("flowCode", {8: "RX"}),
                    _set("motCode", {9: "1000"}),
                ),
            ),
            None,
        ),
        "comtrade plus ambiguous": (_publisher(PLUS, _set("primaryValue", {1: "191.001", 2: "42.016.266"})), None),
        "comtrade plus one way": (_publisher(PLUS, _set("primaryValue", {1: "191.001", 2: "2514530.02"})), None),
        "comtrade plus undecided": (
            _publisher(
                PLUS,
                _edits(
                    _header_only_columns(["qty", "netWgt", "grossWgt", "cifvalue", "fobvalue", "altQty"]), _set("primaryValue", {1: "191.001", 2: "191001"})
                ),
            ),
            None,
        ),
        "comtrade plus renamed column": (_publisher(PLUS, _rename("reporterDesc", "reporter Desc.")), None),
        "comtrade legacy broken": (_publisher(LEGACY, _edits(_set("Trade Flow Code", {1: "3"}), _set("Period", {2: "soon"}), _set("Year", {2: "soon"}))), None),
        "wits broken": (_publisher(WITS, _edits(_set("Year", {1: "next"}), _set("Partner Name", {2: "Narnia"}))), None),
        "wits other column": (_publisher(WITS, _rename("Export (US$ Thousand)", "Exports (USD thousand), revised")), None),
        "dots panel broken": (_publisher(DOTS_PANEL, _set("Time Period", {1: "sometime"})), None),
        "dots panel no indicator": (_publisher(DOTS_PANEL, lambda rows: rows.__setitem__(0, [re.sub(r"\(.*\)", "(X)", c) for c in rows[0]])), None),
        "dots series": (_publisher(DOTS_SERIES, _set("Indicator Code", {1: "OTHER_CODE"})), None),
        "dots series no periods": (_publisher(DOTS_SERIES, lambda rows: [row.__setitem__(slice(8, None), []) for row in rows]), None),
        "cdis series": (CDIS.read_bytes(), None),
        "sdmx": (b"INDICATOR,TIME_PERIOD,OBS_VALUE\nXG_FOB_USD,2021,5\n", None),
        "sdmx rows": (
            b"INDICATOR,REF_AREA,COUNTERPART_AREA,TIME_PERIOD,OBS_VALUE\nXG_FOB_USD,AZE,RUS,20X1,5\nOTHER,AZE,RUS,2021,5\nXG_FOB_USD,AZE,AZE,2021,5\n"
            b"XG_FOB_USD,W00,RUS,2021,5\nXG_FOB_USD,AZE,RUS,2021,\n",
            None,
        ),
        "wits series": (
            b"Reporter Name,Partner Name,Trade Flow,Product Group,Indicator,2019,2020\nAzerbaijan,Russia,Export,All Products,Export (US$ Thousand),,\n"
            b"Azerbaijan,Russia,Export,Fuels,Export (US$ Thousand),1,2\nAzerbaijan,Russia,Export,All Products,Exports count,1,2\n",
            None,
        ),
        "wits series no years": (b"Reporter Name,Partner Name,Trade Flow,Indicator\nAzerbaijan,Russia,Export,Export (US$ Thousand)\n", None),
    }
    for path in sorted(GENUINE.glob("*.csv")):
        cases[f"genuine {path.name}"] = (path.read_bytes(), None)
    return cases


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA_DIR)[0]


def _with_sources_and_events() -> list[tuple[bytes, str]]:
    """A claims file with the sources and events files it cites, each with broken cells."""
    events_header, events = read_rows(DATA_DIR / "events.csv")
    sources_header, sources = read_rows(DATA_DIR / "sources.csv")
    event = events[0]
    bad_events = [
        {**event, "event_id": "ev-no-parties", "parties": ""},
        {**event, "event_id": "ev-bad-date", "date": "2022-02-31"},
        {**event, "event_id": "ev-bad-party", "parties": "AZE;XXX"},
        {**event, "event_id": "ev bad id!", "kind": "party"},
        {**event, "event_id": "ev-no-title", "title": "", "source_id": "nope"},
    ]
    source = {**sources[0], "source_id": "upload-corpus-source"}
    bad_sources = [
        {**source, "url": "not a url", "date_published": "yesterday"},
        {**source, "source_id": "upload-corpus-untitled", "title": "", "publisher": ""},
        source,
    ]
    claims = _claims({"source_id": "upload-corpus-source"})
    return [(claims, "mine.csv"), (_csv(bad_events, events_header), "timeline.csv"), (_csv(bad_sources, sources_header), "refs.csv")]


@pytest.fixture(scope="module")
def reports(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> dict[str, UploadResult | ValidationReport]:
    """Each file's upload check, with the preview's warnings of figures that differ from the published ones; a claims
    file with its sources and events; and the check of a data folder with a source nobody uses."""
    results: dict[str, UploadResult | ValidationReport] = {}
    for name, (data, limit) in corpus().items():
        result = results[name] = validate_upload_bytes(data, f"{name}.csv", dataset.sources, max_bytes=limit)
        if not result.claims.empty:
            result.report.extend(preview_diff(result.claims, dataset.claims, file=f"{name}.csv").warnings)
    results["claims, sources and events"] = validate_upload_files(_with_sources_and_events(), dataset.sources)
    folder = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DATA_DIR, folder)
    header, sources = read_rows(folder / "sources.csv")
    write_rows(folder / "sources.csv", header, [*sources, {**sources[0], "source_id": "nobody-cites-this", "url": ""}])
    results["data folder"] = load_dataset(folder)[1]
    return results


def _report(result: UploadResult | ValidationReport) -> ValidationReport:
    return result if isinstance(result, ValidationReport) else result.report


#: Text in quotes, as the catalogs quote a column's name, a code or a form written in the file ('value', «as of 2022»).
_QUOTED = re.compile(r"'[^']*'|«[^»]*»|“[^”]*”")


class _LeftOut:
    """A value left out of a message: "…", whatever format the template gives it ("{count:,}")."""

    def __format__(self, spec: str) -> str:
        return "…"


def _our_words(message: str) -> str:
    """The message as shown with every value that is not itself a message left out (a cell's text, a column's or a
    publisher's name, a library's reason: these are shown as they were written), and quoted words too."""
    if not isinstance(message, Said):
        return in_language(message)
    values = {name: _our_words(value) if isinstance(value, Said) else _LeftOut() for name, value in message.values.items()}
    return _QUOTED.sub("…", in_language(Said(message.template, values)))


def _only_values(problem: Problem) -> bool:
    """A message that holds nothing but the values it names (a pyarrow or operating system reason shown as it came)."""
    message = problem.message
    values = getattr(message, "values", {})
    rest = getattr(message, "template", message)
    for name in values:
        rest = rest.replace("{" + name + "}", "")
    return not re.sub(r"[\W\d_]+", "", rest)


def test_the_corpus_causes_every_code(reports: dict[str, UploadResult | ValidationReport]) -> None:
    found = {p.code for result in reports.values() for p in _report(result).problems}
    assert set(CODES) - found == set()


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_every_message_of_the_corpus_is_shown_in_the_language(reports: dict[str, UploadResult | ValidationReport], lang: str) -> None:
    wrong = []
    for name, result in reports.items():
        report = _report(result)
        with using(lang):
            shown = [(p, p.shown_message, _our_words(p.message)) for p in report.problems]
            account = report.row_account.text() if report.row_account is not None else ""
            skipped = [(str(reason), in_language(reason)) for reason in (report.row_account.skipped if report.row_account else {})]
        for problem, message, ours in shown:
            left = untranslated_in(ours, lang)
            if left or (message == str(problem.message) and not _only_values(problem)):
                wrong.append((name, problem.code, message, left))
        for english, reason in skipped:
            if untranslated_in(reason, lang) or reason == english:
                wrong.append((name, "row account", reason, account))
    assert wrong == []


def test_every_kind_of_area_has_a_reason_to_skip_its_rows() -> None:
    """A row about an area is skipped with a message of the catalog for its kind; a kind added to the country table
    without one would fail the upload instead of reporting it."""
    from econ_ties.io.publishers.format import AREA_SKIPS
    from econ_ties.model.countries import AREA_KINDS

    assert set(AREA_SKIPS) == set(AREA_KINDS)


def test_pydantics_own_errors_get_our_code_and_message(reports: dict[str, UploadResult | ValidationReport]) -> None:
    """An event's empty parties fails pydantic's own length rule, not one of ours: it is reported as an empty cell, in
    our words, which the catalog translates."""
    problem = next(p for p in _report(reports["claims, sources and events"]).problems if p.column == "parties" and p.row == 2)
    assert (problem.code, problem.message) == ("missing-cell", "this cell is empty but must be filled in")
    with using("ru"):
        assert problem.shown_message == "эта ячейка пуста, но должна быть заполнена"
