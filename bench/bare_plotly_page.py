"""The baseline for bench/page_load.py: a bare Streamlit page that draws one plotly chart of the dashboard's size and has
one control that changes its data. Nothing else: no data loading, no captions, no navigation.

The chart has the size the benchmark measured on the dashboard's Partners chart (`?width=PIXELS&height=PIXELS`; the
full wide-layout width and `CHART_HEIGHT` without them) and as many bar traces and bars (`?traces=N&points=N`; one trace
of five bars without them), so both pages draw the same number of pixels and marks.
"""

import plotly.graph_objects as go
import streamlit as st

from econ_ties.present.charts.style import CHART_HEIGHT

st.set_page_config(layout="wide")  # the dashboard's layout


def asked(name: str, default: int, low: int, high: int) -> int:
    text = st.query_params.get(name, "")
    return int(text) if text.isdigit() and low <= int(text) <= high else default


width: int | str = asked("width", 0, 100, 4000) or "stretch"
height = asked("height", CHART_HEIGHT, 100, 6000)
traces, points = asked("traces", 1, 1, 20), asked("points", 5, 1, 500)
show = st.selectbox("Display", ["Values", "Shares of total"])
scale = 1.0 if show == "Values" else 2.95
fig = go.Figure()
for t in range(traces):
    count = points // traces + (1 if t < points % traces else 0)
    values = [round((9.6 - 0.05 * (t * 40 + i)) * scale, 2) for i in range(count)]
    fig.add_trace(go.Bar(x=values, y=[f"Partner {t}-{i}" for i in range(count)], orientation="h", text=[str(v) for v in values]))
fig.update_layout(height=height, title="Bare chart", showlegend=False)
st.plotly_chart(fig, width=width, key="bare")
