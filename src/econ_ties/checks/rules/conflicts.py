"""Conflicts: two claims about the same thing that disagree. Data, not errors: listed so the views show them side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ties.checks.rules.keys import SUBJECT_KEY


def find_conflicts(frame: pd.DataFrame) -> pd.DataFrame:
    """Claims about the same indicator, pair, sector and period that disagree — from different sides or sources.

    Returns one row per claim in a conflict with a `conflict` key, and `gap_pct`: how far the group's largest stated
    figure is above its smallest, in percent of the smallest. Nothing is averaged. Groups come in the order they first
    appear, each group's claims in their own order. Column-wise (group sizes, distinct counts, minimum and maximum per
    group), so a million claims cost a few group-bys, not a loop over hundreds of thousands of groups.
    """
    columns = [*frame.columns, "conflict", "gap_pct"]
    stated_rows = np.flatnonzero(frame["amount"].notna().to_numpy())
    if len(stated_rows) == 0:
        return pd.DataFrame(columns=columns)
    # Grouped on the five key columns and the amount only; the wide frame is taken from once, at the end.
    narrow = frame[[*SUBJECT_KEY, "amount"]]
    stated = narrow if len(stated_rows) == len(frame) else narrow.iloc[stated_rows]
    groups = stated.groupby(SUBJECT_KEY, sort=False, observed=True)
    amount = groups["amount"]
    in_conflict = ((amount.transform("size") >= 2) & (amount.transform("nunique") >= 2)).to_numpy()
    if not in_conflict.any():
        return pd.DataFrame(columns=columns)
    order = np.argsort(groups.ngroup().to_numpy()[in_conflict], kind="stable")  # group by group, rows in their order
    low = amount.transform("min").to_numpy(dtype=float)[in_conflict][order]
    high = amount.transform("max").to_numpy(dtype=float)[in_conflict][order]
    out = frame.iloc[stated_rows[in_conflict][order]].reset_index(drop=True)
    key = out[SUBJECT_KEY[0]].astype(str)
    for column in SUBJECT_KEY[1:]:
        key = key + "|" + out[column].astype(str)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(low == 0, np.nan, (high - low) / low * 100)
    return out.assign(conflict=key, gap_pct=gap)
