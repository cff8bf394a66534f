"""Rule: "the majority non-oil" agrees with any parts and total stated beside it.

A 'majority' claim gives no number; it fails when the same statement's figures show its sector is not more than half
of the total, or the other sector is at least half, or its sector is not more than the other.
"""

from __future__ import annotations

import pandas as pd

from econ_ties.checks.rows import FIGURES
from econ_ties.checks.rules.keys import STATEMENT_KEY
from econ_ties.checks.rules.parts import PART_SECTORS, SECTOR_WORDS
from econ_ties.checks.rules.sums import interval
from econ_ties.language import N_
from econ_ties.model.formatting import format_claim
from econ_ties.model.problems import Problem, said


def majority_problems(frame: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    majority = frame[frame["qualifier"] == "majority"]
    if majority.empty:
        return problems
    # Only the statements that contain a 'majority' claim are looked at (a semi-join instead of a lookup per claim).
    keys = majority[STATEMENT_KEY].drop_duplicates()
    related = frame.merge(keys, on=STATEMENT_KEY, how="inner")
    groups = {key: group for key, group in related.groupby(STATEMENT_KEY, sort=False)}
    for _, claim in majority.iterrows():
        group = groups.get(tuple(claim[c] for c in STATEMENT_KEY))
        if group is None:
            continue
        numbers = group[group["amount"].notna()]
        total = numbers[numbers["sector"] == "total"]
        own = numbers[numbers["sector"] == claim["sector"]]
        other_sector = next(s for s in PART_SECTORS if s != claim["sector"])
        other = numbers[numbers["sector"] == other_sector]
        reason = None
        if not own.empty and not total.empty:
            o_low, o_high, o_tol = interval(own.head(1))
            t_low, _, t_tol = interval(total.head(1))
            if o_high + o_tol + t_tol <= t_low / 2:
                reason = said(
                    N_("{sector} {amount} is not more than half of the total {total}"),
                    sector=SECTOR_WORDS[claim["sector"]],
                    amount=format_claim(own.iloc[0]),
                    total=format_claim(total.iloc[0]),
                )
        if reason is None and not other.empty and not total.empty:
            o_low, _, o_tol = interval(other.head(1))
            _, t_high, t_tol = interval(total.head(1))
            if o_low - o_tol - t_tol >= t_high / 2:
                reason = said(
                    N_("{sector} {amount} is at least half of the total {total}"),
                    sector=SECTOR_WORDS[other_sector],
                    amount=format_claim(other.iloc[0]),
                    total=format_claim(total.iloc[0]),
                )
        if reason is None and not own.empty and not other.empty:
            _, own_high, own_tol = interval(own.head(1))
            other_low, _, other_tol = interval(other.head(1))
            if own_high + own_tol + other_tol <= other_low:
                reason = said(
                    N_("{sector} {amount} is not more than {other_sector} {other_amount}"),
                    sector=SECTOR_WORDS[claim["sector"]],
                    amount=format_claim(own.iloc[0]),
                    other_sector=SECTOR_WORDS[other_sector],
                    other_amount=format_claim(other.iloc[0]),
                )
        if reason:
            problems.append(
                Problem(
                    "majority-mismatch",
                    said(N_("this row says the majority is {sector}, but {reason}"), sector=SECTOR_WORDS[claim["sector"]], reason=reason),
                    FIGURES.file,
                    int(claim["row"]),
                    "qualifier",
                    "majority",
                )
            )
    return problems
