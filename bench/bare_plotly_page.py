"""The baseline for bench/page_load.py: a bare Streamlit page that draws one plotly chart of the dashboard's size and has
one control that changes its data. Nothing else: no data loading, no captions, no navigation.

The chart has the dashboard's height (`CHART_HEIGHT`), one bar trace of five bars like the Partners chart, and the width
the benchmark measured on the dashboard's chart (`?width=PIXELS`; the full wide-layout width without it), so both pages
draw the same number of pixels.
"""

import plotly.graph_objects as go
import streamlit as st

from econ_ties.present.charts.style import CHART_HEIGHT

st.set_page_config(layout="wide")  # the dashboard's layout
asked = st.query_params.get("width", "")
width: int | str = int(asked) if asked.isdigit() and 100 <= int(asked) <= 4000 else "stretch"
show = st.selectbox("Display", ["Values", "Shares of total"])
values = [9.6, 4.6, 3.0, 2.9, 1.78] if show == "Values" else [28.3, 13.6, 8.8, 8.6, 5.3]
fig = go.Figure(go.Bar(x=values, y=["Italy", "Turkey", "Russia A", "Russia B", "China"], orientation="h", text=[str(v) for v in values]))
fig.update_layout(height=CHART_HEIGHT, title="Bare chart")
st.plotly_chart(fig, width=width, key="bare")
