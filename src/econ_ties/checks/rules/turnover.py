"""Rule: trade turnover = exports + imports, when the same source states all three for the same pair, period and side."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from econ_ties.checks.rows import FIGURES
from econ_ties.checks.rules.keys import TRADE_KEY, KeyCodes, first_of_each
from econ_ties.checks.rules.sums import interval_sums, with_their_parts
from econ_ties.language import N_
from econ_ties.model.formatting import format_amount, format_claim
from econ_ties.model.problems import Problem, said

TRADE_INDICATORS = ("trade_turnover", "exports", "imports")


def turnover_problems(frame: pd.DataFrame, codes: KeyCodes | None = None) -> list[Problem]:
    problems: list[Problem] = []
    codes = codes or KeyCodes(frame)
    indicator = frame["indicator"]
    mask = (indicator.isin(TRADE_INDICATORS) & frame["amount"].notna()).to_numpy()
    if not mask.any():
        return problems
    group = codes.key(TRADE_KEY)
    size = int(group.max()) + 1
    rows = np.flatnonzero(mask)
    # The first row of each indicator per group; a group is checked when it states all three.
    indicator_codes = codes.column("indicator")
    pair = group[rows].astype(np.int64) * (int(indicator_codes.max()) + 1) + indicator_codes[rows]
    rows = rows[first_of_each(pair)]
    complete = np.bincount(group[rows], minlength=size) == len(TRADE_INDICATORS)
    rows = rows[complete[group[rows]]]
    if len(rows) == 0:
        return problems
    is_turnover = (indicator == "trade_turnover").to_numpy()[rows]
    part_rows, turnover_rows = rows[~is_turnover], rows[is_turnover]
    sums = interval_sums(frame, part_rows, group[part_rows], size, codes.rounding)
    t_group = group[turnover_rows]
    lower = frame["lower"].to_numpy(dtype=float)[turnover_rows]
    upper = frame["upper"].to_numpy(dtype=float)[turnover_rows]
    t_low, t_high = np.nan_to_num(lower, nan=0.0), np.where(np.isnan(upper), math.inf, upper)
    tol = sums["tol"][t_group] + codes.rounding[turnover_rows]
    failing = np.flatnonzero((sums["low"][t_group] - tol > t_high) | (sums["high"][t_group] + tol < t_low))
    if len(failing) == 0:
        return problems
    for i, (turnover, parts) in zip(failing, with_their_parts(frame, turnover_rows[failing], t_group[failing], part_rows, group), strict=True):
        listed = " + ".join(f"{r['indicator']} {format_claim(r)}" for r in parts)
        problems.append(
            Problem(
                "turnover-mismatch",
                said(N_("{parts} does not match turnover {turnover} (rounding allows ±{tolerance})"), parts=listed, turnover=format_claim(turnover),
                     tolerance=format_amount(tol[i], turnover["currency"], "exact", 3)),
                FIGURES.file, int(turnover["row"]), "value", str(turnover["value"]),
            )
        )  # fmt: skip
    return problems
