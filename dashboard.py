"""econ-ties dashboard: `streamlit run dashboard.py`. The pages live in `econ_ties.app`; this file only lists them."""

import streamlit as st

from econ_ties.app.pages import view_pages

st.set_page_config(page_title="econ-ties — sourced bilateral economic figures", layout="wide")

pages = [*view_pages()]
st.navigation(pages).run()
