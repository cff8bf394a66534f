"""The frames the views start from, worked out once per dataset (`memo`): the claims with their sources, the trade and
investment claims, a pair's rows, one row per distinct statement, and the periods a selection covers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.model.countries import country_name
from econ_ties.present.views.memo import memoised

TRADE_INDICATORS = ("trade_turnover", "exports", "imports", "trade_balance")
FLOW_INDICATORS = ("trade_turnover", "exports", "imports", "trade_balance", "fdi_flow")
STOCK_INDICATOR = "investment_stock"


def claims_with_sources(dataset: Dataset) -> pd.DataFrame:
    return memoised(dataset, "claims", dataset.with_sources)


def primary_statements(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct statement: the same figure repeated word for word by later articles is kept once, from the
    earliest source (the original attribution). Different figures for the same thing all stay."""
    if rows.empty:
        return rows
    same = ["indicator", "country", "counterpart", "sector", "period", "qualifier", "amount", "reporting_side"]
    ordered = rows.assign(_date=rows["date_published"].replace("", "9999")).sort_values(["_date", "claim_id"], kind="stable")
    return ordered.drop_duplicates(subset=same, keep="first").drop(columns="_date").sort_index()


def periods_latest_first(rows: pd.DataFrame) -> list[str]:
    if rows.empty:
        return []
    ordered = rows.drop_duplicates("period").sort_values(["period_end", "period"], ascending=[False, True], kind="stable")
    return list(ordered["period"])


def period_display(dataset: Dataset) -> Callable[[str], str]:
    def labels() -> dict[str, str]:
        pairs = claims_with_sources(dataset)[["period", "period_label"]].drop_duplicates("period")
        return dict(zip(pairs["period"], pairs["period_label"], strict=True))

    table: dict[str, str] = memoised(dataset, "period-labels", labels)
    return lambda period: table.get(period, period)


def distinct(values: pd.Series) -> list[Any]:
    """The distinct values of a column in order of first appearance (hashed in pandas/Arrow: a million-claim upload
    must not be walked cell by cell in Python)."""
    return list(values.unique())


def codes_sorted(codes: pd.Series) -> list[str]:
    return sorted({str(c) for c in distinct(codes)}, key=country_name)


def trade_claims(dataset: Dataset) -> pd.DataFrame:
    def compute() -> pd.DataFrame:
        claims = claims_with_sources(dataset)
        return claims[claims["roles"] == "reporter/partner"]

    return memoised(dataset, "trade", compute)


def investment_claims(dataset: Dataset) -> pd.DataFrame:
    def compute() -> pd.DataFrame:
        claims = claims_with_sources(dataset)
        return claims[claims["indicator"] == STOCK_INDICATOR]

    return memoised(dataset, "investment", compute)


def pair_rows(rows: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The rows between `a` and `b`, in either direction."""
    return rows[((rows["country"] == a) & (rows["counterpart"] == b)) | ((rows["country"] == b) & (rows["counterpart"] == a))]
