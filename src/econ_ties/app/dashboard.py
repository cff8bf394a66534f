"""The dashboard's Streamlit script: the page list, the navigation and the language. `econ-ties serve` runs this file;
the top-level dashboard.py of a checkout (`streamlit run dashboard.py`) calls `main` here, so both run the same code.

Each run first settles its language (`?lang=`, else the session's choice, else the browser's: `app.data.shown_language`)
and draws everything inside `language.using(...)`: the navigation, the sidebar and the page. Switching the language is a
rerun: the datasets are cached by revision, and only the caches of text are keyed by language.

Streamlit puts this file's folder first on sys.path while it runs; nothing imports this folder's modules by their
bare names, so that is harmless.
"""

import streamlit as st

from econ_ties import language
from econ_ties.app.data import KEPT_LANGUAGE, browser_language, shown_language, shown_published
from econ_ties.app.garbage_collection import freeze_imported_objects
from econ_ties.app.history import history_page, show_revision_choice
from econ_ties.app.pages import follow_page_parameter, view_pages
from econ_ties.app.signin import signin_page
from econ_ties.app.upload import upload_page
from econ_ties.language import _
from econ_ties.model.inert_text import escape_markdown
from econ_ties.present.views.overview import data_currency
from econ_ties.settings import SettingError
from econ_ties.store.errors import StoreError


def _switched() -> None:
    # The switch's callback runs before the rerun: that run reads the new language from the address.
    st.query_params["lang"] = st.session_state[KEPT_LANGUAGE]


def language_switch(lang: str) -> None:
    """The sidebar's language switch, each language in its own name, and the language back into the address so that a
    copied link and a reload keep it (left out only where it says nothing: English for a browser that asks for English)."""
    st.session_state[KEPT_LANGUAGE] = lang  # before the widget is drawn: it shows the language this run resolved
    st.sidebar.selectbox(_("Language"), language.LANGUAGES, format_func=language.NAMES.__getitem__, key=KEPT_LANGUAGE, on_change=_switched)
    if st.query_params.get("lang") != lang and (lang != language.DEFAULT or browser_language() != language.DEFAULT):
        st.query_params["lang"] = lang
    elif "lang" in st.query_params and language.chosen(st.query_params["lang"]) is None:
        del st.query_params["lang"]  # a language we do not have: English is shown, and the address no longer asks otherwise


def main() -> None:
    """One run of the dashboard: Streamlit calls the script again on every interaction."""
    freeze_imported_objects()  # once per process: the collection Streamlit runs after each run then skips the imported modules
    lang = shown_language()
    with language.using(lang):
        st.set_page_config(page_title=_("econ-ties — sourced bilateral economic figures"), layout="wide")
        pages = [*view_pages()]
        pages += [st.Page(upload_page, title=_("Upload"), icon=":material/upload_file:", url_path="upload")]
        pages += [st.Page(history_page, title=_("History"), icon=":material/history:", url_path="history")]
        pages += [st.Page(signin_page, title=_("Analyst sign-in"), icon=":material/login:", url_path="sign-in")]
        page = st.navigation(pages)
        try:
            follow_page_parameter(pages)
            language_switch(lang)
            show_revision_choice()
            dataset, _revision = shown_published()
            st.sidebar.caption(escape_markdown(data_currency(dataset)))  # how current the data on screen is
            page.run()
        except (SettingError, StoreError) as problem:
            # The deployment cannot reach its store (a store folder that cannot be made, a file that is not a store):
            # say so in words on the page, not as a traceback.
            st.error(_("The published data cannot be shown: {problem}").format(problem=escape_markdown(str(problem))))


if __name__ == "__main__":  # Streamlit runs the script as __main__
    main()
