"""The Data & sources table: filters and search, and the column-wise table equal to the table formatted row by row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import base, frames
from econ_ties.present.views.table import TABLE_COLUMNS, claims_table, filter_claims_table


def test_table_search_and_filters(dataset: Dataset) -> None:
    everything = filter_claims_table(dataset, {})
    assert len(everything) == len(dataset.claims)
    found = filter_claims_table(dataset, {"q": "Bocharnikov"})
    assert {"R5c", "I4"} <= set(found["claim_id"])
    searched = ["claim_id", "figure", "speaker", "publisher", "quote", "quote_en"]
    assert found[searched].astype(str).agg(" ".join, axis=1).str.casefold().str.contains("bocharnikov").all()
    oil = filter_claims_table(dataset, {"sector": "oil", "partner": "RUS"})
    assert set(oil["sector"]) == {"oil"} and len(oil) > 0
    assert filter_claims_table(dataset, {"q": "(unbalanced[regex"}).empty
    flags = claims_table(dataset).set_index("claim_id")["flags"]
    assert "conflict" in flags["R5c"] and "bound" in flags["S4-az-ru"] and "uncertain" in flags["R3"]


def _table_row_by_row(dataset: Dataset) -> pd.DataFrame:
    """The reference: the claims table formatted one row at a time (how `claims_table` worked before it went
    column-wise; a million claims took minutes)."""
    from econ_ties.model.countries import country_name
    from econ_ties.model.formatting import format_claim
    from econ_ties.present.charts import provenance

    claims = frames.claims_with_sources(dataset)
    conflicted = set(dataset.conflicts()["claim_id"])
    frame = pd.DataFrame(
        {
            "claim_id": claims["claim_id"],
            "figure": [format_claim(r) for r in claims.to_dict("records")],
            "indicator_label": claims["indicator"].map(base.indicator_label),
            "between": [provenance.direction_label(a, b) for a, b in zip(claims["country"], claims["counterpart"], strict=True)],
            "sector_label": claims["sector"].map(base.sector_label),
            "period_label": claims["period_label"],
            "qualifier": claims["qualifier"].map(lambda q: provenance.QUALIFIER_TEXT.get(q, q)),
            "side": claims["reporting_side"].map(country_name),
            "speaker": [
                " ".join(p for p in (provenance.cell_text(r), provenance.cell_text(s)) if p)
                for r, s in zip(claims["speaker_role"], claims["speaker"], strict=True)
            ],
            "publisher": claims["publisher"],
            "date_published": claims["date_published"],
            "url": claims["url"],
            "quote": claims["quote"],
            "quote_en": claims["quote_en"],
            "flags": [
                ", ".join(f for f, on in (("uncertain", u), ("conflict", c in conflicted), ("bound", q in ("at_least", "at_most"))) if on)
                for u, c, q in zip(claims["uncertain"], claims["claim_id"], claims["qualifier"], strict=True)
            ],
        }
    )
    frame["_search"] = (
        frame[["claim_id", "figure", "indicator_label", "between", "period_label", "speaker", "publisher", "quote", "quote_en"]]
        .astype(str)
        .agg(" ".join, axis=1)
        .str.casefold()
    )
    return frame


def test_the_table_column_by_column_is_the_table_row_by_row(dataset: Dataset) -> None:

    # The curated claims many times over with figures moved: far more rows than distinct inputs, as in a large revision.
    rng = np.random.default_rng(11)
    claims = pd.concat([dataset.claims] * 30, ignore_index=True)
    claims["claim_id"] = [f"t{i}" for i in range(len(claims))]
    scale = rng.choice([1.0, 1.5, 10.0], size=len(claims))
    for column in ("value", "amount", "lower", "upper", "exact_amount"):
        claims[column] = claims[column] * scale
    big = Dataset(claims, dict(dataset.sources), list(dataset.events))
    for data in (dataset, big):
        expected = _table_row_by_row(data)
        table = claims_table(data)
        for column in TABLE_COLUMNS:
            assert table[column].astype(str).tolist() == expected[column].astype(str).tolist(), column
        for query in ("bocharnikov", "$6.3b", "russia → azerbaijan", "t17 "):
            found = filter_claims_table(data, {"q": query})["claim_id"].tolist()
            assert found == expected.loc[expected["_search"].str.contains(query.strip(), regex=False), "claim_id"].tolist(), query
