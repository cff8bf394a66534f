"""The dashboard's Streamlit script: the page list and the navigation. `econ-ties serve` runs this file; the top-level
dashboard.py of a checkout (`streamlit run dashboard.py`) calls `main` here, so both run the same code.

Streamlit puts this file's folder first on sys.path while it runs; nothing imports this folder's modules by their
bare names, so that is harmless.
"""

import streamlit as st

from econ_ties.app.data import shown_published
from econ_ties.app.garbage_collection import freeze_imported_objects
from econ_ties.app.history import history_page, show_revision_choice
from econ_ties.app.pages import follow_page_parameter, view_pages
from econ_ties.app.signin import signin_page
from econ_ties.app.upload import upload_page
from econ_ties.model.inert_text import escape_markdown
from econ_ties.present.views.overview import data_currency
from econ_ties.settings import SettingError
from econ_ties.store.errors import StoreError


def main() -> None:
    """One run of the dashboard: Streamlit calls the script again on every interaction."""
    freeze_imported_objects()  # once per process: the collection Streamlit runs after each run then skips the imported modules
    st.set_page_config(page_title="econ-ties — sourced bilateral economic figures", layout="wide")

    pages = [*view_pages()]
    pages += [st.Page(upload_page, title="Upload", icon=":material/upload_file:", url_path="upload")]
    pages += [st.Page(history_page, title="History", icon=":material/history:", url_path="history")]
    pages += [st.Page(signin_page, title="Analyst sign-in", icon=":material/login:", url_path="sign-in")]
    page = st.navigation(pages)
    try:
        follow_page_parameter(pages)
        show_revision_choice()
        dataset, _ = shown_published()
        st.sidebar.caption(escape_markdown(data_currency(dataset)))  # how current the data on screen is
        page.run()
    except (SettingError, StoreError) as problem:
        # The deployment cannot reach its store (a store folder that cannot be made, a file that is not a store):
        # say so in words on the page, not as a traceback.
        st.error(f"The published data cannot be shown: {escape_markdown(str(problem))}")


if __name__ == "__main__":  # Streamlit runs the script as __main__
    main()
