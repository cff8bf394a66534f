"""Rule: sector parts add up to their total within the rounding of the stated digits.

5.0 oil + 1.3 non-oil = 6.3 total passes, 5.0 + 1.0 = 6.3 fails. Parts and total belong together when the same source
states them for the same indicator, pair, period and side. Bounds take part as intervals: parts over their total's
upper end fail, and two parts under its lower end fail (one stated part alone cannot be too small).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from econ_ties.checks.rows import FIGURES
from econ_ties.checks.rules.keys import STATEMENT_KEY, KeyCodes, first_of_each
from econ_ties.checks.rules.sums import interval_sums, with_their_parts
from econ_ties.language import N_
from econ_ties.model.formatting import format_amount, format_claim
from econ_ties.model.problems import Problem, said

PART_SECTORS = ("oil", "non_oil")
#: How a report names each sector. Kept in English inside a translated message for now: the bare words "total" and
#: "non-oil" are also chart labels, which translate them on their own.
SECTOR_WORDS = {"total": "total", "oil": "oil", "non_oil": "non-oil"}


def parts_problems(frame: pd.DataFrame, codes: KeyCodes | None = None) -> list[Problem]:
    problems: list[Problem] = []
    codes = codes or KeyCodes(frame)
    sector = frame["sector"]
    mask = (sector.isin(("total", *PART_SECTORS)) & frame["amount"].notna()).to_numpy()
    if not mask.any():
        return problems
    group = codes.key(STATEMENT_KEY)
    size = int(group.max()) + 1
    is_total = (sector == "total").to_numpy() & mask
    is_part = mask & ~is_total
    # The first stated figure per part sector counts; totals are checked one by one against the parts' sum.
    part_rows = np.flatnonzero(is_part)
    pair = group[part_rows].astype(np.int64) * (int(codes.column("sector").max()) + 1) + codes.column("sector")[part_rows]
    part_rows = part_rows[first_of_each(pair)]
    total_rows = np.flatnonzero(is_total)
    if len(part_rows) == 0 or len(total_rows) == 0:
        return problems
    sums = interval_sums(frame, part_rows, group[part_rows], size, codes.rounding)
    total_group = group[total_rows]
    has_parts = sums["count"][total_group] > 0
    total_rows, total_group = total_rows[has_parts], total_group[has_parts]
    lower = frame["lower"].to_numpy(dtype=float)[total_rows]
    upper = frame["upper"].to_numpy(dtype=float)[total_rows]
    t_low, t_high = np.nan_to_num(lower, nan=0.0), np.where(np.isnan(upper), math.inf, upper)
    tol = sums["tol"][total_group] + codes.rounding[total_rows]
    both = sums["count"][total_group] == len(PART_SECTORS)
    too_big = sums["low"][total_group] - tol > t_high
    too_small = both & (sums["high"][total_group] + tol < t_low)
    failing = np.flatnonzero(too_big | too_small)
    if len(failing) == 0:
        return problems
    for i, (total, parts) in zip(failing, with_their_parts(frame, total_rows[failing], total_group[failing], part_rows, group), strict=True):
        listed = " + ".join(f"{SECTOR_WORDS[r['sector']]} {format_claim(r)}" for r in parts)
        lines = ", ".join(str(int(r["row"])) for r in parts)
        template = (
            N_("the parts on {where} ({parts}) add up to more than the total {total} (rounding allows ±{tolerance})")
            if too_big[i]
            else N_("the parts on {where} ({parts}) add up to less than the total {total} (rounding allows ±{tolerance})")
        )
        where = said(N_("line {lines}"), lines=lines) if len(parts) == 1 else said(N_("lines {lines}"), lines=lines)
        problems.append(
            Problem(
                "parts-mismatch",
                said(template, where=where, parts=listed, total=format_claim(total), tolerance=format_amount(tol[i], total["currency"], "exact", 3)),
                FIGURES.file, int(total["row"]), "value", str(total["value"]),
            )
        )  # fmt: skip
    return problems
