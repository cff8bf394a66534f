"""Every page of the dashboard drawn with AppTest in a language, in the state that shows the most of its text: each
view with its controls (and a chart's claim box open), the Data page, an upload with its report and its preview, the
History page with revisions and a publish that left rows out, the sign-in page and a chart's snapshot panel.

`draw(page, lang)` returns the AppTest after its run; the language tests (test_every_page_languages.py) read its text
with `translation_check`. The History and Upload pages need the `published_in_part` store (tests/app/test_history_page.py).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from econ_ties.app.components import POINT_LIST_LABEL
from econ_ties.language import _, using

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
VIEW_PAGES = ("overview", "partners", "investment", "over-time", "timeline", "data")
#: "upload" is the page with a file checked (its report and preview); "upload-page" the page before a file is chosen
#: (its introduction, the template and the data-format page).
PAGES = (*VIEW_PAGES, "upload", "upload-page", "history", "sign-in", "snapshot-panel")
#: the pages drawn from a store with a publish that left a row out (the `published_in_part` fixture)
NEED_PUBLISHED_IN_PART = ("upload", "history")


def _view_page(name: str, lang: str) -> None:
    from econ_ties.app.pages import PAGE_FUNCTIONS
    from econ_ties.language import using

    with using(lang):  # what dashboard.main does around the page
        PAGE_FUNCTIONS[name]()


def other_page_script(page: str, lang: str) -> None:
    from econ_ties.app.history import history_page
    from econ_ties.app.signin import signin_page
    from econ_ties.app.upload import upload_page
    from econ_ties.language import using

    with using(lang):
        {"history": history_page, "sign-in": signin_page, "upload-page": upload_page}[page]()


def snapshot_panel_script(lang: str) -> None:
    from econ_ties.app import snapshot_panel
    from econ_ties.app.data import published_dataset
    from econ_ties.language import using
    from econ_ties.present.views import VIEWS

    with using(lang):
        view = VIEWS["investment"]
        dataset = published_dataset()
        params, _notices = view.resolve(dataset, {})
        snapshot_panel.render(view.figures(dataset, params)[0], view=view.name, params=params, key="chart-0")


def _upload(data: bytes, lang: str) -> None:
    from econ_ties.app.upload import show_upload
    from econ_ties.language import using

    with using(lang):
        show_upload(data, "mixed.csv")


def mixed_upload() -> bytes:
    """A file of two claims: one changes a published figure (the preview shows it), one has a word for its value."""
    from tests.app.test_history_page import HEADER, _row

    return "\n".join([HEADER, _row("S3").replace(",2.9,", ",3.0,"), _row("S1").replace(",1.2,", ",twelve,"), ""]).encode()


def draw(page: str, lang: str) -> AppTest:
    """The page drawn in `lang`, with what it folds or hides behind a click opened."""
    if page == "overview":
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
        at.query_params["lang"] = lang
        return at.run()  # the whole dashboard: its navigation and sidebar too
    if page in VIEW_PAGES:
        at = AppTest.from_function(_view_page, args=(page, lang), default_timeout=TIMEOUT)
        at.query_params["lang"] = lang  # the chart fragment settles its language from the address
    elif page == "snapshot-panel":
        at = AppTest.from_function(snapshot_panel_script, args=(lang,), default_timeout=TIMEOUT)
        at.session_state["chart-0-snapshot"] = True  # open, as a click on its label does
    elif page == "upload":
        at = AppTest.from_function(_upload, args=(mixed_upload(), lang), default_timeout=TIMEOUT)
    else:
        at = AppTest.from_function(other_page_script, args=(page, lang), default_timeout=TIMEOUT)
    # AppTest formats the widgets' options again in the test's thread when it reruns: in the page's language.
    with using(lang):
        at.run()
        points = [box for box in at.selectbox if box.label == _(POINT_LIST_LABEL)]
        if points and not at.exception:  # open the claim box under the first chart by the keyboard's list of its points
            at = points[0].select_index(0).run()
    return at
