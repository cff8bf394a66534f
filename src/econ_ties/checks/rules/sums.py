"""Parts summed against their total, with bounds as intervals and the rounding of the stated digits.

"Over $1.2B" is the interval [1.2B, ∞), never 1.2B; 6.3 billion stated with one decimal stands for 6.3 ± 0.05
billion. `interval` sums a few rows that way and `interval_sums` every group at once; `with_their_parts` gathers the
few records a mismatch message names. Shared by the parts, majority and turnover rules.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def rounding(frame: pd.DataFrame) -> np.ndarray:
    """Half a unit in the last stated digit, in currency units: 6.3 billion → ±0.05 billion (one power of ten per
    distinct number of decimals, not one per row)."""
    decimals = frame["decimals"].to_numpy(dtype=np.int64)
    halves = 0.5 * 10.0 ** -np.arange(int(decimals.max()) + 1 if len(decimals) else 1, dtype=float)
    return halves[decimals] * frame["multiplier"].to_numpy(dtype=float)


def interval(rows: pd.DataFrame) -> tuple[float, float, float]:
    """Sum of the rows as [low, high] plus the summed rounding. Unknown lower ends count as 0, upper as ∞."""
    low = float(rows["lower"].fillna(0.0).sum())
    high = math.inf if rows["upper"].isna().any() else float(rows["upper"].sum())
    return low, high, float(rounding(rows).sum())


_MESSAGE_COLUMNS = ["indicator", "sector", "row", "value", "currency", "qualifier", "measure", "amount", "decimals", "multiplier"]


def records(frame: pd.DataFrame, rows: np.ndarray) -> list[dict]:
    """The few rows a message needs, as dicts, taken column by column in one go (row-wise access to a large frame is slow)."""
    return pd.DataFrame({c: frame[c].take(rows).to_numpy() for c in _MESSAGE_COLUMNS}).to_dict("records")


def with_their_parts(frame: pd.DataFrame, rows: np.ndarray, groups: np.ndarray, part_rows: np.ndarray, group: np.ndarray) -> list[tuple[dict, list[dict]]]:
    """For each failing row (a total, a turnover) in its group: its record and the records of the group's parts, in
    the order of their rows. One take for every row the messages need, then small lists."""
    needed_parts = part_rows[np.isin(group[part_rows], groups)]
    picked = records(frame, np.concatenate([rows, needed_parts]))
    parts_by_group: dict[int, list[dict]] = {}
    for g, record in zip(group[needed_parts].tolist(), picked[len(rows) :], strict=True):
        parts_by_group.setdefault(g, []).append(record)
    return [(record, parts_by_group[g]) for record, g in zip(picked[: len(rows)], groups.tolist(), strict=True)]


def interval_sums(frame: pd.DataFrame, rows: np.ndarray, group: np.ndarray, size: int, tolerance: np.ndarray) -> dict[str, np.ndarray]:
    """`interval` for every group at once: low, high (∞ when an upper end is unknown), summed rounding and count.
    `tolerance` is every row's rounding (`rounding(frame)`, which `KeyCodes.rounding` keeps)."""
    lower = frame["lower"].to_numpy(dtype=float)[rows]
    upper = frame["upper"].to_numpy(dtype=float)[rows]
    tol = tolerance[rows]
    open_end = np.isnan(upper)
    high = np.bincount(group, weights=np.where(open_end, 0.0, upper), minlength=size)
    high[np.bincount(group, weights=open_end, minlength=size) > 0] = math.inf
    return {
        "low": np.bincount(group, weights=np.nan_to_num(lower, nan=0.0), minlength=size),
        "high": high,
        "tol": np.bincount(group, weights=tol, minlength=size),
        "count": np.bincount(group, minlength=size),
    }
