"""The download panel under each chart: size choice, a button per format, the citation, permalink and embed snippet.

Drawn in-process with Streamlit's AppTest against the session's throwaway published store (tests/conftest.py); the file
behind a button is made by the same callable Streamlit calls on a click, so that is checked directly too.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from econ_ties.app import snapshot_panel
from econ_ties.export.layout import SIZES
from econ_ties.export.provenance import DatasetStamp
from econ_ties.export.renderer import INSTALL_CHROMIUM
from econ_ties.export.snapshot import FORMATS
from econ_ties.services import published


def _panel_script() -> None:
    import streamlit as st

    from econ_ties.app import snapshot_panel
    from econ_ties.app.data import published_dataset
    from econ_ties.present.views import VIEWS

    view = VIEWS[st.session_state.get("view_name", "investment")]
    dataset = published_dataset()
    params, _ = view.resolve(dataset, {})
    fig = view.figures(dataset, params)[0]
    snapshot_panel.render(fig, view=view.name, params=params, key="chart-0")


def _run(view: str, query: dict[str, str] | None = None, *, open_panel: bool = True) -> AppTest:
    app = AppTest.from_function(_panel_script, default_timeout=60)
    app.session_state["view_name"] = view
    if open_panel:
        app.session_state["chart-0-snapshot"] = True  # the expander's state: what a click on its label sets
    for name, value in (query or {}).items():
        app.query_params[name] = value
    return app.run()


def test_the_closed_panel_is_an_empty_expander_that_opens_on_click() -> None:
    closed = _run("investment", open_panel=False)
    assert not closed.exception
    assert [e.label for e in closed.expander] == [snapshot_panel.PANEL_LABEL]
    assert not closed.code and not closed.get("download_button") and not closed.radio  # nothing computed or sent
    closed.session_state["chart-0-snapshot"] = True
    opened = closed.run()
    assert len(opened.get("download_button")) == len(FORMATS)
    assert len(opened.code) == 3


def test_panel_offers_sizes_formats_citation_permalink_and_embed() -> None:
    app = _run("investment")
    assert not app.exception
    assert app.radio(key="chart-0-snapshot-size").options == [SIZES[s].label for s in SIZES]
    codes = [block.value for block in app.code]
    citation, link, embed = codes
    # Feb 2022 holds more statements than three sentences can name: one sentence names the chart and every source.
    assert citation.startswith("Investment between Azerbaijan and Russia, as of Feb 2022") and "Sources: " in citation
    assert "Niyazi Safarov" in citation and "Shahin Mustafayev" in citation
    assert link == "http://127.0.0.1:8501/investment?reporter=AZE&partner=RUS&period=as+of+2022-02&sector=all"
    assert embed.startswith('<iframe src="http://127.0.0.1:8501/investment?reporter=AZE&amp;partner=RUS')
    assert "embed=true" in embed


def test_the_panel_names_the_published_revision_the_page_shows() -> None:
    latest = published.published_revision()
    app = _run("investment")
    assert f"title, source line, revision {latest.number} and date" in app.caption[0].value
    assert "rev=" not in app.code[1].value  # the latest: the link follows later revisions
    pinned = _run("investment", {"rev": "1"})
    assert "revision 1 and date" in pinned.caption[0].value
    assert pinned.code[1].value.endswith("&sector=all&rev=1")  # asked for by number: the link keeps it
    unknown = _run("investment", {"rev": "999"})
    assert f"revision {latest.number} and date" in unknown.caption[0].value
    assert "rev=" not in unknown.code[1].value


def test_published_snapshot_data_stamps_the_revision_with_its_recorded_hash() -> None:
    app = AppTest.from_string(
        "from econ_ties.app import snapshot_panel\n"
        "import streamlit as st\n"
        "dataset, stamp, pinned = snapshot_panel.published_snapshot_data()\n"
        "st.text(f'{stamp.revision} {stamp.content_hash} {pinned} {dataset.content_hash}')\n",
        default_timeout=60,
    )
    app.query_params["rev"] = "1"
    revision, recorded, pinned, actual = app.run().text[0].value.split()
    assert (revision, pinned) == ("1", "True")
    assert recorded == actual == published.published_revision(1).content_hash


def test_the_default_view_links_to_the_app_root() -> None:
    app = _run("overview")
    assert not app.exception
    assert app.code[1].value == "http://127.0.0.1:8501/"


def test_without_chromium_the_panel_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    app = _run("investment")
    assert not app.exception
    assert [i.value for i in app.info] == [INSTALL_CHROMIUM]
    assert len(app.code) == 3  # citation, link and embed still there


def test_the_button_callable_makes_the_file_with_its_provenance() -> None:
    from econ_ties.app import snapshot_panel
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.present.views import VIEWS
    from tests.conftest import DATA_DIR

    dataset = load_dataset(DATA_DIR)[0]
    view = VIEWS["partners"]
    params, _ = view.resolve(dataset, {})
    fig = view.figures(dataset, params)[0]
    stamp = DatasetStamp.of(dataset, 4)
    make = snapshot_panel._export(fig, "png", "print", "partners", "https://econ.example/partners?period=2021", stamp)
    image = Image.open(io.BytesIO(make()))
    assert image.size == (3600, 2400)
    assert image.text["econ-ties:content_hash"] == f"sha256:{dataset.content_hash}"
    assert image.text["econ-ties:revision"] == "4"
    assert image.text["econ-ties:permalink"] == "https://econ.example/partners?period=2021"


def test_the_button_callable_draws_in_the_language_of_the_page_it_was_made_on() -> None:
    """Streamlit calls it after the script run, outside the page's language: the file is still Russian and says so."""
    from econ_ties.app import snapshot_panel
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.language import using
    from econ_ties.present.views import VIEWS
    from tests.conftest import DATA_DIR
    from tests.export.support import svg_texts

    dataset = load_dataset(DATA_DIR)[0]
    view = VIEWS["investment"]
    with using("ru"):
        fig = view.figures(dataset, view.resolve(dataset, {})[0])[0]
        make = snapshot_panel._export(fig, "svg", "social", "investment", "https://econ.example/investment?lang=ru", DatasetStamp.of(dataset, 4))
    svg = make()  # in English here, as in Streamlit's download callback
    assert "редакция набора данных 4" in svg_texts(svg) and "Источник" in svg_texts(svg)
    assert b'xml:lang="ru"' in svg


def test_a_newly_published_revision_shows_on_the_next_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The page resolves the shown revision once per run (one small query), never caching "the latest" across runs.
    from econ_ties.checks.dataset import Dataset
    from econ_ties.settings import sqlite_url
    from econ_ties.store.revisions import Store

    url = sqlite_url(tmp_path / "store.sqlite")
    monkeypatch.setenv("ECON_TIES_DATABASE_URL", url)
    app = _run("investment")
    assert "revision 1 and date" in app.caption[0].value
    first = published.published_revision(url=url)
    dataset = published.published_dataset(first.number, url=url)
    smaller = Dataset(dataset.claims.iloc[:-1], dict(dataset.sources), list(dataset.events))  # one claim fewer
    Store.open(url).publish(smaller, parent=1, author="test")
    assert "revision 2 and date" in app.run().caption[0].value  # the same session's next run
    assert "revision 2 and date" in _run("investment").caption[0].value  # a new page load
