"""The download panel under each chart: size choice, a button per format, the citation, permalink and embed snippet.

Drawn in-process with Streamlit's AppTest; the file behind a button is made by the same callable Streamlit calls on a
click, so that is checked directly too.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from econ_ties import snapshot


def _panel_script() -> None:
    import streamlit as st

    from econ_ties.app import snapshot_panel
    from econ_ties.app.data import published_dataset
    from econ_ties.views import VIEWS

    view = VIEWS[st.session_state.get("view_name", "investment")]
    dataset = published_dataset()
    params, _ = view.resolve(dataset, {})
    fig = view.figures(dataset, params)[0]
    snapshot_panel.render(fig, view=view.name, params=params, key="chart-0")


def _run(view: str) -> AppTest:
    app = AppTest.from_function(_panel_script, default_timeout=60)
    app.session_state["view_name"] = view
    return app.run()


def test_panel_offers_sizes_formats_citation_permalink_and_embed() -> None:
    app = _run("investment")
    assert not app.exception
    assert app.radio(key="chart-0-snapshot-size").options == [snapshot.SIZES[s].label for s in snapshot.SIZES]
    codes = [block.value for block in app.code]
    citation, link, embed = codes
    assert citation.startswith("As of Feb 2022, Russia's investment in Azerbaijan's economy totaled $6.3 billion")
    assert link == "http://127.0.0.1:8501/investment?reporter=AZE&partner=RUS&period=as+of+2022-02&sector=all"
    assert embed.startswith('<iframe src="http://127.0.0.1:8501/investment?reporter=AZE&amp;partner=RUS')
    assert "embed=true" in embed


def test_the_default_view_links_to_the_app_root() -> None:
    app = _run("overview")
    assert not app.exception
    assert app.code[1].value == "http://127.0.0.1:8501/"


def test_without_chromium_the_panel_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    app = _run("investment")
    assert not app.exception
    assert [i.value for i in app.info] == [snapshot.INSTALL_CHROMIUM]
    assert len(app.code) == 3  # citation, link and embed still there


def test_the_button_callable_makes_the_file_with_its_provenance() -> None:
    from econ_ties.app import snapshot_panel
    from econ_ties.dataset import load_dataset
    from econ_ties.views import VIEWS
    from tests.conftest import DATA_DIR

    dataset = load_dataset(DATA_DIR)[0]
    view = VIEWS["partners"]
    params, _ = view.resolve(dataset, {})
    fig = view.figures(dataset, params)[0]
    make = snapshot_panel._export(fig, "png", "print", "partners", "https://econ.example/partners?period=2021", dataset)
    image = Image.open(io.BytesIO(make()))
    assert image.size == (3600, 2400)
    assert image.text["econ-ties:content_hash"] == f"sha256:{dataset.content_hash}"
    assert image.text["econ-ties:permalink"] == "https://econ.example/partners?period=2021"
