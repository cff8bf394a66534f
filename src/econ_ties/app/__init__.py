"""The Streamlit skin of econ-ties: thin pages over `econ_ties.present.views` and `econ_ties.present.charts`.

`data` holds the one cached loader of the published dataset and the cached figures; `components` draws a chart with its
source line, notes and text alternative, and keeps a view's parameters in the URL query string; `pages` has one page
function per view, which `dashboard.py` hands to `st.navigation`. Everything that decides what to show lives in the core.
"""
