"""Charts on a phone in Azerbaijani and Russian, whose labels are longer than English ones: the names of the Over time
statement rows, the labels of their bars, the investment chart's "majority" words and the timeline's numbers keep to
the room a 390 px screen leaves them."""

from __future__ import annotations

import pandas as pd
import pytest

from econ_ties.checks.dataset import Dataset
from econ_ties.language import using
from econ_ties.present.charts import investment as investment_charts
from econ_ties.present.charts import style
from econ_ties.present.charts.partners import NAME_PX
from econ_ties.present.charts.style import money_ticks
from econ_ties.present.charts.timeline import narrowest_plot_px, numbered_levels
from econ_ties.present.views import VIEWS
from econ_ties.present.views.investment import investment_rows

LANGUAGES = ["en", "az", "ru"]


def _fits(lines: str, width_px: float) -> bool:
    return all(len(line) * 13 * style.GLYPH <= width_px for line in lines.split("<br>"))


def _positions(trace: object) -> list[str]:
    at = trace.textposition  # type: ignore[attr-defined]
    return list(at) if isinstance(at, list | tuple) else [at] * len(trace.x)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statement_rows_are_named_in_lines_that_leave_the_plot_its_width(dataset: Dataset, lang: str) -> None:
    with using(lang):
        figures = VIEWS["over-time"].figures(dataset, {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"})
    for fig in (figures[3], figures[4]):  # part-year figures and stated growth
        axis = fig.layout.yaxis
        assert list(axis.tickvals) == list(axis.categoryarray)
        # "yan–avq 2014 · Azərbaycan" took most of a phone: the period on one line, the side on the next.
        assert all(_fits(name, NAME_PX) and "<br>" in name for name in axis.ticktext), list(axis.ticktext)
        assert [name.replace("<br>", " ") for name in axis.ticktext] == list(axis.tickvals)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_longest_statement_bars_hold_their_labels(dataset: Dataset, lang: str) -> None:
    with using(lang):
        figures = VIEWS["over-time"].figures(dataset, {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"})
    for fig in (figures[3], figures[4]):
        bars = [(abs(float(x)), where) for t in fig.data if t.type == "bar" for x, where in zip(t.x, _positions(t), strict=True)]
        longest = max(x for x, _ in bars)
        # Beside the longest bar, "təxminən 2,27 mlrd US$" ran 42 px out of a phone's chart: inside it, it cannot.
        assert {where for x, where in bars if x == longest} == {"inside"}
        assert {where for x, where in bars if x < 0.3 * longest} <= {"outside"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_majority_words_are_written_in_lines_a_phone_holds(dataset: Dataset, lang: str) -> None:
    rows = investment_rows(dataset, "AZE", "RUS", "as of 2022-02")
    with using(lang):
        fig = investment_charts.investment_sector_chart(rows, home="AZE", partner="RUS", period_label="Feb 2022")
    texts = [str(text) for t in fig.data if t.type == "bar" for text, where in zip(t.text, _positions(t), strict=True) if where == "outside"]
    # The figure's line, then the words: "большинство — ненефтяной" on one line ran out of the chart in Russian.
    words = [text.split("<br>", 1)[1] for text in texts if "<br>" in text]
    assert words and all(_fits(lines, NAME_PX) for lines in words), texts


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_timeline_numbers_keep_apart_on_the_plot_their_tick_labels_leave(lang: str) -> None:
    with using("en"):
        english = narrowest_plot_px(money_ticks(3.3e9)[1])
    with using(lang):
        ticks = money_ticks(3.3e9)[1]
    plot_px = narrowest_plot_px(ticks)
    # "3,0 mlrd US$" is 7 characters wider than "$3.0B": the plot beside it is narrower.
    assert plot_px < english
    # Events a few weeks apart over 20 years: numbers placed for this plot never touch on it ("19" and "6" did).
    start, end = pd.Timestamp("2005-01-01"), pd.Timestamp("2024-12-31")
    dates = [start + pd.Timedelta(days=int(d)) for d in range(0, 7300, 120)]
    px_per_day = plot_px / (end - start).days
    last_end: dict[int, float] = {}
    for index, (date, (level, written)) in enumerate(zip(dates, numbered_levels(dates, start, end, plot_px), strict=True)):
        if written:
            centre, half = (date - start).days * px_per_day, len(str(index + 1)) * 13 * style.GLYPH / 2
            assert last_end.get(level, float("-inf")) < centre - half, (index + 1, level)
            last_end[level] = centre + half
    assert len(last_end) > 1
