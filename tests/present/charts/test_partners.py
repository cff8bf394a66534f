"""The partners chart at scale: a download naming 40 partners draws the 15 largest and one "all others" bar, with its
values to 3 significant figures, while the table and the CSV keep every partner and the exact figures."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pycountry
import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.model.columns import SOURCE_COLUMNS
from econ_ties.present.charts.partners import ALL_OTHERS, PARTNERS_DRAWN, partner_comparison_chart
from econ_ties.present.views import VIEWS
from econ_ties.present.views.table import filter_claims_table, table_for_download

DATA = Path(__file__).resolve().parents[3] / "data"
PARTNERS = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in ("AZE", "RUS")][:40]
PARAMS = {"reporter": "AZE", "indicator": "exports", "period": "2016", "show": "value"}


def _value(i: int) -> int:
    """Partner i's exports in dollars, as a publisher states them: 10 digits for the largest, none of them round."""
    return 1_332_158_767 - i * 31_234_567


@pytest.fixture(scope="module")
def forty_partners(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("forty")
    for name in ("figures.csv", "sources.csv", "events.csv", "headlines.csv"):
        shutil.copy(DATA / name, folder / name)
    with (folder / "sources.csv").open("a", newline="", encoding="utf-8") as f:
        source = ["upload-comtrade-forty", "UN Comtrade", "UN Comtrade download: forty.csv", "https://comtradeplus.un.org/", "2017-03-01", "", "", "", "en", ""]
        # no translations: its title reads in English everywhere
        csv.writer(f).writerow([*source, *[""] * (len(SOURCE_COLUMNS) - len(source))])
    with (folder / "figures.csv").open("a", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for i, partner in enumerate(PARTNERS):
            writer.writerow([f"forty-{partner}", "exports", "AZE", partner, "reporter/partner", "total", "2016", "flow", str(_value(i)), "USD", "unit",
                             "exact", "AZE", "upload-comtrade-forty", f"forty.csv line {i + 2}: primaryValue = {_value(i)}", "", "false", ""])  # fmt: skip
    dataset, report = load_dataset(folder)
    assert not report.errors, report.errors[:3]
    return dataset


def test_forty_partners_draw_the_largest_fifteen_and_all_others(forty_partners: Dataset) -> None:
    (fig,) = VIEWS["partners"].figures(forty_partners, PARAMS)
    bars = fig.data[0]
    assert len(bars.y) == PARTNERS_DRAWN + 1
    assert bars.y[0] == ALL_OTHERS  # at the bottom
    drawn = {f"forty-{p}" for p in PARTNERS[:PARTNERS_DRAWN]}
    assert set(bars.customdata[1:]) == drawn and bars.customdata[0] == ""
    others = sum(_value(i) for i in range(PARTNERS_DRAWN, 40))
    assert bars.x[0] == pytest.approx(others)
    assert "25 partners" in bars.hovertext[0]
    assert f"${others / 1e9:,.9f}B" in bars.hovertext[0]  # the exact sum in the hover
    assert bars.text[0] == f"${others / 1e9:.1f}B"  # 3 significant figures on the bar
    # Every claim is still named by the figure, and listed in the table and the CSV.
    assert set(fig.layout.meta["claim_ids"]) == {f"forty-{p}" for p in PARTNERS}
    table = filter_claims_table(forty_partners, {"q": "forty.csv"})
    assert len(table) == 40
    assert "$1.332158767B" in set(table_for_download(table).astype(str).to_numpy().ravel())


def test_values_on_the_bars_have_three_significant_figures_and_the_hover_is_exact(forty_partners: Dataset) -> None:
    (fig,) = VIEWS["partners"].figures(forty_partners, PARAMS)
    bars = fig.data[0]
    largest = list(bars.customdata).index(f"forty-{PARTNERS[0]}")
    assert bars.text[largest] == "$1.33B"
    assert "$1.332158767B" in bars.hovertext[largest]


def test_share_of_the_total_keeps_all_others(forty_partners: Dataset) -> None:
    rows = forty_partners.with_sources()
    rows = rows[rows["claim_id"].str.startswith("forty-")]
    total = rows.iloc[0].copy()
    total["claim_id"], total["value"], total["amount"] = "forty-total", 40e9, 40e9
    fig = partner_comparison_chart(rows, reporter="AZE", indicator="exports", period_label="2016", show="share", total=total)
    bars = fig.data[0]
    assert len(bars.x) == PARTNERS_DRAWN + 1 and bars.y[0] == ALL_OTHERS
    others = sum(_value(i) for i in range(PARTNERS_DRAWN, 40))
    assert bars.x[0] == pytest.approx(others / 40e9 * 100)
    assert bars.text[0] == f"{others / 40e9 * 100:.1f}% (${others / 1e9:.1f}B)"


def test_figures_stated_by_a_source_are_drawn_as_stated(dataset: Dataset) -> None:
    # The curated 2021 comparison: sources' figures keep their stated digits on the bars.
    (fig,) = VIEWS["partners"].figures(dataset, {"reporter": "AZE", "indicator": "trade_turnover", "period": "2021", "show": "value"})
    texts = dict(zip(fig.data[0].customdata, fig.data[0].text, strict=True))
    claims = dataset.claims.set_index("claim_id")
    for claim_id, text in texts.items():
        stated = str(claims.loc[claim_id, "value"])
        # the stated digits, whatever the unit shown ("763695" thousand is drawn "$763.695M")
        digits = "".join(c for c in stated.rstrip("0").rstrip(".") if c.isdigit()).lstrip("0")
        assert digits in "".join(c for c in text if c.isdigit()), (claim_id, stated, text)
    assert len(fig.data[0].y) < PARTNERS_DRAWN  # a short list is drawn whole, with no "all others" bar
    assert ALL_OTHERS not in fig.data[0].y


def test_one_speaker_stating_two_figures_for_a_partner_gets_two_rows(forty_partners: Dataset) -> None:
    """Two figures for one partner by the same speaker drew both bars on one row, their labels over each other."""
    rows = forty_partners.with_sources()
    rows = rows[rows["claim_id"].str.startswith("forty-")].head(3)
    again = rows.iloc[[0]].copy()
    again["claim_id"], again["amount"] = "forty-again", float(rows.iloc[0]["amount"]) * 1.05
    fig = partner_comparison_chart(pd.concat([rows, again], ignore_index=True), reporter="AZE", indicator="exports", period_label="2016")
    bars = fig.data[0]
    assert len(set(bars.y)) == len(bars.y) == 4, list(bars.y)


def test_long_bars_hold_their_label_and_short_ones_have_it_beside(forty_partners: Dataset) -> None:
    rows = forty_partners.with_sources()
    rows = rows[rows["claim_id"].str.startswith("forty-")].head(5)
    bars = partner_comparison_chart(rows, reporter="AZE", indicator="exports", period_label="2016").data[0]
    longest = max(bars.x)
    assert [p for p, x in zip(bars.textposition, bars.x, strict=True) if x == longest] == ["inside"]
    assert all(p == "outside" for p, x in zip(bars.textposition, bars.x, strict=True) if x < 0.45 * longest)
