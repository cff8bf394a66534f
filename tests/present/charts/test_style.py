"""The house look: the one money formatter on the axes, the Okabe–Ito palette, and a figure that says when there is
nothing to draw."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.present.charts import partners as partner_charts
from econ_ties.present.charts import style


def test_money_ticks_use_the_one_formatter() -> None:
    ticks, labels = style.money_ticks(7.0e9)
    assert ticks[0] == 0 and ticks[-1] >= 7.0e9
    assert "$2.0B" in labels


def test_palette_is_okabe_ito(dataset: Dataset, every_figure: list[tuple[str, go.Figure]]) -> None:
    allowed = {c.upper() for c in style.OKABE_ITO.values()} | {"#333333"}
    for _, fig in every_figure:
        for trace in fig.data:
            colour = getattr(trace.marker, "color", None)
            if isinstance(colour, str):
                assert colour.upper() in allowed


def test_empty_selection_gives_a_figure_that_says_so() -> None:
    fig = partner_charts.partner_comparison_chart(pd.DataFrame(), reporter="AZE", indicator="exports", period_label="1999")
    assert "No exports figures" in fig.layout.meta["notes"][0]
