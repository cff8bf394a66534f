"""The Upload page's preview charts by keyboard: under each chart, the list of its points in words opens the same box
as a click on a bar, saying which line of the file the claim came from. A genuine IMF DOTS download is previewed:
its imports valued CIF and FOB are listed apart."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from econ_ties.app.components import POINT_LIST_LABEL

DOTS = Path(__file__).parents[1] / "fixtures" / "publishers" / "genuine" / "imf_dots_DOTS.csv"


def upload_page(data: bytes, file_name: str) -> None:
    from econ_ties.app.upload import show_upload

    show_upload(data, file_name)


def test_a_preview_charts_points_are_listed_and_picking_one_names_its_line_of_the_file() -> None:
    app = AppTest.from_function(upload_page, default_timeout=120, args=(DOTS.read_bytes(), DOTS.name))
    app.run()
    assert not app.exception
    app.selectbox(key="upload.view").set_value("partners").run()
    assert not app.exception
    lists = [box for box in app.selectbox if box.label == POINT_LIST_LABEL]
    assert lists, "the preview's chart has no list of its points"
    options = list(lists[0].options)
    assert options and all(": $" in option for option in options)
    lists[0].select(options[0]).run()
    assert not app.exception
    captions = " ".join(c.value for c in app.caption)
    assert "of the uploaded file" in captions


def test_cif_and_fob_imports_of_a_dots_download_are_listed_apart_in_the_preview() -> None:
    app = AppTest.from_function(upload_page, default_timeout=120, args=(DOTS.read_bytes(), DOTS.name))
    app.run()
    app.selectbox(key="upload.view").set_value("partners").run()
    reporter = next(box for box in app.selectbox if box.key and box.key.endswith("partners.reporter"))
    reporter.set_value("CAN").run()
    indicator = next(box for box in app.selectbox if box.key and box.key.endswith("partners.indicator"))
    indicator.set_value("imports").run()
    assert not app.exception
    options = list(next(box for box in app.selectbox if box.label == POINT_LIST_LABEL).options)
    assert any(o.startswith("Imports (CIF), Canada–United States") for o in options), options
    assert any(o.startswith("Imports (FOB), Canada–United States") for o in options), options
