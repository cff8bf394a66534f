"""The baseline for bench/page_load.py: a bare Streamlit page that draws one plotly chart of the dashboard's size
(420 px high, full width) and has one control that changes its data. Nothing else: no data loading, no captions."""

import plotly.graph_objects as go
import streamlit as st

from econ_ties.charts import CHART_HEIGHT

st.set_page_config(layout="wide")  # the dashboard's layout, so the chart has the same width as on the dashboard
show = st.selectbox("Display", ["Values", "Shares of total"])
values = [9.6, 4.6, 3.0, 2.9, 1.78] if show == "Values" else [28.3, 13.6, 8.8, 8.6, 5.3]
fig = go.Figure(go.Bar(x=values, y=["Italy", "Turkey", "Russia A", "Russia B", "China"], orientation="h", text=[str(v) for v in values]))
fig.update_layout(height=CHART_HEIGHT, title="Bare chart")
st.plotly_chart(fig, width="stretch", key="bare")
