"""Uploads end to end: hostile input gives one clear problem and no crash, the size limit is configurable, the report
keeps the file's row numbers, `econ-ties validate` / `econ-ties import` work on every format, and the Upload page
shows HTML from a file as text."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import MAX_UPLOAD_ENV, NATIVE_FORMAT, claims_template, upload_limit_bytes, validate_upload_bytes
from econ_ties.cli.main import main
from econ_ties.model.columns import CLAIM_COLUMNS
from tests.conftest import DATA_DIR

FIXTURES = Path(__file__).parents[1] / "fixtures" / "publishers"
FIGURES = (DATA_DIR / "figures.csv").read_bytes()


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


def _zip_bomb() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("claims.csv", b"0" * 50_000_000)  # 50 MB of zeros in a few KB
    return buffer.getvalue()


HOSTILE = {
    "binary": (bytes(range(256)) * 64, "unreadable-file"),
    "zip-bomb": (_zip_bomb(), "unreadable-file"),
    "empty": (b"", "empty-file"),
    "header-only": (FIGURES.splitlines()[0] + b"\n", "header-only"),
    "10000-columns": (",".join(f"c{i}" for i in range(10_000)).encode() + b"\n" + b"x," * 9_999 + b"x\n", "unreadable-file"),
    "unknown-format": (b"name,age\nada,36\n", "unknown-format"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_get_one_clear_problem(name, sources):
    data, code = HOSTILE[name]
    result = validate_upload_bytes(data, f"{name}.csv", sources)
    assert code in [p.code for p in result.report.errors]
    assert all(p.message for p in result.report.problems)
    assert result.claims.empty


def test_duplicate_column_names_are_reported(sources):
    lines = FIGURES.decode().splitlines()
    data = "\n".join([lines[0] + ",notes", *(line + ",x" for line in lines[1:3])]).encode()
    result = validate_upload_bytes(data, "dup.csv", sources)
    assert [(p.code, p.row, p.column) for p in result.report.problems if p.code == "duplicate-column"] == [("duplicate-column", 1, "notes")]


@pytest.mark.parametrize("column", ["quote", "period"])  # a plain text column, and one read as an Arrow dictionary
def test_a_1mb_cell_is_reported_and_its_row_left_out(sources, column):
    lines = FIGURES.decode().splitlines()
    header = lines[0].split(",")
    row = next(csv.reader([lines[1]]))
    row[header.index(column)] = "x" * 1_000_000
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, row, next(csv.reader([lines[2]]))])
    result = validate_upload_bytes(buffer.getvalue().encode(), "big-cell.csv", sources)
    assert [(p.code, p.row, p.column) for p in result.report.errors if p.code == "cell-too-long"] == [("cell-too-long", 2, column)]
    assert result.claims["row"].tolist() == [3]


def test_size_limit_is_configurable(sources, monkeypatch):
    assert upload_limit_bytes() == 200 * 1024 * 1024
    monkeypatch.setenv(MAX_UPLOAD_ENV, "0.001")
    result = validate_upload_bytes(FIGURES, "figures.csv", sources)
    assert [p.code for p in result.report.errors] == ["too-large"]
    assert "limited to" in result.report.errors[0].message


def test_report_rows_and_codes_are_as_in_the_file(sources):
    lines = FIGURES.decode().splitlines()
    bad = [lines[0], "", lines[1].replace(",AZE,RUS,", ",AZE,XXX,", 1), lines[3], lines[4].replace(",5,USD,", ",-5,USD,", 1), lines[3]]
    result = validate_upload_bytes("\r\n".join(bad).encode(), "bad.csv", sources)
    found = sorted((p.row, p.code, p.column) for p in result.report.errors)
    assert (3, "unknown-country", "counterpart") in found
    assert (5, "constraint-error", "value") in found
    assert (6, "duplicate-row", "claim_id") in found
    assert result.format_name == NATIVE_FORMAT


def test_template_is_a_valid_claims_file_once_its_source_exists(sources):
    template = claims_template().replace("your-source-id", "todayaz-225588")
    result = validate_upload_bytes(template.encode(), "template.csv", sources)
    assert result.report.ok, result.report.render()
    assert len(result.claims) == 2


def test_cli_validate_every_publisher_fixture(capsys):
    codes = {path.name: main(["validate", str(path)]) for path in sorted(FIXTURES.glob("*.csv"))}
    assert codes["wits_partner_export_2021.csv"] == 1  # 'Atlantis' is not a country
    assert {name: code for name, code in codes.items() if name != "wits_partner_export_2021.csv"} == dict.fromkeys(
        set(codes) - {"wits_partner_export_2021.csv"}, 0
    )
    assert "UN Comtrade Plus: 6 valid claims" in capsys.readouterr().out


def test_cli_import_writes_neutralised_claims_that_validate_again(tmp_path):
    evil = b'Reporter Name,Partner Name,Year,Trade Flow,Export (US$ Thousand)\n"=HYPERLINK(""x"")",Russian Federation,2021,Export,5\nAzerbaijan,Russian Federation,2021,Export,"1,003,427.86"\n'
    source = tmp_path / "wits.csv"
    source.write_bytes(evil)
    out = tmp_path / "claims.csv"
    assert main(["import", str(source), "--out", str(out)]) == 1  # the formula is not a country: reported, not imported
    text = out.read_text()
    assert "1003427.86" in text and "=HYPERLINK" not in text.replace("'=HYPERLINK", "")
    sources = (tmp_path / "claims.sources.csv").read_text()
    data = tmp_path / "data"
    data.mkdir()
    for name in ("figures.csv", "events.csv"):
        (data / name).write_bytes((DATA_DIR / name).read_bytes())
    (data / "sources.csv").write_text((DATA_DIR / "sources.csv").read_text() + sources.split("\n", 1)[1])
    assert main(["validate", str(out), "--data", str(data)]) == 0


def test_cli_exit_code_2_for_unreadable_upload(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(HOSTILE["zip-bomb"][0])
    completed = subprocess.run([sys.executable, "-m", "econ_ties.cli", "validate", str(path)], capture_output=True, text=True)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr and "compressed archive" in completed.stdout


def test_upload_page_shows_html_from_a_file_as_text():
    from streamlit.testing.v1 import AppTest

    def page():
        from econ_ties.app.upload import show_upload

        evil = b"Reporter Name,Partner Name,Year,Trade Flow,Export (US$ Thousand)\n<b>Azerbaijan</b><script>alert(1)</script>,Russian Federation,2021,Export,5\nAzerbaijan,Russian Federation,2021,Export,7\n"
        show_upload(evil, "<img src=x onerror=alert(1)>.csv")

    app = AppTest.from_function(page, default_timeout=120)
    app.run()
    assert not app.exception
    assert "Read as **World Bank WITS \\(partner view\\)**: 1 valid claims." in [m.value for m in app.markdown]
    report = next(df.value for df in app.dataframe if "message" in df.value.columns)
    assert "<b>Azerbaijan</b><script>alert(1)</script>" in report["value"].tolist()  # shown as a plain cell
    assert any(b.label.startswith("Download the full report") for b in app.get("download_button"))
    markdown = " ".join(m.value for m in app.markdown) + " ".join(c.value for c in app.caption)
    assert "<script>" not in markdown and "<img" not in markdown


def test_every_problem_code_and_claim_column_is_documented():
    from econ_ties.model.columns import EVENT_COLUMNS, SOURCE_COLUMNS
    from econ_ties.model.problems import CODES

    page = (Path(__file__).parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")
    missing = [name for name in [*CODES, *CLAIM_COLUMNS, *SOURCE_COLUMNS, *EVENT_COLUMNS] if f"`{name}`" not in page]
    assert missing == []


def test_upload_page_previews_changes_and_draws_charts_with_the_uploaded_data():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import curated_claim_rows

    def page():
        from econ_ties.app.upload import show_upload
        from tests.conftest import DATA_DIR

        lines = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()
        # The total and its oil part restated together, so that the parts still add up (a row with an error is left
        # out of the preview, as it would be of a publish).
        edited = [
            line.replace(",6.3,USD,", ",7.3,USD,", 1) if line.startswith("S2,") else line.replace(",5,USD,", ",6,USD,", 1) if line.startswith("S2a,") else line
            for line in lines
        ]
        show_upload("\n".join(edited).encode(), "edited.csv")

    app = AppTest.from_function(page, default_timeout=180)
    app.run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    claims = len(curated_claim_rows())
    assert f"0 added, 2 changed, 0 removed, {claims - 2} unchanged" in [m.value for m in app.markdown]
    # each restated figure is compared with what is published for the same thing (which statement: the data's choice)
    warnings = [w.value for w in app.warning]
    assert any(w.startswith("Line 4: \\$7.3B differs by ") for w in warnings) and any(w.startswith("Line 5: \\$6.0B differs by 20%") for w in warnings), (
        warnings
    )
    assert [s.value for s in app.header][:3] == ["Report", "What would change", "Charts with the uploaded data"]
    assert len(app.get("plotly_chart")) >= 1


def test_upload_page_reruns_reuse_the_preview_and_the_dataset_drawn(monkeypatch):
    """A click on the page (a report filter, another chart) must not compare or merge the whole upload again: with a
    million claims each of those took seconds."""
    import uuid

    from streamlit.testing.v1 import AppTest

    import econ_ties.services.publishing as publishing

    calls = {"preview": 0, "applied": 0}
    real_preview, real_applied = publishing.preview_diff, publishing.upload_applied

    def preview(*args, **kwargs):
        calls["preview"] += 1
        return real_preview(*args, **kwargs)

    def applied(*args, **kwargs):
        calls["applied"] += 1
        return real_applied(*args, **kwargs)

    monkeypatch.setattr(publishing, "preview_diff", preview)
    monkeypatch.setattr(publishing, "upload_applied", applied)
    monkeypatch.setenv("ECON_TIES_TEST_NONCE", uuid.uuid4().hex)  # a file of its own: no cached result from another test

    def page():
        import os

        from econ_ties.app.upload import show_upload
        from tests.conftest import DATA_DIR

        data = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").replace(",6.3,USD,", ",7.3,USD,", 1)
        show_upload((data + "\n" * (1 + int(os.environ["ECON_TIES_TEST_NONCE"][:4], 16) % 50)).encode(), "edited.csv")

    app = AppTest.from_function(page, default_timeout=180)
    app.run()
    assert not app.exception
    assert calls == {"preview": 1, "applied": 1}
    app.selectbox(key="upload.severity").set_value("warnings").run()
    app.selectbox(key="upload.view").set_value("investment").run()
    assert not app.exception
    assert calls == {"preview": 1, "applied": 1}
    app.checkbox(key="upload.preview-replace").check().run()  # another preview: computed once more
    assert not app.exception
    assert calls == {"preview": 2, "applied": 2}


def test_the_preview_opens_on_the_uploaded_claims_and_its_controls_change_the_chart():
    from streamlit.testing.v1 import AppTest

    def page():
        from econ_ties.app.upload import show_upload
        from tests.checks.test_uploads import FIXTURES

        show_upload((FIXTURES / "wits_partner_export_2021.csv").read_bytes(), "wits_partner_export_2021.csv")

    app = AppTest.from_function(page, default_timeout=180)
    app.run()
    assert not app.exception

    def chart_title() -> str:
        import json

        # a long title is wrapped for narrow screens: read it as one line
        return json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"].replace("<br>", " ")

    assert chart_title() == "Azerbaijan's partners: exports, 2021"  # the file's figures, not the view's default
    indicator = next(box for box in app.selectbox if box.key and box.key.startswith("upload.") and box.key.endswith("partners.indicator"))
    indicator.set_value("trade_turnover").run()
    assert not app.exception
    assert chart_title() == "Azerbaijan's partners: trade turnover, 2021"
    assert app.query_params == {} or "indicator" not in app.query_params  # the upload page's URL is left alone
