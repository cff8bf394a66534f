"""Rules that hold across rows of the claims, and the conflicts between claims that are data, not errors.

Parts add up to their total within the rounding of the stated digits (5.0 + 1.3 = 6.3 passes, 5.0 + 1.0 = 6.3 fails);
"the majority non-oil" agrees with any stated parts; turnover = exports + imports when all three are stated by the same
source for the same period and side; every claim's source exists; no claim is stated twice. Bounds take part as
intervals: "over $1.2B" is [1.2B, ∞), never 1.2B.

Conflicts — two claims about the same thing that disagree — are not errors: `find_conflicts` lists them so the views
can show them side by side with their gap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from econ_ties.formatting import format_amount, format_claim
from econ_ties.problems import Problem

FILE = "figures.csv"
PART_SECTORS = ("oil", "non_oil")
SECTOR_WORDS = {"total": "total", "oil": "oil", "non_oil": "non-oil"}
STATEMENT_KEY = ["source_id", "indicator", "country", "counterpart", "period", "reporting_side"]
SUBJECT_KEY = ["indicator", "country", "counterpart", "sector", "period"]


def rounding(frame: pd.DataFrame) -> pd.Series:
    """Half a unit in the last stated digit, in currency units: 6.3 billion → ±0.05 billion."""
    return 0.5 * (10.0 ** -frame["decimals"].astype(float)) * frame["multiplier"]


def _interval(rows: pd.DataFrame) -> tuple[float, float, float]:
    """Sum of the rows as [low, high] plus the summed rounding. Unknown lower ends count as 0, upper as ∞."""
    low = float(rows["lower"].fillna(0.0).sum())
    high = math.inf if rows["upper"].isna().any() else float(rows["upper"].sum())
    return low, high, float(rounding(rows).sum())


def _money(row: pd.Series) -> str:
    return format_claim(row)


def duplicate_problems(frame: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    first_line = frame.groupby("claim_id", sort=False)["row"].transform("first")
    for _, row in frame[frame["claim_id"].duplicated(keep="first")].iterrows():
        problems.append(
            Problem(
                "duplicate-row",
                f"the claim id '{row['claim_id']}' is already used on line {first_line[row.name]}",
                FILE,
                int(row["row"]),
                "claim_id",
                row["claim_id"],
            )
        )
    same = [*SUBJECT_KEY, "source_id", "reporting_side", "qualifier", "value"]
    repeated = frame[frame.duplicated(subset=same, keep="first") & ~frame["claim_id"].duplicated(keep="first")]
    if len(repeated):
        firsts = frame.drop_duplicates(subset=same, keep="first").set_index(same)["row"]
        for _, row in repeated.iterrows():
            first = firsts.get(tuple(row[c] for c in same))
            problems.append(
                Problem(
                    "duplicate-row",
                    f"this row states the same claim as line {first} (same figure, period, side and source)",
                    FILE,
                    int(row["row"]),
                    "claim_id",
                    row["claim_id"],
                )
            )
    return problems


def unknown_source_problems(frame: pd.DataFrame, source_ids: Iterable[str]) -> list[Problem]:
    known = set(source_ids)
    missing = frame[~frame["source_id"].isin(known)]
    return [
        Problem("unknown-source", f"no source with id '{row['source_id']}' in sources.csv", FILE, int(row["row"]), "source_id", row["source_id"])
        for _, row in missing.iterrows()
    ]


def _statement_groups(frame: pd.DataFrame, mask: pd.Series) -> Iterable[pd.DataFrame]:
    subset = frame[mask]
    if subset.empty:
        return []
    return (group for _, group in subset.groupby(STATEMENT_KEY, sort=False) if len(group) > 1)


def parts_problems(frame: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    mask = frame["sector"].isin(("total", *PART_SECTORS)) & frame["amount"].notna()
    for group in _statement_groups(frame, mask):
        totals = group[group["sector"] == "total"]
        parts = group[group["sector"].isin(PART_SECTORS)].drop_duplicates("sector")
        if totals.empty or parts.empty:
            continue
        p_low, p_high, p_tol = _interval(parts)
        for _, total in totals.iterrows():
            t_low, t_high, t_tol = _interval(total.to_frame().T)
            tol = p_tol + t_tol
            both = len(parts) == len(PART_SECTORS)
            too_big = p_low - tol > t_high
            too_small = both and p_high + tol < t_low
            if too_big or too_small:
                listed = " + ".join(f"{SECTOR_WORDS[r['sector']]} {_money(r)}" for _, r in parts.iterrows())
                lines = ", ".join(str(int(r)) for r in parts["row"])
                verb = "add up to more than" if too_big else "add up to less than"
                problems.append(
                    Problem(
                        "parts-mismatch",
                        f"the parts on line(s) {lines} ({listed}) {verb} the total {_money(total)} "
                        f"(rounding allows ±{format_amount(tol, total['currency'], 'exact', 3)})",
                        FILE, int(total["row"]), "value", str(total["value"]),
                    )
                )  # fmt: skip
    return problems


def majority_problems(frame: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    majority = frame[frame["qualifier"] == "majority"]
    if majority.empty:
        return problems
    keyed = frame.set_index(STATEMENT_KEY)
    for _, claim in majority.iterrows():
        key = tuple(claim[c] for c in STATEMENT_KEY)
        try:
            group = keyed.loc[[key]].reset_index()
        except KeyError:
            continue
        numbers = group[group["amount"].notna()]
        total = numbers[numbers["sector"] == "total"]
        own = numbers[numbers["sector"] == claim["sector"]]
        other_sector = next(s for s in PART_SECTORS if s != claim["sector"])
        other = numbers[numbers["sector"] == other_sector]
        reason = None
        if not own.empty and not total.empty:
            o_low, o_high, o_tol = _interval(own.head(1))
            t_low, _, t_tol = _interval(total.head(1))
            if o_high + o_tol + t_tol <= t_low / 2:
                reason = f"{SECTOR_WORDS[claim['sector']]} {_money(own.iloc[0])} is not more than half of the total {_money(total.iloc[0])}"
        if reason is None and not other.empty and not total.empty:
            o_low, _, o_tol = _interval(other.head(1))
            _, t_high, t_tol = _interval(total.head(1))
            if o_low - o_tol - t_tol >= t_high / 2:
                reason = f"{SECTOR_WORDS[other_sector]} {_money(other.iloc[0])} is at least half of the total {_money(total.iloc[0])}"
        if reason is None and not own.empty and not other.empty:
            _, own_high, own_tol = _interval(own.head(1))
            other_low, _, other_tol = _interval(other.head(1))
            if own_high + own_tol + other_tol <= other_low:
                reason = f"{SECTOR_WORDS[claim['sector']]} {_money(own.iloc[0])} is not more than {SECTOR_WORDS[other_sector]} {_money(other.iloc[0])}"
        if reason:
            problems.append(
                Problem(
                    "majority-mismatch",
                    f"this row says the majority is {SECTOR_WORDS[claim['sector']]}, but {reason}",
                    FILE,
                    int(claim["row"]),
                    "qualifier",
                    "majority",
                )
            )
    return problems


def turnover_problems(frame: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    trade = ("trade_turnover", "exports", "imports")
    mask = frame["indicator"].isin(trade) & frame["amount"].notna()
    subset = frame[mask]
    if subset.empty:
        return problems
    key = ["source_id", "country", "counterpart", "sector", "period", "reporting_side"]
    for _, group in subset.groupby(key, sort=False):
        if set(group["indicator"]) != set(trade):
            continue
        turnover = group[group["indicator"] == "trade_turnover"].iloc[0]
        parts = group[group["indicator"] != "trade_turnover"].drop_duplicates("indicator")
        p_low, p_high, p_tol = _interval(parts)
        t_low, t_high, t_tol = _interval(turnover.to_frame().T)
        tol = p_tol + t_tol
        if p_low - tol > t_high or p_high + tol < t_low:
            listed = " + ".join(f"{r['indicator']} {_money(r)}" for _, r in parts.iterrows())
            problems.append(
                Problem(
                    "turnover-mismatch",
                    f"{listed} does not match turnover {_money(turnover)} (rounding allows ±{format_amount(tol, turnover['currency'], 'exact', 3)})",
                    FILE, int(turnover["row"]), "value", str(turnover["value"]),
                )
            )  # fmt: skip
    return problems


def check_claims(frame: pd.DataFrame, source_ids: Iterable[str]) -> list[Problem]:
    """Every cross-row rule over valid claims, all problems together."""
    return [
        *duplicate_problems(frame),
        *unknown_source_problems(frame, source_ids),
        *parts_problems(frame),
        *majority_problems(frame),
        *turnover_problems(frame),
    ]


def find_conflicts(frame: pd.DataFrame) -> pd.DataFrame:
    """Claims about the same indicator, pair, sector and period that disagree — from different sides or sources.

    Returns one row per claim in a conflict with a `conflict` key, and `gap_pct`: how far the group's largest stated
    figure is above its smallest, in percent of the smallest. Nothing is averaged.
    """
    stated = frame[frame["amount"].notna()]
    columns = [*frame.columns, "conflict", "gap_pct"]
    if stated.empty:
        return pd.DataFrame(columns=columns)
    groups = []
    for key, group in stated.groupby(SUBJECT_KEY, sort=False):
        if len(group) < 2 or group["amount"].nunique() < 2:
            continue
        low, high = group["amount"].min(), group["amount"].max()
        conflict = "|".join(str(k) for k in key)
        groups.append(group.assign(conflict=conflict, gap_pct=np.nan if low == 0 else (high - low) / low * 100))
    if not groups:
        return pd.DataFrame(columns=columns)
    return pd.concat(groups, ignore_index=True)
